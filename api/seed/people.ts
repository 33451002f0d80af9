import type { CategoryEvidence, DietaryTag } from '../../domain/canteen';
import type { AbilityGrade } from '../../domain/shared/categories';
import { makeIdNumber } from '../../domain/shared/identity';
import type { BusinessDate } from '../../domain/shared/time';
import type { MemberFields } from '../modules/canteen/canteen.schemas';
import type { Random } from './random';

/*
 * DEMO VALUES: the elderly of 浏河社区 as the canteen registers them. Names, numbers and
 * homes are invented, but drawn the way a real register reads: surnames by their frequency
 * in China, given names of the 1930s–60s (so several 王秀英 and 张桂兰, and members found by
 * the same pinyin initials), couples at one address, valid ID numbers of 荆门 (4208xx)
 * for ages 60–98, and the categories of the canteen's vocabulary in the shares a community
 * of this size has (about 3 % 特困, 8 % 低保, 15 % aged 80 or over, 5 % homebound).
 */

type Table<T> = readonly (readonly [T, number])[];

/** Per mille of the population (公安部 2020 surname ranking, rounded), with Hubei's 熊, 涂 and 万 a little commoner. */
export const SURNAMES: Table<string> = [
  ['王', 71], ['李', 70], ['张', 64], ['刘', 54], ['陈', 45], ['杨', 31], ['黄', 22], ['赵', 22], ['吴', 20], ['周', 19],
  ['徐', 13], ['孙', 12], ['马', 12], ['胡', 14], ['朱', 12], ['郭', 10], ['何', 9], ['罗', 9], ['高', 9], ['林', 8],
  ['郑', 7], ['梁', 7], ['谢', 6], ['唐', 5], ['宋', 5], ['许', 5], ['邓', 5], ['韩', 5], ['冯', 4], ['曹', 4],
  ['彭', 4], ['曾', 4], ['肖', 4], ['田', 4], ['董', 4], ['潘', 3], ['袁', 3], ['蔡', 3], ['蒋', 3], ['余', 3],
  ['于', 3], ['杜', 3], ['叶', 3], ['程', 3], ['魏', 3], ['苏', 3], ['吕', 3], ['丁', 3], ['任', 3], ['卢', 3],
  ['姚', 3], ['沈', 2], ['钟', 2], ['姜', 2], ['崔', 2], ['谭', 2], ['陆', 2], ['范', 2], ['汪', 2], ['廖', 2],
  ['石', 2], ['金', 2], ['贾', 2], ['夏', 2], ['付', 2], ['方', 2], ['邹', 2], ['熊', 3], ['白', 2], ['孟', 2],
  ['秦', 2], ['邱', 2], ['侯', 2], ['江', 2], ['尹', 1], ['薛', 1], ['段', 1], ['雷', 1], ['龙', 1], ['黎', 1],
  ['史', 1], ['陶', 1], ['贺', 1], ['毛', 1], ['郝', 1], ['顾', 1], ['龚', 1], ['邵', 1], ['万', 2], ['严', 1],
  ['涂', 2], ['舒', 1], ['鲁', 1], ['易', 1], ['聂', 1], ['向', 1], ['单', 1], ['解', 1], ['欧阳', 1], ['诸葛', 0.2],
];

export const WOMEN: Table<string> = [
  ['秀英', 10], ['桂英', 7], ['秀兰', 7], ['玉兰', 6], ['桂兰', 6], ['秀珍', 5], ['凤英', 5], ['玉珍', 4], ['玉英', 4], ['兰英', 4],
  ['淑珍', 3], ['淑英', 3], ['桂珍', 3], ['秀云', 3], ['桂芳', 3], ['秀芳', 3], ['玉梅', 3], ['丽华', 3], ['秀华', 3], ['桂香', 2],
  ['翠兰', 2], ['素珍', 2], ['金凤', 2], ['春梅', 2], ['淑兰', 2], ['淑华', 2], ['冬梅', 2], ['玉华', 2], ['红梅', 2], ['月英', 2],
  ['菊英', 2], ['爱华', 2], ['桂花', 2], ['秀梅', 2], ['玉芳', 2], ['淑芳', 2], ['玉莲', 2], ['秀琴', 2], ['美兰', 1], ['金兰', 1],
  ['凤兰', 1], ['兰芳', 1], ['素华', 1], ['桂荣', 1], ['金花', 1], ['凤珍', 1], ['爱萍', 1], ['丽君', 1], ['建华', 1], ['小红', 1],
  ['英', 1], ['华', 1], ['珍', 1], ['芳', 1], ['兰', 1],
];

export const MEN: Table<string> = [
  ['建国', 6], ['建华', 5], ['建军', 4], ['国华', 4], ['志强', 4], ['建平', 3], ['志明', 3], ['国庆', 3], ['国强', 3], ['建民', 3],
  ['德明', 2], ['振华', 2], ['文华', 2], ['永刚', 2], ['德胜', 2], ['金生', 2], ['德华', 2], ['荣华', 2], ['永福', 2], ['福生', 2],
  ['光明', 2], ['玉林', 2], ['春生', 2], ['国平', 2], ['卫东', 2], ['向东', 2], ['解放', 2], ['援朝', 2], ['学文', 2], ['树林', 2],
  ['明华', 2], ['新民', 2], ['长海', 1], ['明德', 1], ['长庚', 1], ['德福', 1], ['德顺', 1], ['德才', 1], ['红兵', 1], ['家福', 1],
  ['兴旺', 1], ['国栋', 1], ['立新', 1], ['宝山', 1], ['忠', 1], ['勇', 1], ['斌', 1], ['军', 1], ['强', 1], ['平', 1], ['海', 1], ['林', 1],
];

/** Their children's generation, for the emergency contact. */
const CHILDREN = { male: ['军', '伟', '强', '磊', '勇', '涛', '斌', '刚', '杰', '建军', '晓东', '海波'], female: ['敏', '静', '芳', '艳', '娟', '丽', '燕', '霞', '红', '海燕', '丽娟', '晓梅'] };

/** ID numbers carry the county of birth registration: 东宝区, 掇刀区, and the counties around 荆门 (京山 still as 京山县). */
export const REGIONS: Table<string> = [['420802', 62], ['420804', 12], ['420881', 10], ['420822', 9], ['420821', 7]];

const PHONE_PREFIXES = ['138', '139', '135', '136', '137', '150', '151', '152', '158', '159', '186', '187', '188', '130', '131', '132', '155', '156', '133', '153', '180', '189', '177'];

const ALLERGIES = ['花生', '海鲜', '虾蟹', '鸡蛋', '牛奶', '芒果', '菠萝', '豆制品'];

/**
 * 浏河社区's homes: 1–24栋 are six-floor walk-ups of three 单元 with two doors a floor;
 * 25–36栋 are eighteen-floor towers of two 单元 with four doors a floor.
 */
function homeOf(random: Random): { building: string; room: string } {
  const tower = random.chance(0.35);
  const number = tower ? random.int(25, 36) : random.int(1, 24);
  // The old walk-ups house most of the elderly, and they live low where they can.
  const floor = tower ? random.int(1, 18) : random.weighted<number>([[1, 5], [2, 5], [3, 4], [4, 3], [5, 2], [6, 1]]);
  const unit = random.int(1, tower ? 2 : 3);
  const door = random.int(1, tower ? 4 : 2);
  return { building: `${number}栋`, room: `${unit}单元${floor}0${door}` };
}

/** Ages of the elderly who register at a community canteen: widowhood and living alone rise with age. */
const AGES = {
  couple: [[[60, 69], 52], [[70, 79], 40], [[80, 89], 7.5], [[90, 96], 0.5]] as Table<[number, number]>,
  single: [[[60, 69], 40], [[70, 79], 42], [[80, 89], 15], [[90, 98], 3]] as Table<[number, number]>,
};

export interface DemoPeopleOptions {
  today: BusinessDate;
  count: number;
  /** Card numbers XFL-nnnn from this number on. */
  firstCard: number;
  /** Names kept for others (the journeys find some members first by name or initials), ID numbers and homes already given out. */
  taken: { name: (name: string) => boolean; idNumbers: Set<string>; homes: Set<string> };
}

type Sex = 'male' | 'female';

interface Person {
  sex: Sex;
  age: number;
}

/** `count` members in households of one or two at distinct homes, in the order they registered. */
export function demoPeople(random: Random, { today, count, firstCard, taken }: DemoPeopleOptions): MemberFields[] {
  const year = Number(today.slice(0, 4));
  const people: MemberFields[] = [];
  const ageIn = (band: Table<[number, number]>) => {
    const [from, to] = random.weighted(band);
    return random.int(from, to);
  };
  const nameFor = (sex: Sex, surname?: string): { surname: string; name: string } => {
    for (;;) {
      const family = surname ?? random.weighted(SURNAMES);
      const name = family + random.weighted(sex === 'male' ? MEN : WOMEN);
      if (!taken.name(name)) return { surname: family, name };
    }
  };
  const [y, m, d] = today.split('-').map(Number);
  /** The date `days` before today `years` ago (plain UTC arithmetic: thousands of these, and no zone involved). */
  const before = (years: number, days: number) => new Date(Date.UTC(y - years, m - 1, d - days)).toISOString().slice(0, 10);
  const idNumberFor = (person: Person): string => {
    for (;;) {
      // A birthday 1–364 days ago makes the member exactly `age` today.
      const born = before(person.age, random.int(1, 364));
      const sequence = random.int(0, 499) * 2 + (person.sex === 'male' ? 1 : 0);
      const id = makeIdNumber(random.weighted(REGIONS), born, sequence);
      if (!taken.idNumbers.has(id)) {
        taken.idNumbers.add(id);
        return id;
      }
    }
  };
  const phone = () => `${random.pick(PHONE_PREFIXES)}${String(random.int(0, 99_999_999)).padStart(8, '0')}`;
  /** The first of a month between `from` and `to` years before today. */
  const since = (from: number, to: number) => `${before(0, random.int(from * 365, to * 365)).slice(0, 7)}-01`;

  while (people.length < count) {
    let home: { building: string; room: string };
    do home = homeOf(random);
    while (taken.homes.has(`${home.building}${home.room}`));
    taken.homes.add(`${home.building}${home.room}`);

    const couple = count - people.length >= 2 && random.chance(0.28);
    const household: Person[] = [];
    if (couple) {
      const husband = ageIn(AGES.couple);
      household.push({ sex: 'male', age: husband }, { sex: 'female', age: Math.min(96, Math.max(60, husband + random.int(-6, 3))) });
    } else {
      household.push({ sex: random.chance(0.62) ? 'female' : 'male', age: ageIn(AGES.single) });
    }
    // Means-tested support is granted to a household; 特困 only to someone with no one to support them.
    const tekun = !couple && random.chance(0.055);
    const meansTested = tekun ? null : random.weighted<'dibao' | 'low_income' | null>([['dibao', 8], ['low_income', 4], [null, 88]]);
    const meansFrom = since(0, 5);
    const livingAlone = !couple && (tekun || random.chance(0.25));
    // Children carry the father's surname, which a widow's need not be.
    let childSurname: string | undefined;

    for (const person of household) {
      const { surname, name } = nameFor(person.sex);
      childSurname ??= person.sex === 'male' || random.chance(0.3) ? surname : random.weighted(SURNAMES);
      const categories: CategoryEvidence[] = [];
      if (tekun) categories.push({ category: 'tekun', validFrom: since(1, 10) });
      if (meansTested) categories.push({ category: meansTested, validFrom: meansFrom, validUntil: `${year}-12-31` });
      const careNeed = person.age >= 90 ? 0.25 : person.age >= 80 ? 0.1 : person.age >= 70 ? 0.04 : 0.02;
      const grade: AbilityGrade | null = random.chance(careNeed) ? random.weighted<AbilityGrade>([['mild', 5], ['moderate', 3], ['severe', 2]]) : null;
      if (grade) categories.push({ category: 'disabled_care', abilityGrade: grade, validFrom: since(0, 3) });
      if (random.chance(0.05)) categories.push({ category: 'disability', validFrom: since(5, 30) });
      if (livingAlone) categories.push({ category: 'living_alone', validFrom: since(1, 8) });
      if (person.sex === 'male' && person.age >= 70 && random.chance(0.06)) categories.push({ category: 'veteran', validFrom: '1985-01-01' });

      const homebound =
        grade === 'severe' || (grade === 'moderate' && random.chance(0.7)) || random.chance(person.age >= 90 ? 0.35 : person.age >= 80 ? 0.03 : 0.01);
      const dietaryTags: DietaryTag[] = [];
      if (random.chance(0.2)) dietaryTags.push('low_salt');
      if (random.chance(0.12)) dietaryTags.push('low_sugar');
      if (random.chance(person.age >= 80 || grade === 'moderate' || grade === 'severe' ? 0.2 : 0.05)) dietaryTags.push('soft');
      if (random.chance(0.06)) dietaryTags.push('low_fat');
      if (grade === 'severe' && random.chance(0.2)) dietaryTags.push('liquid');
      if (random.chance(surname === '马' ? 0.3 : 0.004)) dietaryTags.push('halal');
      if (random.chance(0.02)) dietaryTags.push('vegetarian');

      const contact = tekun
        ? { name: nameFor(random.chance(0.5) ? 'male' : 'female').name, phone: phone(), relation: '网格员' }
        : random.chance(0.92)
          ? (() => {
              const son = random.chance(0.5);
              const relation = random.weighted<string>([[son ? '儿子' : '女儿', 8], [son ? '儿媳' : '女婿', 2], ['侄子', 1], ['孙女', 1]]);
              return { name: childSurname + random.pick(son ? CHILDREN.male : CHILDREN.female), phone: phone(), relation };
            })()
          : null;

      people.push({
        cardNumber: `XFL-${String(firstCard + people.length).padStart(4, '0')}`,
        name,
        idNumber: idNumberFor(person),
        phone: random.chance(0.92) ? phone() : null,
        address: `荆门市东宝区浏河社区${home.building}${home.room}`,
        building: home.building,
        room: home.room,
        homebound,
        emergencyContact: contact,
        dietaryTags,
        allergies: random.chance(0.07) ? random.pick(ALLERGIES) : null,
        categories,
      });
    }
  }
  return people;
}

/** A valid 荆门 ID number for someone born on `birthDate` that `taken` does not hold yet (then added to it); its sequence is odd for men. */
export function uniqueIdNumber(random: Random, taken: Set<string>, birthDate: BusinessDate, male: boolean): string {
  for (;;) {
    const id = makeIdNumber(random.weighted(REGIONS), birthDate, random.int(0, 499) * 2 + (male ? 1 : 0));
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}
