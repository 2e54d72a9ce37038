/**
 * The Liquid engine for action fields: strict (an unknown variable or filter is
 * an error, never a silent blank), bounded (parse, render time and memory
 * limits) and without file access (include/render/layout are removed).
 * Flow's extra filters: date_plus, date_minus, md5; sha256 and hmac_sha256 are
 * liquidjs built-ins with the same meaning (hex of UTF-8 input), so they are
 * not re-registered.
 */
import { now as clockNow } from '../clock.js';
import { createHash } from 'node:crypto';
import { Liquid } from 'liquidjs';
import type { Template } from 'liquidjs';
import { childType, formatPath, unknownVariableMessage } from './data-schema.js';
import type { PathSegment } from './data-schema.js';
import type { DataSchema, DefinitionProblem, VarType } from './definition.js';

export interface TemplateLimits {
  /** Characters parsed per template. */
  parseLimit?: number;
  /** Wall-clock milliseconds per render. */
  renderLimitMs?: number;
  /** Rough count of characters/items a render may allocate. */
  memoryLimit?: number;
}

export interface CompiledTemplate {
  readonly source: string;
  readonly parsed: Template[];
}

export interface TemplateEngine {
  /** Parses once; throws an Error naming the syntax problem. */
  compile(source: string): CompiledTemplate;
  /** Save-time problems: syntax, unknown filters, variables missing from `schema`. */
  check(source: string, schema: DataSchema, path: string): DefinitionProblem[];
  /** Rejects with an Error naming the problem (undefined variable, limit exceeded, filter error). */
  render(template: CompiledTemplate, data: object): Promise<string>;
}

export const DEFAULT_TEMPLATE_LIMITS = { parseLimit: 100_000, renderLimitMs: 1_000, memoryLimit: 10_000_000 };

const UNIT_MS: Record<string, number> = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};
const DURATION = /^\s*([+-]?\d+)\s*(second|minute|hour|day|week|month|year)s?\s*$/i;

function toDate(v: unknown, filter: string): Date {
  if (v instanceof Date) return new Date(v.getTime());
  if (typeof v === 'string') {
    if (v.trim().toLowerCase() === 'now') return new Date(clockNow());
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return new Date(t);
  }
  throw new Error(`${filter}: ${JSON.stringify(v)} is not a date (use a date, an ISO 8601 string or "now")`);
}

/** Adds calendar months in UTC, clamping the day (Jan 31 + 1 month = end of February). */
function addMonths(d: Date, months: number): Date {
  const day = d.getUTCDate();
  const r = new Date(d.getTime());
  r.setUTCDate(1);
  r.setUTCMonth(r.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(r.getUTCFullYear(), r.getUTCMonth() + 1, 0)).getUTCDate();
  r.setUTCDate(Math.min(day, lastDay));
  return r;
}

function shiftDate(v: unknown, duration: unknown, sign: 1 | -1, filter: string): string {
  const m = typeof duration === 'string' ? DURATION.exec(duration) : null;
  if (!m) {
    throw new Error(`${filter}: ${JSON.stringify(duration)} is not a duration like "1 day" (units: second, minute, hour, day, week, month, year)`);
  }
  const amount = Number(m[1]) * sign;
  const unit = (m[2] as string).toLowerCase();
  const d = toDate(v, filter);
  const ms = UNIT_MS[unit];
  const out = ms !== undefined ? new Date(d.getTime() + amount * ms) : addMonths(d, unit === 'year' ? amount * 12 : amount);
  if (Number.isNaN(out.getTime())) throw new Error(`${filter}: date out of range`);
  return out.toISOString();
}

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Liquid's own size/first/last on top of plain child lookup; a dynamic index (`a[b]`) is not knowable statically. */
function liquidChild(t: VarType, seg: unknown): VarType | undefined {
  if (Array.isArray(seg)) return t.kind === 'list' ? t.of : t.kind === 'object' || t.kind === 'any' ? { kind: 'any' } : undefined;
  const key = seg as PathSegment;
  const own = childType(t, key);
  if (own !== undefined) return own;
  if (key === 'size' && (t.kind === 'list' || t.kind === 'string')) return { kind: 'number', integer: true };
  if ((key === 'first' || key === 'last') && t.kind === 'list') return t.of;
  return undefined;
}

/** Segments as written in Liquid; nested arrays are dynamic indexes (`a[b.c]`). */
function showSegments(segs: readonly unknown[]): string {
  let out = '';
  for (const s of segs) {
    const piece = Array.isArray(s) ? `[${showSegments(s)}]` : formatPath([s as PathSegment]);
    out += out === '' || piece.startsWith('[') ? piece : `.${piece}`;
  }
  return out;
}

export function createTemplateEngine(limits: TemplateLimits = {}): TemplateEngine {
  const lim = { ...DEFAULT_TEMPLATE_LIMITS, ...limits };
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    // `{% if x %}` and `| default` may probe optional fields without failing the render.
    lenientIf: true,
    parseLimit: lim.parseLimit,
    renderLimit: lim.renderLimitMs,
    memoryLimit: lim.memoryLimit,
    // The `date` filter formats in UTC whatever the server's zone.
    timezoneOffset: 0,
    // Belt and braces with the tag removal below: nothing resolves from the file system.
    templates: {},
  });
  // Templates come from merchants: no file system access.
  for (const tag of ['include', 'render', 'layout']) delete liquid.tags[tag];

  liquid.registerFilter('date_plus', (v: unknown, d: unknown) => shiftDate(v, d, 1, 'date_plus'));
  liquid.registerFilter('date_minus', (v: unknown, d: unknown) => shiftDate(v, d, -1, 'date_minus'));
  liquid.registerFilter('md5', function (v: unknown) {
    const s = text(v);
    this.context.memoryLimit.use(s.length);
    return createHash('md5').update(s, 'utf8').digest('hex');
  });

  function compile(source: string): CompiledTemplate {
    try {
      return { source, parsed: liquid.parse(source) };
    } catch (e) {
      throw new Error(`Liquid syntax error: ${errorMessage(e)}`, { cause: e });
    }
  }

  function check(source: string, schema: DataSchema, path: string): DefinitionProblem[] {
    if (typeof source !== 'string') return [{ path, message: 'A Liquid template must be a string.' }];
    let parsed: Template[];
    try {
      parsed = liquid.parse(source);
    } catch (e) {
      const msg = errorMessage(e);
      const message = msg.startsWith('undefined filter')
        ? `Unknown Liquid filter: ${msg.slice('undefined filter: '.length)}`
        : `Liquid syntax error: ${msg}`;
      return [{ path, message }];
    }
    const problems: DefinitionProblem[] = [];
    const seen = new Set<string>();
    for (const segs of liquid.globalVariableSegmentsSync(parsed, { partials: false })) {
      const shown = showSegments(segs);
      if (seen.has(shown)) continue;
      seen.add(shown);
      const first = segs[0];
      const rootKey = typeof first === 'string' || typeof first === 'number' ? String(first) : undefined;
      let t = rootKey !== undefined && Object.hasOwn(schema, rootKey) ? schema[rootKey] : undefined;
      for (let i = 1; t !== undefined && i < segs.length; i++) t = liquidChild(t, segs[i]);
      if (t === undefined) {
        const message = unknownVariableMessage(schema, segs, liquidChild, (n) => showSegments(segs.slice(0, n)));
        problems.push({ path, message: `${message} (in Liquid)` });
      }
    }
    return problems;
  }

  async function render(template: CompiledTemplate, data: object): Promise<string> {
    try {
      return String(await liquid.render(template.parsed, data));
    } catch (e) {
      throw new Error(`Liquid render failed: ${errorMessage(e)}`, { cause: e });
    }
  }

  return { compile, check, render };
}
