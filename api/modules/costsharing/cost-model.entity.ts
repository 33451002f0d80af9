import { defineEntity, InferEntity } from '@mikro-orm/core';
import { businessDate, createdAt, fen, foreignId, idProperty } from '../../entity-helpers';

export const SERVICE_UNITS = ['meal', 'slot_month', 'slot_day', 'bed_month', 'bed_day', 'session'] as const;

/**
 * One version of a site's cost model for a service line. Versions are never edited once a
 * unit was served under them; a change is a new version with a later effective date.
 */
export const CostModelVersion = defineEntity({
  name: 'CostModelVersion',
  tableName: 'cost_model_version',
  uniques: [{ properties: ['siteId', 'serviceLine', 'effectiveFrom'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    serviceLine: p.string().length(64),
    effectiveFrom: businessDate(),
    unit: p.enum([...SERVICE_UNITS]),
    materialsFen: fen(),
    labourFen: fen(),
    utilitiesFen: fen(),
    consumablesFen: fen(),
    spaceFen: fen(),
    depreciationFen: fen(),
    overheadFen: fen(),
    /** Margin band as decimal fractions of C, kept as text ("0.03") so no float ever rounds them. */
    marginFloor: p.string().length(12),
    marginTarget: p.string().length(12),
    marginCap: p.string().length(12),
    priceStepFen: fen(),
    minPriceFen: fen(),
    priceRounding: p.enum(['half-up', 'up', 'down']),
    operatorPartyId: foreignId(),
    residentPartyId: foreignId(),
    createdAt: createdAt(),
  }),
});
export type ICostModelVersion = InferEntity<typeof CostModelVersion>;

export const MECHANISMS = ['in_kind_space', 'tier_subsidy', 'fixed_grant', 'charity_pool', 'volunteer_hours'] as const;

/** A contribution owned by one party to one service line; its mechanism's settings are in `settings`. */
export const ContributionRule = defineEntity({
  name: 'ContributionRule',
  tableName: 'contribution_rule',
  indexes: [{ properties: ['siteId', 'serviceLine'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    serviceLine: p.string().length(64),
    partyId: foreignId().index(),
    mechanism: p.enum([...MECHANISMS]),
    labelZh: p.string().length(100),
    labelEn: p.string().length(100),
    effectiveFrom: businessDate().nullable(),
    effectiveTo: businessDate().nullable(),
    settings: p.json<Record<string, unknown>>(),
    createdAt: createdAt(),
  }),
});
export type IContributionRule = InferEntity<typeof ContributionRule>;

/**
 * What a programme budget, charity pool or fixed grant has given in a year. Rows are locked
 * while a served unit draws on them, so two concurrent orders never spend the same fen.
 */
export const FundingAccount = defineEntity({
  name: 'FundingAccount',
  tableName: 'funding_account',
  uniques: [{ properties: ['siteId', 'account', 'year'] }],
  properties: (p) => ({
    id: idProperty(),
    siteId: foreignId(),
    /** programmeCode, poolCode, or the contribution id of a grant. */
    account: p.string().length(64),
    year: p.integer(),
    limitFen: fen(),
    drawnFen: fen(),
    units: p.integer(),
  }),
});
export type IFundingAccount = InferEntity<typeof FundingAccount>;
