import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { instantAt, staffNeeded, type Weekday, weekdayOf } from '../../domain/afterschool';
import { addDays } from '../../domain/shared/business-date';
import { ageOn, makeIdNumber } from '../../domain/shared/identity';
import { type BusinessDate, businessDateOf, type Clock } from '../../domain/shared/time';
import type { AuthUser } from '../auth/auth-user';
import { newUser } from '../auth/users';
import { newId } from '../entity-helpers';
import {
  AfterSchoolAttendance,
  AfterSchoolChild,
  AfterSchoolCollector,
  AfterSchoolEnrolment,
  AfterSchoolGroup,
  AfterSchoolRoster,
  AfterSchoolSession,
  type IAfterSchoolChild,
  type IAfterSchoolSession,
} from '../modules/afterschool/afterschool.entity';
import { addDelegation, enrol, setCollectors } from '../modules/afterschool/families.service';
import { priceAttendedSession } from '../modules/afterschool/sessions.service';
import { createGroup, createPeriod } from '../modules/afterschool/setup.service';
import { Household } from '../modules/sites/household.entity';
import { SURNAMES, uniqueIdNumber } from './people';
import { type Random, seededRandom } from './random';

/*
 * DEMO VALUES for the 幸福里 课后托管: one term around today with three groups by grade (Mon–Fri
 * 15:30–18:30, the "5+2" service), 60 children enrolled (the 一二年级 group full, with three
 * waiting), who may collect each child, this week's attendance so far, and a roster for this
 * week and the next on seven staff, one session left short so its flag and fix show; each
 * attended session priced as a served unit where the site prices the line. Names and
 * numbers are invented; the ID numbers are valid (GB 11643) but made up. The term, the groups
 * (and so the sessions) and the demo parent's enrolment go through the module's own services.
 */

const GROUPS = [
  { name: '一二年级组', room: '101 活动室', capacity: 25, minAge: 6, maxAge: 8, grades: { from: 1, to: 2 }, age: 7, enrolled: 25, waiting: 3, weekdays: [1, 2, 3, 4, 5] as Weekday[] },
  { name: '三四年级组', room: '102 阅览室', capacity: 25, minAge: 8, maxAge: 10, grades: { from: 3, to: 4 }, age: 9, enrolled: 19, waiting: 0, weekdays: [1, 2, 3, 4, 5] as Weekday[] },
  { name: '五六年级组', room: '103 多功能厅', capacity: 20, minAge: 10, maxAge: 12, grades: { from: 5, to: 6 }, age: 11, enrolled: 15, waiting: 0, weekdays: [1, 2, 3, 4] as Weekday[] },
];

const STAFF = ['托管 王磊', '托管 刘佳', '托管 赵敏', '托管 孙悦', '托管 何洁', '托管 郑宇'];
const GIVEN = ['子轩', '浩然', '雨桐', '欣怡', '梓涵', '宇航', '思远', '佳怡', '俊杰', '语嫣', '博文', '诗琪', '明轩', '可欣', '天佑', '若曦'];
const PARENT_GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '艳', '勇', '杰'];

export interface AfterSchoolDemoOptions {
  /** The after-school staff login: the term and groups are theirs, and it works the roster. */
  staff: AuthUser;
  /** The demo parent: its household's 周子轩 is enrolled through the module's own service. */
  parent: AuthUser;
  /** For the six further staff, who may log in with the demo password. */
  staffPasswordHash: string;
  /** Their usernames: afterschool2 … afterschool7 unless told. */
  staffUsername?: (n: number) => string;
}

/** The term around today: from the Monday four weeks back, twelve weeks on. */
function termAround(today: BusinessDate) {
  const monday = addDays(today, 1 - weekdayOf(today));
  const from = addDays(monday, -28);
  const month = Number(today.slice(5, 7));
  return { from, to: addDays(from, 7 * 16 - 3), name: `${today.slice(0, 4)}年${month >= 2 && month <= 7 ? '春季' : '秋季'}学期` };
}

/** Seeds after-school care at a site that has none yet; answers what it wrote (all zero when the site has groups). */
export async function seedAfterSchoolDemo(em: EntityManager, siteId: string, clock: Clock, options: AfterSchoolDemoOptions) {
  if ((await em.count(AfterSchoolGroup, { siteId })) > 0) return { groups: 0, enrolled: 0, waiting: 0, staff: 0 };
  const now = clock.now();
  const today = businessDateOf(now);
  const random = seededRandom(20261208);
  const term = termAround(today);
  const { groups, staffIds } = await em.transactional(async (tx) => {
    const period = await createPeriod(tx, { siteId, kind: 'term', name: term.name, from: term.from, to: term.to, makeupFollows: {}, closedDates: [] });
    const groups = [];
    for (const g of GROUPS) {
      groups.push(await createGroup(tx, { siteId, periodId: period.id, name: g.name, room: g.room, capacity: g.capacity, minAge: g.minAge, maxAge: g.maxAge, grades: g.grades, weekdays: g.weekdays, start: '15:30', end: '18:30' }));
    }
    const more = STAFF.map((displayName, i) =>
      newUser(tx, { username: (options.staffUsername ?? ((n) => `afterschool${n}`))(i + 2), displayName, passwordHash: options.staffPasswordHash, role: 'afterschool_staff', siteIds: [siteId] }),
    );
    return { groups, staffIds: [options.staff.id, ...more.map((u) => u.id)] };
  });
  const register = new Register(em, siteId, options.staff.id, random, term.from, now);
  let enrolled = 0;
  let waiting = 0;
  for (const [i, g] of GROUPS.entries()) {
    const group = groups[i];
    for (let n = 0; n < g.enrolled; n++) register.child(group, g, 'enrolled');
    for (let n = 0; n < g.waiting; n++) register.child(group, g, 'waiting');
    enrolled += g.enrolled;
    waiting += g.waiting;
  }
  await em.flush();
  await demoFamily(em, options.parent, groups[1].id, now);
  await em.transactional((tx) => rosterAndAttendance(tx, siteId, staffIds, today, random));
  return { groups: groups.length, enrolled: enrolled + 1, waiting, staff: staffIds.length };
}

/** 周家's 周子轩 (9, 三年级) enrolled for every school day by the parent's own request, with who may collect him. */
async function demoFamily(em: EntityManager, parent: AuthUser, groupId: string, now: DateTime) {
  const today = businessDateOf(now);
  const child = em.create(AfterSchoolChild, {
    id: newId(),
    siteId: parent.siteIds[0],
    householdId: parent.householdId!,
    name: '周子轩',
    idNumber: makeIdNumber('420802', addDays(today, -(9 * 365 + 120)), 137),
    birthDate: addDays(today, -(9 * 365 + 120)),
    school: '幸福里小学',
    grade: 3,
    medicalNotes: '对花生过敏，备有肾上腺素笔',
    leaveAloneOn: [],
  });
  await em.flush();
  await em.transactional(async (tx) => {
    await enrol(tx, parent, child.siteId, child.id, { groupId, weekdays: [1, 2, 3, 4, 5] }, now);
    await setCollectors(
      tx,
      child.id,
      [
        { name: '周婷', relation: '母亲', phone: '13972600001', idLast4: '2345', level: 'always' },
        { name: '吴秀兰', relation: '外婆', phone: '13972600002', idLast4: '0826', level: 'always' },
        { name: '周强', relation: '舅舅', phone: '13972600003', idLast4: '4567', level: 'emergency' },
      ],
      now,
    );
    await addDelegation(tx, parent, child.id, { name: '李梅', phone: '13972600004', idLast4: '8888', date: addDays(today, 1), from: '16:00', until: '19:00' }, now);
  });
}

/**
 * This week's and next week's sessions rostered by group (two staff each, a seventh free to
 * cover), one session next Wednesday left with one; the children checked in and out of this
 * week's sessions before today, most by a parent, some alone where allowed.
 */
async function rosterAndAttendance(em: EntityManager, siteId: string, staffIds: readonly string[], today: BusinessDate, random: Random) {
  const monday = addDays(today, 1 - weekdayOf(today));
  const sessions = await em.find(AfterSchoolSession, { siteId, date: { $gte: monday, $lte: addDays(monday, 11) } }, { orderBy: { date: 'asc', groupId: 'asc' } });
  const groups = await em.find(AfterSchoolGroup, { siteId });
  const enrolled = await em.find(AfterSchoolEnrolment, { siteId, status: 'enrolled' });
  const collectors = await em.find(AfterSchoolCollector, { siteId });
  const children = await em.find(AfterSchoolChild, { siteId });
  const attended: { session: IAfterSchoolSession; attendanceId: string; childId: string; at: DateTime }[] = [];
  for (const s of sessions) {
    const g = GROUPS.findIndex((x) => x.name === groups.find((y) => y.id === s.groupId)!.name);
    const short = s.date === addDays(monday, 9) && g === 0;
    const expected = enrolled.filter((e) => e.groupId === s.groupId && e.weekday === weekdayOf(s.date) && e.startDate <= s.date).length;
    const crew = staffIds.slice(g * 2, g * 2 + (short ? 1 : Math.max(2, staffNeeded(expected))));
    for (const staffId of crew) em.create(AfterSchoolRoster, { siteId, sessionId: s.id, staffId });
    if (s.date >= today) continue;
    for (const e of enrolled.filter((x) => x.groupId === s.groupId && x.weekday === weekdayOf(s.date))) {
      if (random.chance(0.06)) continue;
      const child = children.find((c) => c.id === e.childId)!;
      const collector = collectors.find((c) => c.childId === e.childId && c.level === 'always');
      const inAt = instantAt(s.date, '15:30').plus({ minutes: random.int(0, 25) });
      const outAt = instantAt(s.date, '17:30').plus({ minutes: random.int(0, 50) });
      const alone = child.leaveAloneOn.includes(weekdayOf(s.date)) || !collector;
      const attendance = em.create(AfterSchoolAttendance, {
        id: newId(),
        siteId,
        householdId: e.householdId,
        sessionId: s.id,
        childId: e.childId,
        state: 'checked_out',
        checkedInAt: inAt.toJSDate(),
        checkedInBy: staffIds[g * 2],
        checkedOutAt: outAt.toJSDate(),
        checkedOutBy: staffIds[g * 2 + 1],
        collection: alone
          ? { basis: 'alone', at: outAt.toUTC().toISO()! }
          : { basis: 'always', at: outAt.toUTC().toISO()!, collectorId: collector!.id, identity: { name: collector!.name, idLast4: collector!.idLast4 } },
      });
      attended.push({ session: s, attendanceId: attendance.id, childId: e.childId, at: inAt });
    }
  }
  await em.flush();
  // Each attended session priced as the door prices it, with its quote (where the site prices the line).
  for (const a of attended) await priceAttendedSession(em, a.session, a.attendanceId, a.childId, a.at);
}

/** Writes families, their children, who may collect them and their weekday places. */
class Register {
  private readonly idNumbers = new Set<string>();
  private registered = 0;
  private applied = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly siteId: string,
    private readonly staffId: string,
    private readonly random: Random,
    private readonly termFrom: BusinessDate,
    private readonly now: DateTime,
  ) {}

  /** A birth date giving the group's age on the term's first day and within its ages until today's term ends. */
  private birthDate(g: (typeof GROUPS)[number]): BusinessDate {
    for (;;) {
      const born = addDays(this.termFrom, -(g.age * 365 + this.random.int(10, 350)));
      const later = addDays(this.termFrom, 7 * 16);
      if (ageOn(born, this.termFrom) >= g.minAge && ageOn(born, later) <= g.maxAge) return born;
    }
  }

  private idNumberOf(birthDate: BusinessDate, boy: boolean): string {
    return uniqueIdNumber(this.random, this.idNumbers, birthDate, boy);
  }

  /** About one family in twenty on 低保, staff having seen the certificate; one in twenty more claimed it and waits for staff. */
  private dibao(n: number): IAfterSchoolChild['dibao'] {
    if (n % 20 === 7) return { value: true, verified: true, evidence: `低保证 浏河${String(1000 + n)}`, verifiedBy: this.staffId, verifiedAt: this.now.toISO() };
    if (n % 20 === 13) return { value: true, verified: false, evidence: '低保证复印件待核', verifiedBy: null, verifiedAt: null };
    return null;
  }

  child(group: { id: string; periodId: string }, g: (typeof GROUPS)[number], status: 'enrolled' | 'waiting') {
    const surname = this.random.weighted(SURNAMES);
    const building = this.random.int(1, 36);
    const household = this.em.create(Household, { id: newId(), siteId: this.siteId, name: `${surname}家 (${building}栋${this.random.int(1, 3)}单元)` });
    const boy = this.random.chance(0.51);
    const birthDate = this.birthDate(g);
    const grade = g.grades.from + (ageOn(birthDate, this.termFrom) > g.age ? 1 : this.random.int(0, 1));
    const child = this.em.create(AfterSchoolChild, {
      id: newId(),
      siteId: this.siteId,
      householdId: household.id,
      name: surname + this.random.pick(GIVEN),
      idNumber: this.idNumberOf(birthDate, boy),
      birthDate,
      school: this.random.pick(['幸福里小学', '幸福里小学', '东宝实验小学', '龙泉小学']),
      grade: Math.min(grade, g.grades.to),
      medicalNotes: this.random.chance(0.1) ? this.random.pick(['哮喘，随身带喷雾', '对芒果过敏', '近视，需坐前排']) : null,
      leaveAloneOn: g.age >= 11 && this.random.chance(0.4) ? [2, 4] : [],
      dibao: this.dibao(this.registered++),
    });
    const parentName = surname + this.random.pick(PARENT_GIVEN);
    this.em.create(AfterSchoolCollector, {
      siteId: this.siteId,
      householdId: household.id,
      childId: child.id,
      name: parentName,
      relation: this.random.pick(['母亲', '父亲']),
      phone: `139${String(this.random.int(0, 99_999_999)).padStart(8, '0')}`,
      idLast4: String(this.random.int(0, 9999)).padStart(4, '0'),
      level: 'always',
    });
    // The waiting came after every enrolled child, in order: minutes apart on the term's first days.
    const appliedAt = this.now.minus({ days: 40 }).plus({ minutes: this.applied++ * 7 }).toJSDate();
    for (const weekday of g.weekdays) {
      this.em.create(AfterSchoolEnrolment, {
        siteId: this.siteId,
        householdId: household.id,
        childId: child.id,
        groupId: group.id,
        periodId: group.periodId,
        weekday,
        startDate: this.termFrom,
        status,
        appliedAt,
        enrolledAt: status === 'enrolled' ? appliedAt : null,
        events: [],
        createdBy: this.staffId,
      });
    }
  }
}
