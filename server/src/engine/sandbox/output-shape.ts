/**
 * Run code's declared output: checking a declaration, turning it into the
 * engine's variable types, and checking a returned value against it.
 */
import { formatPath, type PathSegment } from '../data-schema.js';
import type { OutputShape, VarType } from '../definition.js';

const TYPE_NAMES = ['string', 'number', 'boolean', 'date', 'any'] as const;
type TypeName = (typeof TYPE_NAMES)[number];
const MAX_DEPTH = 16;
const MAX_VALUE_PROBLEMS = 10;

/** `root` followed by the path below it, in the engine's path syntax: `steps[2].output.lines[0].qty`. */
function pathText(root: string, below: readonly PathSegment[]): string {
  // formatPath writes a leading name without its dot; a placeholder first segment keeps the dot or bracket.
  return root + formatPath(['_', ...below]).slice(1);
}

function isTypeName(value: unknown): value is TypeName {
  return typeof value === 'string' && (TYPE_NAMES as readonly string[]).includes(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/**
 * Problems in an output declaration, each starting with its path (`output.lines[0].qty: ...`).
 * `root` names the declaration in messages, e.g. `steps[2].output`.
 */
export function checkOutputShape(shape: unknown, root = 'output'): string[] {
  if (!isPlainObject(shape)) {
    return [`${root}: must be an object of output names and their shapes, e.g. { "total": "number" }; got ${describeValue(shape)}`];
  }
  const problems: string[] = [];
  checkShape(shape, root, [], 0, problems);
  return problems;
}

function checkShape(shape: unknown, root: string, path: PathSegment[], depth: number, problems: string[]): void {
  const at = pathText(root, path);
  if (depth > MAX_DEPTH) {
    problems.push(`${at}: the shape nests more than ${MAX_DEPTH} levels deep`);
    return;
  }
  if (typeof shape === 'string') {
    if (!isTypeName(shape)) {
      problems.push(`${at}: unknown type ${JSON.stringify(shape)}; use one of ${TYPE_NAMES.join(', ')}, a one-element list such as ["string"], or an object of shapes`);
    }
    return;
  }
  if (Array.isArray(shape)) {
    if (shape.length !== 1) {
      problems.push(`${at}: a list is declared as a one-element array of its item shape, e.g. ["string"]; this one has ${shape.length} elements`);
      return;
    }
    checkShape(shape[0], root, [...path, 0], depth + 1, problems);
    return;
  }
  if (isPlainObject(shape)) {
    const keys = Object.keys(shape);
    if (keys.length === 0) {
      problems.push(`${at}: an object shape needs at least one key (declare "any" for an object of any shape)`);
      return;
    }
    for (const key of keys) {
      if (key === '') problems.push(`${at}: a key must not be empty`);
      else if (key === '__proto__') problems.push(`${at}: "__proto__" cannot be an output key`);
      else checkShape(shape[key], root, [...path, key], depth + 1, problems);
    }
    return;
  }
  problems.push(`${at}: a shape is a type name (${TYPE_NAMES.join(', ')}), a one-element list or an object of shapes; got ${describeValue(shape)}`);
}

/** The engine's type of a declaration, so later steps' conditions and Liquid are checked against it. */
export function outputSchema(shape: OutputShape): VarType {
  if (typeof shape === 'string') {
    return isTypeName(shape) ? { kind: shape } : { kind: 'any' };
  }
  if (Array.isArray(shape)) {
    return shape.length === 1 ? { kind: 'list', of: outputSchema(shape[0]) } : { kind: 'any' };
  }
  if (isPlainObject(shape)) {
    // fromEntries defines own properties, so no key can reach a prototype.
    return { kind: 'object', fields: Object.fromEntries(Object.entries(shape).map(([key, child]) => [key, outputSchema(child)])) };
  }
  return { kind: 'any' };
}

// `2026-01-31`, `2026-01-31T09:00`, `2026-01-31T09:00:00.000Z`, `...+02:00`.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Problems of a returned value (already through JSON) against its declaration:
 * missing keys, wrong types and undeclared keys, each with its path.
 */
export function checkOutputValue(value: unknown, shape: Record<string, OutputShape>, root = 'output'): string[] {
  const problems: string[] = [];
  checkValue(value, shape, root, [], problems);
  if (problems.length > MAX_VALUE_PROBLEMS) {
    const more = problems.length - MAX_VALUE_PROBLEMS;
    return [...problems.slice(0, MAX_VALUE_PROBLEMS), `and ${more} more`];
  }
  return problems;
}

function declared(shape: OutputShape): string {
  if (typeof shape === 'string') return shape;
  return Array.isArray(shape) ? 'a list' : 'an object';
}

function checkValue(value: unknown, shape: OutputShape, root: string, path: PathSegment[], problems: string[]): void {
  const at = pathText(root, path);
  if (shape === 'any') return;
  if (shape === 'date') {
    if (typeof value !== 'string') problems.push(`${at} is ${describeValue(value)}, declared date`);
    else if (!isIsoDate(value)) {
      problems.push(`${at} is ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}, declared date (an ISO date such as 2026-01-31 or 2026-01-31T09:00:00Z)`);
    }
    return;
  }
  if (typeof shape === 'string') {
    if (typeof value !== shape) problems.push(`${at} is ${describeValue(value)}, declared ${shape}`);
    return;
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) {
      problems.push(`${at} is ${describeValue(value)}, declared a list`);
      return;
    }
    const item = shape[0];
    if (item === undefined) return;
    for (let i = 0; i < value.length && problems.length <= MAX_VALUE_PROBLEMS; i++) checkValue(value[i], item, root, [...path, i], problems);
    return;
  }
  if (!isPlainObject(value)) {
    problems.push(`${at} is ${describeValue(value)}, declared an object`);
    return;
  }
  for (const [key, child] of Object.entries(shape)) {
    if (!Object.hasOwn(value, key)) problems.push(`${pathText(root, [...path, key])} is missing (declared ${declared(child)})`);
    else checkValue(value[key], child, root, [...path, key], problems);
  }
  const extra = Object.keys(value).filter((key) => !Object.hasOwn(shape, key));
  if (extra.length > 0) {
    const names = extra.map((key) => JSON.stringify(key)).join(', ');
    problems.push(`${at} has ${extra.length === 1 ? 'a key' : 'keys'} that ${extra.length === 1 ? 'is' : 'are'} not declared: ${names}`);
  }
}
