import { addDays, type BusinessDate } from '../shared/business-date';
import { ageOn } from '../shared/identity';

/**
 * Priority rules are data, not code: a site stores them as JSON, staff read them, and a
 * family is told which ones applied. Each rule is a predicate on the application's facts
 * and one effect (points, a policy class, a lower class, or a suspension).
 */

export type FactValue = boolean | number | string;

/** A fact the family claimed (resident, dibao, birth_date…); only a verified one scores. */
export interface Fact {
  value: FactValue;
  verified: boolean;
}

/**
 * Something that happened to the application and is counted by rules (declines, voluntary
 * withdrawals). The system records these itself, so they need no verifying. `placeId` says
 * which place an offer was declined or let lapse on: that place is not offered again.
 */
export interface ApplicationEvent {
  kind: string;
  on: BusinessDate;
  placeId?: string;
}

export type Predicate =
  /** The verified fact is there and not `false`. */
  | { op: 'present'; fact: string }
  | { op: 'equals'; fact: string; value: FactValue }
  | { op: 'oneOf'; fact: string; values: FactValue[] }
  /** A verified number within [min, max]; either bound may be left out. */
  | { op: 'between'; fact: string; min?: number; max?: number }
  /** Whole years (周岁) on the ranking date from a verified YYYY-MM-DD fact, within [min, max]. */
  | { op: 'age'; fact: string; min?: number; max?: number }
  /** At least `atLeast` events of `event` on the ranking date or in the `withinDays` before it. */
  | { op: 'count'; event: string; atLeast: number; withinDays?: number }
  | { op: 'all'; of: Predicate[] }
  | { op: 'any'; of: Predicate[] }
  | { op: 'not'; of: Predicate };

export type Effect =
  /** Added to the entry's points; negative after repeated declines, for instance. */
  | { points: number }
  /** The entry's policy class; when several apply, the lowest number (the first class) wins. */
  | { policyClass: number }
  /** Moves the entry this many classes back, after the policy class is decided. */
  | { lowerClassBy: number }
  /** The entry stays listed with its reason but is offered nothing. */
  | { suspend: true };

export interface Words {
  zh: string;
  en: string;
}

export interface Rule {
  /** Stable name, e.g. `tekun_first`; unique in its rule set. */
  code: string;
  /** The reason as a family reads it. */
  label: Words;
  when: Predicate;
  effect: Effect;
}

export interface RuleSet {
  version: number;
  /** First date the rules rank by; the rule set in force is the latest one not after the date. */
  effectiveFrom: BusinessDate;
  /** The class of an entry that no class rule reaches. */
  defaultClass: number;
  rules: Rule[];
}

export interface ApplicationFacts {
  facts: Readonly<Record<string, Fact>>;
  events?: readonly ApplicationEvent[];
}

/** A rule that applied to an entry, as the family and staff see it. */
export interface RuleHit {
  rule: string;
  label: Words;
  effect: Effect;
}

export interface Standing {
  policyClass: number;
  points: number;
  suspended: boolean;
  reasons: RuleHit[];
}

function verified(application: ApplicationFacts, name: string): FactValue | undefined {
  const fact = Object.hasOwn(application.facts, name) ? application.facts[name] : undefined;
  return fact?.verified ? fact.value : undefined;
}

function within(value: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

type Test = (application: ApplicationFacts) => boolean;

/**
 * A predicate turned into a function once per ranking date, so that ten thousand
 * applications do not each redo the date arithmetic of a counting window.
 */
function compile(p: Predicate, date: BusinessDate): Test {
  switch (p.op) {
    case 'present':
      return (a) => {
        const v = verified(a, p.fact);
        return v !== undefined && v !== false;
      };
    case 'equals':
      return (a) => verified(a, p.fact) === p.value;
    case 'oneOf':
      return (a) => {
        const v = verified(a, p.fact);
        return v !== undefined && p.values.includes(v);
      };
    case 'between':
      return (a) => {
        const v = verified(a, p.fact);
        return typeof v === 'number' && within(v, p.min, p.max);
      };
    case 'age':
      return (a) => {
        const born = verified(a, p.fact);
        // A birth date that is not a date, or after the ranking date, gives no age to compare.
        if (typeof born !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(born) || born > date) return false;
        return within(ageOn(born, date), p.min, p.max);
      };
    case 'count': {
      const since = p.withinDays === undefined ? '' : addDays(date, -p.withinDays);
      return (a) => {
        let n = 0;
        for (const e of a.events ?? []) if (e.kind === p.event && e.on <= date && e.on > since) n++;
        return n >= p.atLeast;
      };
    }
    case 'all': {
      const tests = p.of.map((q) => compile(q, date));
      return (a) => tests.every((t) => t(a));
    }
    case 'any': {
      const tests = p.of.map((q) => compile(q, date));
      return (a) => tests.some((t) => t(a));
    }
    case 'not': {
      const test = compile(p.of, date);
      return (a) => !test(a);
    }
  }
}

/** The standing of any application under one rule set on `date`: compiled once, applied to the whole queue. */
export function standingsOn(ruleSet: RuleSet, date: BusinessDate): (application: ApplicationFacts) => Standing {
  // Hits are shared between entries: they are never changed, and ten thousand copies would only feed the collector.
  const rules = ruleSet.rules.map((rule) => ({ rule, test: compile(rule.when, date), hit: { rule: rule.code, label: rule.label, effect: rule.effect } }));
  return (application) => {
    let policyClass: number | undefined;
    let lowerBy = 0;
    let points = 0;
    let suspended = false;
    const reasons: RuleHit[] = [];
    for (const { rule, test, hit } of rules) {
      if (!test(application)) continue;
      reasons.push(hit);
      const e = rule.effect;
      if ('points' in e) points += e.points;
      else if ('policyClass' in e) policyClass = policyClass === undefined ? e.policyClass : Math.min(policyClass, e.policyClass);
      else if ('lowerClassBy' in e) lowerBy += e.lowerClassBy;
      else suspended = true;
    }
    return { policyClass: (policyClass ?? ruleSet.defaultClass) + lowerBy, points, suspended, reasons };
  };
}

/** Where one application stands under one rule set on `date`, with every rule that applied. */
export function standingOf(ruleSet: RuleSet, application: ApplicationFacts, date: BusinessDate): Standing {
  return standingsOn(ruleSet, date)(application);
}
