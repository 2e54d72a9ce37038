import rrulePkg from 'rrule';
import { describe, expect, it } from 'vitest';
import type { ScheduleSpec } from '../definition.js';
import { countIn, firstAtOrAfter, isOccurrence, lastAtOrBefore, listIn, rruleText } from './recurrence.js';
import { readSchedule } from './spec.js';

const { rrulestr } = rrulePkg;
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const utc = (text: string) => Date.parse(`${text}Z`);
const iso = (F: number) => new Date(F).toISOString().slice(0, 16);

const SPECS: ScheduleSpec[] = [
  { start: '2026-12-01T09:00', frequency: 'once' },
  { start: '2026-12-01T09:05', frequency: 'minutely', interval: 10 },
  { start: '2026-12-01T09:05:30', frequency: 'minutely', interval: 25 },
  { start: '2026-12-01T09:00', frequency: 'hourly' },
  { start: '2026-12-01T09:15', frequency: 'hourly', interval: 5 },
  { start: '2026-12-01T02:30', frequency: 'daily' },
  { start: '2026-12-01T09:00', frequency: 'daily', interval: 3 },
  { start: '2026-12-01T09:00', frequency: 'weekly' },
  { start: '2026-12-04T18:00', frequency: 'weekly', interval: 2 },
  { start: '2026-12-01T09:00', frequency: 'monthly' },
  { start: '2027-01-31T09:00', frequency: 'monthly' },
  { start: '2027-01-30T09:00', frequency: 'monthly', interval: 5 },
  { start: '2028-02-29T23:59', frequency: 'monthly', interval: 12 },
];

describe('occurrences in floating time', () => {
  it('lists each frequency with its interval', () => {
    const list = (spec: ScheduleSpec, from: string, to: string) => listIn(readSchedule(spec), utc(from), utc(to)).map(iso);
    expect(list({ start: '2026-12-01T09:00', frequency: 'once' }, '2026-01-01T00:00', '2030-01-01T00:00')).toEqual(['2026-12-01T09:00']);
    expect(list({ start: '2026-12-01T09:05', frequency: 'minutely', interval: 10 }, '2026-12-01T09:20', '2026-12-01T09:50')).toEqual([
      '2026-12-01T09:25',
      '2026-12-01T09:35',
      '2026-12-01T09:45',
    ]);
    expect(list({ start: '2026-12-01T09:15', frequency: 'hourly', interval: 5 }, '2026-12-01T00:00', '2026-12-02T09:00')).toEqual([
      '2026-12-01T09:15',
      '2026-12-01T14:15',
      '2026-12-01T19:15',
      '2026-12-02T00:15',
      '2026-12-02T05:15',
    ]);
    expect(list({ start: '2026-12-01T09:00', frequency: 'daily', interval: 3 }, '2026-12-02T00:00', '2026-12-11T00:00')).toEqual([
      '2026-12-04T09:00',
      '2026-12-07T09:00',
      '2026-12-10T09:00',
    ]);
    expect(list({ start: '2026-12-04T18:00', frequency: 'weekly', interval: 2 }, '2026-12-01T00:00', '2027-01-02T00:00')).toEqual([
      '2026-12-04T18:00',
      '2026-12-18T18:00',
      '2027-01-01T18:00',
    ]);
  });

  it('skips months without the start day, like rrule: the 31st fires in 7 months of 12', () => {
    const r = readSchedule({ start: '2027-01-31T09:00', frequency: 'monthly' });
    expect(listIn(r, utc('2027-01-01T00:00'), utc('2028-01-01T00:00')).map(iso)).toEqual([
      '2027-01-31T09:00',
      '2027-03-31T09:00',
      '2027-05-31T09:00',
      '2027-07-31T09:00',
      '2027-08-31T09:00',
      '2027-10-31T09:00',
      '2027-12-31T09:00',
    ]);
    expect(firstAtOrAfter(r, utc('2027-02-01T00:00'))).toBe(utc('2027-03-31T09:00'));
    expect(lastAtOrBefore(r, utc('2027-07-30T00:00'))).toBe(utc('2027-05-31T09:00'));
    expect(isOccurrence(r, utc('2027-04-30T09:00'))).toBe(false);
  });

  it('the 29th of February every 12 months fires once in four years', () => {
    const r = readSchedule({ start: '2028-02-29T23:59', frequency: 'monthly', interval: 12 });
    expect(listIn(r, utc('2028-01-01T00:00'), utc('2037-01-01T00:00')).map(iso)).toEqual(['2028-02-29T23:59', '2032-02-29T23:59', '2036-02-29T23:59']);
    expect(firstAtOrAfter(r, utc('2028-03-01T00:00'))).toBe(utc('2032-02-29T23:59'));
  });

  it('arithmetic counting and nearest occurrences agree with rrule on many windows', () => {
    let windows = 0;
    for (const spec of SPECS) {
      const r = readSchedule(spec);
      // Long windows only where they hold few occurrences: rrule takes a while to list 10-minute slots.
      const long = r.frequency === 'minutely' || r.frequency === 'hourly' ? 5 * DAY : 70 * DAY;
      for (let lo = r.first - 40 * DAY; lo < r.first + 800 * DAY; lo += 17 * DAY + 3 * HOUR + 7 * 60_000) {
        for (const length of [0, 1, 600_000, 3 * HOUR + 1, DAY, long]) {
          const hi = lo + length;
          const listed = listIn(r, lo, hi);
          expect(countIn(r, lo, hi)).toBe(listed.length);
          if (listed.length > 0) {
            expect(firstAtOrAfter(r, lo)).toBe(listed[0]);
            expect(lastAtOrBefore(r, hi - 1)).toBe(listed.at(-1));
          }
          windows++;
        }
      }
    }
    expect(windows).toBeGreaterThan(3000);
  });

  it('a window long after the start lists the same occurrences as rrule walking from the start', () => {
    for (const spec of SPECS) {
      const r = readSchedule(spec);
      const whole = rrulestr(rruleText(r));
      const lo = r.first + 100 * DAY + 5 * HOUR;
      const hi = lo + 40 * DAY;
      const walked = whole.between(new Date(lo), new Date(hi), true).map((d) => d.getTime()).filter((F) => F < hi);
      expect(listIn(r, lo, hi)).toEqual(walked);
    }
  });

  it('writes the rule as RRULE text with a floating DTSTART', () => {
    const text = (spec: ScheduleSpec) => rruleText(readSchedule(spec));
    expect(text({ start: '2026-12-01T09:00', frequency: 'minutely', interval: 15 })).toBe('DTSTART:20261201T090000\nRRULE:FREQ=MINUTELY;INTERVAL=15');
    expect(text({ start: '2027-01-31T09:00:30', frequency: 'monthly' })).toBe('DTSTART:20270131T090030\nRRULE:FREQ=MONTHLY;INTERVAL=1');
    expect(text({ start: '2026-12-01T09:00', frequency: 'once' })).toBe('DTSTART:20261201T090000\nRRULE:FREQ=DAILY;COUNT=1');
  });
});
