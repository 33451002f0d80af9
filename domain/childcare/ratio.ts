import type { Words } from '../waitlist';
import { CLASS_KIND_NAMES, type ClassKind } from './classes';

export interface ClassOnDuty {
  classId: string;
  /** The class's name as staff know it (托小一班), said in the warning; the id where none is given. */
  name?: string;
  kind: ClassKind;
  /** The site's ratio for the class's kind: 3 means one carer per 3 children. */
  childrenPerCarer: number;
  childrenPresent: number;
  carersOnDuty: number;
}

export interface RatioCheck {
  classId: string;
  carersNeeded: number;
  /** Carers missing; 0 when the class is staffed. */
  short: number;
  warning: Words | null;
}

/** The day's check per class: every started group of `childrenPerCarer` children needs a carer. */
export function checkRatio(c: ClassOnDuty): RatioCheck {
  if (!Number.isSafeInteger(c.childrenPerCarer) || c.childrenPerCarer < 1) throw new RangeError(`childrenPerCarer must be a whole number ≥ 1, got ${c.childrenPerCarer}`);
  const carersNeeded = Math.ceil(Math.max(0, c.childrenPresent) / c.childrenPerCarer);
  const short = Math.max(0, carersNeeded - c.carersOnDuty);
  const name = CLASS_KIND_NAMES[c.kind];
  const label = c.name ?? c.classId;
  const named = label === name.zh || label === name.en ? '' : label;
  const warning =
    short === 0
      ? null
      : {
          zh: `${name.zh}${named ? `（${named}）` : ''}在园和应到 ${c.childrenPresent} 名幼儿，按 1:${c.childrenPerCarer} 需 ${carersNeeded} 名保育人员，当前在岗 ${c.carersOnDuty} 名，缺 ${short} 名`,
          en: `${name.en}${named ? ` ${named}` : ''}: ${c.childrenPresent} children present or expected need ${carersNeeded} carers at 1:${c.childrenPerCarer}; ${c.carersOnDuty} on duty, ${short} short`,
        };
  return { classId: c.classId, carersNeeded, short, warning };
}
