/** A schedule in words, for the admin and the run history. */
import type { ScheduleSpec } from '../definition.js';
import { readSchedule, type LocalDateTime } from './spec.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number) => String(n).padStart(2, '0');
const time = (at: LocalDateTime) => `${pad(at.hour)}:${pad(at.minute)}${at.second ? `:${pad(at.second)}` : ''}`;
const date = (at: LocalDateTime) => `${at.day} ${MONTHS[at.month - 1]} ${at.year}`;
const every = (n: number, unit: string) => (n === 1 ? `Every ${unit}` : `Every ${n} ${unit}s`);

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/**
 * E.g. "Every 15 minutes from 1 Dec 2026 09:00 (Europe/Paris)", "Every day at
 * 09:00 (Europe/Paris)", "Once, on 1 Dec 2026 at 09:00 (Europe/Paris)". The
 * start date is named when it decides which slots there are (a one-off, a
 * repeat of under a day, or an interval above 1).
 */
export function describeSchedule(spec: ScheduleSpec, timeZone: string): string {
  const { frequency, interval, start } = readSchedule(spec);
  const zone = `(${timeZone})`;
  const from = interval > 1 ? `, from ${date(start)}` : '';
  switch (frequency) {
    case 'once':
      return `Once, on ${date(start)} at ${time(start)} ${zone}`;
    case 'minutely':
      return `${every(interval, 'minute')} from ${date(start)} ${time(start)} ${zone}`;
    case 'hourly':
      return `${every(interval, 'hour')} from ${date(start)} ${time(start)} ${zone}`;
    case 'daily':
      return `${every(interval, 'day')} at ${time(start)}${from} ${zone}`;
    case 'weekly': {
      const weekday = WEEKDAYS[new Date(Date.UTC(start.year, start.month - 1, start.day)).getUTCDay()];
      return interval === 1 ? `Every ${weekday} at ${time(start)} ${zone}` : `${every(interval, 'week')} on ${weekday} at ${time(start)}${from} ${zone}`;
    }
    case 'monthly': {
      // Months without the day are skipped (RFC 5545), which a merchant would not guess: say so.
      const skips = start.day > 28 ? `, skipping months without a ${ordinal(start.day)}` : '';
      return `${every(interval, 'month')} on the ${ordinal(start.day)} at ${time(start)}${from}${skips} ${zone}`;
    }
  }
}
