/**
 * A shop's IANA time zone: UTC offsets from luxon, the instants where they
 * change, and turning a wall-clock time into an instant.
 *
 * DST, as RFC 5545 and Temporal's "compatible" choice have it:
 * - a wall time that does not exist (spring forward, 02:30 in Paris on the
 *   last Sunday of March) is read with the offset before the gap, so it moves
 *   forward by the gap: 03:30 CEST;
 * - a wall time that happens twice (fall back, 02:30 on the last Sunday of
 *   October) is its first instant: 02:30 CEST, not 02:30 CET.
 * luxon's own DateTime.fromObject picks between the two instants of an
 * ambiguous time by the offset of the current date, so it is not used here.
 */
import { IANAZone } from 'luxon';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A change of UTC offset: from `at` on, the offset is `after` instead of `before` (milliseconds). */
export interface Transition {
  at: number;
  before: number;
  after: number;
}

export interface Zone {
  readonly name: string;
  /** The UTC offset at an instant, in milliseconds (Paris in summer: +7,200,000). */
  offsetAt(instant: number): number;
  /** The instant of a floating wall-clock time, with the DST rules above. */
  toInstant(wall: number): number;
  /** Offset changes with from <= at <= to, oldest first. */
  transitions(from: number, to: number): Transition[];
  /** The smallest and largest offsets in use from `from` to `to`, with two days to spare either side. */
  offsetRange(from: number, to: number): { min: number; max: number };
}

export function checkTimeZone(tz: string): boolean {
  return typeof tz === 'string' && tz.length > 0 && IANAZone.isValidZone(tz);
}

export function openZone(name: string): Zone {
  if (!checkTimeZone(name)) throw new RangeError(`unknown time zone "${name}" (expected an IANA name like Europe/Paris)`);
  const zone = IANAZone.create(name);
  const offsetAt = (instant: number) => Math.round(zone.offset(instant) * MINUTE);

  function toInstant(wall: number): number {
    // Offsets a day either side cover any single change near this wall time (Temporal does the same).
    const early = offsetAt(wall - DAY);
    const late = offsetAt(wall + DAY);
    const fits = [early, late].filter((o) => offsetAt(wall - o) === o).map((o) => wall - o);
    if (fits.length > 0) return Math.min(...fits);
    return wall - early;
  }

  function transitions(from: number, to: number): Transition[] {
    // Offsets are sampled daily and each change is narrowed down to the millisecond. This assumes a zone
    // does not change its offset and change it back within one day, as toInstant's one-day look does.
    const found: Transition[] = [];
    let t = from;
    let o = offsetAt(t);
    while (t < to) {
      const next = Math.min(t + DAY, to);
      const o2 = offsetAt(next);
      if (o2 !== o) {
        let lo = t;
        let hi = next;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (offsetAt(mid) === o) lo = mid;
          else hi = mid;
        }
        found.push({ at: hi, before: o, after: o2 });
      }
      t = next;
      o = o2;
    }
    return found;
  }

  function offsetRange(from: number, to: number) {
    const offsets = [offsetAt(from - 2 * DAY), ...transitions(from - 2 * DAY, to + 2 * DAY).map((c) => c.after)];
    return { min: Math.min(...offsets), max: Math.max(...offsets) };
  }

  return { name, offsetAt, toInstant, transitions, offsetRange };
}
