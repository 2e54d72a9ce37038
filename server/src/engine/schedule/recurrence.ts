/**
 * The occurrences of a schedule in floating time (wall-clock times read as
 * UTC milliseconds, so there is no DST here). `listIn` asks rrule; counting
 * and finding the nearest occurrence are arithmetic, so a window of a year
 * of 10-minute slots costs no more than a window of one day. The tests check
 * that both agree.
 */
import rrulePkg, { type Options } from 'rrule';
import { daysInMonth, type Recurrence } from './spec.js';

// rrule 2.8 is CommonJS for Node (no "exports" map), so its named exports only exist on the default import.
const { RRule } = rrulePkg;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEP: Record<string, number> = { minutely: MINUTE, hourly: HOUR, daily: DAY, weekly: 7 * DAY };

/** Milliseconds between occurrences, for every frequency but once and monthly. */
function stepOf(r: Recurrence): number | undefined {
  const unit = STEP[r.frequency];
  return unit === undefined ? undefined : unit * r.interval;
}

/** Months since year 0, so month arithmetic is integer arithmetic. */
const monthIndex = (year: number, month: number): number => year * 12 + (month - 1);

function monthlyAt(r: Recurrence, index: number): number | undefined {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  // Like RFC 5545 (and rrule), a month without the start's day has no occurrence: the 31st skips April.
  if (r.start.day > daysInMonth(year, month)) return undefined;
  return Date.UTC(year, month - 1, r.start.day, r.start.hour, r.start.minute, r.start.second);
}

/** The month index of a floating time. */
function monthOf(F: number): number {
  const d = new Date(F);
  return monthIndex(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

/** The months that can hold an occurrence between two floating times, newest last. */
function monthsBetween(r: Recurrence, lo: number, hi: number): number[] {
  const first = monthIndex(r.start.year, r.start.month);
  const from = Math.max(first, monthOf(lo));
  const aligned = first + Math.ceil((from - first) / r.interval) * r.interval;
  const months: number[] = [];
  for (let m = aligned; m <= monthOf(hi); m += r.interval) months.push(m);
  return months;
}

/** How many occurrences F have lo <= F < hi. */
export function countIn(r: Recurrence, lo: number, hi: number): number {
  if (hi <= lo) return 0;
  if (r.frequency === 'once') return lo <= r.first && r.first < hi ? 1 : 0;
  const step = stepOf(r);
  if (step !== undefined) {
    const below = (x: number) => (x <= r.first ? 0 : Math.ceil((x - r.first) / step));
    return below(hi) - below(lo);
  }
  let n = 0;
  for (const m of monthsBetween(r, lo, hi)) {
    const F = monthlyAt(r, m);
    if (F !== undefined && lo <= F && F < hi) n++;
  }
  return n;
}

/** The first occurrence at or after x; undefined only when a one-off is past. */
export function firstAtOrAfter(r: Recurrence, x: number): number | undefined {
  if (x <= r.first) return r.first;
  if (r.frequency === 'once') return undefined;
  const step = stepOf(r);
  if (step !== undefined) return r.first + Math.ceil((x - r.first) / step) * step;
  // Every month on the start's day comes back within 12 repeats, so this ends.
  const start = monthIndex(r.start.year, r.start.month);
  for (let m = start + Math.floor((monthOf(x) - start) / r.interval) * r.interval; ; m += r.interval) {
    const F = monthlyAt(r, m);
    if (F !== undefined && F >= x) return F;
  }
}

/** The last occurrence at or before x; undefined when x is before the start. */
export function lastAtOrBefore(r: Recurrence, x: number): number | undefined {
  if (x < r.first) return undefined;
  if (r.frequency === 'once') return r.first;
  const step = stepOf(r);
  if (step !== undefined) return r.first + Math.floor((x - r.first) / step) * step;
  const start = monthIndex(r.start.year, r.start.month);
  for (let m = start + Math.floor((monthOf(x) - start) / r.interval) * r.interval; m >= start; m -= r.interval) {
    const F = monthlyAt(r, m);
    if (F !== undefined && F <= x) return F;
  }
  return undefined;
}

export function isOccurrence(r: Recurrence, F: number): boolean {
  return firstAtOrAfter(r, F) === F;
}

const FREQ = { once: RRule.DAILY, minutely: RRule.MINUTELY, hourly: RRule.HOURLY, daily: RRule.DAILY, weekly: RRule.WEEKLY, monthly: RRule.MONTHLY };

/** The rule as rrule options, from the start. */
export function ruleOptions(r: Recurrence): Partial<Options> {
  return r.frequency === 'once'
    ? { freq: FREQ.once, dtstart: new Date(r.first), count: 1 }
    : { freq: FREQ[r.frequency], interval: r.interval, dtstart: new Date(r.first) };
}

/**
 * The occurrences F with lo <= F < hi, from rrule. rrule walks from DTSTART,
 * so the rule is restarted at the last repeat boundary before lo: a schedule
 * that started years ago costs the same as a new one.
 */
export function listIn(r: Recurrence, lo: number, hi: number): number[] {
  if (hi <= lo) return [];
  if (r.frequency === 'once') return lo <= r.first && r.first < hi ? [r.first] : [];
  let options: Partial<Options>;
  const step = stepOf(r);
  if (step !== undefined) {
    const from = firstAtOrAfter(r, lo)!;
    if (from >= hi) return [];
    options = { freq: FREQ[r.frequency], interval: r.interval, dtstart: new Date(from) };
  } else {
    const months = monthsBetween(r, lo, hi);
    if (months.length === 0) return [];
    const m = months[0]!;
    // Restarted on the 1st of an aligned month: the day and time must then be spelled out.
    options = {
      freq: RRule.MONTHLY,
      interval: r.interval,
      dtstart: new Date(Date.UTC(Math.floor(m / 12), m % 12, 1)),
      bymonthday: r.start.day,
      byhour: r.start.hour,
      byminute: r.start.minute,
      bysecond: r.start.second,
    };
  }
  return new RRule(options)
    .between(new Date(lo), new Date(hi), true)
    .map((d) => d.getTime())
    .filter((F) => F >= lo && F < hi);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The rule as RFC 5545 text: a floating DTSTART (no Z, no TZID: the shop's zone applies) and an RRULE line. */
export function rruleText(r: Recurrence): string {
  const { year, month, day, hour, minute, second } = r.start;
  const { dtstart: _start, ...rule } = ruleOptions(r);
  return `DTSTART:${pad(year, 4)}${pad(month)}${pad(day)}T${pad(hour)}${pad(minute)}${pad(second)}\n${RRule.optionsToString(rule)}`;
}
