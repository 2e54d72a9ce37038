/**
 * Variable types of a workflow's data, and dotted-path access into them.
 * Paths: `a.b`, `a["key with spaces"]`, `items[0].sku`; a bare segment may
 * contain spaces (payload keys are kept as written, e.g. `review rating`).
 */
import type { DataSchema, VarType } from './definition.js';

/**
 * The parts of a manifest field this module reads. Structural so it does not
 * depend on the SDK's build output (`@switchboard/sdk/manifest` ManifestField fits).
 */
export interface FieldLike {
  type: string;
  payloadKey: string;
}

export type PathSegment = string | number;

const STRING: VarType = { kind: 'string' };
const ANY: VarType = { kind: 'any' };

function fieldType(type: string): VarType {
  switch (type) {
    case 'single_line_text_field':
    case 'multi_line_text_field':
    case 'email':
    case 'url':
      return STRING;
    case 'number_integer':
      return { kind: 'number', integer: true };
    case 'number_decimal':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'boolean' };
  }
  // References travel as ids (numbers or strings); conditions compare them as given.
  if (type.endsWith('_reference')) return STRING;
  // `schema.<Type>` payloads have no declared shape here; unknown future types stay usable.
  return ANY;
}

export function schemaFromFields(fields: readonly FieldLike[]): DataSchema {
  const schema: DataSchema = {};
  for (const f of fields) schema[f.payloadKey] = fieldType(f.type);
  return schema;
}

/** Parses a path into segments (`[0]` gives a number); undefined when malformed. */
export function parsePath(path: string): PathSegment[] | undefined {
  const segs: PathSegment[] = [];
  let i = 0;
  const n = path.length;
  if (n === 0) return undefined;
  while (i < n) {
    const ch = path[i];
    if (ch === '[') {
      const q = path[i + 1];
      if (q === '"' || q === "'") {
        let s = '';
        let j = i + 2;
        for (; j < n && path[j] !== q; j++) {
          // Backslash escapes the quote or another backslash.
          if (path[j] === '\\' && j + 1 < n) j++;
          s += path[j];
        }
        if (j >= n || path[j + 1] !== ']') return undefined;
        segs.push(s);
        i = j + 2;
      } else {
        const close = path.indexOf(']', i);
        const digits = close < 0 ? '' : path.slice(i + 1, close);
        if (!/^\d+$/.test(digits)) return undefined;
        segs.push(Number(digits));
        i = close + 1;
      }
    } else {
      if (segs.length > 0) {
        if (ch !== '.') return undefined;
        i++;
      }
      let j = i;
      while (j < n && path[j] !== '.' && path[j] !== '[' && path[j] !== ']') j++;
      if (j === i) return undefined;
      segs.push(path.slice(i, j));
      i = j;
    }
  }
  return segs;
}

/** Formats segments back into a path that parsePath reads. */
export function formatPath(segs: readonly PathSegment[]): string {
  let out = '';
  for (const s of segs) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[^.[\]"']+$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

function isIndex(seg: PathSegment): boolean {
  return typeof seg === 'number' || /^\d+$/.test(seg);
}

/** The type one segment below `type`, or undefined when there is no such path. */
export function childType(type: VarType, seg: PathSegment): VarType | undefined {
  switch (type.kind) {
    case 'any':
      return ANY;
    case 'object':
      return typeof seg === 'string' && Object.hasOwn(type.fields, seg) ? type.fields[seg] : undefined;
    case 'list':
      return isIndex(seg) ? type.of : undefined;
    default:
      return undefined;
  }
}

export function lookupSegments(schema: DataSchema, segs: readonly PathSegment[]): VarType | undefined {
  const [first, ...rest] = segs;
  if (first === undefined) return undefined;
  const key = String(first);
  let t = Object.hasOwn(schema, key) ? schema[key] : undefined;
  for (const s of rest) {
    if (t === undefined) return undefined;
    t = childType(t, s);
  }
  return t;
}

export function lookupPath(schema: DataSchema, path: string): VarType | undefined {
  const segs = parsePath(path);
  return segs && lookupSegments(schema, segs);
}

/**
 * Reads segments from a value: own properties only (no prototype keys such as
 * `constructor`), integer indexes only on arrays. Allocation-free: hot path.
 */
export function readSegments(data: unknown, segs: readonly PathSegment[]): unknown {
  let cur = data;
  for (let i = 0; i < segs.length; i++) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const seg = segs[i] as PathSegment;
    if (Array.isArray(cur)) {
      if (!isIndex(seg)) return undefined;
      cur = cur[Number(seg)];
    } else {
      if (!Object.hasOwn(cur, seg)) return undefined;
      cur = (cur as Record<PathSegment, unknown>)[seg];
    }
  }
  return cur;
}

export function readPath(data: unknown, path: string): unknown {
  const segs = parsePath(path);
  return segs ? readSegments(data, segs) : undefined;
}

const PLURAL: Record<VarType['kind'], string> = {
  string: 'text values',
  number: 'numbers',
  boolean: 'true/false values',
  date: 'dates',
  list: 'lists',
  object: 'objects',
  any: 'values',
};

/** A type as a noun phrase with its article, for messages: "a list of text values". */
export function describeType(t: VarType): string {
  switch (t.kind) {
    case 'string':
      return 'a text value';
    case 'number':
      return t.integer ? 'a whole number' : 'a number';
    case 'boolean':
      return 'a true/false value';
    case 'date':
      return 'a date';
    case 'list':
      return `a list of ${t.of.kind === 'number' && t.of.integer ? 'whole numbers' : PLURAL[t.of.kind]}`;
    case 'object':
      return 'an object';
    case 'any':
      return 'a value of any type';
  }
}

function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(sub, (prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** Up to `max` of `names`, closest to `wanted` first, so the likely typo fix leads. */
export function closestNames(wanted: string, names: readonly string[], max = 5): string[] {
  return names
    .map((name) => ({ name, d: distance(wanted, name) }))
    .sort((x, y) => x.d - y.d || x.name.localeCompare(y.name))
    .slice(0, max)
    .map((x) => x.name);
}

/**
 * Explains why `segs` does not resolve in `schema`: which segment fails and
 * what is known at that level. `step` lets callers (Liquid) extend child
 * lookup; `label(n)` shows the first n segments as a path.
 */
export function unknownVariableMessage<S>(
  schema: DataSchema,
  segs: readonly S[],
  step: (t: VarType, seg: S) => VarType | undefined,
  label: (n: number) => string,
): string {
  const shown = label(segs.length);
  const first = segs[0];
  const rootKey = typeof first === 'string' || typeof first === 'number' ? String(first) : '';
  let t = Object.hasOwn(schema, rootKey) ? schema[rootKey] : undefined;
  if (t === undefined) {
    const known = closestNames(rootKey, Object.keys(schema));
    return known.length
      ? `Unknown variable "${shown}". Known variables include: ${known.join(', ')}.`
      : `Unknown variable "${shown}": no variables are available here.`;
  }
  for (let i = 1; i < segs.length; i++) {
    const seg = segs[i] as S;
    const next = step(t, seg);
    if (next === undefined) {
      const at = label(i);
      const segText = typeof seg === 'string' || typeof seg === 'number' ? String(seg) : '?';
      if (t.kind === 'object') {
        const known = closestNames(segText, Object.keys(t.fields));
        const hint = known.length ? `; its fields include: ${known.join(', ')}` : '';
        return `Unknown variable "${shown}": "${at}" has no field "${segText}"${hint}.`;
      }
      if (t.kind === 'list') {
        return `Unknown variable "${shown}": "${at}" is ${describeType(t)}; index it like ${at}[0] or test it with a list condition.`;
      }
      return `Unknown variable "${shown}": "${at}" is ${describeType(t)} and has no field "${segText}".`;
    }
    t = next;
  }
  return `Unknown variable "${shown}".`;
}

/** unknownVariableMessage for a plain path (conditions). */
export function unknownPathMessage(schema: DataSchema, segs: readonly PathSegment[]): string {
  return unknownVariableMessage(schema, segs, childType, (n) => formatPath(segs.slice(0, n)));
}
