/**
 * The contributions page's state: the site's contribution rules (a department gets only
 * the rules that name it) shown for the chosen line, each rule's settings in words, and,
 * for admins, the year's funding accounts (budgets, pools, grants) named after their rules.
 */
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { costsharingApi, type Contribution, type FundingAccount, type Party, type ServiceLine } from './costsharing.api';
import { businessToday } from '@/ui/dates';
import { formatFen, formatRate } from '@/ui/money';
import { useFailure, type Failure, type LoadState } from '@/composables/useFailure';
import { useLocalText } from '@/composables/useLocalText';

export function useContributions(options: {
  siteId: Readonly<Ref<string | null>>;
  line: Readonly<Ref<ServiceLine | undefined>>;
  linesByCode: Readonly<Ref<Map<string, ServiceLine>>>;
  partiesById: Readonly<Ref<Map<string, Party>>>;
  /** Funding accounts are for admins only; a department is not asked for them. */
  withFunding: Readonly<Ref<boolean>>;
}) {
  const { t } = useI18n();
  const { isEn, text, partyName } = useLocalText();
  const describe = useFailure();

  const all = ref<Contribution[]>([]);
  const state = ref<LoadState>('loading');
  const failure = shallowRef<Failure | null>(null);

  const thisYear = Number(businessToday().slice(0, 4));
  const year = ref(thisYear);
  const yearOptions = [thisYear - 1, thisYear, thisYear + 1];
  const accounts = ref<FundingAccount[]>([]);
  const fundingState = ref<LoadState>('loading');
  const fundingFailure = shallowRef<Failure | null>(null);

  /** The rules of the chosen line; without a line (a department's view), all of them. */
  const forLine = computed(() => {
    const code = options.line.value?.code;
    return code ? all.value.filter((c) => c.serviceLine === code) : all.value;
  });

  function lineName(code: string): string {
    const line = options.linesByCode.value.get(code);
    return line ? text(line.label) : code;
  }

  async function loadContributions(): Promise<void> {
    const site = options.siteId.value;
    if (!site) return;
    state.value = 'loading';
    failure.value = null;
    try {
      all.value = await costsharingApi.contributions(site);
      state.value = 'ready';
    } catch (cause) {
      failure.value = describe(cause);
      state.value = 'error';
    }
  }

  async function loadFunding(): Promise<void> {
    const site = options.siteId.value;
    if (!site || !options.withFunding.value) return;
    fundingState.value = 'loading';
    fundingFailure.value = null;
    try {
      accounts.value = await costsharingApi.fundingAccounts(site, year.value);
      fundingState.value = 'ready';
    } catch (cause) {
      fundingFailure.value = describe(cause);
      fundingState.value = 'error';
    }
  }

  watch(options.siteId, () => void Promise.all([loadContributions(), loadFunding()]), { immediate: true });
  watch(year, () => void loadFunding());

  function partyOf(c: Contribution): string {
    return partyName(options.partiesById.value.get(c.partyId), c.partyName);
  }

  /** A tier's words, from its own line or else from any line that prices it. */
  function tierName(lineCode: string, tier: string): string {
    const own = options.linesByCode.value.get(lineCode)?.tiers.find((x) => x.code === tier);
    const any = own ?? [...options.linesByCode.value.values()].flatMap((l) => l.tiers).find((x) => x.code === tier);
    return any ? text(any) : tier;
  }

  /** A rule's settings in a sentence, e.g. 「项目 mca-meal：70–79 岁 ¥2.00，80 岁以上 ¥3.00；每人每日上限 ¥5.00」. */
  function settingsText(c: Contribution): string {
    const s = c.settings as Record<string, unknown>;
    const key = (name: string) => `costsharing.contributions.settingsText.${name}`;
    const sep = isEn.value ? ', ' : '，';
    switch (c.mechanism) {
      case 'in_kind_space':
        return t(key('in_kind_space'), { fraction: formatRate(Number(s.fraction)) });
      case 'volunteer_hours':
        return t(key('volunteer_hours'), { hours: String(s.hoursPerUnit), wage: formatFen(Number(s.shadowWagePerHourFen)) });
      case 'tier_subsidy': {
        const amounts = Object.entries((s.amountsByTierFen ?? {}) as Record<string, number>)
          .map(([tier, fen]) => `${tierName(c.serviceLine, tier)} ${formatFen(fen)}`)
          .join(sep);
        const caps = (s.perPersonCapFen ?? {}) as { day?: number; month?: number };
        const parts = [t(key('tier_subsidy'), { programme: String(s.programmeCode), amounts })];
        if (caps.day !== undefined) parts.push(t(key('dayCap'), { amount: formatFen(caps.day) }));
        if (caps.month !== undefined) parts.push(t(key('monthCap'), { amount: formatFen(caps.month) }));
        return parts.join(isEn.value ? '; ' : '；');
      }
      case 'fixed_grant':
        return t(key('fixed_grant'), { annual: formatFen(Number(s.annualFen)), units: String(s.forecastUnitsPerYear) });
      case 'charity_pool': {
        const tiers = ((s.tiers ?? []) as string[]).map((tier) => tierName(c.serviceLine, tier)).join(sep);
        return t(key('charity_pool'), { pool: String(s.poolCode), tiers, max: formatFen(Number(s.perUnitMaxFen)) });
      }
      default:
        return '';
    }
  }

  function effectiveText(c: Contribution): string {
    if (!c.effectiveFrom && !c.effectiveTo) return t('costsharing.contributions.always');
    const parts: string[] = [];
    if (c.effectiveFrom) parts.push(t('costsharing.contributions.from', { date: c.effectiveFrom }));
    if (c.effectiveTo) parts.push(t('costsharing.contributions.to', { date: c.effectiveTo }));
    return parts.join(' ');
  }

  /** The account a rule draws on: its programme, its pool, or (a grant) the rule itself. */
  function accountOf(c: Contribution): string | null {
    if (c.mechanism === 'tier_subsidy') return String(c.settings.programmeCode);
    if (c.mechanism === 'charity_pool') return String(c.settings.poolCode);
    if (c.mechanism === 'fixed_grant') return c.id;
    return null;
  }

  const fundingRows = computed(() =>
    accounts.value.map((a) => {
      const rules = all.value.filter((c) => accountOf(c) === a.account);
      const first = rules[0];
      const used = a.limitFen > 0 ? Math.min(100, Math.max(0, (a.drawnFen / a.limitFen) * 100)) : 0;
      return {
        ...a,
        name: first ? text(first.label) : a.account,
        code: first?.mechanism === 'fixed_grant' ? null : a.account,
        owner: first ? partyOf(first) : '',
        mechanism: first?.mechanism ?? null,
        lines: [...new Set(rules.map((r) => text(options.linesByCode.value.get(r.serviceLine)?.label)))].filter(Boolean),
        usedPercent: Math.round(used * 10) / 10,
      };
    }),
  );

  return {
    state,
    failure,
    forLine,
    lineName,
    loadContributions,
    partyOf,
    settingsText,
    effectiveText,
    year,
    yearOptions,
    fundingState,
    fundingFailure,
    fundingRows,
    loadFunding,
  };
}
