import type { Condition, DataSchema, Operator, Step, VarType } from '../api/types';

export interface SchemaPath {
  path: string;
  type: VarType;
}

/** Every path a condition or Liquid can read: scalars, lists and objects, depth first. */
export function schemaPaths(schema: DataSchema | undefined, prefix = '', depth = 0): SchemaPath[] {
  if (!schema || depth > 6) return [];
  const out: SchemaPath[] = [];
  for (const [key, type] of Object.entries(schema)) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.push({ path, type });
    if (type.kind === 'object') out.push(...schemaPaths(type.fields, path, depth + 1));
  }
  return out;
}

/** Variables every run has besides the trigger's fields (docs/api.md). */
export const BUILTIN_VARIABLES: SchemaPath[] = [
  { path: 'shop.id', type: { kind: 'number', integer: true } },
  { path: 'shop.domain', type: { kind: 'string' } },
  { path: 'shop.name', type: { kind: 'string' } },
  { path: 'event.id', type: { kind: 'string' } },
  { path: 'event.received_at', type: { kind: 'date' } },
];

/** The fields of a list's items (paths relative to the item); `item` for lists of scalars. */
export function itemPaths(list: VarType | undefined): SchemaPath[] {
  if (!list || list.kind !== 'list') return [];
  const of = list.of;
  if (of.kind === 'object') return schemaPaths(of.fields);
  return [{ path: 'item', type: of }];
}

export function typeLabel(t: VarType): string {
  switch (t.kind) {
    case 'number':
      return t.integer ? 'integer' : 'number';
    case 'list':
      return `list of ${typeLabel(t.of)}`;
    default:
      return t.kind;
  }
}

export const OPERATOR_LABELS: Record<Operator, string> = {
  equals: 'is equal to',
  not_equals: 'is not equal to',
  greater_than: 'is greater than',
  greater_than_or_equal: 'is greater than or equal to',
  less_than: 'is less than',
  less_than_or_equal: 'is less than or equal to',
  contains: 'contains',
  not_contains: 'does not contain',
  starts_with: 'starts with',
  ends_with: 'ends with',
  is_empty: 'is empty',
  is_not_empty: 'is not empty',
  is_one_of: 'is one of',
  before: 'is before',
  after: 'is after',
  within_last_days: 'is within the last (days)',
};

export function operatorsFor(t: VarType | undefined): Operator[] {
  switch (t?.kind) {
    case 'string':
      return ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'ends_with', 'is_one_of', 'is_empty', 'is_not_empty'];
    case 'number':
      return ['equals', 'not_equals', 'greater_than', 'greater_than_or_equal', 'less_than', 'less_than_or_equal', 'is_one_of', 'is_empty', 'is_not_empty'];
    case 'boolean':
      return ['equals', 'not_equals', 'is_empty', 'is_not_empty'];
    case 'date':
      return ['before', 'after', 'within_last_days', 'equals', 'not_equals', 'is_empty', 'is_not_empty'];
    case 'list':
      return ['contains', 'not_contains', 'is_empty', 'is_not_empty'];
    default:
      return Object.keys(OPERATOR_LABELS) as Operator[];
  }
}

export const needsValue = (op: Operator) => op !== 'is_empty' && op !== 'is_not_empty';

/** Turns the text of a value input into the JSON value the API expects for the field's type. */
export function parseValue(text: string, op: Operator, t: VarType | undefined): unknown {
  if (op === 'within_last_days') return Number(text);
  if (op === 'is_one_of') return text.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (t?.kind === 'number' && s !== '' && !Number.isNaN(Number(s)) ? Number(s) : s));
  if (t?.kind === 'number' && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  if (t?.kind === 'boolean') return text === 'true';
  return text;
}

export function valueText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.join(', ');
  return String(v);
}

let counter = 0;
/** Step ids: letters, digits and underscores (so `steps.<id>.x` reads plainly in Liquid and paths), unique within a definition. */
export function newStepId(kind: string, existing: Set<string>): string {
  for (;;) {
    counter += 1;
    const id = `${kind}_${Date.now().toString(36).slice(-4)}${counter.toString(36)}`;
    if (!existing.has(id)) return id;
  }
}

export function collectStepIds(steps: Step[], into = new Set<string>()): Set<string> {
  for (const s of steps) {
    into.add(s.id);
    if (s.type === 'condition') {
      collectStepIds(s.then, into);
      collectStepIds(s.otherwise, into);
    } else if (s.type === 'for_each') {
      collectStepIds(s.steps, into);
    }
  }
  return into;
}

export const isGroup = (c: Condition): c is { all: Condition[] } | { any: Condition[] } => 'all' in c || 'any' in c;
export const isList = (c: Condition): c is Extract<Condition, { list: string }> => 'list' in c;
