import type { EntityManager } from '@mikro-orm/core';
import { isOpenDay } from '../../domain/childcare';
import { addDays, type BusinessDate } from '../../domain/shared/business-date';
import { BUSINESS_ZONE, businessDateOf, type Clock } from '../../domain/shared/time';
import type { AuthUser } from '../auth/auth-user';
import { checkIn, checkOut, daySheet, markAbsences, recordHealthCheck, setDuty } from '../modules/childcare/days.service';
import { seededRandom } from './random';

/*
 * DEMO VALUES for the centre's days, written through the module's own services: today's sheet
 * (on a day the centre opens) with most children through the 晨检 and checked in by the time the
 * demo starts, a few marked absent by staff, one sent home with a fever; carers on duty for
 * every class, one too few in the 乳儿班 so its ratio warning shows; and an absence the demo
 * parent reported ahead for 周可馨. Names of carers are invented.
 */

const CARERS = ['李静', '王芳', '张敏', '刘洋', '陈丽', '杨雪', '赵娟', '黄婷', '周琳', '吴倩', '徐慧', '孙悦', '马兰', '朱燕', '胡蓉', '郭颖', '何佳', '林静', '高洁', '罗敏'];
/** The class that is one carer short on the demo's day. */
export const SHORT_CLASS = '乳儿班';
export const DEMO_ENROLLED_CHILD = '周可馨';

const nextOpenDay = (date: BusinessDate): BusinessDate => {
  let d = addDays(date, 1);
  while (!isOpenDay(d)) d = addDays(d, 1);
  return d;
};

export interface ChildcareDaysOptions {
  staff: AuthUser;
  /** The demo parent's login, who reports 周可馨's absence; none, none reported. */
  parent: AuthUser | null;
}

/** The day the sheet shows first: today when the centre opens, else the next day it does. */
export async function seedChildcareDays(em: EntityManager, siteId: string, clock: Clock, { staff, parent }: ChildcareDaysOptions) {
  const now = clock.now();
  const today = businessDateOf(now);
  const sheetDay = isOpenDay(today) ? today : nextOpenDay(today);
  const random = seededRandom(20261208);
  const local = now.setZone(BUSINESS_ZONE);
  const minutes = local.hour * 60 + local.minute;
  const at = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  let checkedIn = 0;
  let absent = 0;
  await em.transactional(async (tx) => {
    const sheet = await daySheet(tx, siteId, sheetDay);
    let feverSent = false;
    for (const c of sheet.classes) {
      const expected = c.children.filter((k) => k.childName !== DEMO_ENROLLED_CHILD);
      // About one child in eight is away: sick or on leave, marked by staff at the door or the day before.
      const away = new Set(expected.filter(() => random.chance(0.12)).map((k) => k.enrolmentId));
      for (const id of away) {
        await markAbsences(tx, staff, id, { from: sheetDay, reason: random.chance(0.6) ? 'sick' : 'leave', note: null }, now);
        absent++;
      }
      if (sheetDay === today) {
        for (const k of expected.filter((x) => !away.has(x.enrolmentId))) {
          const arrives = random.int(7 * 60 + 40, 8 * 60 + 40);
          // Only children who came before the demo starts; the rest are still expected.
          if (arrives > minutes || random.chance(0.15)) continue;
          if (!feverSent && c.kind === 'toddler') {
            await recordHealthCheck(tx, staff, k.enrolmentId, today, { temperatureTenths: 381, findings: ['fever'], admitted: false, note: '已通知家长接回' }, now);
            feverSent = true;
            continue;
          }
          const cough = random.chance(0.08);
          await recordHealthCheck(tx, staff, k.enrolmentId, today, { temperatureTenths: random.int(362, 370), findings: cough ? ['cough'] : ['normal'], admitted: true, note: null }, now);
          await checkIn(tx, staff, k.enrolmentId, today, at(arrives), now);
          checkedIn++;
          const leaves = random.int(16 * 60 + 30, 17 * 60 + 40);
          if (leaves <= minutes) await checkOut(tx, staff, k.enrolmentId, today, at(leaves), now);
        }
      }
      // As the ratio counts them: the class's children and its 临时托 children of the day, less those away.
      const children = c.childrenCounted - away.size;
      const needed = Math.ceil(children / c.childrenPerCarer);
      const onDuty = c.name === SHORT_CLASS ? Math.max(0, needed - 1) : needed;
      await setDuty(tx, staff, siteId, c.classId, sheetDay, CARERS.splice(0, onDuty), now);
    }
    const mine = sheet.classes.flatMap((c) => c.children).find((k) => k.childName === DEMO_ENROLLED_CHILD);
    if (mine && parent) {
      await markAbsences(tx, parent, mine.enrolmentId, { from: nextOpenDay(nextOpenDay(sheetDay)), reason: 'leave', note: '带孩子打疫苗' }, now);
      absent++;
    }
  });
  return { day: sheetDay, checkedIn, absent };
}
