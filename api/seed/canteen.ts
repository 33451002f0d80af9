import type { EntityManager } from '@mikro-orm/core';
import { DateTime } from 'luxon';
import { isServiceDay } from '../../domain/shared/calendar';
import { makeIdNumber } from '../../domain/shared/identity';
import { BUSINESS_ZONE, businessDateOf, BusinessDate, Clock } from '../../domain/shared/time';
import { CategoryEvidence, DietaryTag, Meal, memberSearchKeys } from '../../domain/canteen';
import { insertRows } from '../db';
import { newId } from '../entity-helpers';
import type { MemberFields } from '../modules/canteen/canteen.schemas';
import { closedDates, orderingPolicy, siteSettings } from '../modules/canteen/canteen.policy';
import { JournalEntry, JournalLine } from '../modules/canteen/journal.entity';
import { CanteenMember, ICanteenMember } from '../modules/canteen/member.entity';
import { newMemberRow } from '../modules/canteen/members.service';
import { CanteenPlan, CanteenSetMeal, ICanteenPlan, ICanteenSetMeal } from '../modules/canteen/plan.entity';
import { addDays, mondayOf } from '../modules/canteen/plans.service';
import { openingBalance } from '../modules/canteen/wallet.service';
import { mealRules, seedOrderHistory } from './order-history';
import { demoPeople } from './people';
import { Random, seededRandom } from './random';

/*
 * DEMO VALUES for the 幸福里 canteen at its real size: members, wallets, published menus and
 * weeks of orders. Names, numbers and balances are invented; the ID numbers are valid
 * (GB 11643) but made up. The first 60 members are written by hand, for 荆门市东宝区 (420802).
 */

const NAMES = [
  '张三丰', '王秀英', '李桂兰', '刘建国', '陈淑珍', '杨玉兰', '赵德明', '黄凤英', '周国华', '吴春梅',
  '徐志强', '孙秀兰', '马振华', '朱桂芳', '胡文华', '郭淑英', '何永刚', '高金凤', '林德胜', '罗秀珍',
  '郑长海', '梁建华', '谢玉珍', '宋丽华', '唐志明', '许桂英', '韩国庆', '冯秀芳', '邓建平', '曹淑华',
  '彭德华', '曾凤英', '肖玉英', '田金生', '董兰英', '袁秀云', '潘建军', '蒋淑兰', '蔡荣华', '余桂珍',
  '杜明德', '叶素珍', '程秀梅', '苏永福', '魏翠兰', '吕长庚', '丁桂香', '任德福', '沈秀华', '姚金花',
  '卢德顺', '姜玉梅', '崔福生', '钟秀琴', '谭光明', '陆桂英', '汪德才', '范淑芬', '单雄英', '解淑芳',
];
/** Whether each name above is a woman's (the ID number's sequence must agree). */
const WOMEN = new Set([1, 2, 4, 5, 7, 9, 11, 13, 15, 17, 19, 22, 23, 25, 27, 29, 31, 32, 34, 35, 37, 39, 41, 42, 44, 46, 48, 49, 51, 53, 55, 57, 58, 59]);

const TAGS: DietaryTag[][] = [[], ['low_salt'], [], ['low_sugar'], ['soft'], [], ['low_salt', 'low_sugar'], [], ['soft', 'low_salt'], []];
const ALLERGIES = [null, null, null, '花生', null, null, '海鲜', null, null, null, null, '青霉素'];
const GRADES = ['mild', 'moderate', 'severe'] as const;

function categoriesOf(i: number, year: number): CategoryEvidence[] {
  const out: CategoryEvidence[] = [];
  const thisYear = { validFrom: `${year}-01-01`, validUntil: `${year}-12-31` };
  if (i % 12 === 6) out.push({ category: 'tekun', validFrom: `${year - 3}-03-01` });
  else if (i % 7 === 1) out.push({ category: 'dibao', ...thisYear });
  else if (i % 11 === 2) out.push({ category: 'low_income', ...thisYear });
  if (i % 9 === 3) out.push({ category: 'disabled_care', abilityGrade: GRADES[i % 3], validFrom: `${year - 1}-06-01` });
  if (i % 5 === 4) out.push({ category: 'living_alone', validFrom: `${year - 2}-01-01` });
  if (i % 13 === 8) out.push({ category: 'veteran', validFrom: '1985-01-01' });
  return out;
}

interface SetMealDemo {
  meal: Meal;
  name: string;
  dishes: string[][];
  nutritionTags: string[];
  portionLimit: number | null;
  /** How many of a hundred members choose it, other things equal. */
  appeal: number;
  /** Diets it suits (chosen three times as often) and diets that keep away from it. */
  suits: DietaryTag[];
  avoidedBy: DietaryTag[];
}

/**
 * A dish list per weekday (Monday first), so the weeks read like a real rotating menu. Portion
 * limits are for the ~350 lunches and ~110 dinners a day of 1,600 members.
 */
const SET_MEALS: SetMealDemo[] = [
  { meal: 'breakfast', name: '粥点套餐', nutritionTags: ['软食', '低脂'], portionLimit: null, appeal: 55, suits: ['soft', 'liquid', 'low_fat'], avoidedBy: [],
    dishes: [['小米粥', '鸡蛋', '菜包'], ['南瓜粥', '茶叶蛋', '馒头'], ['白粥', '咸鸭蛋', '花卷'], ['红豆粥', '鸡蛋', '肉包'], ['玉米粥', '蒸蛋', '菜包'], ['八宝粥', '鸡蛋', '发糕'], ['白粥', '豆腐乳', '馒头']] },
  { meal: 'breakfast', name: '面点套餐', nutritionTags: ['主食'], portionLimit: null, appeal: 45, suits: [], avoidedBy: ['liquid'],
    dishes: [['热干面', '豆浆'], ['清汤面', '豆浆'], ['牛肉粉', '豆浆'], ['热干面', '米酒'], ['馄饨', '豆浆'], ['鸡蛋面', '豆浆'], ['热干面', '豆浆']] },
  { meal: 'lunch', name: '红烧肉套餐', nutritionTags: ['高蛋白'], portionLimit: 200, appeal: 42, suits: [], avoidedBy: ['vegetarian', 'halal', 'low_fat', 'liquid'],
    dishes: [['红烧肉', '炒青菜', '冬瓜汤', '米饭'], ['红烧排骨', '清炒莴笋', '紫菜蛋汤', '米饭'], ['土豆烧肉', '蒜蓉菠菜', '萝卜汤', '米饭'], ['粉蒸肉', '手撕包菜', '冬瓜汤', '米饭'], ['红烧肉', '清炒豆角', '番茄蛋汤', '米饭'], ['卤鸡腿', '炒白菜', '海带汤', '米饭'], ['红烧牛腩', '炒西兰花', '紫菜汤', '米饭']] },
  { meal: 'lunch', name: '清蒸鱼套餐', nutritionTags: ['高蛋白', '低脂', '软烂'], portionLimit: 160, appeal: 35, suits: ['soft', 'low_fat', 'low_salt'], avoidedBy: ['vegetarian'],
    dishes: [['清蒸鳊鱼', '蒸蛋羹', '炒冬瓜', '米饭'], ['清蒸鲈鱼', '肉末豆腐', '炒丝瓜', '米饭'], ['鱼丸汤', '番茄炒蛋', '炒南瓜', '米饭'], ['清蒸鳊鱼', '虾仁蒸蛋', '炒茄子', '米饭'], ['鲫鱼豆腐汤', '肉末茄子', '炒白菜', '米饭'], ['清蒸鲈鱼', '蒸蛋羹', '炒冬瓜', '米饭'], ['红烧鱼块', '豆腐羹', '炒青菜', '米饭']] },
  { meal: 'lunch', name: '素食套餐', nutritionTags: ['素食', '低盐', '高纤维'], portionLimit: 120, appeal: 23, suits: ['vegetarian', 'low_salt', 'low_sugar', 'halal'], avoidedBy: [],
    dishes: [['麻婆豆腐(不辣)', '清炒时蔬', '菌菇汤', '杂粮饭'], ['香菇青菜', '家常豆腐', '冬瓜汤', '杂粮饭'], ['素炒三丝', '蒸南瓜', '紫菜汤', '杂粮饭'], ['地三鲜', '炒油麦菜', '菌菇汤', '杂粮饭'], ['西红柿炒蛋', '炒藕片', '豆腐汤', '杂粮饭'], ['蒸茄子', '炒豆芽', '青菜汤', '杂粮饭'], ['素烩', '炒菠菜', '冬瓜汤', '杂粮饭']] },
  { meal: 'dinner', name: '家常套餐', nutritionTags: ['均衡'], portionLimit: null, appeal: 65, suits: [], avoidedBy: ['vegetarian', 'halal', 'liquid'],
    dishes: [['青椒肉丝', '炒白菜', '米饭'], ['木耳炒肉', '炒豆角', '米饭'], ['洋葱炒蛋', '炒青菜', '米饭'], ['肉末豆腐', '炒冬瓜', '米饭'], ['香菇滑鸡', '炒菠菜', '米饭'], ['番茄牛肉', '炒莴笋', '米饭'], ['蒜苔炒肉', '炒白菜', '米饭']] },
  { meal: 'dinner', name: '软食套餐', nutritionTags: ['软食', '低盐', '易消化'], portionLimit: 80, appeal: 35, suits: ['soft', 'liquid', 'low_salt'], avoidedBy: ['vegetarian'],
    dishes: [['肉末粥', '蒸蛋羹', '南瓜泥'], ['鸡肉粥', '豆腐羹', '蒸山药'], ['鱼片粥', '蒸蛋羹', '土豆泥'], ['瘦肉粥', '豆腐羹', '蒸南瓜'], ['青菜肉末面', '蒸蛋羹'], ['鸡蛋面片', '豆腐羹'], ['小米南瓜粥', '肉末蒸蛋']] },
];
const SET_MEAL_BY_NAME = new Map(SET_MEALS.map((s) => [s.name, s]));

/** How much a member likes a set meal, by their diet. */
function appeal(setMeal: Pick<ICanteenSetMeal, 'name'>, member: Pick<ICanteenMember, 'dietaryTags'>): number {
  const demo = SET_MEAL_BY_NAME.get(setMeal.name)!;
  const has = (tags: DietaryTag[]) => member.dietaryTags.some((t) => tags.includes(t));
  return demo.appeal * (has(demo.suits) ? 3 : 1) * (has(demo.avoidedBy) ? 0.02 : 1);
}

/** A birth date that makes the member 60–95 years old today. */
function birthDateFor(today: BusinessDate, i: number): BusinessDate {
  const age = 60 + ((i * 7) % 36);
  const [y, m, d] = today.split('-').map(Number);
  const month = 1 + ((i * 5) % 12);
  const day = 1 + ((i * 11) % 28);
  const passed = month < m || (month === m && day <= d);
  return `${y - age - (passed ? 0 : 1)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The first day of the order history: two weeks before today. Each week of history adds about
 * 3,500 orders (priced and written with their units, shares and journal) and 3–4 s of CPU to the
 * first start on this project's 2-core machines, so a third week would cost more than it shows.
 */
export const historyStart = (today: BusinessDate): BusinessDate => addDays(today, -HISTORY_DAYS);
const HISTORY_DAYS = 14;
export const DEMO_MEMBERS = 1_600;

/**
 * The journeys and stories find 张三丰 by zsf and 陈淑珍 by name as the first hit: no generated
 * member takes those names or those initials (曾淑芳, read ceng, would sort before 张).
 */
const FOUND_FIRST = { names: ['张三丰', '陈淑珍'], initials: ['zsf'] };
const foundFirst = new Map<string, boolean>();
function foundFirstAs(name: string): boolean {
  let found = foundFirst.get(name);
  // Names repeat (that is the point), and each pinyin reading costs as much as the rest of a member.
  if (found === undefined) foundFirst.set(name, (found = FOUND_FIRST.names.includes(name) || memberSearchKeys(name).initials.some((i) => FOUND_FIRST.initials.includes(i))));
  return found;
}

/** The first members, by hand: the journeys and stories know them by card (XFL-0001 …). */
function handMembers(today: BusinessDate): MemberFields[] {
  const year = Number(today.slice(0, 4));
  return NAMES.map((name, i) => {
    const building = `${1 + (i % 12)}栋`;
    const room = `${1 + (i % 3)}单元${1 + (i % 6)}0${1 + (i % 4)}`;
    const categories = categoriesOf(i, year);
    return {
      cardNumber: `XFL-${String(i + 1).padStart(4, '0')}`,
      name,
      idNumber: makeIdNumber('420802', birthDateFor(today, i), (i * 2 + (WOMEN.has(i) ? 0 : 1)) % 1000),
      phone: `1${['38', '39', '58', '86', '35'][i % 5]}${String(27_000_000 + i * 104_729).slice(-8)}`,
      address: `荆门市东宝区浏河社区${building}${room}`,
      building,
      room,
      homebound: i % 8 === 5 || categories.some((c) => c.category === 'disabled_care' && c.abilityGrade !== 'mild'),
      emergencyContact: { name: `${name[0]}${['军', '敏', '强', '静', '伟', '芳'][i % 6]}`, phone: `1${['37', '59', '88'][i % 3]}${String(61_000_000 + i * 7_919).slice(-8)}`, relation: ['儿子', '女儿', '儿媳', '侄子'][i % 4] },
      dietaryTags: TAGS[i % TAGS.length],
      allergies: ALLERGIES[i % ALLERGIES.length],
      categories,
    };
  });
}

/** Opening wallet balances: the hand members' as the journeys expect them, the others' as cards are loaded (¥50–¥300, or none yet). */
function openingFen(fields: MemberFields, i: number, random: Random): number {
  if (i < NAMES.length) return fields.categories?.some((c) => c.category === 'tekun') ? 2_000 : (5 + ((i * 37) % 30)) * 1_000;
  return random.chance(0.75) ? random.pick([5_000, 10_000, 20_000, 30_000]) : 0;
}

/**
 * Seeds the 幸福里 canteen on a site whose cost sharing is already seeded: 1,600 members
 * (the 60 by hand, the rest drawn by people.ts), their wallets with opening balances
 * (journal entries), published plans from two weeks back to next week, and the orders of
 * those weeks up to today (order-history.ts), taken by `staffId`. One transaction, written in
 * bulk. Does nothing if the site already has members. Returns how many members, set meals
 * and orders it created.
 */
export async function seedCanteenDemo(em: EntityManager, siteId: string, clock: Clock, staffId: string): Promise<{ members: number; setMeals: number; orders: number }> {
  if ((await em.count(CanteenMember, { siteId })) > 0) return { members: 0, setMeals: 0, orders: 0 };
  const now = clock.now();
  const today = businessDateOf(now);
  const from = historyStart(today);
  const openedAt = DateTime.fromISO(`${addDays(from, -1)}T09:00`, { zone: BUSINESS_ZONE }).toJSDate();
  const rules = await mealRules(em, siteId);
  return em.transactional(async (tx) => {
    const settings = await siteSettings(tx, siteId);
    const random = seededRandom(20_261_205);
    const hand = handMembers(today);
    const taken = {
      name: foundFirstAs,
      idNumbers: new Set(hand.map((m) => m.idNumber)),
      homes: new Set(hand.map((m) => `${m.building}${m.room}`)),
    };
    const all = [...hand, ...demoPeople(random, { today, count: DEMO_MEMBERS - hand.length, firstCard: hand.length + 1, taken })];
    const members = all.map((fields) => newMemberRow(siteId, fields, settings.defaultOverdraftLimitFen, openedAt));
    const openings = members.flatMap((member, i) => {
      const amountFen = openingFen(all[i], i, random);
      return amountFen > 0 ? [openingBalance(member, amountFen, addDays(from, -1), openedAt)] : [];
    });

    const closed = await closedDates(tx, siteId);
    const serviceDays = orderingPolicy(settings, closed).serviceDays;
    const plans: ICanteenPlan[] = [];
    const setMeals: ICanteenSetMeal[] = [];
    for (let weekStart = mondayOf(from); weekStart <= addDays(mondayOf(today), 7); weekStart = addDays(weekStart, 7)) {
      if (await tx.count(CanteenPlan, { siteId, weekStart })) continue;
      const publishedAt = DateTime.min(DateTime.fromISO(`${addDays(weekStart, -3)}T16:00`, { zone: BUSINESS_ZONE }), now).toJSDate();
      const plan: ICanteenPlan = { id: newId(), siteId, weekStart, status: 'published', publishedAt, publishedBy: null, createdAt: publishedAt };
      plans.push(plan);
      for (let d = 0; d < 7; d++) {
        const date = addDays(weekStart, d);
        if (!isServiceDay(date, serviceDays)) continue;
        SET_MEALS.forEach((s, order) => {
          setMeals.push({
            id: newId(),
            siteId,
            planId: plan.id,
            date,
            meal: s.meal,
            name: s.name,
            dishes: s.dishes[d],
            nutritionTags: s.nutritionTags,
            portionLimit: s.portionLimit,
            orderedPortions: 0,
            published: true,
            sortOrder: order,
            createdAt: publishedAt,
          });
        });
      }
    }

    const orders = await seedOrderHistory(tx, random, {
      siteId,
      staffId,
      members,
      keptAsIs: new Set(members.slice(0, hand.length).map((m) => m.id)),
      setMeals,
      appeal,
      from,
      now,
      rules,
      portionsPerMeal: settings.tierPricedPortionsPerMeal,
    });
    // After the history, which moved the wallets and the portion counts.
    await insertRows(tx, CanteenMember, members);
    await insertRows(tx, JournalEntry, openings.map((o) => o.entry));
    await insertRows(tx, JournalLine, openings.flatMap((o) => o.lines));
    await insertRows(tx, CanteenPlan, plans);
    await insertRows(tx, CanteenSetMeal, setMeals);
    return { members: members.length, setMeals: setMeals.length, orders };
  });
}
