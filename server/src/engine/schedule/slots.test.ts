import { describe, expect, it } from 'vitest';
import type { ScheduleSpec } from '../definition.js';
import { listIn } from './recurrence.js';
import { countSlots, firstSlotAfter, lastSlotUpTo } from './slots.js';
import { readSchedule, type Recurrence } from './spec.js';
import { openZone, type Zone } from './zone.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const utc = (text: string) => Date.parse(`${text}Z`);

/** The plain definition of slots: every occurrence nearby turned into an instant, duplicates dropped. */
function slotsByHand(r: Recurrence, zone: Zone, from: number, to: number): number[] {
  const instants = listIn(r, from - 2 * DAY, to + 2 * DAY).map(zone.toInstant);
  return [...new Set(instants)].filter((s) => from <= s && s <= to).sort((a, b) => a - b);
}

const SPECS: ScheduleSpec[] = [
  { start: '2011-01-01T00:05', frequency: 'minutely', interval: 10 },
  { start: '2011-01-01T00:00:30', frequency: 'minutely', interval: 25 },
  { start: '2011-01-01T00:00', frequency: 'hourly' },
  { start: '2011-01-01T01:15', frequency: 'hourly', interval: 2 },
  { start: '2011-01-01T02:30', frequency: 'daily' },
  { start: '2011-01-01T01:45', frequency: 'daily' },
  { start: '2011-01-02T02:00', frequency: 'weekly' },
];

// Changes of offset, each checked from a day before to a day after.
const CHANGES: Array<[zone: string, at: string]> = [
  ['Europe/Paris', '2026-03-29T01:00'],
  ['Europe/Paris', '2026-10-25T01:00'],
  ['America/New_York', '2026-03-08T07:00'],
  ['America/New_York', '2026-11-01T06:00'],
  ['Australia/Lord_Howe', '2026-04-04T15:00'], // half an hour back
  ['Australia/Lord_Howe', '2026-10-03T15:30'], // half an hour forward
  ['Pacific/Apia', '2011-12-30T10:00'], // Samoa skipped 30 December 2011: a gap of a whole day
];

describe('slots near a change of offset match their plain definition', () => {
  for (const [name, at] of CHANGES) {
    it(`${name} around ${at}Z`, () => {
      const zone = openZone(name);
      const T = utc(at);
      expect(zone.transitions(T - DAY, T + DAY).map((c) => c.at)).toEqual([T]);
      for (const spec of SPECS) {
        const r = readSchedule(spec);
        const all = slotsByHand(r, zone, T - 10 * DAY, T + 10 * DAY);
        for (let t = T - 4 * HOUR; t <= T + 4 * HOUR; t += 17 * MINUTE) {
          expect(firstSlotAfter(r, zone, t), `${spec.frequency} ${spec.start} after ${new Date(t).toISOString()}`).toBe(all.find((s) => s > t));
          expect(lastSlotUpTo(r, zone, t), `${spec.frequency} ${spec.start} up to ${new Date(t).toISOString()}`).toBe(all.findLast((s) => s <= t));
        }
        for (const from of [T - 30 * HOUR, T - 2 * HOUR, T - 31 * MINUTE, T, T + 10 * MINUTE]) {
          for (const to of [T + 5 * MINUTE, T + 45 * MINUTE, T + 2 * HOUR, T + 30 * HOUR]) {
            const expected = all.filter((s) => from <= s && s <= to).length;
            expect(countSlots(r, zone, from, to), `${spec.frequency} ${spec.start} in [${from}, ${to}]`).toBe(expected);
          }
        }
      }
    });
  }

  it('a gap of a whole day (Samoa, December 2011) moves its daily slot forward a day, onto the next one', () => {
    const zone = openZone('Pacific/Apia');
    const r = readSchedule({ start: '2011-12-01T09:00', frequency: 'daily' });
    // 29 Dec at 09:00 -10; 30 Dec 09:00 does not exist and is read at -10, which is 31 Dec 09:00 +14, the same instant as 31 Dec's slot.
    expect(slotsByHand(r, zone, utc('2011-12-29T00:00'), utc('2011-12-31T12:00'))).toEqual([utc('2011-12-29T19:00'), utc('2011-12-30T19:00')]);
    expect(countSlots(r, zone, utc('2011-12-29T00:00'), utc('2011-12-31T12:00'))).toBe(2);
  });

  it('counts a whole year of 10-minute slots by the same definition', () => {
    const zone = openZone('Europe/Paris');
    const r = readSchedule(SPECS[0]!);
    const from = utc('2026-01-01T00:00');
    const to = utc('2027-01-01T00:00');
    expect(countSlots(r, zone, from, to)).toBe(slotsByHand(r, zone, from, to).length);
  });
});
