import { COST_COMPONENTS, MECHANISMS, PARTY_KINDS, QUOTE_FLAGS, SERVICE_LINES, SERVICE_UNITS } from '../../../domain/costsharing';
import { STEP_ROUNDINGS } from '../../../domain/shared/money';
import { isBusinessDate } from '../../../domain/shared/time';
import { everyKey, z } from '../../openapi';

const LINE_CODES = SERVICE_LINES.map((l) => l.code) as [string, ...string[]];
export const fenAmount = z.number().int('must be whole fen').min(0, 'must not be negative').max(1e12);
export const businessDateField = z.string().refine(isBusinessDate, 'must be a date YYYY-MM-DD');
export const serviceLineField = z.enum(LINE_CODES, { message: 'is not a known service line' });
const fraction = z.number().min(0, 'must be ≥ 0').max(1, 'must be ≤ 1');
const localText = z.object({ zh: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) });

export const componentsFen = z
  .object({
    materials: fenAmount,
    labour: fenAmount,
    utilities: fenAmount,
    consumables: fenAmount,
    space: fenAmount,
    depreciation: fenAmount,
    overhead: fenAmount,
  })
  .openapi('CostComponentsFen');

export const marginBand = z
  .object({ floor: z.number().min(-1).max(1), target: z.number().min(-1).max(1), cap: z.number().min(-1).max(1) })
  .refine((b) => b.floor <= b.target && b.target <= b.cap, { message: 'must have floor ≤ target ≤ cap', path: ['target'] })
  .openapi('MarginBand');

/** The numbers of a cost model that an admin edits (and may preview before saving). */
export const costModelNumbers = z.object({
  componentsFen,
  marginBand,
  priceStepFen: fenAmount.min(1, 'must be at least 1 fen'),
  minPriceFen: fenAmount,
  priceRounding: z.enum(STEP_ROUNDINGS).default('half-up'),
});

export const costModelCreate = costModelNumbers
  .extend({ siteId: z.string().min(1), serviceLine: serviceLineField, effectiveFrom: businessDateField })
  .openapi('CostModelCreate');

export const costModel = z
  .object({
    id: z.string(),
    siteId: z.string(),
    serviceLine: serviceLineField,
    effectiveFrom: z.string(),
    unit: z.string(),
    componentsFen,
    fullCostFen: z.number().int(),
    marginBand: z.object({ floor: z.number(), target: z.number(), cap: z.number() }),
    priceStepFen: z.number().int(),
    minPriceFen: z.number().int(),
    priceRounding: z.enum(STEP_ROUNDINGS),
  })
  .openapi('CostModelVersion');

const tierAmounts = z.record(z.string().min(1).max(32), fenAmount);

export const contributionSettings = z.discriminatedUnion('mechanism', [
  z.object({ mechanism: z.literal('in_kind_space'), fraction }),
  z.object({ mechanism: z.literal('volunteer_hours'), hoursPerUnit: z.number().min(0).max(1000), shadowWagePerHourFen: fenAmount }),
  z.object({
    mechanism: z.literal('tier_subsidy'),
    programmeCode: z.string().regex(/^[a-z0-9-]{2,64}$/, 'must be lower-case letters, digits or -'),
    amountsByTierFen: tierAmounts,
    perPersonCapFen: z.object({ day: fenAmount.optional(), month: fenAmount.optional() }).optional(),
    /** The programme's budget for a year: it sets this year's funding account, and each new year's opens with it. Budgets never fail open. */
    annualBudgetFen: fenAmount,
  }),
  z.object({ mechanism: z.literal('fixed_grant'), annualFen: fenAmount, forecastUnitsPerYear: z.number().int().min(1) }),
  z.object({
    mechanism: z.literal('charity_pool'),
    poolCode: z.string().regex(/^[a-z0-9-]{2,64}$/, 'must be lower-case letters, digits or -'),
    tiers: z.array(z.string().min(1).max(32)).min(1),
    perUnitMaxFen: fenAmount,
    /** What the pool puts in for a year: it sets this year's funding account, and each new year's opens with it. */
    annualFen: fenAmount,
  }),
]);

export const contributionWrite = z
  .object({
    serviceLine: serviceLineField,
    partyId: z.string().min(1),
    label: localText,
    effectiveFrom: businessDateField.nullable().optional(),
    effectiveTo: businessDateField.nullable().optional(),
    settings: contributionSettings,
  })
  .refine((c) => !c.effectiveFrom || !c.effectiveTo || c.effectiveFrom <= c.effectiveTo, { message: 'must not be before effectiveFrom', path: ['effectiveTo'] });

export const contributionCreate = z.intersection(z.object({ siteId: z.string().min(1) }), contributionWrite).openapi('ContributionCreate');

export const contribution = z
  .object({
    id: z.string(),
    siteId: z.string(),
    serviceLine: serviceLineField,
    partyId: z.string(),
    partyKind: z.enum(PARTY_KINDS),
    partyName: z.string(),
    mechanism: z.enum(MECHANISMS),
    label: localText,
    effectiveFrom: z.string().nullable(),
    effectiveTo: z.string().nullable(),
    /** The mechanism's own settings, as `contributionSettings` describes them on a write. */
    settings: z.object({ mechanism: z.enum(MECHANISMS) }).catchall(z.unknown()),
  })
  .openapi('Contribution');

export const quoteRequest = z
  .object({
    siteId: z.string().min(1),
    serviceLine: serviceLineField,
    date: businessDateField,
    tiers: z.array(z.string().min(1).max(32)).min(1).max(20).optional(),
    /** Unsaved numbers to preview in place of the version in force. */
    draft: costModelNumbers.optional(),
  })
  .openapi('QuoteRequest');

// ── The quote: the engine's plain JSON (domain/costsharing/types.ts `Quote`), every field documented ──
const fen = z.number().int();
const partyKind = z.enum(PARTY_KINDS);
const contributionLine = z
  .object({
    contributionId: z.string(),
    mechanism: z.enum(MECHANISMS),
    partyId: z.string(),
    partyKind,
    amountFen: fen,
    beforeCapFen: fen,
    reducedAtCapFen: fen,
    offsets: z.enum(COST_COMPONENTS).nullable(),
    programmeCode: z.string().nullable(),
    poolCode: z.string().nullable(),
  })
  .openapi('QuoteContributionLine');
const shareLine = z.object({
  partyId: z.string(),
  partyKind,
  contributionId: z.string().nullable(),
  source: z.enum([...MECHANISMS, 'resident_payment', 'operator_margin']),
  amountFen: fen,
});
const closingCandidate = z
  .object({
    partyId: z.string(),
    partyKind,
    contributionId: z.string().nullable(),
    headroomFen: fen.nullable(),
    why: z.enum(['budgetHeadroom', 'spaceNotOffset', 'labourNotOffset', 'poolCouldPayPriceRise', 'priceRounding']),
  })
  .openapi('QuoteClosingCandidate');
const quoteReason = z
  .object({ code: z.string(), zh: z.string(), en: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })
  .openapi('QuoteReason');

export const quoteSchema = z
  .object({
    costModelVersionId: z.string(),
    siteId: z.string(),
    serviceLine: serviceLineField,
    unit: z.enum(SERVICE_UNITS),
    date: z.string(),
    subject: z.object({ tier: z.string(), personRef: z.string().nullable() }),
    cost: z.object({ totalFen: fen, componentsFen: everyKey(COST_COMPONENTS, fen) }),
    contributions: z.array(contributionLine),
    shares: z.object({ lines: z.array(shareLine), byKind: everyKey(PARTY_KINDS, fen), byParty: z.record(z.string(), fen) }),
    resident: z.object({
      priceFen: fen,
      paidByCharityFen: fen,
      paysFen: fen,
      unroundedFen: z.string(),
      roundedFen: fen,
      priceStepFen: fen,
      minPriceFen: fen,
      rounding: z.enum(STEP_ROUNDINGS),
      minimumApplied: z.boolean(),
    }),
    margin: z.object({
      fen,
      rate: z.string(),
      band: z.object({ floor: z.number(), target: z.number(), cap: z.number() }),
      floorFen: fen,
      targetFen: fen,
      capFen: fen,
      capReductionFen: fen,
      aboveCapFen: fen,
      shortfallFen: fen,
      couldClose: z.array(closingCandidate),
    }),
    drawdowns: z.array(
      z.object({
        contributionId: z.string(),
        mechanism: z.enum(['tier_subsidy', 'fixed_grant', 'charity_pool']),
        partyId: z.string(),
        account: z.string(),
        amountFen: fen,
        units: z.number().int(),
      }),
    ),
    flags: z.array(z.enum(QUOTE_FLAGS)),
    reasons: z.array(quoteReason),
  })
  .openapi('Quote');

export const marginReport = z
  .object({
    month: z.string(),
    lines: z.array(
      z.object({
        serviceLine: serviceLineField,
        units: z.number().int(),
        fullCostFen: z.number().int(),
        residentPaysFen: z.number().int(),
        marginFen: z.number().int(),
        marginRate: z.string().nullable(),
        band: z.object({ floor: z.number(), target: z.number(), cap: z.number() }).nullable(),
      }),
    ),
    byPartyKind: z.partialRecord(z.enum(PARTY_KINDS), z.number().int()),
  })
  .openapi('MarginReport');

export const fundingAccount = z
  .object({ account: z.string(), year: z.number().int(), limitFen: z.number().int(), drawnFen: z.number().int(), leftFen: z.number().int(), units: z.number().int() })
  .openapi('FundingAccount');

const localName = z.object({ zh: z.string(), en: z.string() });

/** A funding account the agreements in force in a year draw on, open (with its balance) or missing. */
export const fundingYearAccount = z
  .object({
    account: z.string(),
    mechanism: z.enum(['tier_subsidy', 'fixed_grant', 'charity_pool']),
    /** The rule that draws on it (the first, when a programme's rules on several lines share it) and its party. */
    name: localName,
    party: localName,
    serviceLines: z.array(serviceLineField),
    state: z.enum(['open', 'missing']),
    /** What the agreement opens the year's account with; null when the rule states no amount. */
    openingFen: z.number().int().nullable(),
    limitFen: z.number().int().nullable(),
    drawnFen: z.number().int().nullable(),
    leftFen: z.number().int().nullable(),
    units: z.number().int().nullable(),
  })
  .openapi('FundingYearAccount');

export const yearField = z.coerce.number().int().min(2000).max(2100);

export const fundingYear = z.object({ year: z.number().int(), accounts: z.array(fundingYearAccount) }).openapi('FundingYear');

export const fundingRollover = fundingYear.extend({ opened: z.array(z.string()) }).openapi('FundingRollover');
