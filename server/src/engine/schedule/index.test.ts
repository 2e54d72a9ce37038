import { describe, expect, it } from 'vitest';
import type { ScheduleSpec } from '../definition.js';
import { checkSchedule, checkTimeZone, describeSchedule, dueSlot, nextSlot, toRRule } from './index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PARIS = 'Europe/Paris';
const utc = (text: string) => Date.parse(text.endsWith('Z') ? text : `${text}Z`);
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString().slice(0, 16));

/** The slots after `after`, one nextSlot call at a time. */
function slots(spec: ScheduleSpec, timeZone: string, after: number, n: number): Array<string | undefined> {
  const found: Array<string | undefined> = [];
  for (let t: number | undefined = after; found.length < n; ) {
    t = t === undefined ? undefined : nextSlot(spec, timeZone, t);
    found.push(iso(t));
  }
  return found;
}

describe('nextSlot', () => {
  it('every 15 minutes, in Paris winter time (UTC+1)', () => {
    const spec: ScheduleSpec = { start: '2026-12-01T09:00', frequency: 'minutely', interval: 15 };
    expect(slots(spec, PARIS, utc('2026-11-30T00:00'), 3)).toEqual(['2026-12-01T08:00', '2026-12-01T08:15', '2026-12-01T08:30']);
    expect(slots(spec, PARIS, utc('2027-02-10T13:07'), 2)).toEqual(['2027-02-10T13:15', '2027-02-10T13:30']);
  });

  it('is strictly after: a slot time gives the following slot', () => {
    const spec: ScheduleSpec = { start: '2026-12-01T09:00', frequency: 'hourly' };
    expect(iso(nextSlot(spec, PARIS, utc('2026-12-01T08:00') - 1))).toBe('2026-12-01T08:00');
    expect(iso(nextSlot(spec, PARIS, utc('2026-12-01T08:00')))).toBe('2026-12-01T09:00');
    expect(iso(nextSlot(spec, PARIS, utc('2026-12-01T08:00') + 1))).toBe('2026-12-01T09:00');
  });

  it('every 5 hours keeps counting from the start across days', () => {
    const spec: ScheduleSpec = { start: '2026-12-01T09:00', frequency: 'hourly', interval: 5 };
    expect(slots(spec, 'UTC', utc('2026-12-01T20:00'), 3)).toEqual(['2026-12-02T00:00', '2026-12-02T05:00', '2026-12-02T10:00']);
  });

  it('daily and every 3 days', () => {
    expect(slots({ start: '2026-12-01T09:00', frequency: 'daily' }, PARIS, utc('2026-12-05T07:00'), 2)).toEqual(['2026-12-05T08:00', '2026-12-06T08:00']);
    expect(slots({ start: '2026-12-01T09:00', frequency: 'daily', interval: 3 }, PARIS, utc('2026-12-05T08:00'), 2)).toEqual(['2026-12-07T08:00', '2026-12-10T08:00']);
  });

  it('weekly on the start weekday, and every 2 weeks', () => {
    // 1 Dec 2026 is a Tuesday.
    expect(slots({ start: '2026-12-01T09:00', frequency: 'weekly' }, 'America/New_York', utc('2026-12-02T00:00'), 2)).toEqual(['2026-12-08T14:00', '2026-12-15T14:00']);
    expect(slots({ start: '2026-12-01T09:00', frequency: 'weekly', interval: 2 }, 'America/New_York', utc('2026-12-02T00:00'), 2)).toEqual(['2026-12-15T14:00', '2026-12-29T14:00']);
  });

  it('monthly on the 31st skips the months without one', () => {
    const spec: ScheduleSpec = { start: '2027-01-31T09:00', frequency: 'monthly' };
    expect(slots(spec, PARIS, utc('2027-01-01T00:00'), 4)).toEqual(['2027-01-31T08:00', '2027-03-31T07:00', '2027-05-31T07:00', '2027-07-31T07:00']);
  });

  it('every 3 months', () => {
    const spec: ScheduleSpec = { start: '2026-12-15T09:00', frequency: 'monthly', interval: 3 };
    expect(slots(spec, 'UTC', utc('2027-01-01T00:00'), 3)).toEqual(['2027-03-15T09:00', '2027-06-15T09:00', '2027-09-15T09:00']);
  });

  it('once: the start, then nothing', () => {
    const spec: ScheduleSpec = { start: '2026-12-01T09:00', frequency: 'once' };
    expect(iso(nextSlot(spec, PARIS, utc('2026-01-01T00:00')))).toBe('2026-12-01T08:00');
    expect(nextSlot(spec, PARIS, utc('2026-12-01T08:00'))).toBeUndefined();
    expect(slots(spec, PARIS, 0, 2)).toEqual(['2026-12-01T08:00', undefined]);
  });

  it('the start itself is the first slot, even when it comes later', () => {
    expect(iso(nextSlot({ start: '2030-06-01T12:00', frequency: 'minutely', interval: 10 }, PARIS, utc('2026-01-01T00:00')))).toBe('2030-06-01T10:00');
  });

  describe('across DST in Paris (UTC+1 in winter, UTC+2 in summer)', () => {
    it('daily at 09:00 stays at 09:00 local around the end of March and of October', () => {
      const spec: ScheduleSpec = { start: '2026-03-01T09:00', frequency: 'daily' };
      expect(slots(spec, PARIS, utc('2026-03-27T12:00'), 3)).toEqual(['2026-03-28T08:00', '2026-03-29T07:00', '2026-03-30T07:00']);
      expect(slots(spec, PARIS, utc('2026-10-23T12:00'), 3)).toEqual(['2026-10-24T07:00', '2026-10-25T08:00', '2026-10-26T08:00']);
    });

    it('daily at 02:30: the skipped 02:30 of 29 March fires at 03:30 CEST, the double 02:30 of 25 October fires once, at the first', () => {
      const spec: ScheduleSpec = { start: '2026-03-01T02:30', frequency: 'daily' };
      expect(slots(spec, PARIS, utc('2026-03-27T12:00'), 3)).toEqual(['2026-03-28T01:30', '2026-03-29T01:30', '2026-03-30T00:30']);
      expect(slots(spec, PARIS, utc('2026-10-23T12:00'), 3)).toEqual(['2026-10-24T00:30', '2026-10-25T00:30', '2026-10-26T01:30']);
    });

    it('every 30 minutes runs on without a double at spring forward, and leaves out the repeated hour at fall back', () => {
      const spec: ScheduleSpec = { start: '2026-03-01T00:00', frequency: 'minutely', interval: 30 };
      // Wall times 02:00 and 02:30 do not exist; moved to 03:00 and 03:30 they are the same instants as those.
      expect(slots(spec, PARIS, utc('2026-03-29T00:00'), 4)).toEqual(['2026-03-29T00:30', '2026-03-29T01:00', '2026-03-29T01:30', '2026-03-29T02:00']);
      // 02:00 and 02:30 happen twice; only their first instants (CEST) are slots: an hour without a run.
      expect(slots(spec, PARIS, utc('2026-10-24T23:00'), 5)).toEqual(['2026-10-24T23:30', '2026-10-25T00:00', '2026-10-25T00:30', '2026-10-25T02:00', '2026-10-25T02:30']);
    });
  });

  it('rejects a bad schedule or time zone with a message that names it', () => {
    expect(() => nextSlot({ start: '2026-12-01', frequency: 'daily' }, PARIS, 0)).toThrow(/schedule\.start/);
    expect(() => nextSlot({ start: '2026-12-01T09:00', frequency: 'daily' }, 'Paris', 0)).toThrow('unknown time zone "Paris"');
  });
});

describe('dueSlot', () => {
  const spec: ScheduleSpec = { start: '2026-12-01T09:00', frequency: 'minutely', interval: 10 };

  it('nothing is due before the first slot, or when no slot lies in [from, now]', () => {
    expect(dueSlot(spec, PARIS, utc('2026-11-30T00:00'), utc('2026-12-01T07:59'))).toBeUndefined();
    expect(dueSlot(spec, PARIS, utc('2026-12-01T08:01'), utc('2026-12-01T08:09'))).toBeUndefined();
    expect(dueSlot(spec, PARIS, utc('2026-12-01T09:00'), utc('2026-12-01T08:00'))).toBeUndefined();
  });

  it('a slot on time: from and now are both inclusive, no slot missed', () => {
    const slot = utc('2026-12-01T08:10');
    expect(dueSlot(spec, PARIS, slot, slot)).toEqual({ slot, missed: 0 });
    expect(dueSlot(spec, PARIS, slot, slot + 3 * MINUTE)).toEqual({ slot, missed: 0 });
  });

  it('one missed slot: the later one fires', () => {
    expect(dueSlot(spec, PARIS, utc('2026-12-01T08:10'), utc('2026-12-01T08:25'))).toEqual({ slot: utc('2026-12-01T08:20'), missed: 1 });
  });

  it('a server down for three slots fires once, for the latest, with two missed', () => {
    expect(dueSlot(spec, PARIS, utc('2026-12-01T08:10'), utc('2026-12-01T08:35'))).toEqual({ slot: utc('2026-12-01T08:30'), missed: 2 });
  });

  it('a year behind on a 10-minute schedule: the latest slot, and every other slot of the year missed', () => {
    // Slots are at :00, :10, ... UTC; from and now fall between two.
    const from = utc('2027-01-01T12:05');
    const now = utc('2028-01-01T12:05');
    const due = dueSlot(spec, PARIS, from, now);
    // 365 days of 144 slots, less the 6 wall times of the hour that 31 October 2027 repeats (their first instants are the slots).
    expect(due).toEqual({ slot: utc('2028-01-01T12:00'), missed: 365 * 144 - 6 - 1 });
    // (Counted, not listed: a few milliseconds, where listing the 52,560 occurrences with rrule alone takes ~300 ms; timing belongs in benchmarks.)
  });

  it('counts the run of a daily schedule across both DST changes', () => {
    const daily: ScheduleSpec = { start: '2026-01-01T02:30', frequency: 'daily' };
    // 1 Jan 2026 to 31 Dec 2026: every day has exactly one slot, the skipped and the doubled 02:30 included.
    expect(dueSlot(daily, PARIS, utc('2026-01-01T00:00'), utc('2026-12-31T23:00'))).toEqual({ slot: utc('2026-12-31T01:30'), missed: 364 });
  });

  it('monthly on the 31st counts only the months that have one', () => {
    const monthly: ScheduleSpec = { start: '2027-01-31T09:00', frequency: 'monthly' };
    expect(dueSlot(monthly, PARIS, utc('2027-01-01T00:00'), utc('2027-12-31T23:00'))).toEqual({ slot: utc('2027-12-31T08:00'), missed: 6 });
  });

  it('a one-off is due once it has passed, with nothing missed', () => {
    const once: ScheduleSpec = { start: '2026-12-01T09:00', frequency: 'once' };
    expect(dueSlot(once, PARIS, utc('2026-11-01T00:00'), utc('2027-06-01T00:00'))).toEqual({ slot: utc('2026-12-01T08:00'), missed: 0 });
    expect(dueSlot(once, PARIS, utc('2026-12-01T08:01'), utc('2027-06-01T00:00'))).toBeUndefined();
  });
});

describe('describeSchedule', () => {
  const say = (spec: ScheduleSpec, tz = PARIS) => describeSchedule(spec, tz);
  it('says each frequency in words', () => {
    expect(say({ start: '2026-12-01T09:00', frequency: 'minutely', interval: 15 })).toBe('Every 15 minutes from 1 Dec 2026 09:00 (Europe/Paris)');
    expect(say({ start: '2026-12-01T09:00', frequency: 'hourly' })).toBe('Every hour from 1 Dec 2026 09:00 (Europe/Paris)');
    expect(say({ start: '2026-12-01T09:30', frequency: 'hourly', interval: 6 })).toBe('Every 6 hours from 1 Dec 2026 09:30 (Europe/Paris)');
    expect(say({ start: '2026-12-01T09:00', frequency: 'daily' })).toBe('Every day at 09:00 (Europe/Paris)');
    expect(say({ start: '2026-12-01T09:00', frequency: 'daily', interval: 2 })).toBe('Every 2 days at 09:00, from 1 Dec 2026 (Europe/Paris)');
    expect(say({ start: '2026-12-01T09:00', frequency: 'weekly' })).toBe('Every Tuesday at 09:00 (Europe/Paris)');
    expect(say({ start: '2026-12-01T09:00', frequency: 'weekly', interval: 2 })).toBe('Every 2 weeks on Tuesday at 09:00, from 1 Dec 2026 (Europe/Paris)');
    expect(say({ start: '2026-12-01T09:00', frequency: 'monthly' })).toBe('Every month on the 1st at 09:00 (Europe/Paris)');
    expect(say({ start: '2026-12-22T09:00', frequency: 'monthly', interval: 3 })).toBe('Every 3 months on the 22nd at 09:00, from 22 Dec 2026 (Europe/Paris)');
    expect(say({ start: '2027-01-31T18:45:30', frequency: 'monthly' }, 'UTC')).toBe('Every month on the 31st at 18:45:30, skipping months without a 31st (UTC)');
    expect(say({ start: '2026-12-01T09:00', frequency: 'once' })).toBe('Once, on 1 Dec 2026 at 09:00 (Europe/Paris)');
  });
});

describe('public face', () => {
  it('checks schedules and time zones, and shows the RRULE', () => {
    expect(checkSchedule({ start: '2026-12-01T09:00', frequency: 'daily' }, 'trigger.schedule')).toEqual([]);
    expect(checkTimeZone(PARIS)).toBe(true);
    expect(toRRule({ start: '2026-12-01T09:00', frequency: 'weekly', interval: 2 })).toBe('DTSTART:20261201T090000\nRRULE:FREQ=WEEKLY;INTERVAL=2');
  });
});
