/**
 * Order cut-offs by meal and channel. Only types are imported, so the web app shows
 * the same table the server checks orders against.
 */
import type { Channel, Meal } from './vocabulary';

/** Orders close at `time` (HH:mm, Shanghai) `daysBefore` days before the meal date. */
export interface Cutoff {
  daysBefore: number;
  time: string;
}

/**
 * Delivery closes earliest because the boxes are packed and routed before the meal leaves
 * the kitchen (breakfast delivery the evening before, as volunteers set out at 6:30);
 * pick-up closes at the end of the packing window; dine-in stays open while the line runs,
 * since the kitchen cooks a margin over the counts.
 */
export const DEFAULT_CUTOFFS: Record<Meal, Record<Channel, Cutoff | null>> = {
  breakfast: {
    delivery: { daysBefore: 1, time: '19:00' },
    pickup: { daysBefore: 0, time: '08:00' },
    dine_in: { daysBefore: 0, time: '08:30' },
  },
  lunch: {
    delivery: { daysBefore: 0, time: '10:00' },
    pickup: { daysBefore: 0, time: '12:30' },
    dine_in: { daysBefore: 0, time: '13:00' },
  },
  dinner: {
    delivery: { daysBefore: 0, time: '16:00' },
    pickup: { daysBefore: 0, time: '18:00' },
    dine_in: { daysBefore: 0, time: '18:30' },
  },
};
