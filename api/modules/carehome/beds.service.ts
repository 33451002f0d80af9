import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { BED_STATE_NAMES, BED_STATES, type BedState, canMoveBed, CareHomeError, careLevelName, occupancyByMonth, occupancyDates } from '../../../domain/carehome';
import { ageOn } from '../../../domain/shared/identity';
import { businessDateOf } from '../../../domain/shared/time';
import type { AuthUser } from '../../auth/auth-user';
import { newId } from '../../entity-helpers';
import { conflict, ruleBroken } from '../../errors';
import { asRuleBroken } from '../../waitlist/standing';
import { occupancyOn } from './carehome.queries';
import { CarehomeApplication, CarehomeBed, CarehomeLeave, CarehomeOffer, CarehomeResidence, CarehomeRoom, CarehomeSettings } from './carehome.entity';
import { STAFF_BED_STATES } from './carehome.schemas';
import { termsIn } from './contracts';
import { changeSite, deadlineWorkingDays, depositCapMonths, moveBedTo, settingsOnDate } from './queue.service';

/**
 * Every bed of the site at a glance: who is in it and since when, at what care level, whether
 * they are on leave, and what an open offer holds for whom until when. Run after the site's
 * lapsed offers are passed on, so a hold shown is a live one.
 */
export async function bedBoard(em: EntityManager, siteId: string, now: DateTime) {
  const today = businessDateOf(now);
  const [beds, rooms, residences, offers, leaves, settings] = await Promise.all([
    em.find(CarehomeBed, { siteId }),
    em.find(CarehomeRoom, { siteId }),
    em.find(CarehomeResidence, { siteId, dischargedOn: null }),
    em.find(CarehomeOffer, { siteId, status: 'open' }),
    em.find(CarehomeLeave, { siteId, returnedOn: null }),
    settingsOnDate(em, siteId, today),
  ]);
  const [apps, terms] = await Promise.all([
    em.find(CarehomeApplication, { id: { $in: [...residences.map((r) => r.applicationId), ...offers.map((o) => o.applicationId)] } }),
    termsIn(em, residences, today.slice(0, 7)),
  ]);
  const appOf = (id: string) => apps.find((a) => a.id === id)!;
  const roomOf = (id: string) => rooms.find((r) => r.id === id)!;
  const sorted = [...beds].sort((a, b) => roomOf(a.roomId).floor - roomOf(b.roomId).floor || a.code.localeCompare(b.code));
  const counts = Object.fromEntries(BED_STATES.map((s) => [s, beds.filter((b) => b.state === s).length])) as Record<BedState, number>;
  return {
    siteId,
    date: today,
    counts,
    beds: sorted.map((b) => {
      const room = roomOf(b.roomId);
      const r = residences.find((x) => x.bedId === b.id);
      const o = offers.find((x) => x.bedId === b.id);
      const leave = r ? leaves.find((l) => l.residenceId === r.id) : undefined;
      const person = r ? appOf(r.applicationId) : undefined;
      const careLevel = r ? terms.get(r.id)!.careLevel : '';
      return {
        id: b.id,
        code: b.code,
        roomId: room.id,
        roomCode: room.code,
        floor: room.floor,
        roomType: room.roomType,
        roomSex: room.sex,
        features: b.features,
        careLevels: b.careLevels,
        state: b.state,
        stateName: BED_STATE_NAMES[b.state],
        stateSince: b.stateSince.toISOString(),
        stateReason: b.stateReason ?? null,
        occupant:
          r && person
            ? { residenceId: r.id, applicationId: person.id, name: person.name, sex: person.sex, age: ageOn(person.birthDate, today), careLevel, careLevelName: careLevelName(careLevel, settings), since: r.admittedOn }
            : null,
        leave: leave ? { id: leave.id, kind: leave.kind, fromDate: leave.fromDate, expectedBack: leave.expectedBack, reason: leave.reason } : null,
        hold: o ? { offerId: o.id, applicationId: o.applicationId, name: appOf(o.applicationId).name, deadline: o.deadline } : null,
      };
    }),
  };
}

export interface RoomInput {
  siteId: string;
  floor: number;
  code: string;
  roomType: 'single' | 'double' | 'triple' | 'quad';
  sex: 'men' | 'women' | 'mixed';
  beds: { code: string; features: string[]; careLevels: string[] }[];
}

/** A room with its beds, available at once (so offered to the queue at once); codes are unique per site. */
export async function createRoom(em: EntityManager, input: RoomInput, now: DateTime) {
  const levels = (await settingsOnDate(em, input.siteId, businessDateOf(now))).careLevels.map((l) => l.code);
  const problems = input.beds.flatMap((b, i) => [
    ...b.careLevels.filter((c) => !levels.includes(c)).map((c) => ({ field: `beds[${i}].careLevels`, code: 'unknown_care_level', message: `${c} is not a care level (${levels.join(', ')})` })),
    ...(input.beds.findIndex((x) => x.code === b.code) !== i ? [{ field: `beds[${i}].code`, code: 'duplicate', message: `repeats ${b.code}` }] : []),
  ]);
  if (problems.length > 0) throw ruleBroken('The beds cannot be set up', problems);
  const id = await changeSite(em, input.siteId, now, async () => {
    const taken = [
      ...(await em.find(CarehomeRoom, { siteId: input.siteId, code: input.code })).map(() => ({ field: 'code', code: 'taken', message: `room ${input.code} exists` })),
      ...(await em.find(CarehomeBed, { siteId: input.siteId, code: { $in: input.beds.map((b) => b.code) } })).map((b) => ({ field: 'beds', code: 'taken', message: `bed ${b.code} exists` })),
    ];
    if (taken.length > 0) throw conflict('A room or bed of that code exists', { errors: taken });
    const room = em.create(CarehomeRoom, { id: newId(), siteId: input.siteId, floor: input.floor, code: input.code, roomType: input.roomType, sex: input.sex });
    for (const b of input.beds) {
      em.create(CarehomeBed, { siteId: input.siteId, roomId: room.id, code: b.code, features: b.features, careLevels: b.careLevels, state: 'available', stateSince: now.toJSDate(), stateReason: null });
    }
    return room.id;
  });
  const board = await bedBoard(em, input.siteId, now);
  return board.beds.filter((b) => b.roomId === id);
}

/** Staff take a bed out of service, send it to cleaning or make it available again (then it is offered at once). */
export async function setBedState(em: EntityManager, user: AuthUser, siteId: string, bedId: string, state: (typeof STAFF_BED_STATES)[number], reason: string | undefined, now: DateTime) {
  await changeSite(em, siteId, now, async () => {
    const bed = await em.findOneOrFail(CarehomeBed, { id: bedId });
    if (bed.state === state) return;
    // A held, occupied or kept bed moves only by its offer, its resident's leave or discharge.
    if (!(STAFF_BED_STATES as readonly string[]).includes(bed.state) || !canMoveBed(bed.state, state)) {
      throw conflict(`A ${bed.state} bed cannot become ${state}`, { errors: [{ field: 'state', code: 'bed_move', params: { from: bed.state, to: state }, message: `a ${bed.state} bed cannot become ${state}` }] });
    }
    moveBedTo(em, bed, state, user.id, now.toJSDate(), reason ?? null);
  });
  const board = await bedBoard(em, siteId, now);
  return board.beds.find((b) => b.id === bedId)!;
}

export async function describeSettings(em: EntityManager, siteId: string) {
  return { siteId, offerDeadlineWorkingDays: await deadlineWorkingDays(em, siteId), depositCapMonths: await depositCapMonths(em, siteId) };
}

/** The site's policy; offers already made keep their deadlines. */
export async function writeSettings(em: EntityManager, user: AuthUser, siteId: string, values: { offerDeadlineWorkingDays: number; depositCapMonths?: number }) {
  const row = await em.findOne(CarehomeSettings, { siteId });
  if (row) Object.assign(row, values, { updatedBy: user.id });
  else em.create(CarehomeSettings, { siteId, ...values, updatedBy: user.id });
  await em.flush();
  return describeSettings(em, siteId);
}

/** The site's occupancy by day and by month over a range that has been lived (domain/carehome occupancy). */
export async function occupancy(em: EntityManager, siteId: string, from: string, to: string, now: DateTime) {
  let dates;
  try {
    dates = occupancyDates(from, to, businessDateOf(now));
  } catch (err) {
    if (err instanceof CareHomeError) throw asRuleBroken('The range cannot be charted', err.problems);
    throw err;
  }
  const [beds, days] = await Promise.all([em.count(CarehomeBed, { siteId }), occupancyOn(em, siteId, dates)]);
  return { siteId, from, to, beds, days, months: occupancyByMonth(days, beds) };
}
