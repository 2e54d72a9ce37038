import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { checkTimeZone, openZone } from './zone.js';

const HOUR = 3600_000;
const utc = (text: string) => Date.parse(`${text}Z`);
const paris = openZone('Europe/Paris');

describe('time zones', () => {
  it('knows IANA names and nothing else', () => {
    expect(checkTimeZone('Europe/Paris')).toBe(true);
    expect(checkTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(checkTimeZone('UTC')).toBe(true);
    expect(checkTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(checkTimeZone('')).toBe(false);
    expect(() => openZone('Europe/Atlantis')).toThrow('unknown time zone "Europe/Atlantis" (expected an IANA name like Europe/Paris)');
  });

  it('finds the 2026 DST changes of Paris to the millisecond', () => {
    expect(paris.transitions(utc('2026-01-01T00:00'), utc('2027-01-01T00:00'))).toEqual([
      { at: utc('2026-03-29T01:00'), before: HOUR, after: 2 * HOUR },
      { at: utc('2026-10-25T01:00'), before: 2 * HOUR, after: HOUR },
    ]);
    expect(paris.offsetRange(utc('2026-07-01T00:00'), utc('2026-07-10T00:00'))).toEqual({ min: 2 * HOUR, max: 2 * HOUR });
    expect(paris.offsetRange(utc('2026-10-24T00:00'), utc('2026-10-24T00:00'))).toEqual({ min: HOUR, max: 2 * HOUR });
  });

  it('turns ordinary wall times into the same instants as luxon', () => {
    for (const wall of ['2026-01-15T09:00', '2026-03-29T01:59', '2026-03-29T03:00', '2026-07-01T02:30', '2026-10-25T01:59', '2026-10-25T03:00']) {
      const expected = DateTime.fromISO(wall, { zone: 'Europe/Paris' }).toMillis();
      expect(paris.toInstant(utc(wall)), wall).toBe(expected);
    }
  });

  it('moves a wall time skipped by spring forward ahead by the gap, as luxon does', () => {
    // 02:30 does not exist in Paris on 29 March 2026: read with the winter offset, it is 03:30 CEST.
    expect(paris.toInstant(utc('2026-03-29T02:30'))).toBe(utc('2026-03-29T01:30'));
    expect(paris.toInstant(utc('2026-03-29T02:30'))).toBe(DateTime.fromISO('2026-03-29T02:30', { zone: 'Europe/Paris' }).toMillis());
    expect(paris.toInstant(utc('2026-03-29T02:00'))).toBe(utc('2026-03-29T01:00'));
  });

  it('takes the first instant of a wall time that fall back repeats', () => {
    // 02:30 happens twice in Paris on 25 October 2026: 00:30 UTC (CEST) and 01:30 UTC (CET).
    expect(paris.toInstant(utc('2026-10-25T02:30'))).toBe(utc('2026-10-25T00:30'));
    expect(paris.toInstant(utc('2026-10-25T02:00'))).toBe(utc('2026-10-25T00:00'));
    const newYork = openZone('America/New_York');
    expect(newYork.toInstant(utc('2026-11-01T01:30'))).toBe(utc('2026-11-01T05:30'));
    expect(newYork.toInstant(utc('2026-03-08T02:30'))).toBe(utc('2026-03-08T07:30'));
  });

  it('handles half-hour changes (Lord Howe Island) and zones without DST', () => {
    const lordHowe = openZone('Australia/Lord_Howe');
    // Summer time ends 5 April 2026 at 02:00 (+11) back to 01:30 (+10:30): 01:45 happens twice.
    expect(lordHowe.toInstant(utc('2026-04-05T01:45'))).toBe(utc('2026-04-04T14:45'));
    expect(openZone('Asia/Kolkata').toInstant(utc('2026-03-29T02:30'))).toBe(utc('2026-03-28T21:00'));
  });
});
