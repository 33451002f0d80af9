/**
 * A rule set's rules as the rows of a form and back: staff edit a rule's words, effect and a
 * simple condition field by field; a compound condition (all, any, not) travels through the form
 * unchanged. And where in the form the server's paths (`rules[2].when.op`) point.
 * Pure, so Jest reaches it without a browser.
 */
import type { Effect, FactValue, Predicate, Rule } from '../../../domain/waitlist/rules';

export const SIMPLE_OPS = ['present', 'equals', 'oneOf', 'between', 'age', 'count'] as const;
export type SimpleOp = (typeof SIMPLE_OPS)[number];
export const EFFECT_KINDS = ['policyClass', 'points', 'lowerClassBy', 'suspend'] as const;
export type EffectKind = (typeof EFFECT_KINDS)[number];

export interface RuleRow {
  /** Stable for the row's life, so that moving a row moves its inputs with it. */
  key: number;
  code: string;
  zh: string;
  en: string;
  effect: EffectKind;
  /** The effect's number (none for a suspension). */
  amount: number | undefined;
  /** A simple condition's kind, or the compound condition kept as it came. */
  op: SimpleOp | 'compound';
  fact: string;
  /** `equals`: one value as typed; `oneOf`: values separated by commas. */
  value: string;
  min: number | undefined;
  max: number | undefined;
  event: string;
  atLeast: number | undefined;
  withinDays: number | undefined;
  compound?: Predicate;
}

let nextKey = 0;

const blank = (code: string): RuleRow => ({
  key: nextKey++,
  code,
  zh: '',
  en: '',
  effect: 'points',
  amount: undefined,
  op: 'present',
  fact: '',
  value: '',
  min: undefined,
  max: undefined,
  event: '',
  atLeast: undefined,
  withinDays: undefined,
});

/** Typed `true`, `false` and numbers are what they look like; anything else is a text. */
export function factValueOf(typed: string): FactValue {
  const s = typed.trim();
  if (s === 'true' || s === 'false') return s === 'true';
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}
const VALUE_SEPARATOR = /[,，、]/;

export function rowOf(rule: Rule): RuleRow {
  const row = blank(rule.code);
  row.zh = rule.label.zh;
  row.en = rule.label.en;
  const [effect, amount] = Object.entries(rule.effect)[0] as [EffectKind, number | true];
  row.effect = effect;
  row.amount = typeof amount === 'number' ? amount : undefined;
  const w = rule.when;
  switch (w.op) {
    case 'present':
      return { ...row, op: w.op, fact: w.fact };
    case 'equals':
      return { ...row, op: w.op, fact: w.fact, value: String(w.value) };
    case 'oneOf':
      return { ...row, op: w.op, fact: w.fact, value: w.values.map(String).join(', ') };
    case 'between':
    case 'age':
      return { ...row, op: w.op, fact: w.fact, min: w.min, max: w.max };
    case 'count':
      return { ...row, op: w.op, event: w.event, atLeast: w.atLeast, withinDays: w.withinDays };
    default:
      return { ...row, op: 'compound', compound: w };
  }
}

/** A cleared number field holds null: the bound is left out. */
const given = (n: number | null | undefined) => (typeof n === 'number' ? n : undefined);
/** Only the bounds given, so that a rule round-trips key for key. */
const bounds = (row: RuleRow) => Object.fromEntries(Object.entries({ min: given(row.min), max: given(row.max) }).filter(([, v]) => v !== undefined));

function conditionOf(row: RuleRow): Predicate {
  const fact = row.fact.trim();
  switch (row.op) {
    case 'compound':
      return row.compound!;
    case 'present':
      return { op: row.op, fact };
    case 'equals':
      return { op: row.op, fact, value: factValueOf(row.value) };
    case 'oneOf':
      return { op: row.op, fact, values: row.value.split(VALUE_SEPARATOR).filter((v) => v.trim() !== '').map(factValueOf) };
    case 'between':
    case 'age':
      return { op: row.op, fact, ...bounds(row) };
    case 'count': {
      const withinDays = given(row.withinDays);
      return { op: row.op, event: row.event.trim(), atLeast: given(row.atLeast)!, ...(withinDays === undefined ? {} : { withinDays }) };
    }
  }
}

/** The rule as the API takes it; what is missing is left for the server to name by its path. */
export function ruleOf(row: RuleRow): Rule {
  const effect = (row.effect === 'suspend' ? { suspend: true } : { [row.effect]: given(row.amount) }) as Effect;
  return { code: row.code, label: { zh: row.zh.trim(), en: row.en.trim() }, when: conditionOf(row), effect };
}

/** A new row, with a code no other row has (staff never type one). */
export function newRow(rows: readonly Pick<RuleRow, 'code'>[]): RuleRow {
  const taken = new Set(rows.map((r) => r.code));
  let n = rows.length + 1;
  while (taken.has(`rule_${n}`)) n++;
  return blank(`rule_${n}`);
}

/** The part of a row a server path names: its words, its condition, its effect, or the row as a whole. */
export type RowPart = 'zh' | 'en' | 'when' | 'effect' | 'row';
const PARTS: Record<string, RowPart> = { 'label.zh': 'zh', 'label.en': 'en', when: 'when', effect: 'effect' };

/** `rules[2].label.zh` → row 2, its Chinese words; a path outside any rule gives undefined. */
export function rowPartOf(path: string): { row: number; part: RowPart } | undefined {
  const m = /^rules\[(\d+)\](?:\.(label\.zh|label\.en|when|effect))?/.exec(path);
  if (!m) return undefined;
  return { row: Number(m[1]), part: m[2] ? PARTS[m[2]] : 'row' };
}

/** How the form keys a row's complaint: by the row's own key, so that it stays on its row when rows move. */
export const rowErrorKey = (row: Pick<RuleRow, 'key'>, part: RowPart) => `rules.${row.key}.${part}`;
