/**
 * One SQLite value into the type of its PostgreSQL column. SQLite keeps
 * booleans as 0/1 and JSON as text, and lets an INTEGER column hold a
 * fraction; PostgreSQL wants true/false, valid JSON, whole numbers, and text
 * without NUL characters. A value that cannot be converted faithfully is an
 * error naming it, except the two changes PostgreSQL's own backend also makes
 * (fractions of a millisecond rounded, NUL dropped from text), which are
 * counted so the summary can say so.
 */

/** How a PostgreSQL column's `information_schema` data_type is filled. */
export type ColumnKind = 'boolean' | 'integer' | 'float' | 'json' | 'jsonb' | 'text' | 'other';

export function columnKind(dataType: string): ColumnKind {
  switch (dataType) {
    case 'boolean':
      return 'boolean';
    case 'smallint':
    case 'integer':
    case 'bigint':
      return 'integer';
    case 'real':
    case 'double precision':
    case 'numeric':
      return 'float';
    case 'json':
      return 'json';
    case 'jsonb':
      return 'jsonb';
    case 'text':
    case 'character varying':
    case 'character':
      return 'text';
    default:
      return 'other';
  }
}

export interface Adjustments {
  /** Fractional numbers rounded into an integer column. */
  rounded: number;
  /** Text values from which NUL characters were dropped. */
  nulDropped: number;
}

export class ValueError extends Error {}

/** The parameter to send for `value` into a column of `kind`; throws ValueError when it cannot be kept as it is. */
export function convertValue(value: unknown, kind: ColumnKind, adjust: Adjustments): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) throw new ValueError('is binary data (a BLOB), which no Switchboard column holds');
  switch (kind) {
    case 'boolean':
      if (value === 0 || value === 1 || value === 0n || value === 1n) return Number(value) === 1;
      throw new ValueError(`must be 0 or 1 to become a boolean, found ${JSON.stringify(String(value))}`);
    case 'integer': {
      const n = typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : Number.NaN;
      if (!Number.isFinite(n)) throw new ValueError(`must be a number, found ${JSON.stringify(String(value))}`);
      if (Number.isInteger(n)) return n;
      adjust.rounded++;
      return Math.round(n);
    }
    case 'float': {
      const n = typeof value === 'bigint' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw new ValueError(`must be a number, found ${JSON.stringify(String(value))}`);
      return n;
    }
    case 'json':
    case 'jsonb': {
      const text = String(value);
      try {
        JSON.parse(text);
      } catch (err) {
        throw new ValueError(`is not valid JSON (${(err as Error).message})`);
      }
      // jsonb refuses the NUL escape (json, kept as text, accepts it): say so rather than fail deep in PostgreSQL.
      if (kind === 'jsonb' && /(^|[^\\])(\\\\)*\\u0000/.test(text)) {
        throw new ValueError('is JSON holding a NUL character (\\u0000), which a PostgreSQL jsonb column cannot store');
      }
      return text;
    }
    case 'text': {
      const text = typeof value === 'string' ? value : String(value);
      if (!text.includes('\u0000')) return text;
      adjust.nulDropped++;
      return text.replaceAll('\u0000', '');
    }
    case 'other':
      return value;
  }
}
