import type { EntityManager } from '@mikro-orm/core';
import { isServiceDay } from '../../domain/shared/calendar';
import { makeIdNumber } from '../../domain/shared/identity';
import { businessDateOf, BusinessDate, Clock } from '../../domain/shared/time';
import type { CategoryEvidence, Meal } from '../../domain/canteen';
import { newId } from '../entity-helpers';
import type { MemberFields } from '../modules/canteen/canteen.schemas';
import { closedDates, orderingPolicy, siteSettings } from '../modules/canteen/canteen.policy';
import type { DietaryTag } from '../../domain/canteen';
import { CanteenMember } from '../modules/canteen/member.entity';
import { newMember } from '../modules/canteen/members.service';
import { CanteenPlan, CanteenSetMeal } from '../modules/canteen/plan.entity';
import { addDays, mondayOf } from '../modules/canteen/plans.service';
import { openWallet } from '../modules/canteen/wallet.service';

/*
 * DEMO VALUES for the 幸福里 canteen: members, wallets and two weeks of published menus.
 * Names, numbers and balances are invented; the ID numbers are valid (GB 11643) but made up
 * for 荆门市东宝区 (420802).
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
}

/** A dish list per weekday (Monday first), so the two weeks read like a real rotating menu. */
const SET_MEALS: SetMealDemo[] = [
  { meal: 'breakfast', name: '粥点套餐', nutritionTags: ['软食', '低脂'], portionLimit: null,
    dishes: [['小米粥', '鸡蛋', '菜包'], ['南瓜粥', '茶叶蛋', '馒头'], ['白粥', '咸鸭蛋', '花卷'], ['红豆粥', '鸡蛋', '肉包'], ['玉米粥', '蒸蛋', '菜包'], ['八宝粥', '鸡蛋', '发糕'], ['白粥', '豆腐乳', '馒头']] },
  { meal: 'breakfast', name: '面点套餐', nutritionTags: ['主食'], portionLimit: null,
    dishes: [['热干面', '豆浆'], ['清汤面', '豆浆'], ['牛肉粉', '豆浆'], ['热干面', '米酒'], ['馄饨', '豆浆'], ['鸡蛋面', '豆浆'], ['热干面', '豆浆']] },
  { meal: 'lunch', name: '红烧肉套餐', nutritionTags: ['高蛋白'], portionLimit: 120,
    dishes: [['红烧肉', '炒青菜', '冬瓜汤', '米饭'], ['红烧排骨', '清炒莴笋', '紫菜蛋汤', '米饭'], ['土豆烧肉', '蒜蓉菠菜', '萝卜汤', '米饭'], ['粉蒸肉', '手撕包菜', '冬瓜汤', '米饭'], ['红烧肉', '清炒豆角', '番茄蛋汤', '米饭'], ['卤鸡腿', '炒白菜', '海带汤', '米饭'], ['红烧牛腩', '炒西兰花', '紫菜汤', '米饭']] },
  { meal: 'lunch', name: '清蒸鱼套餐', nutritionTags: ['高蛋白', '低脂', '软烂'], portionLimit: 100,
    dishes: [['清蒸鳊鱼', '蒸蛋羹', '炒冬瓜', '米饭'], ['清蒸鲈鱼', '肉末豆腐', '炒丝瓜', '米饭'], ['鱼丸汤', '番茄炒蛋', '炒南瓜', '米饭'], ['清蒸鳊鱼', '虾仁蒸蛋', '炒茄子', '米饭'], ['鲫鱼豆腐汤', '肉末茄子', '炒白菜', '米饭'], ['清蒸鲈鱼', '蒸蛋羹', '炒冬瓜', '米饭'], ['红烧鱼块', '豆腐羹', '炒青菜', '米饭']] },
  { meal: 'lunch', name: '素食套餐', nutritionTags: ['素食', '低盐', '高纤维'], portionLimit: 80,
    dishes: [['麻婆豆腐(不辣)', '清炒时蔬', '菌菇汤', '杂粮饭'], ['香菇青菜', '家常豆腐', '冬瓜汤', '杂粮饭'], ['素炒三丝', '蒸南瓜', '紫菜汤', '杂粮饭'], ['地三鲜', '炒油麦菜', '菌菇汤', '杂粮饭'], ['西红柿炒蛋', '炒藕片', '豆腐汤', '杂粮饭'], ['蒸茄子', '炒豆芽', '青菜汤', '杂粮饭'], ['素烩', '炒菠菜', '冬瓜汤', '杂粮饭']] },
  { meal: 'dinner', name: '家常套餐', nutritionTags: ['均衡'], portionLimit: null,
    dishes: [['青椒肉丝', '炒白菜', '米饭'], ['木耳炒肉', '炒豆角', '米饭'], ['洋葱炒蛋', '炒青菜', '米饭'], ['肉末豆腐', '炒冬瓜', '米饭'], ['香菇滑鸡', '炒菠菜', '米饭'], ['番茄牛肉', '炒莴笋', '米饭'], ['蒜苔炒肉', '炒白菜', '米饭']] },
  { meal: 'dinner', name: '软食套餐', nutritionTags: ['软食', '低盐', '易消化'], portionLimit: 40,
    dishes: [['肉末粥', '蒸蛋羹', '南瓜泥'], ['鸡肉粥', '豆腐羹', '蒸山药'], ['鱼片粥', '蒸蛋羹', '土豆泥'], ['瘦肉粥', '豆腐羹', '蒸南瓜'], ['青菜肉末面', '蒸蛋羹'], ['鸡蛋面片', '豆腐羹'], ['小米南瓜粥', '肉末蒸蛋']] },
];

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
 * Seeds the 幸福里 canteen on a site whose cost sharing is already seeded: ~60 members (ages
 * 60–95, some 低保 / 特困, a few homebound), their wallets with opening balances (journal
 * entries), and published plans for this week and next. Does nothing if the site already
 * has members. Returns how many members and set meals it created.
 */
export async function seedCanteenDemo(em: EntityManager, siteId: string, clock: Clock): Promise<{ members: number; setMeals: number }> {
  if ((await em.count(CanteenMember, { siteId })) > 0) return { members: 0, setMeals: 0 };
  const today = businessDateOf(clock.now());
  const year = Number(today.slice(0, 4));
  return em.transactional(async (tx) => {
    const settings = await siteSettings(tx, siteId);
    NAMES.forEach((name, i) => {
      const building = `${1 + (i % 12)}栋`;
      const room = `${1 + (i % 3)}单元${1 + (i % 6)}0${1 + (i % 4)}`;
      const categories = categoriesOf(i, year);
      const homebound = i % 8 === 5 || categories.some((c) => c.category === 'disabled_care' && c.abilityGrade !== 'mild');
      const fields: MemberFields = {
        cardNumber: `XFL-${String(i + 1).padStart(4, '0')}`,
        name,
        idNumber: makeIdNumber('420802', birthDateFor(today, i), (i * 2 + (WOMEN.has(i) ? 0 : 1)) % 1000),
        phone: `1${['38', '39', '58', '86', '35'][i % 5]}${String(27_000_000 + i * 104_729).slice(-8)}`,
        address: `荆门市东宝区浏河社区${building}${room}`,
        building,
        room,
        homebound,
        emergencyContact: { name: `${name[0]}${['军', '敏', '强', '静', '伟', '芳'][i % 6]}`, phone: `1${['37', '59', '88'][i % 3]}${String(61_000_000 + i * 7_919).slice(-8)}`, relation: ['儿子', '女儿', '儿媳', '侄子'][i % 4] },
        dietaryTags: TAGS[i % TAGS.length],
        allergies: ALLERGIES[i % ALLERGIES.length],
        categories,
      };
      const member = newMember(tx, siteId, fields, settings.defaultOverdraftLimitFen);
      openWallet(tx, member, categories.some((c) => c.category === 'tekun') ? 2_000 : (5 + ((i * 37) % 30)) * 1_000, today);
    });

    const first = mondayOf(today);
    const closed = await closedDates(tx, siteId);
    const serviceDays = orderingPolicy(settings, closed).serviceDays;
    let setMeals = 0;
    for (const weekStart of [first, addDays(first, 7)]) {
      if (await tx.count(CanteenPlan, { siteId, weekStart })) continue;
      const plan = tx.create(CanteenPlan, { id: newId(), siteId, weekStart, status: 'published', publishedAt: clock.now().toJSDate(), publishedBy: null });
      for (let d = 0; d < 7; d++) {
        const date = addDays(weekStart, d);
        if (!isServiceDay(date, serviceDays)) continue;
        SET_MEALS.forEach((s, order) => {
          tx.create(CanteenSetMeal, {
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
          });
          setMeals++;
        });
      }
    }
    await tx.flush();
    return { members: NAMES.length, setMeals };
  });
}
