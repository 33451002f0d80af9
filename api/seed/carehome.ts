import type { EntityManager } from '@mikro-orm/core';
import { DateTime } from 'luxon';
import { type Bed, bedFits, careLevelFor, contractFor, DEFAULT_CARE_HOME_SETTINGS, itemScoresTotalling, reassessmentDueOn, scoreAssessment } from '../../domain/carehome';
import { addDays } from '../../domain/shared/business-date';
import { type BusinessDate, businessDateOf, type Clock } from '../../domain/shared/time';
import { newId } from '../entity-helpers';
import {
  type ApplicationStatus,
  CarehomeApplication,
  CarehomeAssessment,
  CarehomeBed,
  CarehomeBedStay,
  CarehomeLeave,
  CarehomeResidence,
  CarehomeRoom,
  CarehomeStatusChange,
  type ICarehomeApplication,
  type ICarehomeBed,
  type StoredFact,
} from '../modules/carehome/carehome.entity';
import { quoteLevels } from '../modules/carehome/prices';
import { lapseOffers } from '../modules/carehome/queue.service';
import { Household } from '../modules/sites/household.entity';
import { MEN, SURNAMES, uniqueIdNumber, WOMEN } from './people';
import { type Random, seededRandom } from './random';

/*
 * DEMO VALUES for the 幸福里 养老服务中心: 63 beds on three floors of seven rooms of three, about
 * 44 residents with their assessments and contracts (one on leave), one bed out of service and
 * one being cleaned, and about 30 people waiting (some categories verified, some not, a few not
 * yet assessed). Names and numbers are invented; the ID numbers are valid (GB 11643) but made up.
 * The free beds are offered by the real offer cycle to the first in line that they fit.
 */

/** Floor 1 for the more able, floor 3 for nursing and special care (oxygen, hospital beds). */
const FLOORS: { floor: number; careLevels: string[]; features: string[] }[] = [
  { floor: 1, careLevels: ['independent', 'assisted'], features: ['accessible_bathroom'] },
  { floor: 2, careLevels: ['assisted', 'nursing'], features: ['accessible_bathroom'] },
  { floor: 3, careLevels: ['nursing', 'special'], features: ['oxygen', 'hospital_bed'] },
];
/** Women outnumber men among the very old: four rooms of seven a floor are women's. */
const ROOM_SEXES = ['women', 'women', 'men', 'women', 'men', 'women', 'mixed'] as const;
export const DEMO_RESIDENTS = 44;
export const DEMO_WAITING = 30;

/** A total in the band of each care level's grade (90; 66–89; 30–65; 0–29). */
const TOTALS: Record<string, [number, number]> = { independent: [90, 90], assisted: [66, 89], nursing: [30, 65], special: [5, 29] };
const LEVEL_WEIGHTS: readonly (readonly [string, number])[] = [
  ['independent', 2],
  ['assisted', 3],
  ['nursing', 4],
  ['special', 1],
];
const EVIDENCE: Record<string, string> = {
  tekun: '特困人员供养证 (东宝区民政局)',
  dibao: '低保证',
  low_income: '低收入家庭认定书',
  disability: '残疾人证',
  living_alone: '社区出具的独居证明',
  veteran: '优抚对象证',
};

export interface CarehomeDemoOptions {
  /** The care staff login: assessments, admissions and verifications are theirs. */
  staffId: string;
  /** The demo family's household: its relative waits in the queue, assessment to come. */
  familyHouseholdId: string;
  familyUserId: string;
}

/** Seeds the care home of a site that has no beds yet; answers what it wrote. */
export async function seedCarehomeDemo(em: EntityManager, siteId: string, clock: Clock, options: CarehomeDemoOptions) {
  if ((await em.count(CarehomeBed, { siteId })) > 0) return { beds: 0, residents: 0, waiting: 0 };
  const now = clock.now();
  // Every contract at today's quote of its level (签约时报价): the cost models may start after the admissions they stand for.
  const quotes = await quoteLevels(em, siteId, DEFAULT_CARE_HOME_SETTINGS.careLevels, businessDateOf(now));
  const monthlyPrices = new Map(quotes.map((q) => [q.careLevel, q.monthFen]));
  const home = new Home(em, siteId, options, seededRandom(20261205), now, monthlyPrices);
  home.buildBeds();
  for (let i = 0; i < DEMO_RESIDENTS; i++) home.resident(i === 7);
  home.setAside('out_of_service', '卫生间漏水维修');
  home.setAside('cleaning', '退住后终末消毒');
  home.familyRelative();
  while (home.waiting < DEMO_WAITING) home.waitingPerson();
  await em.flush();
  // The real offer cycle offers the free beds to the first in line that they fit.
  await em.transactional((tx) => lapseOffers(tx, siteId, now));
  return { beds: home.beds.length, residents: home.residents, waiting: home.waiting };
}

class Home {
  readonly beds: (ICarehomeBed & { roomSex: Bed['roomSex'] })[] = [];
  private readonly idNumbers = new Set<string>();
  private readonly today: BusinessDate;
  residents = 0;
  waiting = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly siteId: string,
    private readonly options: CarehomeDemoOptions,
    private readonly random: Random,
    private readonly now: DateTime,
    private readonly monthlyPrices: ReadonlyMap<string, number>,
  ) {
    this.today = businessDateOf(now);
  }

  private at(date: BusinessDate): Date {
    return DateTime.fromISO(`${date}T09:30:00`, { zone: 'Asia/Shanghai' }).toJSDate();
  }

  buildBeds(): void {
    for (const f of FLOORS) {
      ROOM_SEXES.forEach((sex, r) => {
        const code = `${f.floor}0${r + 1}`;
        const room = this.em.create(CarehomeRoom, { id: newId(), siteId: this.siteId, floor: f.floor, code, roomType: 'triple', sex });
        for (let b = 1; b <= 3; b++) {
          // Every other room's beds by the window have the floor's features.
          const features = r % 2 === 0 || b === 1 ? f.features : [];
          const bed = this.em.create(CarehomeBed, {
            id: newId(),
            siteId: this.siteId,
            roomId: room.id,
            code: `${code}-${b}`,
            features,
            careLevels: f.careLevels,
            state: 'available',
            stateSince: this.at(addDays(this.today, -400)),
            stateReason: null,
          });
          this.beds.push(Object.assign(bed, { roomSex: sex }));
        }
      });
    }
  }

  private person(sex: 'male' | 'female', minAge: number) {
    const surname = this.random.weighted(SURNAMES);
    const name = surname + this.random.weighted(sex === 'male' ? MEN : WOMEN);
    const age = this.random.int(minAge, 97);
    const birthDate = addDays(DateTime.fromISO(this.today).minus({ years: age }).toISODate()!, -this.random.int(1, 360));
    const idNumber = uniqueIdNumber(this.random, this.idNumbers, birthDate, sex === 'male');
    const child = this.random.pick(sex === 'male' ? ['军', '伟', '敏', '静', '强', '芳'] : ['磊', '燕', '勇', '霞', '涛', '红']);
    return { name, sex, birthDate, idNumber, contactName: `${surname}${child}`, contactPhone: `139${String(this.random.int(0, 99_999_999)).padStart(8, '0')}` };
  }

  private application(person: ReturnType<Home['person']>, householdId: string, createdBy: string, appliedOn: BusinessDate, status: ApplicationStatus, facts: Record<string, StoredFact>, requiredFeatures: string[] = []): ICarehomeApplication {
    const app = this.em.create(CarehomeApplication, {
      id: newId(),
      siteId: this.siteId,
      householdId,
      ...person,
      desiredDate: appliedOn,
      needs: null,
      requiredFeatures,
      facts: { ...facts, birth_date: { value: person.birthDate, verified: true, evidence: '居民身份证号', verifiedBy: null, verifiedAt: this.at(appliedOn).toISOString() } },
      events: [],
      status,
      appliedAt: this.at(appliedOn),
      version: 1,
      createdBy,
    });
    this.em.create(CarehomeStatusChange, { applicationId: app.id, siteId: this.siteId, fromStatus: null, toStatus: 'waiting', changedBy: createdBy, changedAt: this.at(appliedOn), reason: null });
    return app;
  }

  private assess(app: ICarehomeApplication, level: string, on: BusinessDate): void {
    const [low, high] = TOTALS[level];
    const result = scoreAssessment({ scores: itemScoresTotalling(this.random.int(low, high)), comatose: false, dementiaOrMentalDisorder: false, riskEventsLast30Days: 0 });
    this.em.create(CarehomeAssessment, {
      id: newId(),
      siteId: this.siteId,
      householdId: app.householdId,
      applicationId: app.id,
      assessedOn: on,
      validUntil: reassessmentDueOn(on, DEFAULT_CARE_HOME_SETTINGS),
      scores: itemScoresTotalling(result.total),
      comatose: false,
      dementiaOrMentalDisorder: false,
      riskEvents: 0,
      partScores: result.partScores,
      total: result.total,
      preliminaryGrade: result.preliminaryGrade,
      finalGrade: result.finalGrade,
      adjustments: result.adjustments,
      careLevel: careLevelFor(result.finalGrade, DEFAULT_CARE_HOME_SETTINGS).code,
      assessedBy: this.options.staffId,
    });
  }

  private facts(): Record<string, StoredFact> {
    const facts: Record<string, StoredFact> = {};
    const claim = (code: string, verified: boolean) => {
      facts[code] = { value: true, verified, evidence: EVIDENCE[code], verifiedBy: verified ? this.options.staffId : null, verifiedAt: verified ? this.now.toISO() : null };
    };
    if (this.random.chance(0.08)) claim('tekun', this.random.chance(0.8));
    else if (this.random.chance(0.12)) claim('dibao', this.random.chance(0.8));
    for (const [code, p] of [['living_alone', 0.3], ['low_income', 0.12], ['disability', 0.1], ['veteran', 0.05]] as const) if (this.random.chance(p)) claim(code, this.random.chance(0.7));
    return facts;
  }

  private household(surname: string): string {
    return this.em.create(Household, { id: newId(), siteId: this.siteId, name: `${surname}家` }).id;
  }

  /** A resident in the first free bed that fits them, admitted some months ago and assessed within the year. */
  resident(onLeave: boolean): void {
    for (;;) {
      const sex = this.random.chance(0.62) ? 'female' : 'male';
      const level = this.random.weighted(LEVEL_WEIGHTS);
      const bed = this.beds.find((b) => b.state === 'available' && bedFits({ id: '', appliedAt: '', facts: {}, sex, careLevel: level, requiredFeatures: [] }, { ...b, capacity: 1 }) === 0);
      if (!bed) continue;
      const person = this.person(sex, 65);
      const admittedOn = addDays(this.today, -this.random.int(20, 1000));
      const app = this.application(person, this.household(person.name.slice(0, 1)), this.options.staffId, addDays(admittedOn, -this.random.int(20, 200)), 'admitted', this.facts());
      this.assess(app, level, addDays(this.today, -this.random.int(5, 330)));
      const contract = contractFor({ careLevel: level, monthlyPriceFen: this.monthlyPrices.get(level)! });
      const residence = this.em.create(CarehomeResidence, {
        id: newId(),
        siteId: this.siteId,
        householdId: app.householdId,
        applicationId: app.id,
        bedId: bed.id,
        admittedOn,
        ...contract,
        dischargedOn: null,
        dischargeReason: null,
        checklist: null,
        settlement: null,
        dischargedBy: null,
      });
      this.em.create(CarehomeBedStay, { siteId: this.siteId, residenceId: residence.id, bedId: bed.id, fromDate: admittedOn, toDate: null, reason: 'admission', createdBy: this.options.staffId });
      this.em.create(CarehomeStatusChange, { applicationId: app.id, siteId: this.siteId, fromStatus: 'waiting', toStatus: 'admitted', changedBy: this.options.staffId, changedAt: this.at(admittedOn), reason: `admitted from ${admittedOn}` });
      Object.assign(bed, { state: onLeave ? 'on_leave' : 'occupied', stateSince: this.at(admittedOn) });
      if (onLeave) {
        const from = addDays(this.today, -9);
        this.em.create(CarehomeLeave, { siteId: this.siteId, householdId: app.householdId, residenceId: residence.id, fromDate: from, expectedBack: addDays(this.today, 5), returnedOn: null, reason: '回儿子家小住', createdBy: this.options.staffId });
        Object.assign(bed, { stateSince: this.at(from), stateReason: '回儿子家小住' });
      }
      this.residents++;
      return;
    }
  }

  /** A free bed of the ground floor set aside (repair, cleaning): empty, and not available. */
  setAside(state: 'out_of_service' | 'cleaning', reason: string): void {
    const bed = this.beds.find((b) => b.state === 'available')!;
    Object.assign(bed, { state, stateSince: this.at(addDays(this.today, -2)), stateReason: reason });
  }

  /** The demo family's relative: waiting, living alone (verified) and low income (claimed), not yet assessed. */
  familyRelative(): void {
    const person = { ...this.person('female', 80), name: '吴桂兰' };
    const facts: Record<string, StoredFact> = {
      living_alone: { value: true, verified: true, evidence: EVIDENCE.living_alone, verifiedBy: this.options.staffId, verifiedAt: this.now.toISO() },
      low_income: { value: true, verified: false, evidence: EVIDENCE.low_income, verifiedBy: null, verifiedAt: null },
    };
    this.application(person, this.options.familyHouseholdId, this.options.familyUserId, addDays(this.today, -45), 'waiting', facts, ['accessible_bathroom']);
    this.waiting++;
  }

  /** Someone waiting, most assessed: the free beds go to those they fit. */
  waitingPerson(): void {
    const sex = this.random.chance(0.6) ? 'female' : 'male';
    const person = this.person(sex, 62);
    const app = this.application(person, this.household(person.name.slice(0, 1)), this.options.staffId, addDays(this.today, -this.random.int(3, 400)), 'waiting', this.facts());
    if (this.random.chance(0.85)) this.assess(app, this.random.weighted(LEVEL_WEIGHTS), addDays(this.today, -this.random.int(1, 200)));
    this.waiting++;
  }
}
