import type { OutputShape, Step, VarType } from '../api/types';
import type { SchemaPath } from './schema';

export type StepType = Step['type'];

type Tone = 'attention' | 'info' | 'success' | 'warning' | 'magic' | 'new' | undefined;

/** How each kind of step is named in the editor and on the run page, in the order "Add step" offers them. */
export const STEP_KINDS: Array<{ type: StepType; label: string; tone: Tone; help: string }> = [
  { type: 'condition', label: 'Condition', tone: 'attention', help: 'Go one way or another depending on the data' },
  { type: 'action', label: 'Action', tone: 'info', help: 'Do something in Shopify or a connected app' },
  { type: 'wait', label: 'Wait', tone: 'new', help: 'Pause the run for minutes, hours or days' },
  { type: 'for_each', label: 'For each', tone: 'magic', help: 'Run steps once per item of a list' },
  { type: 'get_data', label: 'Get data', tone: 'success', help: 'Read orders, products, customers or draft orders' },
  { type: 'run_code', label: 'Run code', tone: 'magic', help: 'Compute values with JavaScript' },
  { type: 'admin_api', label: 'Send Admin API request', tone: 'info', help: 'Run any Admin GraphQL mutation' },
  { type: 'log', label: 'Log output', tone: undefined, help: 'Write a message to the run log' },
];

export const stepKind = (type: string) => STEP_KINDS.find((k) => k.type === type);

/** Short prefixes for generated step ids: they show up in `steps.<id>` variables. */
const ID_PREFIX: Record<StepType, string> = {
  condition: 'condition',
  action: 'action',
  wait: 'wait',
  for_each: 'each',
  get_data: 'data',
  run_code: 'code',
  admin_api: 'admin',
  log: 'log',
};
export const idPrefix = (type: StepType) => ID_PREFIX[type];

/** The Shopify action the engine runs an Admin API request step as (run records show it as an action). */
export const ADMIN_API_ACTION = 'admin_api_request';

export const DEFAULT_CODE = 'export default function main(input) {\n  return {};\n}';

/** A new step of a kind, with the defaults its form starts from. */
export function newStep(type: Exclude<StepType, 'condition' | 'action'>, id: string): Step {
  switch (type) {
    case 'wait':
      return { id, type, duration: { amount: 1, unit: 'hours' } };
    case 'for_each':
      return { id, type, list: '', steps: [] };
    case 'get_data':
      return { id, type, resource: 'orders', operation: 'list', query: '', limit: 100 };
    case 'run_code':
      return { id, type, code: DEFAULT_CODE, input: {}, output: {} };
    case 'admin_api':
      return { id, type, mutation: '', variables: '{}' };
    case 'log':
      return { id, type, message: '' };
  }
}

/** The step lists nested in a step (Then/Otherwise of a condition, the branch of a For each). */
export function childLists(step: Step): Step[][] {
  if (step.type === 'condition') return [step.then, step.otherwise];
  if (step.type === 'for_each') return [step.steps];
  return [];
}

/** Every step of a tree, depth first. */
export function* everyStep(steps: Step[]): Generator<Step> {
  for (const s of steps) {
    yield s;
    for (const inner of childLists(s)) yield* everyStep(inner);
  }
}

/** The type a Run code output shape declares, as the variables of later steps see it. */
export function shapeType(shape: OutputShape): VarType {
  if (Array.isArray(shape)) return { kind: 'list', of: shapeType(shape[0]) };
  if (typeof shape === 'object' && shape !== null) return { kind: 'object', fields: Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, shapeType(v)])) };
  switch (shape) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'date':
      return { kind: shape };
    default:
      return { kind: 'any' };
  }
}

/** Flattens an object type to `prefix.key` paths (scalars and lists; objects also listed for Liquid). */
function flatten(prefix: string, t: VarType, into: SchemaPath[]) {
  into.push({ path: prefix, type: t });
  if (t.kind === 'object') for (const [k, v] of Object.entries(t.fields)) flatten(`${prefix}.${k}`, v, into);
}

/** Variables the outputs of earlier steps give later ones (`steps.<id>...`). */
export function stepOutputPaths(steps: Step[]): SchemaPath[] {
  const out: SchemaPath[] = [];
  for (const s of everyStep(steps)) {
    const at = `steps.${s.id}`;
    if (s.type === 'action' || s.type === 'admin_api') out.push({ path: at, type: { kind: 'any' } });
    else if (s.type === 'get_data') {
      const op = s.operation ?? 'list';
      if (op === 'list') out.push({ path: `${at}.items`, type: { kind: 'list', of: { kind: 'any' } } });
      if (op === 'sum') out.push({ path: `${at}.sum`, type: { kind: 'number' } });
      out.push({ path: `${at}.count`, type: { kind: 'number', integer: true } });
    } else if (s.type === 'run_code') {
      for (const [k, v] of Object.entries(s.output)) flatten(`${at}.${k}`, shapeType(v), out);
    }
  }
  return out;
}

/** Paths of `item` (and `index`) inside a For each over a list of type `list`. */
export function loopPaths(list: VarType | undefined): SchemaPath[] {
  const of: VarType = list?.kind === 'list' ? list.of : { kind: 'any' };
  const out: SchemaPath[] = [];
  flatten('item', of, out);
  out.push({ path: 'index', type: { kind: 'number', integer: true } });
  return out;
}

const SHAPE_NAMES = ['string', 'number', 'boolean', 'date', 'any'];

/**
 * Reads the output shape of a Run code step from the JSON the merchant types:
 * an object whose values are type names, one-element arrays (lists) or
 * objects. The error names where the shape is wrong.
 */
export function parseOutputShape(text: string): { shape: Record<string, OutputShape> } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `Not valid JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'The output shape is a JSON object, e.g. {"total": "number"}' };
  const check = (v: unknown, at: string): string | undefined => {
    if (typeof v === 'string') return SHAPE_NAMES.includes(v) ? undefined : `${at}: "${v}" is not a type (use ${SHAPE_NAMES.join(', ')})`;
    if (Array.isArray(v)) return v.length === 1 ? check(v[0], `${at}[0]`) : `${at}: a list is written with one element, its item's shape, e.g. ["string"]`;
    if (typeof v === 'object' && v !== null) {
      for (const [k, inner] of Object.entries(v)) {
        const e = check(inner, `${at}.${k}`);
        if (e) return e;
      }
      return undefined;
    }
    return `${at}: ${JSON.stringify(v)} is not a shape (use a type name, [shape] or {…})`;
  };
  for (const [k, v] of Object.entries(value)) {
    const e = check(v, k);
    if (e) return { error: e };
  }
  return { shape: value as Record<string, OutputShape> };
}
