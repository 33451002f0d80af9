import type { EntityManager } from '@mikro-orm/core';
import type { DateTime } from 'luxon';
import { ageKindOn, applicationProblems, belongsOn, type ClassChoice, type ClassKind, dateAtMonths, type Half, STANDARD_CLASSES } from '../../domain/childcare';
import { addDays } from '../../domain/shared/business-date';
import { type BusinessDate, businessDateOf, type Clock } from '../../domain/shared/time';
import type { Rule } from '../../domain/waitlist';
import type { AuthUser } from '../auth/auth-user';
import { User } from '../auth/user.entity';
import { newId } from '../entity-helpers';
import { type ApplicationStatus, ChildcareApplication, ChildcareClass, ChildcareEnrolment, ChildcareStatusChange, type StoredFact } from '../modules/childcare/childcare.entity';
import { createClass, createRuleSet } from '../modules/childcare/setup.service';
import { lapseOffers } from '../modules/childcare/waitlist.service';
import { Household } from '../modules/sites/household.entity';
import { seedChildcareBookings } from './childcare-bookings';
import { DEMO_ENROLLED_CHILD, seedChildcareDays } from './childcare-days';
import { SURNAMES, uniqueIdNumber } from './people';
import { type Random, seededRandom } from './random';

/*
 * DEMO VALUES for the 幸福里 普惠托育 centre at its real size: 100 places in classes within the
 * 2019 standard, 90 children enrolled (each in its class's age band today), a site rule set and
 * about 150 families waiting, some of whose priority facts staff have not verified yet. Names
 * and numbers are invented; the ID numbers are valid (GB 11643) but made up. The classes, the
 * rules and the offers go through the module's own services, so the free places are offered by
 * the real offer cycle to the first in line.
 */

/** 100 places: the site total. Older and mixed classes are full, so only the young are offered places. */
const CLASSES: { kind: ClassKind; name: string; nameEn: string; size: number; enrolled: number }[] = [
  { kind: 'infant', name: '乳儿班', nameEn: 'Infants', size: 10, enrolled: 7 },
  { kind: 'toddler', name: '托小一班', nameEn: 'Toddlers 1', size: 15, enrolled: 12 },
  { kind: 'toddler', name: '托小二班', nameEn: 'Toddlers 2', size: 15, enrolled: 11 },
  { kind: 'older', name: '托大一班', nameEn: 'Older 1', size: 20, enrolled: 20 },
  { kind: 'older', name: '托大二班', nameEn: 'Older 2', size: 20, enrolled: 20 },
  { kind: 'mixed', name: '混龄一班', nameEn: 'Mixed 1', size: 10, enrolled: 10 },
  { kind: 'mixed', name: '混龄二班', nameEn: 'Mixed 2', size: 10, enrolled: 10 },
];

export const DEMO_WAITING = 150;

/** Version 2 of the site's rules: only verified facts score. */
export const DEMO_RULES: Rule[] = [
  {
    code: 'dibao_tekun_first',
    label: { zh: '低保/特困家庭优先', en: 'dibao or tekun family first' },
    when: { op: 'any', of: [{ op: 'present', fact: 'dibao' }, { op: 'present', fact: 'tekun' }] },
    effect: { policyClass: 1 },
  },
  { code: 'both_parents_working', label: { zh: '双职工家庭 +10', en: 'both parents working +10' }, when: { op: 'present', fact: 'both_parents_working' }, effect: { points: 10 } },
  { code: 'resident', label: { zh: '本社区居民 +20', en: 'resident of the community +20' }, when: { op: 'present', fact: 'resident' }, effect: { points: 20 } },
  { code: 'sibling_enrolled', label: { zh: '兄弟姐妹在园 +15', en: 'sibling enrolled +15' }, when: { op: 'present', fact: 'sibling_enrolled' }, effect: { points: 15 } },
  { code: 'disability', label: { zh: '残疾儿童 +30', en: 'child with a disability +30' }, when: { op: 'present', fact: 'disability' }, effect: { points: 30 } },
];

const EVIDENCE: Record<string, string> = {
  dibao: '低保证 (东宝区民政局)',
  tekun: '特困供养证',
  both_parents_working: '父母双方劳动合同',
  resident: '户口簿 / 居住证 (浏河社区)',
  sibling_enrolled: '在园幼儿姓名',
  disability: '残疾人证',
};

/** Names given to children born in the 2020s (so several 梓涵 and 一诺, as in any register of the age). */
const BOYS = ['浩宇', '宇轩', '梓轩', '一诺', '沐辰', '奕辰', '俊熙', '梓睿', '子墨', '睿泽', '浩然', '宇航', '锦程', '承泽', '安琪', '嘉佑'];
const GIRLS = ['梓涵', '欣怡', '诗涵', '一诺', '雨桐', '若汐', '依诺', '思彤', '可馨', '语桐', '梓萱', '芷若', '沐瑶', '安然', '悦宁', '知夏'];

interface Family {
  householdId: string;
  surname: string;
  /** A child of it already enrolled: the sibling fact a waiting brother or sister may claim. */
  enrolled: boolean;
}

export interface ChildcareDemoOptions {
  /** The childcare staff login: classes, rules and verifications are theirs. */
  staff: AuthUser;
  /** The demo parent's household: one child enrolled (its statements), one waiting and one offered a place. */
  parentHouseholdId: string;
}

/**
 * Seeds the childcare centre of a site that has none yet; answers what it wrote (all zero when
 * the site already has classes).
 */
export async function seedChildcareDemo(em: EntityManager, siteId: string, clock: Clock, { staff, parentHouseholdId }: ChildcareDemoOptions) {
  if ((await em.count(ChildcareClass, { siteId })) > 0) return { places: 0, enrolled: 0, waiting: 0 };
  const now = clock.now();
  const today = businessDateOf(now);
  const random = seededRandom(20261207);
  // The classes and rules first, while no one waits: nothing is offered until the register is written.
  await em.transactional(async (tx) => {
    for (const c of CLASSES) await createClass(tx, { siteId, kind: c.kind, name: c.name, nameEn: c.nameEn, size: c.size }, now);
    await createRuleSet(tx, staff, { siteId, effectiveFrom: today, defaultClass: 2, rules: DEMO_RULES as unknown as Record<string, unknown>[] }, now);
  });
  const register = new Register(em, siteId, staff.id, random, now);
  const classes = await em.find(ChildcareClass, { siteId });
  for (const c of CLASSES) {
    const classId = classes.find((x) => x.name === c.name)!.id;
    // One of 托小二班's children is the demo parent's: 周可馨, whose days and monthly statement the parent sees.
    for (let i = 0; i < c.enrolled; i++) register.enrolled(c.kind, classId, c.name === '托小二班' && i === 0 ? { householdId: parentHouseholdId, name: DEMO_ENROLLED_CHILD, boy: false } : undefined);
  }
  await em.flush();
  // 临时托 days booked before anyone waits: the places they keep are not offered.
  await seedChildcareBookings(em, siteId, clock, staff, seededRandom(20261209));
  register.demoHousehold(parentHouseholdId);
  while (register.waiting < DEMO_WAITING) register.waitingChild();
  await em.flush();
  // The real offer cycle offers the free places to the first in line that fit them.
  await em.transactional((tx) => lapseOffers(tx, siteId, now));
  const parentLogin = await em.findOne(User, { householdId: parentHouseholdId, role: 'parent' });
  const parent = parentLogin ? { id: parentLogin.id, username: parentLogin.username, displayName: parentLogin.displayName, role: parentLogin.role, siteIds: [siteId], departmentId: null, householdId: parentHouseholdId } : null;
  await seedChildcareDays(em, siteId, clock, { staff, parent });
  return { places: CLASSES.reduce((n, c) => n + c.size, 0), enrolled: register.enrolledCount, waiting: register.waiting };
}

/** Writes families, their applications and enrolments the way the centre's register reads. */
class Register {
  readonly today: BusinessDate;
  private readonly families: Family[] = [];
  private readonly idNumbers = new Set<string>();
  /** Verified 低保/特困 families among those drawn: kept to two, so the demo parent's child is surely offered a place. */
  private firstClassVerified = 0;
  enrolledCount = 0;
  waiting = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly siteId: string,
    private readonly staffId: string,
    private readonly random: Random,
    private readonly now: DateTime,
  ) {
    this.today = businessDateOf(now);
  }

  /** A child of `months` whole months (plus some days) on `date`. */
  private bornAt(months: number, date: BusinessDate): BusinessDate {
    return addDays(dateAtMonths(date, -months), -this.random.int(0, 25));
  }

  private idNumberOf(birthDate: BusinessDate, boy: boolean): string {
    return uniqueIdNumber(this.random, this.idNumbers, birthDate, boy);
  }

  private family(surname = this.random.weighted(SURNAMES)): Family {
    const building = this.random.int(1, 36);
    const unit = this.random.int(1, building > 24 ? 2 : 3);
    const household = this.em.create(Household, { id: newId(), siteId: this.siteId, name: `${surname}家 (${building}栋${unit}单元)` });
    const family = { householdId: household.id, surname, enrolled: false };
    this.families.push(family);
    return family;
  }

  private daysSince(date: BusinessDate): number {
    return Math.round((Date.parse(this.today) - Date.parse(date)) / 86_400_000);
  }

  /** The instant `days` before now, in office hours. */
  private daysAgo(days: number): Date {
    return this.now.minus({ days, minutes: this.random.int(0, 8 * 60) }).toJSDate();
  }

  private fact(name: string, verified: boolean, at: Date): StoredFact {
    return { value: true, verified, evidence: EVIDENCE[name], verifiedBy: verified ? this.staffId : null, verifiedAt: verified ? at.toISOString() : null };
  }

  /** The facts a family claims, staff having verified most of them by now. */
  private facts(family: Family, appliedAt: Date, verifiedShare: number, waiting: boolean): Record<string, StoredFact> {
    const facts: Record<string, StoredFact> = {};
    const claim = (name: string, p: number) => {
      if (this.random.chance(p)) facts[name] = this.fact(name, this.random.chance(verifiedShare), appliedAt);
    };
    const firstClass = this.random.weighted<string | null>([['dibao', 5], ['tekun', 1], [null, 94]]);
    if (firstClass) {
      const verified = (!waiting || this.firstClassVerified < 2) && this.random.chance(verifiedShare);
      if (verified && waiting) this.firstClassVerified++;
      facts[firstClass] = this.fact(firstClass, verified, appliedAt);
    }
    claim('resident', 0.75);
    if (!firstClass) claim('both_parents_working', 0.6);
    if (family.enrolled) claim('sibling_enrolled', 0.95);
    claim('disability', 0.03);
    return facts;
  }

  private application(
    family: Family,
    fields: { birthDate: BusinessDate; startDate: BusinessDate; appliedAt: Date; status: ApplicationStatus; facts: Record<string, StoredFact>; mode?: 'full_day' | 'half_day'; half?: Half },
    named?: { name: string; boy: boolean },
  ) {
    const boy = named?.boy ?? this.random.chance(0.51);
    const childName = named?.name ?? family.surname + this.random.pick(boy ? BOYS : GIRLS);
    const start = fields.startDate > this.today ? fields.startDate : this.today;
    const kind = ageKindOn(STANDARD_CLASSES, fields.birthDate, start)!;
    const chooses = this.random.chance(0.3);
    const choices: ClassChoice[] = chooses ? [{ kind }] : [];
    const mode = fields.mode ?? 'full_day';
    const problems = applicationProblems({ birthDate: fields.birthDate, startDate: start, mode, half: fields.half, choices });
    if (problems.length > 0) throw new Error(`demo application: ${JSON.stringify(problems)}`);
    const app = this.em.create(ChildcareApplication, {
      id: newId(),
      siteId: this.siteId,
      householdId: family.householdId,
      childName,
      idNumber: this.idNumberOf(fields.birthDate, boy),
      birthDate: fields.birthDate,
      startDate: fields.startDate,
      mode,
      half: fields.half ?? null,
      choices,
      anyClass: !chooses,
      facts: fields.facts,
      events: [],
      status: fields.status,
      appliedAt: fields.appliedAt,
      version: fields.status === 'enrolled' ? 2 : 1,
      createdBy: this.staffId,
    });
    const change = (from: ApplicationStatus | null, to: ApplicationStatus, at: Date, reason: string | null = null) =>
      this.em.create(ChildcareStatusChange, { applicationId: app.id, siteId: this.siteId, fromStatus: from, toStatus: to, changedBy: this.staffId, changedAt: at, reason });
    change(null, 'draft', fields.appliedAt);
    change('draft', 'submitted', fields.appliedAt);
    return { app, change };
  }

  /** A child in a class of `kind` today, there since a month when it was old enough; the demo parent's own when `demo` names it. */
  enrolled(kind: ClassKind, classId: string, demo?: { householdId: string; name: string; boy: boolean }): void {
    const band = STANDARD_CLASSES.kinds[kind];
    let birthDate: BusinessDate;
    do birthDate = this.bornAt(this.random.int(band.fromMonths + 1, band.toMonths - 2), this.today);
    while (!belongsOn(STANDARD_CLASSES, kind, birthDate, this.today));
    const sixMonths = dateAtMonths(birthDate, 6);
    const joined = addDays(this.today, -this.random.int(20, 330));
    const fromDate = joined > sixMonths ? joined : sixMonths < this.today ? sixMonths : this.today;
    const family: Family = demo ? { householdId: demo.householdId, surname: '周', enrolled: false } : this.family();
    const appliedAt = this.daysAgo(Math.min(this.daysSince(fromDate) + this.random.int(20, 90), this.daysSince(birthDate) - 7));
    const facts = demo ? this.demoFacts(appliedAt) : this.facts(family, appliedAt, 1, false);
    const { app, change } = this.application(family, { birthDate, startDate: fromDate, appliedAt, status: 'enrolled', facts }, demo);
    change('submitted', 'enrolled', this.daysAgo(this.daysSince(fromDate) + 1), 'enrolled from the opening register');
    this.em.create(ChildcareEnrolment, { id: newId(), siteId: this.siteId, householdId: family.householdId, applicationId: app.id, classId, mode: 'full_day', half: null, fromDate, toDate: null });
    family.enrolled = true;
    this.enrolledCount++;
  }

  /** A family waiting: mostly for the young (whom few centres take), applied over the past half year. */
  waitingChild(): void {
    // About one in twelve is a younger sibling of a child already enrolled.
    const sibling = this.random.chance(0.08) ? this.random.pick(this.families.filter((f) => f.enrolled)) : undefined;
    const startDate = `${addDays(this.today, this.random.int(-90, 120)).slice(0, 7)}-01`;
    const start = startDate > this.today ? startDate : this.today;
    const [from, to] = this.random.weighted<[number, number]>([[[6, 11], 35], [[12, 17], 30], [[18, 23], 20], [[24, 34], 15]]);
    const birthDate = this.bornAt(this.random.int(from, to), start);
    if (ageKindOn(STANDARD_CLASSES, birthDate, start) === null) return;
    const appliedAt = this.daysAgo(this.random.int(1, Math.min(180, this.daysSince(birthDate) - 14)));
    const halfDay = this.random.chance(0.12);
    const family = sibling ?? this.family();
    this.application(family, {
      birthDate,
      startDate,
      appliedAt,
      status: 'submitted',
      facts: this.facts(family, appliedAt, 0.7, true),
      ...(halfDay ? { mode: 'half_day' as const, half: this.random.pick(['morning', 'afternoon'] as const) } : {}),
    });
    this.waiting++;
  }

  /** The 周 family's facts: a verified 低保 family of the community. */
  private demoFacts(at: Date): Record<string, StoredFact> {
    return { dibao: this.fact('dibao', true, at), resident: this.fact('resident', true, at) };
  }

  /**
   * The demo parent's 周 family, a verified 低保 family of the community: 周子涵 (two, for the
   * older classes, which are full) waits with her place in the queue; her brother 周一诺 (eight
   * months) is offered one of the infant places; their sister 周可馨 is already in 托小二班.
   */
  demoHousehold(householdId: string): void {
    const family: Family = { householdId, surname: '周', enrolled: false };
    const nextMonth = `${addDays(this.today, 31).slice(0, 7)}-01`;
    const facts = (at: Date) => this.demoFacts(at);
    const sisterApplied = this.daysAgo(75);
    this.application(family, { birthDate: this.bornAt(26, this.today), startDate: nextMonth, appliedAt: sisterApplied, status: 'submitted', facts: facts(sisterApplied) }, { name: '周子涵', boy: false });
    const brotherApplied = this.daysAgo(40);
    this.application(family, { birthDate: this.bornAt(8, this.today), startDate: nextMonth, appliedAt: brotherApplied, status: 'submitted', facts: facts(brotherApplied) }, { name: '周一诺', boy: true });
    this.waiting += 2;
  }
}
