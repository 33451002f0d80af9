/**
 * The contributions page's state: the site's contribution rules (a department gets only
 * the rules that name it) shown for the chosen line, each rule's settings in words, and,
 * for admins, the year's funding accounts (budgets, pools, grants) named after their rules.
 */
import { computed, ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { costsharingApi, type Contribution, type FundingAccount, type Party, type ServiceLine } from './costsharing.api';
import { businessToday } from '@/ui/dates';
import { formatFen, formatRate } from '@/ui/money';
import { useLatestLoad } from '@/composables/useLatestLoad';
import { useLocalText } from '@/composables/useLocalText';
import { useUnitWords } from './useUnitWords';

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
  const { perUnit, unitCount } = useUnitWords(options.linesByCode);

  const thisYear = Number(businessToday().slice(0, 4));
  const year = ref(thisYear);
  const yearOptions = [thisYear - 1, thisYear, thisYear + 1];

  const contributions = useLatestLoad(() => costsharingApi.contributions(options.siteId.value as string));
  const { state, failure } = contributions;
  const all = computed<Contribution[]>(() => contributions.data.value ?? []);
  const funding = useLatestLoad(() => costsharingApi.fundingAccounts(options.siteId.value as string, year.value));
  const { state: fundingState, failure: fundingFailure } = funding;
  const accounts = computed<FundingAccount[]>(() => funding.data.value ?? []);

  /** The rules in the order of their lines (breakfast before lunch, self-care beds before disabled). */
  const inLineOrder = computed(() => {
    const order = [...options.linesByCode.value.keys()];
    return [...all.value].sort((a, b) => order.indexOf(a.serviceLine) - order.indexOf(b.serviceLine));
  });

  /** The rules of the chosen line; without a line (a department's view), all of them. */
  const forLine = computed(() => {
    const code = options.line.value?.code;
    return code ? inLineOrder.value.filter((c) => c.serviceLine === code) : inLineOrder.value;
  });

  function lineName(code: string): string {
    const line = options.linesByCode.value.get(code);
    return line ? text(line.label) : code;
  }

  async function loadContributions(): Promise<void> {
    if (options.siteId.value) await contributions.load();
  }

  async function loadFunding(): Promise<void> {
    if (options.siteId.value && options.withFunding.value) await funding.load();
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

  /**
   * The tiers of a rule that its line prices: one rule may name the tiers of several lines (the
   * bed subsidy names all three care levels), and each line's row says only its own.
   */
  function tiersOnLine(lineCode: string, tiers: readonly string[]): string[] {
    const priced = options.linesByCode.value.get(lineCode)?.tiers.map((x) => x.code);
    return priced ? tiers.filter((tier) => priced.includes(tier)) : [...tiers];
  }

  /** A rule's settings in a sentence, e.g. 「每餐：70–79 岁 ¥2.00，80 岁以上 ¥3.00；每人每日上限 ¥5.00」. */
  function settingsText(c: Contribution): string {
    const s = c.settings as Record<string, unknown>;
    const key = (name: string) => `costsharing.contributions.settingsText.${name}`;
    const sep = isEn.value ? ', ' : '，';
    const unit = perUnit(c.serviceLine);
    switch (c.mechanism) {
      case 'in_kind_space':
        return t(key('in_kind_space'), { fraction: formatRate(Number(s.fraction)) });
      case 'volunteer_hours':
        return t(key('volunteer_hours'), { unit, hours: String(s.hoursPerUnit), wage: formatFen(Number(s.shadowWagePerHourFen)) });
      case 'tier_subsidy': {
        const byTier = (s.amountsByTierFen ?? {}) as Record<string, number>;
        const amounts = tiersOnLine(c.serviceLine, Object.keys(byTier))
          .map((tier) => `${tierName(c.serviceLine, tier)} ${formatFen(byTier[tier])}`)
          .join(sep);
        const caps = (s.perPersonCapFen ?? {}) as { day?: number; month?: number };
        const parts = [t(key('tier_subsidy'), { unit, amounts })];
        if (caps.day !== undefined) parts.push(t(key('dayCap'), { amount: formatFen(caps.day) }));
        if (caps.month !== undefined) parts.push(t(key('monthCap'), { amount: formatFen(caps.month) }));
        return parts.join(isEn.value ? '; ' : '；');
      }
      case 'fixed_grant':
        return t(key('fixed_grant'), { annual: formatFen(Number(s.annualFen)), count: unitCount(c.serviceLine, Number(s.forecastUnitsPerYear)) });
      case 'charity_pool': {
        const tiers = tiersOnLine(c.serviceLine, (s.tiers ?? []) as string[])
          .map((tier) => tierName(c.serviceLine, tier))
          .join(sep);
        return t(key('charity_pool'), { unit, tiers, max: formatFen(Number(s.perUnitMaxFen)) });
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
      const rules = inLineOrder.value.filter((c) => accountOf(c) === a.account);
      const first = rules[0];
      const used = a.limitFen > 0 ? Math.min(100, Math.max(0, (a.drawnFen / a.limitFen) * 100)) : 0;
      return {
        ...a,
        name: first ? text(first.label) : a.account,
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
