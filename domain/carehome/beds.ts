/**
 * Beds and their states. Empty is not available: a bed being cleaned, out of service, held by an
 * offer or kept for a resident on leave has nobody in it and still cannot be offered. Only an
 * available bed is free capacity, a waitlist `Place` of capacity 1.
 */
import type { Application, Fits, Place } from '../waitlist';
import { CareHomeError } from './errors';

export const BED_STATES = ['available', 'held', 'occupied', 'on_leave', 'cleaning', 'out_of_service'] as const;
export type BedState = (typeof BED_STATES)[number];

export const BED_STATE_NAMES: Record<BedState, { zh: string; en: string }> = {
  available: { zh: '空闲可用', en: 'Available' },
  held: { zh: '已预留', en: 'Held by an offer' },
  occupied: { zh: '在住', en: 'Occupied' },
  on_leave: { zh: '请假保留', en: 'Resident on leave' },
  cleaning: { zh: '清洁消毒', en: 'Cleaning' },
  out_of_service: { zh: '停用', en: 'Out of service' },
};

/**
 * Admission goes through an offer (held), so an available bed is never occupied directly; a bed
 * left by a resident, on leave or not, is cleaned before it is offered again.
 */
const TRANSITIONS: Record<BedState, readonly BedState[]> = {
  available: ['held', 'cleaning', 'out_of_service'],
  held: ['occupied', 'available'],
  occupied: ['on_leave', 'cleaning'],
  on_leave: ['occupied', 'cleaning'],
  cleaning: ['available', 'out_of_service'],
  out_of_service: ['cleaning'],
};

export function canMoveBed(from: BedState, to: BedState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function moveBed(from: BedState, to: BedState): BedState {
  if (!canMoveBed(from, to)) throw new CareHomeError([{ field: 'state', message: `a bed cannot go from ${from} to ${to}` }]);
  return to;
}

export type RoomSex = 'men' | 'women' | 'mixed';
export type Sex = 'male' | 'female';

export interface Bed extends Place {
  state: BedState;
  roomSex: RoomSex;
  /** Care level codes (see care-levels.ts) the bed is equipped and staffed for. */
  careLevels: readonly string[];
  /** e.g. `oxygen`, `accessible_bathroom`, `hospital_bed`. */
  features: readonly string[];
}

/** The beds to pass to the offer cycle: the available ones, each a place of one. */
export function freeBeds<B extends Bed>(beds: readonly B[]): B[] {
  return beds.filter((b) => b.state === 'available').map((b) => ({ ...b, capacity: 1 }));
}

/** What the offer cycle needs to know of an application for a bed. */
export interface BedApplication extends Application {
  sex: Sex;
  /** The care level of the standing assessment's final grade. */
  careLevel: string;
  requiredFeatures: readonly string[];
}

const ROOM_TAKES: Record<RoomSex, readonly Sex[]> = { men: ['male'], women: ['female'], mixed: ['male', 'female'] };

/** A bed fits when its room takes the person's sex, it suits their care level and has every feature they need; one choice, so 0. */
export const bedFits: Fits<BedApplication, Bed> = (application, bed) =>
  ROOM_TAKES[bed.roomSex].includes(application.sex) && bed.careLevels.includes(application.careLevel) && application.requiredFeatures.every((f) => bed.features.includes(f)) ? 0 : null;
