/**
 * Slots: the real instants a schedule fires at. A slot is an occurrence's
 * wall-clock time turned into an instant in the shop's zone (zone.ts says how
 * DST is handled); two occurrences landing on the same instant are one slot.
 *
 * A slot is its wall time minus an offset that lies between the smallest and
 * largest offsets in use nearby (min, max). That bounds which occurrences can
 * be the slot next to an instant, so only a few are turned into instants, and
 * counting a long stretch is arithmetic on each run of one offset.
 */
import type { ScheduleSpec } from '../definition.js';
import { countIn, firstAtOrAfter, isOccurrence, lastAtOrBefore, listIn } from './recurrence.js';
import { readSchedule, type Recurrence } from './spec.js';
import { openZone, type Zone } from './zone.js';

const DAY = 24 * 3600_000;

/** The first slot strictly after `after`; undefined when a one-off schedule is past. */
export function nextSlot(spec: ScheduleSpec, timeZone: string, after: number): number | undefined {
  return firstSlotAfter(readSchedule(spec), openZone(timeZone), after);
}

/**
 * The latest slot with from <= slot <= now, and how many earlier slots in
 * [from, now] it replaces: a server that was down through three slots fires
 * once, for the last, with `missed: 2`.
 */
export function dueSlot(spec: ScheduleSpec, timeZone: string, from: number, now: number): { slot: number; missed: number } | undefined {
  const r = readSchedule(spec);
  const zone = openZone(timeZone);
  if (now < from) return undefined;
  const slot = lastSlotUpTo(r, zone, now);
  if (slot === undefined || slot < from) return undefined;
  return { slot, missed: Math.max(0, countSlots(r, zone, from, slot) - 1) };
}

export function firstSlotAfter(r: Recurrence, zone: Zone, after: number): number | undefined {
  if (r.frequency === 'once') {
    const slot = zone.toInstant(r.first);
    return slot > after ? slot : undefined;
  }
  // `sure` is an occurrence whose slot is after `after` whatever the offset; an earlier slot can only
  // come from an occurrence less than (max - min) past it. Widen the offsets until they cover that stretch.
  let { min, max } = zone.offsetRange(after, after);
  let sure = firstAtOrAfter(r, after + max + 1)!;
  for (;;) {
    const range = zone.offsetRange(after, sure - min);
    if (range.min === min && range.max === max) break;
    ({ min, max } = range);
    sure = firstAtOrAfter(r, after + max + 1)!;
  }
  const slots = listIn(r, after + min + 1, sure + (max - min) + 1)
    .map(zone.toInstant)
    .filter((slot) => slot > after);
  return Math.min(...slots);
}

export function lastSlotUpTo(r: Recurrence, zone: Zone, until: number): number | undefined {
  if (r.frequency === 'once') {
    const slot = zone.toInstant(r.first);
    return slot <= until ? slot : undefined;
  }
  // The mirror of firstSlotAfter: `sure` (when there is one) has its slot at or before `until`.
  let { min, max } = zone.offsetRange(until, until);
  let sure = lastAtOrBefore(r, until + min);
  for (;;) {
    const range = zone.offsetRange(Math.min((sure ?? r.first) - max, until), until);
    if (range.min === min && range.max === max) break;
    ({ min, max } = range);
    sure = lastAtOrBefore(r, until + min);
  }
  const from = sure === undefined ? r.first : sure - (max - min);
  const slots = listIn(r, from, until + max + 1)
    .map(zone.toInstant)
    .filter((slot) => slot <= until);
  return slots.length > 0 ? Math.max(...slots) : undefined;
}

/**
 * How many distinct slots lie in [from, to]. Between offset changes a slot is
 * wall time minus one offset, so each run is counted with arithmetic; at a
 * change, the hour that repeats (fall back) loses its second instants, and
 * the hour that is skipped (spring forward) adds the occurrences moved out of
 * it, unless one is already there.
 */
export function countSlots(r: Recurrence, zone: Zone, from: number, to: number): number {
  if (to < from) return 0;
  if (r.frequency === 'once') {
    const slot = zone.toInstant(r.first);
    return from <= slot && slot <= to ? 1 : 0;
  }
  const changes = zone.transitions(from - 2 * DAY, to + 2 * DAY);
  const end = to + 1;
  let total = 0;
  for (let k = 0; k <= changes.length; k++) {
    const change = k > 0 ? changes[k - 1]! : undefined;
    const offset = change ? change.after : zone.offsetAt(from - 2 * DAY);
    const lo = Math.max(change ? change.at : from, from);
    const hi = Math.min(changes[k]?.at ?? end, end);
    if (lo >= hi) continue;
    total += countIn(r, lo + offset, hi + offset);
    if (!change) continue;
    const { at, before, after } = change;
    const x = Math.max(at, lo);
    const y = Math.min(at + Math.abs(after - before), hi);
    if (x >= y) continue;
    if (after < before) {
      total -= countIn(r, x + after, y + after);
    } else {
      for (const wall of listIn(r, x + before, y + before)) if (!isOccurrence(r, wall + after - before)) total++;
    }
  }
  return total;
}
