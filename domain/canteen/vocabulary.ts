/**
 * The canteen's words: meals, channels, tiers, order states, payment methods and dietary
 * notes, with their zh/en names. Nothing here imports anything, so the web app can use the
 * same lists as the server without pulling in the calendar or pinyin data.
 */

export const MEALS = ['breakfast', 'lunch', 'dinner'] as const;
export type Meal = (typeof MEALS)[number];

export const CHANNELS = ['dine_in', 'pickup', 'delivery'] as const;
export type Channel = (typeof CHANNELS)[number];

export const MEAL_NAMES: Record<Meal, { zh: string; en: string }> = {
  breakfast: { zh: '早餐', en: 'breakfast' },
  lunch: { zh: '午餐', en: 'lunch' },
  dinner: { zh: '晚餐', en: 'dinner' },
};

export const CHANNEL_NAMES: Record<Channel, { zh: string; en: string }> = {
  dine_in: { zh: '堂食', en: 'dine-in' },
  pickup: { zh: '自取', en: 'pick-up' },
  delivery: { zh: '送餐上门', en: 'home delivery' },
};

/**
 * The subsidy tier a meal is priced at (the cost-sharing engine turns a tier into a quote).
 * Listed from least to most favourable; a member gets the most favourable one they qualify for.
 */
export const TIERS = ['guest', 'member', 'age70', 'age80', 'dibao', 'tekun'] as const;
export type Tier = (typeof TIERS)[number];

export const ORDER_STATUSES = ['placed', 'served', 'no_show', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_METHODS = ['wallet', 'cash', 'external'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** What the kitchen and the delivery volunteers must know; allergies are free text beside them. */
export const DIETARY_TAGS = ['low_salt', 'low_sugar', 'soft', 'low_fat', 'liquid', 'halal', 'vegetarian'] as const;
export type DietaryTag = (typeof DIETARY_TAGS)[number];

export const DIETARY_TAG_NAMES: Record<DietaryTag, { zh: string; en: string }> = {
  low_salt: { zh: '低盐', en: 'low salt' },
  low_sugar: { zh: '低糖', en: 'low sugar' },
  soft: { zh: '软食', en: 'soft food' },
  low_fat: { zh: '低脂', en: 'low fat' },
  liquid: { zh: '流食', en: 'liquid diet' },
  halal: { zh: '清真', en: 'halal' },
  vegetarian: { zh: '素食', en: 'vegetarian' },
};
