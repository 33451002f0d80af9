import type { Fen } from '../shared/money';
import { formatCount, formatFen } from '../shared/money-text';
import { percent, yuanOfDecimal } from './format';
import { TIER_LABELS } from './service-lines';
import { COST_COMPONENTS, CostComponent, LocalText, MarginBand, QuoteReason, ReasonParams } from './types';

/*
 * Every reason a quote gives, in words, in both languages. `params` keep the raw values and
 * ids so a stored snapshot can be re-worded later without re-running the quote.
 */

const COMPONENT_NAMES: Record<CostComponent, LocalText> = {
  materials: { zh: '食材/材料', en: 'materials' },
  labour: { zh: '人工', en: 'labour' },
  utilities: { zh: '水电气', en: 'utilities' },
  consumables: { zh: '耗材', en: 'consumables' },
  space: { zh: '场地（市场租金）', en: 'space (market rent)' },
  depreciation: { zh: '折旧', en: 'depreciation' },
  overhead: { zh: '管理费用', en: 'overhead' },
};

export const componentName = (c: CostComponent): LocalText => COMPONENT_NAMES[c];

/**
 * A reason whose words are put together when first read. A quote says a dozen things and the
 * order desk keeps only their codes and params (snapshotOf); wording them all was a quarter of
 * a quote's time (npm run bench:quote). JSON and spreads read them like plain fields.
 */
function make(code: string, params: ReasonParams, words: () => readonly [zh: string, en: string]): QuoteReason {
  let said: readonly [string, string] | undefined;
  return {
    code,
    get zh() {
      return (said ??= words())[0];
    },
    get en() {
      return (said ??= words())[1];
    },
    params,
  };
}

/** Who gives what: the names a contribution reason speaks of. */
export interface Giver {
  partyId: string;
  party: LocalText;
  contributionId: string;
  contribution: LocalText;
}

const ids = (g: Giver): ReasonParams => ({ partyId: g.partyId, contributionId: g.contributionId });

/** A tier as people say it (「70–79 岁」, "Aged 70–79"); the code is kept in the params. */
const tierWords = (tier: string): LocalText => TIER_LABELS[tier] ?? { zh: tier, en: tier };

export const reasons = {
  fullCost(totalFen: Fen, componentsFen: Record<CostComponent, Fen>): QuoteReason {
    const params: ReasonParams = { totalFen };
    for (const c of COST_COMPONENTS) params[`${c}Fen`] = componentsFen[c];
    return make('fullCost', params, () => {
      const given = COST_COMPONENTS.filter((c) => componentsFen[c] !== 0);
      return [
        `全成本 ${formatFen(totalFen)}（${given.map((c) => `${COMPONENT_NAMES[c].zh} ${formatFen(componentsFen[c])}`).join('，')}）`,
        `Full unit cost ${formatFen(totalFen)} (${given.map((c) => `${COMPONENT_NAMES[c].en} ${formatFen(componentsFen[c])}`).join(', ')})`,
      ];
    });
  },

  notInForce(g: Giver, date: string): QuoteReason {
    return make(
      'notInForce',
      { ...ids(g), date },
      () => [
        `${g.party.zh}「${g.contribution.zh}」在 ${date} 不在有效期内，本次不计`,
        `${g.party.en} "${g.contribution.en}" is not in force on ${date} and gives nothing`,
      ],
    );
  },

  spaceOffset(g: Giver, amountFen: Fen, spaceFen: Fen, fraction: number): QuoteReason {
    return make(
      'spaceOffset',
      { ...ids(g), amountFen, spaceFen, fraction },
      () => [
        `${g.party.zh}提供场地（「${g.contribution.zh}」），抵扣场地成本 ${formatFen(amountFen)}（${percent(fraction)} × ${formatFen(spaceFen)}）`,
        `${g.party.en} provides premises ("${g.contribution.en}"), offsetting ${formatFen(amountFen)} of space cost (${percent(fraction)} of ${formatFen(spaceFen)})`,
      ],
    );
  },

  spaceOffsetCapped(g: Giver, amountFen: Fen, wantedFen: Fen): QuoteReason {
    return make(
      'spaceOffsetCapped',
      { ...ids(g), amountFen, wantedFen },
      () => [
        `场地成本已被其他场地支持抵扣，「${g.contribution.zh}」只计 ${formatFen(amountFen)}（原应 ${formatFen(wantedFen)}）`,
        `Space cost is already offset by other premises support; "${g.contribution.en}" counts ${formatFen(amountFen)} instead of ${formatFen(wantedFen)}`,
      ],
    );
  },

  tierSubsidy(g: Giver, programmeCode: string, tier: string, amountFen: Fen): QuoteReason {
    return make(
      'tierSubsidy',
      { ...ids(g), programmeCode, tier, amountFen },
      () => [
        `${g.party.zh}「${g.contribution.zh}」按「${tierWords(tier).zh}」档补贴 ${formatFen(amountFen)}`,
        `${g.party.en} "${g.contribution.en}" subsidises ${formatFen(amountFen)} for the tier ${tierWords(tier).en}`,
      ],
    );
  },

  tierNotEligible(g: Giver, programmeCode: string, tier: string): QuoteReason {
    return make(
      'tierNotEligible',
      { ...ids(g), programmeCode, tier },
      () => [
        `「${tierWords(tier).zh}」档不在「${g.contribution.zh}」的补贴范围内`,
        `The tier ${tierWords(tier).en} is not eligible for "${g.contribution.en}"`,
      ],
    );
  },

  personCapReached(
    g: Giver,
    programmeCode: string,
    period: 'day' | 'month',
    capFen: Fen,
    usedFen: Fen,
    amountFen: Fen,
    wantedFen: Fen,
  ): QuoteReason {
    const zhPeriod = period === 'day' ? '当日' : '当月';
    const enPeriod = period === 'day' ? 'daily' : 'monthly';
    return make(
      'personCapReached',
      { ...ids(g), programmeCode, period, capFen, usedFen, amountFen, wantedFen },
      () => [
        `本人${zhPeriod}已享受「${g.contribution.zh}」${formatFen(usedFen)}，${zhPeriod}上限 ${formatFen(capFen)}，本次补贴 ${formatFen(amountFen)}（原应 ${formatFen(wantedFen)}）`,
        `This person has already drawn ${formatFen(usedFen)} of "${g.contribution.en}" against a ${enPeriod} cap of ${formatFen(capFen)}; this unit gets ${formatFen(amountFen)} instead of ${formatFen(wantedFen)}`,
      ],
    );
  },

  budgetExhausted(g: Giver, programmeCode: string, wantedFen: Fen): QuoteReason {
    return make(
      'budgetExhausted',
      { ...ids(g), programmeCode, wantedFen },
      () => [
        `「${g.contribution.zh}」预算已用完，补贴停止（原应补贴 ${formatFen(wantedFen)}）`,
        `The "${g.contribution.en}" budget is spent; the subsidy stops (${formatFen(wantedFen)} would have been due)`,
      ],
    );
  },

  budgetPartial(g: Giver, programmeCode: string, amountFen: Fen, wantedFen: Fen): QuoteReason {
    return make(
      'budgetPartial',
      { ...ids(g), programmeCode, amountFen, wantedFen },
      () => [
        `「${g.contribution.zh}」预算仅剩 ${formatFen(amountFen)}，本次只补贴 ${formatFen(amountFen)}（原应 ${formatFen(wantedFen)}），此后补贴停止`,
        `"${g.contribution.en}" has only ${formatFen(amountFen)} of budget left; this unit gets ${formatFen(amountFen)} instead of ${formatFen(wantedFen)}, then the subsidy stops`,
      ],
    );
  },

  grantAmortised(g: Giver, annualFen: Fen, forecastUnits: number, unitNo: number, amountFen: Fen): QuoteReason {
    return make(
      'grantAmortised',
      { ...ids(g), annualFen, forecastUnits, unitNo, amountFen },
      () => [
        `${g.party.zh}「${g.contribution.zh}」年度 ${formatFen(annualFen)} 按预计 ${formatCount(forecastUnits)} 个单位分摊，第 ${formatCount(unitNo)} 个单位分得 ${formatFen(amountFen)}`,
        `${g.party.en} "${g.contribution.en}": ${formatFen(annualFen)} a year spread over ${formatCount(forecastUnits)} forecast units; unit ${formatCount(unitNo)} gets ${formatFen(amountFen)}`,
      ],
    );
  },

  grantExhausted(g: Giver, annualFen: Fen, forecastUnits: number): QuoteReason {
    return make(
      'grantExhausted',
      { ...ids(g), annualFen, forecastUnits },
      () => [
        `「${g.contribution.zh}」年度 ${formatFen(annualFen)} 已按预计 ${formatCount(forecastUnits)} 个单位分摊完毕，超出部分不再分摊`,
        `"${g.contribution.en}" (${formatFen(annualFen)} a year) is fully spread over its ${formatCount(forecastUnits)} forecast units; units beyond the forecast get nothing`,
      ],
    );
  },

  volunteerOffset(g: Giver, hours: number, wageFen: Fen, amountFen: Fen): QuoteReason {
    return make(
      'volunteerOffset',
      { ...ids(g), hours, wageFen, amountFen },
      () => [
        `${g.party.zh}志愿服务 ${hours} 小时 × ${formatFen(wageFen)}/小时，抵扣人工成本 ${formatFen(amountFen)}`,
        `${g.party.en} volunteers ${hours} h × ${formatFen(wageFen)}/h, offsetting ${formatFen(amountFen)} of labour`,
      ],
    );
  },

  volunteerCapped(g: Giver, amountFen: Fen, wantedFen: Fen): QuoteReason {
    return make(
      'volunteerCapped',
      { ...ids(g), amountFen, wantedFen },
      () => [
        `志愿服务抵扣以剩余人工成本为限：「${g.contribution.zh}」只计 ${formatFen(amountFen)}（折算 ${formatFen(wantedFen)}）`,
        `Volunteer time offsets no more than the labour left: "${g.contribution.en}" counts ${formatFen(amountFen)} of ${formatFen(wantedFen)}`,
      ],
    );
  },

  charityPaid(g: Giver, poolCode: string, amountFen: Fen): QuoteReason {
    return make(
      'charityPaid',
      { ...ids(g), poolCode, amountFen },
      () => [
        `${g.party.zh}「${g.contribution.zh}」代居民支付 ${formatFen(amountFen)}`,
        `${g.party.en} "${g.contribution.en}" pays ${formatFen(amountFen)} on the resident's behalf`,
      ],
    );
  },

  charityNotEarmarked(g: Giver, poolCode: string, tier: string): QuoteReason {
    return make(
      'charityNotEarmarked',
      { ...ids(g), poolCode, tier },
      () => [
        `「${g.contribution.zh}」不面向「${tierWords(tier).zh}」档`,
        `"${g.contribution.en}" is not earmarked for the tier ${tierWords(tier).en}`,
      ],
    );
  },

  poolExhausted(g: Giver, poolCode: string, wantedFen: Fen): QuoteReason {
    return make(
      'poolExhausted',
      { ...ids(g), poolCode, wantedFen },
      () => [
        `「${g.contribution.zh}」资金池已用完，本次不能代付（原可代付 ${formatFen(wantedFen)}）`,
        `"${g.contribution.en}" is exhausted and pays nothing (${formatFen(wantedFen)} would have been paid)`,
      ],
    );
  },

  poolPartial(g: Giver, poolCode: string, amountFen: Fen, wantedFen: Fen): QuoteReason {
    return make(
      'poolPartial',
      { ...ids(g), poolCode, amountFen, wantedFen },
      () => [
        `「${g.contribution.zh}」资金池仅剩 ${formatFen(amountFen)}，本次只代付 ${formatFen(amountFen)}（原可代付 ${formatFen(wantedFen)}），此后用完`,
        `"${g.contribution.en}" has only ${formatFen(amountFen)} left; it pays ${formatFen(amountFen)} instead of ${formatFen(wantedFen)} and is then exhausted`,
      ],
    );
  },

  priceRounded(unroundedFen: string, roundedFen: Fen, stepFen: Fen, rounding: string): QuoteReason {
    return make(
      'priceRounded',
      { unroundedFen, roundedFen, stepFen, rounding },
      () => [
        `居民价 = 全成本 − 各方支持 + 目标微利 = ${yuanOfDecimal(unroundedFen)}，按 ${formatFen(stepFen)} 价格步长取整为 ${formatFen(roundedFen)}`,
        `Resident price = full cost − contributions + target margin = ${yuanOfDecimal(unroundedFen)}, rounded (${rounding}) to the ${formatFen(stepFen)} price step: ${formatFen(roundedFen)}`,
      ],
    );
  },

  minimumPriceApplied(roundedFen: Fen, minPriceFen: Fen): QuoteReason {
    return make(
      'minimumPriceApplied',
      { roundedFen, minPriceFen },
      () => [
        `计算价 ${formatFen(roundedFen)} 低于最低价，按最低价 ${formatFen(minPriceFen)} 计`,
        `The computed price ${formatFen(roundedFen)} is below the minimum; the minimum price ${formatFen(minPriceFen)} applies`,
      ],
    );
  },

  residentPays(priceFen: Fen, paidByCharityFen: Fen, paysFen: Fen): QuoteReason {
    return make(
      'residentPays',
      { priceFen, paidByCharityFen, paysFen },
      () => [
        paidByCharityFen > 0
          ? `居民价 ${formatFen(priceFen)}，其中慈善代付 ${formatFen(paidByCharityFen)}，居民自付 ${formatFen(paysFen)}`
          : `居民自付 ${formatFen(paysFen)}`,
        paidByCharityFen > 0
          ? `Resident price ${formatFen(priceFen)}, of which charity pays ${formatFen(paidByCharityFen)}; the resident pays ${formatFen(paysFen)}`
          : `The resident pays ${formatFen(paysFen)}`,
      ],
    );
  },

  margin(marginFen: Fen, rate: string, band: MarginBand): QuoteReason {
    return make(
      'margin',
      { marginFen, rate, floor: band.floor, target: band.target, cap: band.cap },
      () => [
        `运营方微利 ${formatFen(marginFen)}（${percent(rate)}），区间 [${percent(band.floor)}，${percent(band.cap)}]，目标 ${percent(band.target)}`,
        `Operator margin ${formatFen(marginFen)} (${percent(rate)}); band [${percent(band.floor)}, ${percent(band.cap)}], target ${percent(band.target)}`,
      ],
    );
  },

  subsidyReducedAtCap(cutFen: Fen, capFen: Fen, cap: number): QuoteReason {
    return make(
      'subsidyReducedAtCap',
      { cutFen, capFen, cap },
      () => [
        `微利将超过上限 ${percent(cap)}（${formatFen(capFen)}），部门补贴核减 ${formatFen(cutFen)}：财政资金不为超额利润买单`,
        `The margin would exceed the ${percent(cap)} cap (${formatFen(capFen)}), so department subsidy is cut by ${formatFen(cutFen)}: public money never pays for a windfall`,
      ],
    );
  },

  subsidyLineReduced(g: Giver, reducedFen: Fen, amountFen: Fen): QuoteReason {
    return make(
      'subsidyLineReduced',
      { ...ids(g), reducedFen, amountFen },
      () => [
        `${g.party.zh}「${g.contribution.zh}」核减 ${formatFen(reducedFen)}，实际申领 ${formatFen(amountFen)}`,
        `${g.party.en} "${g.contribution.en}" is cut by ${formatFen(reducedFen)}; ${formatFen(amountFen)} is claimed`,
      ],
    );
  },

  aboveCap(aboveCapFen: Fen, capFen: Fen): QuoteReason {
    return make(
      'aboveCap',
      { aboveCapFen, capFen },
      () => [
        `部门补贴不足以核减，微利仍超出上限 ${formatFen(capFen)} 达 ${formatFen(aboveCapFen)}`,
        `There is not enough department subsidy to cut; the margin is still ${formatFen(aboveCapFen)} above the ${formatFen(capFen)} cap`,
      ],
    );
  },

  belowFloor(shortfallFen: Fen, floorFen: Fen, closers: readonly LocalText[]): QuoteReason {
    return make('belowFloor', { shortfallFen, floorFen }, () => [
      `微利低于下限 ${formatFen(floorFen)}，每单位缺口 ${formatFen(shortfallFen)}；可补足的各方：${closers.length > 0 ? closers.map((c) => c.zh).join('、') : '无'}`,
      `The margin is below the ${formatFen(floorFen)} floor, ${formatFen(shortfallFen)} short per unit; who could close it: ${closers.length > 0 ? closers.map((c) => c.en).join(', ') : 'none'}`,
    ]);
  },
};
