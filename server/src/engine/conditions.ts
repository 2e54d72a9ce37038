/**
 * Workflow conditions: save-time checks against the data schema, and
 * compilation into closures evaluated on the hot path.
 *
 * Runtime semantics (the schema is not consulted at run time; the expected
 * value's type decides how to compare):
 * - A missing value (undefined or null) makes every comparison false, including
 *   not_equals and not_contains; only is_empty holds for it.
 * - is_empty holds for undefined, null, '' and [].
 * - equals is case-sensitive; a number in the data equals a string expected value
 *   when it prints the same (ids may arrive as numbers or strings). A date-only
 *   expected value (`2024-05-01`) equals any instant on that UTC day; another ISO
 *   date equals the same instant.
 * - contains / starts_with / ends_with on text are case-insensitive; contains on a
 *   list means some item equals the value (equals semantics).
 * - Numeric operators coerce numeric strings from payloads; anything else is false.
 * - Dates: Date objects or strings read by Date.parse. before/after compare
 *   instants (a date-only value means UTC midnight); within_last_days holds when
 *   the value is not in the future and at most N days before `now`.
 * - Groups short-circuit: `checks` lists the comparisons actually evaluated, in order.
 * - A list test records one check: op `list_any` / `list_all` / `list_none`,
 *   `actual` the list's length (or the raw value if it is not a list), and `item`
 *   the index that decided the outcome (first match for any/none, first failure
 *   for all). Inner per-item comparisons are not recorded. A missing list makes
 *   every quantifier false; an empty list makes `all` and `none` true.
 * - Inside a list test's `where`, paths are relative to the item; the path `item`
 *   is the item itself when the item is a scalar (list of scalars).
 */
import type { Comparison, Condition, DataSchema, DefinitionProblem, ListTest, Operator, VarType } from './definition.js';
import { describeType, lookupSegments, parsePath, readSegments, unknownPathMessage } from './data-schema.js';
import type { PathSegment } from './data-schema.js';

export type ListQuantifierOp = 'list_any' | 'list_all' | 'list_none';

export interface ConditionCheck {
  field: string;
  op: Operator | ListQuantifierOp;
  expected?: unknown;
  actual: unknown;
  result: boolean;
  /** List tests only: index of the item that decided the outcome. */
  item?: number;
}

export interface ConditionOutcome {
  result: boolean;
  checks: ConditionCheck[];
}

export interface CompiledCondition {
  evaluate(data: unknown, now: Date): ConditionOutcome;
  /** Same result as evaluate, without recording checks. */
  matches(data: unknown, now: Date): boolean;
}

const OPERATORS: readonly Operator[] = [
  'equals',
  'not_equals',
  'greater_than',
  'greater_than_or_equal',
  'less_than',
  'less_than_or_equal',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  'is_empty',
  'is_not_empty',
  'is_one_of',
  'before',
  'after',
  'within_last_days',
];

const EMPTINESS: readonly Operator[] = ['is_empty', 'is_not_empty'];
const OPS_BY_KIND: Record<'string' | 'number' | 'boolean' | 'date' | 'scalarList' | 'other', readonly Operator[]> = {
  string: ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'ends_with', ...EMPTINESS, 'is_one_of'],
  number: [
    'equals',
    'not_equals',
    'greater_than',
    'greater_than_or_equal',
    'less_than',
    'less_than_or_equal',
    ...EMPTINESS,
    'is_one_of',
  ],
  boolean: ['equals', 'not_equals', ...EMPTINESS],
  date: ['before', 'after', 'within_last_days', 'equals', ...EMPTINESS],
  scalarList: ['contains', 'not_contains', ...EMPTINESS],
  // Objects, lists of objects or lists: only emptiness is meaningful.
  other: EMPTINESS,
};

function isScalarKind(t: VarType): boolean {
  return t.kind === 'string' || t.kind === 'number' || t.kind === 'boolean' || t.kind === 'date';
}

function allowedOps(t: VarType): readonly Operator[] {
  switch (t.kind) {
    case 'any':
      return OPERATORS;
    case 'string':
    case 'number':
    case 'boolean':
    case 'date':
      return OPS_BY_KIND[t.kind];
    case 'list':
      return isScalarKind(t.of) ? OPS_BY_KIND.scalarList : OPS_BY_KIND.other;
    case 'object':
      return OPS_BY_KIND.other;
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** ISO 8601 date, or date-time with an offset (so the instant does not depend on the server's zone). */
function isIsoDate(v: unknown): v is string {
  return typeof v === 'string' && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------
// Save-time checks

/** null scope: item of undeclared shape, every path accepted. */
type Scope = DataSchema | null;

/** Does `v` fit as a value compared with a `t` variable (or list item)? Returns what was expected when not. */
function valueProblem(t: VarType, v: unknown): string | undefined {
  switch (t.kind) {
    case 'string':
      // Reference ids may be numbers.
      return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? undefined : 'text';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? undefined : 'a number';
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'true or false';
    case 'date':
      return isIsoDate(v) ? undefined : 'an ISO 8601 date such as 2024-05-01 or 2024-05-01T09:30:00Z';
    default:
      return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
        ? undefined
        : 'text, a number or true/false';
  }
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}

function checkComparison(c: Comparison, scope: Scope, path: string, out: DefinitionProblem[]): void {
  const segs = typeof c.field === 'string' ? parsePath(c.field) : undefined;
  if (!segs) {
    out.push({ path: `${path}.field`, message: `Invalid variable path ${show(c.field)}.` });
    return;
  }
  const t: VarType | undefined = scope === null ? { kind: 'any' } : lookupSegments(scope, segs);
  if (!t) {
    out.push({ path: `${path}.field`, message: unknownPathMessage(scope ?? {}, segs) });
    return;
  }
  if (!OPERATORS.includes(c.op)) {
    out.push({ path: `${path}.op`, message: `Unknown operator ${show(c.op)}; use one of: ${OPERATORS.join(', ')}.` });
    return;
  }
  const ops = allowedOps(t);
  if (!ops.includes(c.op)) {
    out.push({
      path: `${path}.op`,
      message: `Operator "${c.op}" does not apply to "${c.field}" (${describeType(t)}); use one of: ${ops.join(', ')}.`,
    });
    return;
  }
  const expect = valueExpectation(c.op, t, c.value);
  if (expect) {
    out.push({
      path: `${path}.value`,
      message: `"${c.field}" ${c.op} expects ${expect}, got ${show(c.value)}.`,
    });
  }
}

/** What the value of `op` on a `t` variable should be, when `v` does not fit. */
function valueExpectation(op: Operator, t: VarType, v: unknown): string | undefined {
  switch (op) {
    case 'is_empty':
    case 'is_not_empty':
      return v === undefined ? undefined : 'no value';
    case 'greater_than':
    case 'greater_than_or_equal':
    case 'less_than':
    case 'less_than_or_equal':
      return typeof v === 'number' && Number.isFinite(v) ? undefined : 'a number';
    case 'within_last_days':
      return typeof v === 'number' && Number.isFinite(v) && v > 0 ? undefined : 'a positive number of days';
    case 'before':
    case 'after':
      return valueProblem({ kind: 'date' }, v);
    case 'is_one_of': {
      if (!Array.isArray(v) || v.length === 0) return 'a non-empty list of values';
      const bad = v.map((x) => valueProblem(t, x)).find((p) => p !== undefined);
      return bad && `a list of ${bad === 'a number' ? 'numbers' : bad}`;
    }
    case 'contains':
    case 'not_contains':
      return valueProblem(t.kind === 'list' ? t.of : t, v);
    case 'starts_with':
    case 'ends_with':
      return valueProblem({ kind: 'string' }, v);
    case 'equals':
    case 'not_equals':
      return valueProblem(t, v);
  }
}

function checkListTest(c: ListTest, scope: Scope, path: string, out: DefinitionProblem[]): void {
  const segs = typeof c.list === 'string' ? parsePath(c.list) : undefined;
  let item: Scope | undefined;
  if (!segs) {
    out.push({ path: `${path}.list`, message: `Invalid variable path ${show(c.list)}.` });
  } else {
    const t: VarType | undefined = scope === null ? { kind: 'any' } : lookupSegments(scope, segs);
    if (!t) out.push({ path: `${path}.list`, message: unknownPathMessage(scope ?? {}, segs) });
    else if (t.kind === 'any') item = null;
    else if (t.kind !== 'list') {
      out.push({ path: `${path}.list`, message: `"${c.list}" is ${describeType(t)}, not a list.` });
    } else if (t.of.kind === 'object') item = t.of.fields;
    else if (t.of.kind === 'any') item = null;
    else item = { item: t.of };
  }
  if (c.quantifier !== 'any' && c.quantifier !== 'all' && c.quantifier !== 'none') {
    out.push({ path: `${path}.quantifier`, message: `Quantifier must be "any", "all" or "none", got ${show(c.quantifier)}.` });
  }
  if (c.where === undefined) out.push({ path: `${path}.where`, message: 'A list condition needs a "where" condition.' });
  else if (item !== undefined) checkNode(c.where, item, `${path}.where`, out);
}

function checkNode(cond: unknown, scope: Scope, path: string, out: DefinitionProblem[]): void {
  if (!isObject(cond)) {
    out.push({ path, message: 'A condition must be an object.' });
    return;
  }
  for (const key of ['all', 'any'] as const) {
    if (!(key in cond)) continue;
    const items = cond[key];
    if (!Array.isArray(items)) out.push({ path: `${path}.${key}`, message: `"${key}" must be a list of conditions.` });
    else if (items.length === 0) out.push({ path: `${path}.${key}`, message: `An "${key}" group needs at least one condition.` });
    else items.forEach((child, i) => checkNode(child, scope, `${path}.${key}[${i}]`, out));
    return;
  }
  if ('list' in cond) checkListTest(cond as unknown as ListTest, scope, path, out);
  else if ('field' in cond) checkComparison(cond as unknown as Comparison, scope, path, out);
  else out.push({ path, message: 'A condition needs "all", "any", "field" or "list".' });
}

/** Problems in `cond` against `schema`; `path` locates it in the definition (e.g. `steps[0].condition`). */
export function checkCondition(cond: Condition, schema: DataSchema, path: string): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  checkNode(cond, schema, path, out);
  return out;
}

// ---------------------------------------------------------------------------
// Compilation

/** `sink` is null when checks are not recorded (list items, matches()). */
type Node = (scope: unknown, now: number, sink: ConditionCheck[] | null) => boolean;
type Test = (actual: unknown, now: number) => boolean;
type Reader = (scope: unknown) => unknown;

const DAY_MS = 86_400_000;

function isMissing(v: unknown): boolean {
  return v === undefined || v === null;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    // Number('') and Number(' ') are 0: only a string with a 0 digit may be zero (no trim() copy).
    const n = Number(v);
    return n !== 0 || v.includes('0') ? n : NaN;
  }
  return NaN;
}

function toTime(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string') return Date.parse(v);
  return NaN;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Equality by the expected value's type (see the module comment). */
function equalsTest(expected: unknown): (actual: unknown) => boolean {
  if (typeof expected === 'number') return (a) => toNumber(a) === expected;
  if (typeof expected === 'string') {
    // A number prints as `expected` exactly when it equals this canonical value.
    const asNumber = expected.trim() !== '' && String(Number(expected)) === expected ? Number(expected) : NaN;
    let dateEq: ((a: unknown) => boolean) | undefined;
    if (isIsoDate(expected)) {
      const t = Date.parse(expected);
      dateEq = DATE_ONLY.test(expected)
        ? (a) => {
            const x = toTime(a);
            return x >= t && x < t + DAY_MS;
          }
        : (a) => toTime(a) === t;
    }
    return (a) => {
      if (a === expected) return true;
      if (typeof a === 'number') return a === asNumber;
      return dateEq !== undefined && (typeof a === 'string' || a instanceof Date) && dateEq(a);
    };
  }
  return (a) => a === expected;
}

function textRegExp(expected: unknown, prefix: string, suffix: string): RegExp {
  return new RegExp(prefix + escapeRegExp(String(expected)) + suffix, 'iu');
}

function textTest(re: RegExp): Test {
  return (a) => (typeof a === 'string' ? re.test(a) : typeof a === 'number' ? re.test(String(a)) : false);
}

function compileTest(op: Operator, value: unknown): Test {
  switch (op) {
    case 'is_empty':
      return isEmpty;
    case 'is_not_empty':
      return (a) => !isEmpty(a);
    case 'equals': {
      const eq = equalsTest(value);
      return (a) => !isMissing(a) && eq(a);
    }
    case 'not_equals': {
      const eq = equalsTest(value);
      return (a) => !isMissing(a) && !eq(a);
    }
    case 'greater_than': {
      const n = toNumber(value);
      return (a) => toNumber(a) > n;
    }
    case 'greater_than_or_equal': {
      const n = toNumber(value);
      return (a) => toNumber(a) >= n;
    }
    case 'less_than': {
      const n = toNumber(value);
      return (a) => toNumber(a) < n;
    }
    case 'less_than_or_equal': {
      const n = toNumber(value);
      return (a) => toNumber(a) <= n;
    }
    case 'contains':
    case 'not_contains': {
      const re = textRegExp(value, '', '');
      const eq = equalsTest(value);
      const negate = op === 'not_contains';
      return (a) => {
        if (typeof a === 'string') return re.test(a) !== negate;
        if (Array.isArray(a)) return a.some(eq) !== negate;
        return false;
      };
    }
    case 'starts_with':
      return textTest(textRegExp(value, '^', ''));
    case 'ends_with':
      return textTest(textRegExp(value, '', '$'));
    case 'is_one_of': {
      const values: unknown[] = Array.isArray(value) ? value : [];
      const set = new Set(values);
      // Numbers from payloads match canonical numeric strings, and numeric strings match numbers.
      const fromStrings = new Set(values.filter((v) => typeof v === 'string' && v.trim() !== '' && String(Number(v)) === v).map(Number));
      const numbers = new Set(values.filter((v) => typeof v === 'number'));
      return (a) =>
        set.has(a) ||
        (typeof a === 'number' && fromStrings.has(a)) ||
        (typeof a === 'string' && numbers.size > 0 && numbers.has(toNumber(a)));
    }
    case 'before': {
      const t = toTime(value);
      return (a) => toTime(a) < t;
    }
    case 'after': {
      const t = toTime(value);
      return (a) => toTime(a) > t;
    }
    case 'within_last_days': {
      const span = toNumber(value) * DAY_MS;
      return (a, now) => {
        const x = toTime(a);
        return x <= now && now - x <= span;
      };
    }
    default:
      throw new Error(`Unknown condition operator ${JSON.stringify(op)}`);
  }
}

function compileReader(path: string, inItem: boolean): Reader {
  const segs: PathSegment[] | undefined = parsePath(path);
  if (!segs) throw new Error(`Invalid variable path ${JSON.stringify(path)}`);
  if (inItem && segs.length === 1 && segs[0] === 'item') {
    // `item` is the item itself for lists of scalars; an object item's own `item` field wins.
    return (scope) => (isObject(scope) && Object.hasOwn(scope, 'item') ? scope.item : scope);
  }
  return (scope) => readSegments(scope, segs);
}

function compileComparison(c: Comparison, inItem: boolean): Node {
  const read = compileReader(c.field, inItem);
  const test = compileTest(c.op, c.value);
  const { field, op, value } = c;
  const hasValue = value !== undefined;
  return (scope, now, sink) => {
    const actual = read(scope);
    const result = test(actual, now);
    if (sink) sink.push(hasValue ? { field, op, expected: value, actual, result } : { field, op, actual, result });
    return result;
  };
}

function compileListTest(c: ListTest, inItem: boolean): Node {
  const read = compileReader(c.list, inItem);
  const where = compileNode(c.where, true);
  const field = c.list;
  const quantifier = c.quantifier;
  const op: ListQuantifierOp = `list_${quantifier}`;
  if (quantifier !== 'any' && quantifier !== 'all' && quantifier !== 'none') {
    throw new Error(`Unknown list quantifier ${JSON.stringify(quantifier)}`);
  }
  // any: stop at the first match; all: at the first failure; none: at the first match.
  const stopOn = quantifier !== 'all';
  return (scope, now, sink) => {
    const list = read(scope);
    let result = false;
    let item = -1;
    if (Array.isArray(list)) {
      for (let i = 0; i < list.length; i++) {
        if (where(list[i], now, null) === stopOn) {
          item = i;
          break;
        }
      }
      result = quantifier === 'any' ? item >= 0 : item < 0;
    }
    if (sink) {
      const actual = Array.isArray(list) ? list.length : list;
      sink.push(item >= 0 ? { field, op, actual, result, item } : { field, op, actual, result });
    }
    return result;
  };
}

function compileNode(cond: Condition, inItem: boolean): Node {
  if (typeof cond !== 'object' || cond === null) throw new Error('A condition must be an object');
  if ('all' in cond || 'any' in cond) {
    const isAll = 'all' in cond;
    const children = ('all' in cond ? cond.all : cond.any).map((c) => compileNode(c, inItem));
    // Empty groups are rejected at save time; here all([]) holds and any([]) does not.
    return (scope, now, sink) => {
      for (let i = 0; i < children.length; i++) {
        if ((children[i] as Node)(scope, now, sink) !== isAll) return !isAll;
      }
      return isAll;
    };
  }
  if ('list' in cond) return compileListTest(cond, inItem);
  return compileComparison(cond, inItem);
}

/** Compiles a condition once; throws on a malformed one (run checkCondition at save time). */
export function compileCondition(cond: Condition): CompiledCondition {
  const root = compileNode(cond, false);
  return {
    evaluate(data, now) {
      const checks: ConditionCheck[] = [];
      const result = root(data, now.getTime(), checks);
      return { result, checks };
    },
    matches(data, now) {
      return root(data, now.getTime(), null);
    },
  };
}
