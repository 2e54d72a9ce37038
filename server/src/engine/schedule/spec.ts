/**
 * Checking a schedule as a merchant wrote it, and reading it into the
 * numbers the rest of this folder works with.
 */
import type { DefinitionProblem, ScheduleSpec } from '../definition.js';

export type Frequency = ScheduleSpec['frequency'];

export const FREQUENCIES: readonly Frequency[] = ['once', 'minutely', 'hourly', 'daily', 'weekly', 'monthly'];
/** Every 10 minutes is the most often a schedule may fire. */
export const MIN_MINUTES = 10;
export const MAX_INTERVAL = 1000;

/** A wall-clock date and time with no offset; month 1-12. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A checked schedule. `first` is the start as "floating" milliseconds: the wall-clock time read as if it were UTC. */
export interface Recurrence {
  frequency: Frequency;
  interval: number;
  start: LocalDateTime;
  first: number;
}

const START = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const START_HINT = 'a local date and time like 2026-12-01T09:00, without a time zone (the shop\'s time zone applies)';
const KNOWN_FIELDS = ['start', 'frequency', 'interval'];

/** Reads `YYYY-MM-DDTHH:mm[:ss]`; a string is the reason it is not one. */
export function parseLocalDateTime(text: string): LocalDateTime | string {
  const m = START.exec(text);
  if (!m) return `"${text}" is not ${START_HINT}`;
  const [year, month, day, hour, minute, second = 0] = m.slice(1).map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const at: LocalDateTime = { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second };
  if (at.year < 1970) return `the start year ${at.year} is before 1970`;
  if (at.month < 1 || at.month > 12 || at.day < 1 || at.day > daysInMonth(at.year, at.month)) {
    return `${text.slice(0, 10)} is not a calendar date`;
  }
  if (at.hour > 23 || at.minute > 59 || at.second > 59) return `${text.slice(11)} is not a time of day`;
  return at;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The wall-clock time as floating milliseconds. */
export function floating(at: LocalDateTime): number {
  return Date.UTC(at.year, at.month - 1, at.day, at.hour, at.minute, at.second);
}

export function checkSchedule(spec: unknown, path: string): DefinitionProblem[] {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    return [{ path, message: 'a schedule is an object with a start date and time, a frequency and an optional interval' }];
  }
  const problems: DefinitionProblem[] = [];
  const fields = spec as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!KNOWN_FIELDS.includes(key)) problems.push({ path: `${path}.${key}`, message: `unknown field "${key}" (a schedule has start, frequency and interval)` });
  }

  const { start, frequency, interval } = fields;
  if (typeof start !== 'string') problems.push({ path: `${path}.start`, message: `the start must be ${START_HINT}` });
  else {
    const parsed = parseLocalDateTime(start);
    if (typeof parsed === 'string') problems.push({ path: `${path}.start`, message: parsed });
  }

  const known = typeof frequency === 'string' && (FREQUENCIES as readonly string[]).includes(frequency);
  if (!known) {
    const got = typeof frequency === 'string' ? `"${frequency}"` : String(frequency);
    problems.push({ path: `${path}.frequency`, message: `the frequency must be one of ${FREQUENCIES.join(', ')} (got ${got})` });
  }

  const at = `${path}.interval`;
  if (interval !== undefined && (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1)) {
    problems.push({ path: at, message: 'the interval must be a whole number of at least 1' });
  } else if (typeof interval === 'number' && interval > MAX_INTERVAL) {
    problems.push({ path: at, message: `the interval is at most ${MAX_INTERVAL}` });
  } else if (frequency === 'minutely' && (interval ?? 1) < MIN_MINUTES) {
    problems.push({ path: at, message: `the smallest repeat is every ${MIN_MINUTES} minutes` });
  } else if (frequency === 'once' && (interval ?? 1) > 1) {
    problems.push({ path: at, message: 'a one-off schedule does not repeat: leave the interval out' });
  }
  return problems;
}

/** The checked form of a schedule; throws naming every problem when it is not valid. */
export function readSchedule(spec: ScheduleSpec): Recurrence {
  const problems = checkSchedule(spec, 'schedule');
  if (problems.length > 0) throw new Error(`invalid schedule: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  const start = parseLocalDateTime(spec.start) as LocalDateTime;
  return { frequency: spec.frequency, interval: spec.interval ?? 1, start, first: floating(start) };
}
