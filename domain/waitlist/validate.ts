import { type BusinessDate, isBusinessDate } from '../shared/business-date';
import { type Problem, ProblemsError } from '../shared/problems';
import type { Predicate, Rule, RuleSet } from './rules';

export type { Problem };

/** A rule set, a queue or holds that the engine cannot work from; the API answers 422 with the problems. */
export class WaitlistError extends ProblemsError {}

const NAME = /^[a-z][a-z0-9_]{0,63}$/;
/** Deep enough for any rule a person writes by hand; a bound keeps evaluation cheap. */
const MAX_DEPTH = 6;

type Json = Record<string, unknown>;

class Checker {
  readonly problems: Problem[] = [];

  fail(field: string, message: string): false {
    this.problems.push({ field, message });
    return false;
  }

  object(value: unknown, field: string, allowed: readonly string[]): value is Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.fail(field, 'must be an object');
    for (const key of Object.keys(value)) if (!allowed.includes(key)) this.fail(`${field}.${key}`, `is not a known key (expected one of ${allowed.join(', ')})`);
    return true;
  }

  name(value: unknown, field: string): void {
    if (typeof value !== 'string' || !NAME.test(value)) this.fail(field, 'must be a lower-case name such as both_parents_working');
  }

  integer(value: unknown, field: string, min: number): void {
    if (!Number.isSafeInteger(value) || (value as number) < min) this.fail(field, `must be a whole number ≥ ${min}`);
  }

  factValue(value: unknown, field: string): void {
    if (!['boolean', 'number', 'string'].includes(typeof value) || (typeof value === 'number' && !Number.isFinite(value))) {
      this.fail(field, 'must be true/false, a number or a text');
    }
  }

  bounds(p: Json, field: string): void {
    for (const b of ['min', 'max'] as const) {
      if (p[b] !== undefined && (typeof p[b] !== 'number' || !Number.isFinite(p[b]))) this.fail(`${field}.${b}`, 'must be a number');
    }
    if (p.min === undefined && p.max === undefined) this.fail(field, 'needs min, max or both');
    else if (typeof p.min === 'number' && typeof p.max === 'number' && p.min > p.max) this.fail(field, `min ${p.min} is above max ${p.max}`);
  }

  predicate(value: unknown, field: string, depth: number): void {
    if (depth > MAX_DEPTH) {
      this.fail(field, `nests deeper than ${MAX_DEPTH} levels`);
      return;
    }
    const op = typeof value === 'object' && value !== null ? (value as Json).op : undefined;
    const keys: Record<Predicate['op'], string[]> = {
      present: ['fact'],
      equals: ['fact', 'value'],
      oneOf: ['fact', 'values'],
      between: ['fact', 'min', 'max'],
      age: ['fact', 'min', 'max'],
      count: ['event', 'atLeast', 'withinDays'],
      all: ['of'],
      any: ['of'],
      not: ['of'],
    };
    if (typeof op !== 'string' || !Object.hasOwn(keys, op)) {
      this.fail(`${field}.op`, `must be one of ${Object.keys(keys).join(', ')}`);
      return;
    }
    const p = value as Json;
    if (!this.object(p, field, ['op', ...keys[op as Predicate['op']]])) return;
    switch (op as Predicate['op']) {
      case 'present':
        return this.name(p.fact, `${field}.fact`);
      case 'equals':
        this.name(p.fact, `${field}.fact`);
        return this.factValue(p.value, `${field}.value`);
      case 'oneOf':
        this.name(p.fact, `${field}.fact`);
        if (!Array.isArray(p.values) || p.values.length === 0) this.fail(`${field}.values`, 'must list at least one value');
        else p.values.forEach((v, i) => this.factValue(v, `${field}.values[${i}]`));
        return;
      case 'between':
      case 'age':
        this.name(p.fact, `${field}.fact`);
        return this.bounds(p, field);
      case 'count':
        this.name(p.event, `${field}.event`);
        this.integer(p.atLeast, `${field}.atLeast`, 1);
        if (p.withinDays !== undefined) this.integer(p.withinDays, `${field}.withinDays`, 1);
        return;
      case 'all':
      case 'any':
        if (!Array.isArray(p.of) || p.of.length === 0) this.fail(`${field}.of`, 'must list at least one condition');
        else p.of.forEach((q, i) => this.predicate(q, `${field}.of[${i}]`, depth + 1));
        return;
      case 'not':
        return this.predicate(p.of, `${field}.of`, depth + 1);
    }
  }

  effect(value: unknown, field: string): void {
    const kinds: Record<string, (v: unknown, f: string) => void> = {
      points: (v, f) => {
        if (!Number.isSafeInteger(v) || v === 0) this.fail(f, 'must be a whole number of points, not 0');
      },
      policyClass: (v, f) => this.integer(v, f, 0),
      lowerClassBy: (v, f) => this.integer(v, f, 1),
      suspend: (v, f) => {
        if (v !== true) this.fail(f, 'must be true');
      },
    };
    if (!this.object(value, field, Object.keys(kinds))) return;
    const keys = Object.keys(value);
    if (keys.length !== 1) this.fail(field, 'must have exactly one of points, policyClass, lowerClassBy, suspend');
    else if (Object.hasOwn(kinds, keys[0])) kinds[keys[0]](value[keys[0]], `${field}.${keys[0]}`);
  }

  words(value: unknown, field: string): void {
    if (!this.object(value, field, ['zh', 'en'])) return;
    for (const lang of ['zh', 'en'] as const) {
      if (typeof value[lang] !== 'string' || value[lang].trim() === '') this.fail(`${field}.${lang}`, 'must say the reason in words');
    }
  }

  rule(value: unknown, field: string): void {
    if (!this.object(value, field, ['code', 'label', 'when', 'effect'])) return;
    this.name(value.code, `${field}.code`);
    this.words(value.label, `${field}.label`);
    this.predicate(value.when, `${field}.when`, 1);
    this.effect(value.effect, `${field}.effect`);
  }

  ruleSet(value: unknown, field: string): void {
    if (!this.object(value, field, ['version', 'effectiveFrom', 'defaultClass', 'rules'])) return;
    this.integer(value.version, `${field}.version`, 1);
    if (typeof value.effectiveFrom !== 'string' || !isBusinessDate(value.effectiveFrom)) this.fail(`${field}.effectiveFrom`, 'must be a YYYY-MM-DD date');
    this.integer(value.defaultClass, `${field}.defaultClass`, 0);
    if (!Array.isArray(value.rules)) {
      this.fail(`${field}.rules`, 'must be a list of rules');
      return;
    }
    const seen = new Set<unknown>();
    value.rules.forEach((r: unknown, i) => {
      this.rule(r, `${field}.rules[${i}]`);
      const code = (r as Partial<Rule> | null)?.code;
      if (seen.has(code)) this.fail(`${field}.rules[${i}].code`, `${String(code)} is used by an earlier rule`);
      seen.add(code);
    });
  }
}

/** The rule set, typed, or a WaitlistError listing every problem found (stored JSON goes through here). */
export function validateRuleSet(value: unknown): RuleSet {
  const check = new Checker();
  check.ruleSet(value, 'ruleSet');
  if (check.problems.length > 0) throw new WaitlistError(check.problems);
  return value as RuleSet;
}

/**
 * A site's versions of its rules: each valid, versions and effective dates unique, and a
 * later version never in force before an earlier one (so "version 3" always means the newer rules).
 */
export function validateRuleSetHistory(values: readonly unknown[]): RuleSet[] {
  const check = new Checker();
  values.forEach((v, i) => check.ruleSet(v, `ruleSets[${i}]`));
  if (check.problems.length > 0) throw new WaitlistError(check.problems);
  const sets = [...(values as RuleSet[])].sort((a, b) => a.version - b.version);
  for (let i = 1; i < sets.length; i++) {
    const [before, after] = [sets[i - 1], sets[i]];
    if (before.version === after.version) check.fail(`ruleSets (version ${after.version})`, 'is given twice');
    else if (after.effectiveFrom <= before.effectiveFrom) {
      check.fail(`ruleSets (version ${after.version})`, `takes effect on ${after.effectiveFrom}, not after version ${before.version} (${before.effectiveFrom})`);
    }
  }
  if (check.problems.length > 0) throw new WaitlistError(check.problems);
  return sets;
}

/** The latest rule set whose effective date is not after `date`. */
export function ruleSetInForce(ruleSets: readonly RuleSet[], date: BusinessDate): RuleSet {
  let inForce: RuleSet | undefined;
  for (const s of ruleSets) if (s.effectiveFrom <= date && (inForce === undefined || s.effectiveFrom > inForce.effectiveFrom)) inForce = s;
  if (inForce === undefined) throw new WaitlistError([{ field: 'date', message: `no rule set is in force on ${date}` }]);
  return inForce;
}
