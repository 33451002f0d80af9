import type { DateTime } from 'luxon';
import type { Words } from '../waitlist';
import { instantAt } from './clock';
import { AfterSchoolError } from './errors';
import type { CollectionRecord } from './collection';
import type { Session } from './sessions';

export type SheetState = 'expected' | 'checked_in' | 'checked_out' | 'absent';

export interface SheetRow {
  childId: string;
  state: SheetState;
  /** ISO instants. */
  checkedInAt?: string;
  checkedOutAt?: string;
  collection?: CollectionRecord;
}

/** Today's sheet of one session: who is expected, in, out or absent. */
export interface Sheet {
  session: Pick<Session, 'id' | 'date' | 'start' | 'end'>;
  rows: SheetRow[];
}

export function sheetFor(session: Sheet['session'], expectedChildIds: readonly string[]): Sheet {
  return { session, rows: [...new Set(expectedChildIds)].map((childId) => ({ childId, state: 'expected' })) };
}

function change(sheet: Sheet, childId: string, allowedFrom: readonly SheetState[], next: (row: SheetRow) => SheetRow): Sheet {
  const row = sheet.rows.find((r) => r.childId === childId);
  if (row === undefined) throw new AfterSchoolError([{ field: 'childId', message: `${childId} is not on this session's sheet` }]);
  if (!allowedFrom.includes(row.state)) throw new AfterSchoolError([{ field: 'childId', message: `${childId} is ${row.state.replace('_', ' ')}` }]);
  return { ...sheet, rows: sheet.rows.map((r) => (r === row ? next(r) : r)) };
}

/** A child marked absent who turns up late is checked in all the same. */
export function checkIn(sheet: Sheet, childId: string, at: DateTime): Sheet {
  return change(sheet, childId, ['expected', 'absent'], (r) => ({ ...r, state: 'checked_in', checkedInAt: at.toUTC().toISO()! }));
}

/** Only after `mayCollect` allowed it: the sheet keeps the decision's record. */
export function checkOut(sheet: Sheet, childId: string, record: CollectionRecord): Sheet {
  return change(sheet, childId, ['checked_in'], (r) => ({ ...r, state: 'checked_out', checkedOutAt: record.at, collection: record }));
}

/** A child expected, or checked in by mistake (the check-in is taken back): not at the session, so not billed. */
export function markAbsent(sheet: Sheet, childId: string): Sheet {
  return change(sheet, childId, ['expected', 'checked_in'], (r) => ({ childId: r.childId, state: 'absent' }));
}

export interface DoorSettings {
  /** Minutes after the start by which an expected child should be in. */
  checkInWithinMinutes: number;
  /** Minutes after the end at which children still present go to the site lead. */
  escalateAfterMinutes: number;
}

export const DEFAULT_DOOR_SETTINGS: DoorSettings = { checkInWithinMinutes: 30, escalateAfterMinutes: 15 };

export type AlertKind = 'not_checked_in' | 'still_present' | 'still_present_escalated';

export interface DoorAlert {
  kind: AlertKind;
  childId: string;
  /** When the alert became due, ISO. */
  since: string;
  words: Words;
}

/**
 * The alerts of a sheet at `now`: an expected child not in by the check-in time; after the
 * end, each child still present, escalated once the set minutes have passed. A child marked
 * absent raises nothing: the family has said.
 */
export function doorAlerts(sheet: Sheet, now: DateTime, settings: DoorSettings = DEFAULT_DOOR_SETTINGS): DoorAlert[] {
  const { date, start, end } = sheet.session;
  const dueIn = instantAt(date, start).plus({ minutes: settings.checkInWithinMinutes });
  const ended = instantAt(date, end);
  const escalated = ended.plus({ minutes: settings.escalateAfterMinutes });
  const alerts: DoorAlert[] = [];
  for (const row of sheet.rows) {
    if (row.state === 'expected' && now >= dueIn) {
      alerts.push({
        kind: 'not_checked_in',
        childId: row.childId,
        since: dueIn.toISO()!,
        words: { zh: `应到未到：开始后 ${settings.checkInWithinMinutes} 分钟仍未签到`, en: `expected but not checked in ${settings.checkInWithinMinutes} minutes after the start` },
      });
    }
    if (row.state === 'checked_in' && now >= ended) {
      const late = now >= escalated;
      alerts.push({
        kind: late ? 'still_present_escalated' : 'still_present',
        childId: row.childId,
        since: (late ? escalated : ended).toISO()!,
        words: late
          ? { zh: `结束 ${settings.escalateAfterMinutes} 分钟后仍未被接走，已上报负责人`, en: `still present ${settings.escalateAfterMinutes} minutes after the end: escalated to the site lead` }
          : { zh: '托管已结束，儿童仍在场', en: 'the session has ended and the child is still present' },
      });
    }
  }
  return alerts;
}
