import { describe, expect, it } from 'vitest';
import { checkSchedule, parseLocalDateTime, readSchedule } from './spec.js';

const at = 'trigger.schedule';

describe('checkSchedule', () => {
  it('accepts each frequency with a valid start', () => {
    for (const frequency of ['once', 'hourly', 'daily', 'weekly', 'monthly'] as const) {
      expect(checkSchedule({ start: '2026-12-01T09:00', frequency }, at)).toEqual([]);
    }
    expect(checkSchedule({ start: '2026-12-01T09:00:30', frequency: 'minutely', interval: 10 }, at)).toEqual([]);
    expect(checkSchedule({ start: '2026-12-01T09:00', frequency: 'monthly', interval: 1000 }, at)).toEqual([]);
    expect(checkSchedule({ start: '2026-12-01T09:00', frequency: 'once', interval: 1 }, at)).toEqual([]);
  });

  it('says what is wrong with the start, at trigger.schedule.start', () => {
    const start = (value: unknown) => checkSchedule({ start: value, frequency: 'daily' }, at);
    expect(start('2026-12-01 09:00')).toEqual([{ path: `${at}.start`, message: expect.stringContaining('like 2026-12-01T09:00') }]);
    expect(start('2026-12-01T09:00+01:00')).toEqual([{ path: `${at}.start`, message: expect.stringContaining('without a time zone') }]);
    expect(start('2026-12-01T09:00Z')[0]?.path).toBe(`${at}.start`);
    expect(start('2026-12-01')[0]?.path).toBe(`${at}.start`);
    expect(start(20261201)[0]?.message).toContain('like 2026-12-01T09:00');
    expect(start(undefined)[0]?.path).toBe(`${at}.start`);
    expect(start('2026-02-29T09:00')).toEqual([{ path: `${at}.start`, message: '2026-02-29 is not a calendar date' }]);
    expect(start('2026-13-01T09:00')).toEqual([{ path: `${at}.start`, message: '2026-13-01 is not a calendar date' }]);
    expect(start('2026-12-01T24:00')).toEqual([{ path: `${at}.start`, message: '24:00 is not a time of day' }]);
    expect(start('2026-12-01T09:00:60')).toEqual([{ path: `${at}.start`, message: '09:00:60 is not a time of day' }]);
    expect(start('1969-12-31T09:00')).toEqual([{ path: `${at}.start`, message: 'the start year 1969 is before 1970' }]);
    expect(start('2028-02-29T09:00')).toEqual([]);
  });

  it('names unknown frequencies and lists the known ones', () => {
    expect(checkSchedule({ start: '2026-12-01T09:00', frequency: 'yearly' }, at)).toEqual([
      { path: `${at}.frequency`, message: 'the frequency must be one of once, minutely, hourly, daily, weekly, monthly (got "yearly")' },
    ]);
    expect(checkSchedule({ start: '2026-12-01T09:00' }, at)[0]?.path).toBe(`${at}.frequency`);
  });

  it('checks the interval: a whole number from 1 to 1000, at least 10 minutes, none on a one-off', () => {
    const interval = (frequency: string, value: unknown) => checkSchedule({ start: '2026-12-01T09:00', frequency, interval: value }, at);
    const problem = (message: string) => [{ path: `${at}.interval`, message }];
    expect(interval('daily', 0)).toEqual(problem('the interval must be a whole number of at least 1'));
    expect(interval('daily', 1.5)).toEqual(problem('the interval must be a whole number of at least 1'));
    expect(interval('daily', '2')).toEqual(problem('the interval must be a whole number of at least 1'));
    expect(interval('daily', 1001)).toEqual(problem('the interval is at most 1000'));
    expect(interval('minutely', 5)).toEqual(problem('the smallest repeat is every 10 minutes'));
    expect(checkSchedule({ start: '2026-12-01T09:00', frequency: 'minutely' }, at)).toEqual(problem('the smallest repeat is every 10 minutes'));
    expect(interval('once', 2)).toEqual(problem('a one-off schedule does not repeat: leave the interval out'));
  });

  it('reports every problem at once, and fields a schedule does not have', () => {
    expect(checkSchedule({ start: 'tomorrow', frequency: 'sometimes', interval: -1, every: 3 }, at).map((p) => p.path)).toEqual([
      `${at}.every`,
      `${at}.start`,
      `${at}.frequency`,
      `${at}.interval`,
    ]);
  });

  it('says a schedule is an object when it is not', () => {
    for (const spec of [null, 'daily', [], 3]) {
      expect(checkSchedule(spec, at)).toEqual([{ path: at, message: expect.stringContaining('a schedule is an object') }]);
    }
  });
});

describe('readSchedule', () => {
  it('reads the start as floating milliseconds and defaults the interval to 1', () => {
    expect(readSchedule({ start: '2026-12-01T09:00', frequency: 'daily' })).toEqual({
      frequency: 'daily',
      interval: 1,
      start: { year: 2026, month: 12, day: 1, hour: 9, minute: 0, second: 0 },
      first: Date.UTC(2026, 11, 1, 9),
    });
    expect(parseLocalDateTime('2026-12-01T09:05:07')).toEqual({ year: 2026, month: 12, day: 1, hour: 9, minute: 5, second: 7 });
  });

  it('throws with every problem when the schedule is not valid', () => {
    expect(() => readSchedule({ start: 'soon', frequency: 'minutely', interval: 2 })).toThrow(
      /invalid schedule: schedule\.start: "soon" is not .*; schedule\.interval: the smallest repeat is every 10 minutes/,
    );
  });
});
