/**
 * Schedule arithmetic for the Scheduled time trigger: when a schedule's slots
 * fall in a shop's time zone. An RRULE (rrule) underneath, time zones from
 * luxon; times are epoch milliseconds.
 */
import type { ScheduleSpec } from '../definition.js';
import { rruleText } from './recurrence.js';
import { readSchedule } from './spec.js';

export { checkSchedule, MIN_MINUTES, MAX_INTERVAL } from './spec.js';
export { checkTimeZone } from './zone.js';
export { nextSlot, dueSlot } from './slots.js';
export { describeSchedule } from './describe.js';

/** The schedule as RRULE text (a floating DTSTART, then the RRULE line), for display and debugging. */
export function toRRule(spec: ScheduleSpec): string {
  return rruleText(readSchedule(spec));
}
