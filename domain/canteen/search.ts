import { pinyin } from 'pinyin-pro';

/**
 * Keys for the counter's member search. The API stores them in columns when a member is
 * saved, so a search never runs the pinyin conversion over 1,600 names.
 * `pinyin[0]` / `initials[0]` read the first character as a surname (单 shan, 曾 zeng,
 * 解 xie); a second entry holds the everyday reading when it differs, because staff type
 * what they hear and not everyone says the surname reading. ü is typed as v (吕 → lv).
 */
export interface MemberSearchKeys {
  pinyin: string[];
  initials: string[];
}

function lettersOnly(syllables: string[]): string {
  return syllables.join('').toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function memberSearchKeys(name: string): MemberSearchKeys {
  const readings = [{ surname: 'head' as const }, { surname: 'off' as const }].map((mode) => ({
    full: lettersOnly(pinyin(name, { ...mode, toneType: 'none', type: 'array', v: true })),
    initials: lettersOnly(pinyin(name, { ...mode, pattern: 'first', toneType: 'none', type: 'array', v: true })),
  }));
  return {
    pinyin: [...new Set(readings.map((r) => r.full))],
    initials: [...new Set(readings.map((r) => r.initials))],
  };
}

/**
 * How a list of members is ordered: the surname reading's syllables apart, "chen shu zhen",
 * so 陈 (chen) comes before 程 (cheng) as in a dictionary; run together, chenshuzhen would
 * follow chengxiumei. A space sorts before every letter in SQLite's and MariaDB's collations.
 */
export function memberSortKey(name: string): string {
  return pinyin(name, { surname: 'head', toneType: 'none', type: 'array', v: true })
    .map((syllable) => syllable.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean)
    .join(' ');
}

export interface SearchableMember {
  cardNumber: string;
  name: string;
  phone?: string | null;
  idNumber?: string | null;
  /** Precomputed `memberSearchKeys(name)`; computed on the fly when absent. */
  keys?: MemberSearchKeys;
}

export type MatchKind = 'card' | 'phone_last4' | 'id_last4' | 'name' | 'initials' | 'pinyin';

export interface MemberMatch {
  kind: MatchKind;
  /** Higher is better; sort descending, then by name. */
  score: number;
}

/**
 * Bands 20 apart so the kind of match decides first; within a band, a prefix that covers
 * more of the name ranks higher (张三 before 张三丰 for "张三").
 */
const BAND: Record<MatchKind, number> = {
  card: 100,
  phone_last4: 80,
  id_last4: 70,
  name: 60,
  initials: 40,
  pinyin: 20,
};

function prefixScore(kind: MatchKind, query: string, targets: readonly string[]): MemberMatch | null {
  const best = Math.max(0, ...targets.filter((t) => t.startsWith(query)).map((t) => query.length / t.length));
  return best > 0 ? { kind, score: BAND[kind] + Math.round(best * 9) } : null;
}

/** The best way `query` finds `member`, or null when it does not. */
export function matchMember(query: string, member: SearchableMember): MemberMatch | null {
  const q = query.trim().replace(/\s+/g, '');
  if (q === '') return null;
  if (q.toUpperCase() === member.cardNumber.trim().toUpperCase()) return { kind: 'card', score: BAND.card };
  if (/^\d{4}$/.test(q) && member.phone?.trim().endsWith(q)) return { kind: 'phone_last4', score: BAND.phone_last4 };
  if (/^\d{3}[\dXx]$/.test(q) && member.idNumber?.trim().toUpperCase().endsWith(q.toUpperCase())) {
    return { kind: 'id_last4', score: BAND.id_last4 };
  }
  const name = prefixScore('name', q, [member.name.replace(/\s+/g, '')]);
  if (name) return name;
  if (!/^[a-z]+$/i.test(q)) return null;
  const keys = member.keys ?? memberSearchKeys(member.name);
  const lower = q.toLowerCase();
  return prefixScore('initials', lower, keys.initials) ?? prefixScore('pinyin', lower, keys.pinyin);
}
