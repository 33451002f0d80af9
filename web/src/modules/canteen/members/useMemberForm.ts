/**
 * Registering or editing a member. Fields are checked in the browser as a courtesy (the ID
 * number by the server's own parser, phone shapes, evidence dates); the server is the
 * authority, and the fields its problem+json `errors` name are marked beside the right
 * input until that input changes. The server's word is a validation rule of each field like the browser's,
 * so leaving the field (a blur check) does not wipe it. Birth date and sex are read from
 * the ID number, never typed.
 */
import { computed, nextTick, reactive, ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import type { FormInstance, FormItemRule, FormRules } from 'element-plus';
import { isApiError } from '@/api/http';
import { useFailure, type Failure } from '@/composables/useFailure';
import { useServerText } from '@/composables/useServerText';
import { businessToday } from '@/ui/dates';
import { fenToYuanInput, parseYuanToFen } from '@/ui/money';
import { ElMessage } from '@/ui/message';
import { ageOn, parseIdNumber, type ParsedIdNumber } from '../../../../../domain/shared/identity';
import { canteenApi, type AbilityGrade, type Category, type CategoryEvidence, type DietaryTag, type Member, type MemberFields } from '../canteen.api';

export interface CategoryRow {
  key: number;
  category: Category | '';
  abilityGrade: AbilityGrade | '';
  validFrom: string;
  validUntil: string;
}

export interface MemberForm {
  cardNumber: string;
  name: string;
  idNumber: string;
  phone: string;
  address: string;
  building: string;
  room: string;
  homebound: boolean;
  contactName: string;
  contactPhone: string;
  contactRelation: string;
  dietaryTags: DietaryTag[];
  allergies: string;
  categories: CategoryRow[];
  overdraftLimit: string;
}

const CARD = /^[A-Za-z0-9-]{1,32}$/;
const PHONE = /^[0-9+\- ]{5,20}$/;
const FORM_PROPS = new Set(['cardNumber', 'name', 'idNumber', 'phone', 'address', 'building', 'room', 'homebound', 'dietaryTags', 'allergies']);
/** Where the API's field names sit in this form. */
const API_TO_PROP: Record<string, string> = {
  emergencyContact: 'contactName',
  'emergencyContact.name': 'contactName',
  'emergencyContact.phone': 'contactPhone',
  'emergencyContact.relation': 'contactRelation',
  overdraftLimitFen: 'overdraftLimit',
};

let rowKeys = 0;

function formOf(m: Member | null): MemberForm {
  return {
    cardNumber: m?.cardNumber ?? '',
    name: m?.name ?? '',
    idNumber: '',
    phone: m?.phone ?? '',
    address: m?.address ?? '',
    building: m?.building ?? '',
    room: m?.room ?? '',
    homebound: m?.homebound ?? false,
    contactName: m?.emergencyContact?.name ?? '',
    contactPhone: m?.emergencyContact?.phone ?? '',
    contactRelation: m?.emergencyContact?.relation ?? '',
    dietaryTags: [...(m?.dietaryTags ?? [])],
    allergies: m?.allergies ?? '',
    categories: (m?.categories ?? []).map((c) => ({
      key: ++rowKeys,
      category: c.category,
      abilityGrade: c.category === 'disabled_care' ? c.abilityGrade : '',
      validFrom: c.validFrom,
      validUntil: c.validUntil ?? '',
    })),
    overdraftLimit: m ? fenToYuanInput(m.overdraftLimitFen) : '',
  };
}

type IdReading = { ok: true; id: ParsedIdNumber } | { ok: false; problem: { code: string; message: string } };

/** The ID number read as the server reads it, problems named with the server's codes. */
function readIdNumber(raw: string, today: string): IdReading {
  const parsed = parseIdNumber(raw);
  if (!parsed.ok) return { ok: false, problem: { code: `id_${parsed.error.reason}`, message: parsed.error.message } };
  if (parsed.id.birthDate > today) return { ok: false, problem: { code: 'id_birth_date_future', message: 'gives a birth date in the future' } };
  return { ok: true, id: parsed.id };
}

function propOf(field: string): string | null {
  if (API_TO_PROP[field]) return API_TO_PROP[field];
  if (/^categories\.\d+\.\w+$/.test(field)) return field;
  if (/^categories\.\d+$/.test(field)) return `${field}.category`;
  const head = field.split('.')[0];
  return FORM_PROPS.has(head) ? head : null;
}

export function useMemberForm(
  siteId: Readonly<Ref<string>>,
  editing: Readonly<Ref<Member | null>>,
  formRef: Readonly<ShallowRef<FormInstance | null>>,
) {
  const { t } = useI18n();
  const describe = useFailure();
  const serverText = useServerText();
  const today = businessToday();

  const form = reactive<MemberForm>(formOf(null));
  const saving = ref(false);
  const failure = shallowRef<Failure | null>(null);
  /** What the server said about each field, with the value it said it about. */
  const serverErrors = ref<Record<string, { message: string; value: string }>>({});

  const reading = computed(() => (form.idNumber.trim() ? readIdNumber(form.idNumber, today) : null));
  /** Birth date, sex and age as the ID number gives them (the stored ones while it is left empty on edit). */
  const derived = computed(() => {
    const r = reading.value;
    if (r?.ok) return { birthDate: r.id.birthDate, sex: r.id.sex, age: ageOn(r.id.birthDate, today) };
    const m = editing.value;
    if (!r && m) return { birthDate: m.birthDate, sex: m.sex, age: m.age };
    return null;
  });

  function valueAt(prop: string): string {
    const value = prop.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], form);
    return JSON.stringify(value ?? null);
  }

  function errorFor(prop: string): string {
    const e = serverErrors.value[prop];
    return e && valueAt(prop) === e.value ? e.message : '';
  }

  function reset(): void {
    Object.assign(form, formOf(editing.value));
    serverErrors.value = {};
    failure.value = null;
    formRef.value?.clearValidate();
  }

  function addCategory(): void {
    form.categories.push({ key: ++rowKeys, category: '', abilityGrade: '', validFrom: today, validUntil: '' });
  }

  function removeCategory(key: number): void {
    form.categories = form.categories.filter((c) => c.key !== key);
  }

  // ── the browser's checks ──────────────────────────────────────────────────────────────
  const required = (what: string, choose = false): FormItemRule => ({
    required: true,
    whitespace: true,
    message: t(`canteen.members.form.${choose ? 'choose' : 'required'}`, { what: t(`canteen.members.form.${what}`) }),
    trigger: choose ? 'change' : 'blur',
  });
  const pattern = (re: RegExp, key: string): FormItemRule => ({ pattern: re, message: t(`canteen.members.form.${key}`), trigger: 'blur' });
  const max = (n: number): FormItemRule => ({ max: n, message: t('canteen.members.form.tooLong', { max: n }), trigger: 'blur' });
  const check = (test: (value: string) => string | null, trigger: 'blur' | 'change' = 'blur'): FormItemRule => ({
    trigger,
    validator: (_rule, value: string, callback) => {
      const problem = test(value ?? '');
      callback(problem ? new Error(problem) : undefined);
    },
  });

  /** What the server said about the field's current value; no trigger, so it runs on every check. */
  const server = (prop: string): FormItemRule => ({
    validator: (_rule, _value, callback) => {
      const message = errorFor(prop);
      callback(message ? new Error(message) : undefined);
    },
  });

  const rules = computed<FormRules>(() => ({
    cardNumber: [required('cardNumber'), pattern(CARD, 'cardFormat'), server('cardNumber')],
    name: [required('name'), max(50), server('name')],
    idNumber: [
      server('idNumber'),
      {
        // `required` only draws the asterisk: the check below says what is missing in words.
        required: !editing.value,
        ...check((value) => {
          if (!value.trim()) return editing.value ? null : t('canteen.members.form.required', { what: t('canteen.members.form.idNumber') });
          const r = readIdNumber(value, today);
          return r.ok ? null : serverText(r.problem);
        }),
      },
    ],
    phone: [pattern(PHONE, 'phoneFormat'), server('phone')],
    address: [max(200), server('address')],
    building: [max(32), server('building')],
    room: [max(32), server('room')],
    contactName: [check((value) => (!value.trim() && form.contactPhone.trim() ? t('canteen.members.form.contactBoth') : null)), max(50), server('contactName')],
    contactPhone: [
      check((value) => (!value.trim() && form.contactName.trim() ? t('canteen.members.form.contactBoth') : null)),
      pattern(PHONE, 'phoneFormat'),
      server('contactPhone'),
    ],
    contactRelation: [max(20), server('contactRelation')],
    dietaryTags: [server('dietaryTags')],
    allergies: [max(200), server('allergies')],
    overdraftLimit: [check((value) => (value.trim() && parseYuanToFen(value) === null ? t('canteen.members.form.amountFormat') : null)), server('overdraftLimit')],
  }));

  /** The rules of the i-th category row's fields. */
  const categoryRules = {
    category: (i: number) => [required('category', true), server(`categories.${i}.category`)],
    abilityGrade: (i: number) => [required('abilityGrade', true), server(`categories.${i}.abilityGrade`)],
    validFrom: (i: number) => [required('validFrom', true), server(`categories.${i}.validFrom`)],
    validUntil: (i: number, row: CategoryRow): FormItemRule[] => [
      check((value) => (value && row.validFrom && value < row.validFrom ? t('canteen.members.form.untilBeforeFrom') : null), 'change'),
      server(`categories.${i}.validUntil`),
    ],
  };

  /** A full 18-character number is checked at once, so a wrong check digit shows before leaving the field. */
  function idNumberTyped(): void {
    if (form.idNumber.trim().length >= 18) void formRef.value?.validateField('idNumber').catch(() => undefined);
  }

  // ── saving ────────────────────────────────────────────────────────────────────────────
  function fields(): MemberFields {
    const opt = (s: string) => s.trim() || null;
    const contact = form.contactName.trim() || form.contactPhone.trim();
    const overdraft = form.overdraftLimit.trim() ? parseYuanToFen(form.overdraftLimit) : null;
    return {
      cardNumber: form.cardNumber.trim(),
      name: form.name.trim(),
      idNumber: form.idNumber.trim().toUpperCase(),
      phone: opt(form.phone),
      address: opt(form.address),
      building: opt(form.building),
      room: opt(form.room),
      homebound: form.homebound,
      emergencyContact: contact ? { name: form.contactName.trim(), phone: form.contactPhone.trim(), relation: opt(form.contactRelation) } : null,
      dietaryTags: [...form.dietaryTags],
      allergies: opt(form.allergies),
      categories: form.categories.map((c): CategoryEvidence => {
        const dates = { validFrom: c.validFrom, validUntil: c.validUntil || null };
        return c.category === 'disabled_care'
          ? { category: c.category, abilityGrade: c.abilityGrade as AbilityGrade, ...dates }
          : { category: c.category as Exclude<Category, 'disabled_care'>, ...dates };
      }),
      ...(overdraft !== null ? { overdraftLimitFen: overdraft } : {}),
    };
  }

  /** Marks the fields the server named; true when at least one of them is in this form. */
  async function applyServerErrors(cause: unknown): Promise<boolean> {
    const next: Record<string, { message: string; value: string }> = {};
    for (const e of isApiError(cause) ? (cause.problem.errors ?? []) : []) {
      const prop = propOf(e.field);
      if (prop && !next[prop]) next[prop] = { message: serverText(e), value: valueAt(prop) };
    }
    serverErrors.value = next;
    const props = Object.keys(next);
    if (!props.length) return false;
    await formRef.value?.validateField(props).catch(() => undefined);
    await nextTick();
    return true;
  }

  /** Saves; the saved member, or null when something is to be fixed first. */
  async function submit(): Promise<Member | null> {
    if (saving.value || !formRef.value) return null;
    failure.value = null;
    // The server may think otherwise this time (the duplicate was removed meanwhile): ask it again.
    serverErrors.value = {};
    const valid = await formRef.value.validate().then(
      () => true,
      () => false,
    );
    if (!valid) {
      failure.value = { forbidden: false, title: t('canteen.members.form.saveFailed'), detail: t('canteen.members.form.fixFirst') };
      return null;
    }
    saving.value = true;
    try {
      const m = editing.value;
      const body = fields();
      const saved = m
        ? await canteenApi.updateMember(m.id, body.idNumber ? body : { ...body, idNumber: undefined })
        : await canteenApi.createMember(siteId.value, body);
      ElMessage.success(t(m ? 'canteen.members.form.saved' : 'canteen.members.form.created', { name: saved.name }));
      return saved;
    } catch (cause) {
      const marked = await applyServerErrors(cause);
      failure.value = marked
        ? { forbidden: false, title: t('canteen.members.form.saveFailed'), detail: t('canteen.members.form.fixFirst') }
        : describe(cause, 'canteen.members.form.saveFailed');
      return null;
    } finally {
      saving.value = false;
    }
  }

  return { form, rules, categoryRules, derived, saving, failure, reset, addCategory, removeCategory, idNumberTyped, submit };
}
