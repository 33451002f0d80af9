import { ABILITY_GRADES, CATEGORIES } from '../../../domain/shared/categories';
import { CHANNELS, DIETARY_TAGS, MEALS, ORDER_STATUSES, PAYMENT_METHODS, TIERS } from '../../../domain/canteen';
import { parseIdNumber } from '../../../domain/shared/identity';
import { isBusinessDate } from '../../../domain/shared/time';
import { everyKey, z } from '../../openapi';

// ── Fields ────────────────────────────────────────────────────────────────────────────
export const siteIdField = z.string().min(1).max(64);
export const dateField = z.string().refine(isBusinessDate, { message: 'must be a date YYYY-MM-DD', params: { code: 'date' } });
export const fenField = z.number().int('must be whole fen').min(0, 'must not be negative').max(100_000_000, 'is too large');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => text(max).nullable().optional();
export const mealField = z.enum(MEALS);
export const channelField = z.enum(CHANNELS);

export const idNumberField = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const parsed = parseIdNumber(value);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', params: { code: `id_${parsed.error.reason}` }, message: `is not a valid 居民身份证号: ${parsed.error.message}` });
  });

/** A pattern whose field error names its own code; OpenAPI still documents the pattern. */
const matching = (pattern: RegExp, code: string, message: string) =>
  z
    .string()
    .trim()
    .refine((value) => pattern.test(value), { message, params: { code } })
    .openapi({ pattern: pattern.source });
export const phoneField = matching(/^[0-9+\- ]{5,20}$/, 'phone', 'must be a phone number (digits, +, -)');
export const cardNumberField = matching(/^[A-Za-z0-9-]{1,32}$/, 'card_number', 'must be 1–32 letters, digits or -');

const evidenceDates = { validFrom: dateField, validUntil: dateField.nullable().optional() };
export const categoryEvidence = z
  .discriminatedUnion('category', [
    z.object({ category: z.enum(CATEGORIES.filter((c) => c !== 'disabled_care')), ...evidenceDates }),
    z.object({ category: z.literal('disabled_care'), abilityGrade: z.enum(ABILITY_GRADES), ...evidenceDates }),
  ])
  .refine((c) => !c.validUntil || c.validFrom <= c.validUntil, { message: 'must not be before validFrom', path: ['validUntil'], params: { code: 'ends_before_start' } })
  .openapi('CanteenCategoryEvidence');

const emergencyContact = z.object({ name: text(50), phone: phoneField, relation: optionalText(20) });

// ── Members ───────────────────────────────────────────────────────────────────────────
const memberFields = {
  cardNumber: cardNumberField,
  name: text(50),
  /** 居民身份证号; birth date and sex are derived from it. */
  idNumber: idNumberField,
  phone: phoneField.nullable().optional(),
  address: optionalText(200),
  building: optionalText(32),
  room: optionalText(32),
  homebound: z.boolean().optional(),
  emergencyContact: emergencyContact.nullable().optional(),
  dietaryTags: z.array(z.enum(DIETARY_TAGS)).max(DIETARY_TAGS.length).optional(),
  allergies: optionalText(200),
  categories: z.array(categoryEvidence).max(20).optional(),
  overdraftLimitFen: fenField.optional(),
};

export const memberCreate = z.object({ siteId: siteIdField, ...memberFields }).openapi('CanteenMemberCreate');
export const memberUpdate = z
  .object(memberFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', params: { code: 'no_change' } })
  .openapi('CanteenMemberUpdate');
/** One imported row: the create fields without the site. */
export const memberRow = z.object(memberFields);
export type MemberFields = z.infer<typeof memberRow>;

export const memberImport = z
  .object({
    siteId: siteIdField,
    format: z.enum(['csv', 'xlsx']),
    /** The file, base64-encoded (≤ 1.5 MB decoded). */
    content: z.string().min(1).max(2_000_000, 'the file is too large (1.5 MB at most)'),
    /** Check every row and report, but write nothing. */
    dryRun: z.boolean().optional(),
  })
  .openapi('CanteenMemberImport');

const tierReason = z.object({ code: z.string(), zh: z.string(), en: z.string() });
export const tierDecision = z.object({ date: z.string(), tier: z.enum(TIERS), reasons: z.array(tierReason) }).openapi('CanteenTierDecision');

/** What a member's summary and full record share; each states its own `categories`. */
const memberBase = z.object({
  id: z.string(),
  siteId: z.string(),
  cardNumber: z.string(),
  name: z.string(),
  /** Masked: `420802********1234`. */
  idNumber: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string(),
  age: z.number().int(),
  phone: z.string().nullable(),
  building: z.string().nullable(),
  room: z.string().nullable(),
  homebound: z.boolean(),
  dietaryTags: z.array(z.enum(DIETARY_TAGS)),
  allergies: z.string().nullable(),
  walletBalanceFen: z.number().int(),
  active: z.boolean(),
  tier: tierDecision,
});

export const memberSummary = memberBase.extend({ categories: z.array(z.enum(CATEGORIES)) }).openapi('CanteenMemberSummary');

// Not an extension of the summary: the document would then intersect its `categories` with these.
export const member = memberBase
  .extend({
    address: z.string().nullable(),
    emergencyContact: emergencyContact.nullable(),
    categories: z.array(categoryEvidence),
    overdraftLimitFen: z.number().int(),
    deactivatedAt: z.string().nullable(),
    deactivationReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('CanteenMember');

export const memberList = z.object({ total: z.number().int(), items: z.array(memberSummary) }).openapi('CanteenMemberList');
export const searchHit = memberSummary
  .extend({ match: z.object({ kind: z.enum(['card', 'phone_last4', 'id_last4', 'name', 'initials', 'pinyin']), score: z.number() }) })
  .openapi('CanteenMemberSearchHit');

export const importResult = z
  .object({
    dryRun: z.boolean(),
    rows: z.number().int(),
    imported: z.number().int(),
    members: z.array(z.object({ row: z.number().int(), id: z.string().nullable(), cardNumber: z.string(), name: z.string() })),
  })
  .openapi('CanteenImportResult');

// ── Wallet ────────────────────────────────────────────────────────────────────────────
export const walletMove = z
  .object({
    amountFen: fenField.min(1, 'must be at least 1 fen'),
    method: z.enum(['cash', 'external']),
    /** The transfer's reference for `external` (WeChat Pay, bank transfer …). */
    reference: text(64).optional(),
    memo: text(200).optional(),
  })
  .refine((b) => b.method !== 'external' || !!b.reference, { message: 'is required for an external payment', path: ['reference'], params: { code: 'required' } })
  .openapi('CanteenWalletMove');

const journalLine = z.object({ account: z.string(), debitFen: z.number().int(), creditFen: z.number().int() });
export const journalEntry = z
  .object({
    id: z.string(),
    kind: z.string(),
    amountFen: z.number().int(),
    businessDate: z.string(),
    staffId: z.string(),
    orderId: z.string().nullable(),
    reference: z.string().nullable(),
    memo: z.string().nullable(),
    createdAt: z.string(),
    lines: z.array(journalLine),
  })
  .openapi('JournalEntry');

export const wallet = z
  .object({ memberId: z.string(), balanceFen: z.number().int(), overdraftLimitFen: z.number().int(), entries: z.array(journalEntry) })
  .openapi('CanteenWallet');
export const walletMoveResult = z
  .object({ memberId: z.string(), balanceFen: z.number().int(), entry: journalEntry })
  .openapi('CanteenWalletMoveResult');

// ── Calendar and settings ─────────────────────────────────────────────────────────────
export const settingsWrite = z
  .object({
    siteId: siteIdField,
    tierPricedPortionsPerMeal: z.number().int().min(0).max(10),
    serveOnWeekends: z.boolean(),
    serveOnHolidays: z.boolean(),
    defaultOverdraftLimitFen: fenField,
  })
  .openapi('CanteenSettingsWrite');
const closedDay = z.object({ id: z.string(), date: z.string(), reason: z.string() }).openapi('CanteenClosedDay');
export const settings = settingsWrite.extend({ closedDays: z.array(closedDay) }).openapi('CanteenSettings');
export const closedDayCreate = z.object({ siteId: siteIdField, date: dateField, reason: text(100) }).openapi('CanteenClosedDayCreate');
export { closedDay };
export const calendarQuery = z
  .object({ siteId: siteIdField, from: dateField, to: dateField })
  .refine((q) => q.from <= q.to, { message: 'must not be before from', path: ['to'], params: { code: 'ends_before_start' } })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= 92, { message: 'must be within 92 days of from', path: ['to'], params: { code: 'range_too_long', days: 92 } });
export const calendarDay = z
  .object({
    date: z.string(),
    kind: z.enum(['workday', 'weekend', 'statutory_holiday', 'makeup_workday']),
    holiday: z.object({ zh: z.string(), en: z.string() }).nullable(),
    closedReason: z.string().nullable(),
    serviceDay: z.boolean(),
    /** False in a year whose holidays the State Council has not announced (or the library does not know yet): its holidays count as workdays, so plan with care. */
    holidaysAnnounced: z.boolean(),
  })
  .openapi('CanteenCalendarDay');

// ── Plans ─────────────────────────────────────────────────────────────────────────────
export const setMealInput = z
  .object({
    date: dateField,
    meal: mealField,
    name: text(50),
    dishes: z.array(text(30)).min(1, 'must list at least one dish').max(12),
    nutritionTags: z.array(text(16)).max(10).default([]),
    /** null: no limit. */
    portionLimit: z.number().int().min(1).max(10_000).nullable().default(null),
  })
  .openapi('CanteenSetMealInput');
const setMeals = z
  .array(setMealInput)
  .max(200)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((s, i) => {
      const key = `${s.date}|${s.meal}|${s.name}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i, 'name'], params: { code: 'name_taken' }, message: 'is already on offer for that date and meal' });
      seen.add(key);
    });
  });
export const planCreate = z.object({ siteId: siteIdField, weekStart: dateField, setMeals: setMeals.default([]) }).openapi('CanteenPlanCreate');
export const planReplace = z.object({ setMeals }).openapi('CanteenPlanReplace');
export const planCopy = z.object({ siteId: siteIdField, weekStart: dateField }).openapi('CanteenPlanCopy');
export const setMealUpdate = z
  .object({
    name: text(50),
    dishes: z.array(text(30)).min(1).max(12),
    nutritionTags: z.array(text(16)).max(10),
    portionLimit: z.number().int().min(1).max(10_000).nullable(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', params: { code: 'no_change' } })
  .openapi('CanteenSetMealUpdate');

export const setMeal = z
  .object({
    id: z.string(),
    planId: z.string(),
    date: z.string(),
    meal: mealField,
    name: z.string(),
    dishes: z.array(z.string()),
    nutritionTags: z.array(z.string()),
    portionLimit: z.number().int().nullable(),
    orderedPortions: z.number().int(),
    remainingPortions: z.number().int().nullable(),
    published: z.boolean(),
  })
  .openapi('CanteenSetMeal');
export const plan = z
  .object({
    id: z.string(),
    siteId: z.string(),
    weekStart: z.string(),
    status: z.enum(['draft', 'published']),
    publishedAt: z.string().nullable(),
    setMeals: z.array(setMeal),
    skipped: z.array(z.object({ date: z.string(), meal: mealField, name: z.string(), reason: z.string() })).optional(),
  })
  .openapi('CanteenPlan');

const window = z.object({ open: z.boolean(), deadline: z.string().nullable(), reason: z.string().nullable() });
export const menu = z
  .object({
    siteId: z.string(),
    date: z.string(),
    serviceDay: z.boolean(),
    meals: z.array(
      z.object({ meal: mealField, windows: everyKey(CHANNELS, window), setMeals: z.array(setMeal) }),
    ),
  })
  .openapi('CanteenMenu');

// ── Orders ────────────────────────────────────────────────────────────────────────────
export const orderInput = z
  .object({
    siteId: siteIdField,
    /** Omit (or null) for a guest, who pays the guest price. */
    memberId: z.string().min(1).max(64).nullable().optional(),
    guestName: optionalText(50),
    setMealId: z.string().min(1).max(64),
    quantity: z.number().int().min(1).max(20),
    channel: channelField,
    /** For delivery; a member's address on file is used when omitted. */
    delivery: z.object({ address: text(200), building: optionalText(32), room: optionalText(32) }).nullable().optional(),
    payment: z
      .object({ method: z.enum(PAYMENT_METHODS), reference: text(64).optional() })
      .refine((p) => p.method !== 'external' || !!p.reference, { message: 'is required for an external payment', path: ['reference'], params: { code: 'required' } }),
    note: optionalText(200),
  })
  .openapi('CanteenOrderInput');
export type OrderInput = z.infer<typeof orderInput>;

const priceLine = z.object({
  tier: z.enum(TIERS),
  portions: z.number().int(),
  unitFen: z.number().int(),
  subsidyFen: z.number().int(),
  amountFen: z.number().int(),
  lineSubsidyFen: z.number().int(),
  fullCostFen: z.number().int(),
  paidByCharityFen: z.number().int(),
  programmesFen: z.record(z.string(), z.number().int()),
  /** One served unit (with its quote snapshot) per portion; empty in a preview. */
  servedUnitIds: z.array(z.string()),
});

export const order = z
  .object({
    id: z.string(),
    siteId: z.string(),
    memberId: z.string().nullable(),
    memberName: z.string().nullable(),
    guestName: z.string().nullable(),
    date: z.string(),
    meal: mealField,
    setMealId: z.string(),
    setMealName: z.string(),
    quantity: z.number().int(),
    channel: channelField,
    delivery: z.object({ address: z.string().nullable(), building: z.string().nullable(), room: z.string().nullable() }).nullable(),
    note: z.string().nullable(),
    payment: z.object({ method: z.enum(PAYMENT_METHODS), reference: z.string().nullable() }),
    amountFen: z.number().int(),
    subsidyFen: z.number().int(),
    tier: z.enum(TIERS),
    tierReasons: z.array(tierReason),
    lines: z.array(priceLine),
    status: z.enum(ORDER_STATUSES),
    staffId: z.string(),
    placedAt: z.string(),
    closedAt: z.string().nullable(),
    cancelReason: z.string().nullable(),
    walletBalanceFen: z.number().int().nullable(),
  })
  .openapi('CanteenOrder');

export const orderQuote = z
  .object({ tier: z.enum(TIERS), tierReasons: z.array(tierReason), amountFen: z.number().int(), subsidyFen: z.number().int(), lines: z.array(priceLine) })
  .openapi('CanteenOrderQuote');

export const orderList = z.object({ total: z.number().int(), items: z.array(order) }).openapi('CanteenOrderList');
export const orderListQuery = z.object({
  siteId: siteIdField,
  date: dateField.optional(),
  meal: mealField.optional(),
  memberId: z.string().max(64).optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const cancelInput = z.object({ reason: optionalText(200) }).openapi('CanteenOrderCancel');
