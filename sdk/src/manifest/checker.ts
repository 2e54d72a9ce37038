/**
 * Collects problems for one manifest file, placing each on its line, and reads
 * TOML values with their expected type (a wrong type is reported once, here).
 */
import { lineOf, type LineIndex } from './locate.js';
import { join, tomlHeader } from './path.js';
import { closest } from './suggest.js';
import type { ManifestProblem } from './types.js';

/** A TOML table as smol-toml returns it. */
export type Table = Record<string, unknown>;

/**
 * Result of reading an optional value: the value, `undefined` when absent,
 * or `null` when present with the wrong type (already reported).
 */
export type Read<T> = T | undefined | null;

export function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** What a TOML value is, in the words of the TOML spec. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `integer ${value}` : `float ${value}`;
  if (typeof value === 'bigint') return `integer ${value}`;
  if (typeof value === 'boolean') return `boolean ${value}`;
  if (value instanceof Date) return 'date-time';
  if (Array.isArray(value)) return 'array';
  return 'table';
}

export class Checker {
  readonly problems: ManifestProblem[] = [];
  /** Errors raised so far, repeats included; compare before and after to see if a part failed. */
  errorCount = 0;

  constructor(
    readonly file: string,
    private readonly lines: LineIndex,
  ) {}

  error(field: string, code: string, message: string): void {
    this.errorCount++;
    this.add('error', field, code, message);
  }

  warn(field: string, code: string, message: string): void {
    this.add('warning', field, code, message);
  }

  private add(severity: ManifestProblem['severity'], field: string, code: string, message: string): void {
    // The same inherited root `[settings]` is checked once per extension.
    const seen = this.problems.some(
      (p) => p.severity === severity && p.field === field && p.code === code && p.message === message,
    );
    if (seen) return;
    const line = lineOf(this.lines, field);
    this.problems.push({ severity, file: this.file, ...(line === undefined ? {} : { line }), field, code, message });
  }

  wrongType(field: string, key: string, expected: string, value: unknown): null {
    this.error(field, 'invalid_type', `\`${key}\` must be ${expected}, not ${describeValue(value)}.`);
    return null;
  }

  string(table: Table, key: string, base: string): Read<string> {
    const value = table[key];
    if (value === undefined || typeof value === 'string') return value;
    return this.wrongType(join(base, key), key, 'a string', value);
  }

  /** A string that must be present and not blank (`missing_field` otherwise). */
  requiredString(table: Table, key: string, base: string, why = ''): string | null {
    return this.required(this.string(table, key, base), key, base, why);
  }

  /** Reports `missing_field` when a string already read is absent or blank. */
  required(value: Read<string>, key: string, base: string, why = ''): string | null {
    if (value === null) return null;
    if (value === undefined || value.trim() === '') {
      const state = value === undefined ? 'is missing' : 'must not be empty';
      this.error(join(base, key), 'missing_field', `\`${key}\` ${state}${why}.`);
      return null;
    }
    return value;
  }

  boolean(table: Table, key: string, base: string): Read<boolean> {
    const value = table[key];
    if (value === undefined || typeof value === 'boolean') return value;
    return this.wrongType(join(base, key), key, 'a boolean (true or false)', value);
  }

  table(table: Table, key: string, base: string): Read<Table> {
    const value = table[key];
    if (value === undefined || isTable(value)) return value;
    return this.wrongType(join(base, key), key, `a table ([${tomlHeader(join(base, key))}])`, value);
  }

  /** Warns about every key not in `known`; `hint` may explain one (ending with punctuation). */
  unknownKeys(table: Table, base: string, known: readonly string[], hint?: (key: string) => string | undefined): string[] {
    const unknown = Object.keys(table).filter((key) => !known.includes(key));
    for (const key of unknown) {
      const where = base === '' ? 'at the top level' : `in \`${base}\``;
      const guess = closest(key, known);
      const extra = hint?.(key) ?? (guess === undefined ? '.' : `; did you mean \`${guess}\`?`);
      this.warn(join(base, key), 'unknown_key', `Unknown key \`${key}\` ${where} is ignored${extra}`);
    }
    return unknown;
  }
}
