/**
 * Words the family's form, the API and the queue share, with no date library behind them so the
 * browser can import them: the categories a family may claim for the order of admission, and the
 * bed features a family may ask for.
 */
import type { Category } from '../shared/categories';

/** 特困, 低保, 低收入, disability, 独居/空巢, 优抚: each claimed with its evidence; 80+ comes from the 身份证号. */
export const CLAIMABLE_CATEGORIES = ['tekun', 'dibao', 'low_income', 'disability', 'living_alone', 'veteran'] as const satisfies readonly Category[];

/** Features a bed may have and a family may need (beds of the demo home carry these). */
export const BED_FEATURES = ['accessible_bathroom', 'oxygen', 'hospital_bed'] as const;
