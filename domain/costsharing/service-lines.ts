import type { LocalText, ServiceUnit } from './types';

/** The eligibility tiers a service line prices for, with the words staff and families see. */
export const TIER_LABELS: Readonly<Record<string, LocalText>> = {
  guest: { zh: '非会员', en: 'Guest' },
  member: { zh: '会员（60–69 岁）', en: 'Member (60–69)' },
  age70: { zh: '70–79 岁', en: 'Aged 70–79' },
  age80: { zh: '80 岁以上', en: 'Aged 80+' },
  dibao: { zh: '低保/低收入', en: 'Minimum-income' },
  tekun: { zh: '特困供养', en: 'Extreme-poverty support' },
  self_care: { zh: '自理', en: 'Self-care' },
  semi_disabled: { zh: '半失能', en: 'Semi-disabled' },
  disabled: { zh: '失能', en: 'Disabled' },
  standard: { zh: '普通家庭', en: 'Standard family' },
};

/** The services whose units are priced, each with its lines. */
export const SERVICES = ['canteen', 'childcare', 'carehome', 'afterschool'] as const;
export type Service = (typeof SERVICES)[number];

export interface ServiceLine {
  code: string;
  service: Service;
  label: LocalText;
  unit: ServiceUnit;
  tiers: readonly string[];
}

const CANTEEN = ['guest', 'member', 'age70', 'age80', 'dibao', 'tekun'] as const;
const FAMILY = ['standard', 'dibao'] as const;

/** The service lines a site can price; each site sets its own cost models for them. */
export const SERVICE_LINES: readonly ServiceLine[] = [
  { code: 'canteen.breakfast', service: 'canteen', label: { zh: '早餐套餐', en: 'Breakfast set' }, unit: 'meal', tiers: CANTEEN },
  { code: 'canteen.lunch', service: 'canteen', label: { zh: '午餐套餐', en: 'Lunch set' }, unit: 'meal', tiers: CANTEEN },
  { code: 'canteen.dinner', service: 'canteen', label: { zh: '晚餐套餐', en: 'Dinner set' }, unit: 'meal', tiers: CANTEEN },
  { code: 'childcare.full_day', service: 'childcare', label: { zh: '普惠托育全日托（月）', en: 'Full-day childcare (month)' }, unit: 'slot_month', tiers: FAMILY },
  { code: 'childcare.half_day', service: 'childcare', label: { zh: '普惠托育半日托（月）', en: 'Half-day childcare (month)' }, unit: 'slot_month', tiers: FAMILY },
  { code: 'childcare.hourly', service: 'childcare', label: { zh: '普惠托育计时托（月）', en: 'Hourly childcare (month)' }, unit: 'slot_month', tiers: FAMILY },
  { code: 'childcare.occasional', service: 'childcare', label: { zh: '普惠托育临时托（日）', en: 'Occasional childcare (day)' }, unit: 'slot_day', tiers: FAMILY },
  { code: 'carehome.bed.self_care', service: 'carehome', label: { zh: '自理老人床位（日）', en: 'Self-care resident bed (day)' }, unit: 'bed_day', tiers: ['self_care'] },
  { code: 'carehome.bed.semi_disabled', service: 'carehome', label: { zh: '半失能老人床位（日）', en: 'Semi-disabled resident bed (day)' }, unit: 'bed_day', tiers: ['semi_disabled'] },
  { code: 'carehome.bed.disabled', service: 'carehome', label: { zh: '失能老人床位（日）', en: 'Disabled resident bed (day)' }, unit: 'bed_day', tiers: ['disabled'] },
  // 特护 (bedridden, comatose): priced apart from the 失能 line, its subsidies still those of the 失能 tier.
  { code: 'carehome.bed.special_care', service: 'carehome', label: { zh: '特护床位（日）', en: 'Special-care bed (day)' }, unit: 'bed_day', tiers: ['disabled'] },
  { code: 'afterschool.session', service: 'afterschool', label: { zh: '课后托管（每次）', en: 'After-school session' }, unit: 'session', tiers: FAMILY },
];

export function serviceLine(code: string): ServiceLine | undefined {
  return SERVICE_LINES.find((l) => l.code === code);
}
