/**
 * Fires the slots of scheduled workflows. Each (workflow, shop) has one row
 * holding its next slot; firing moves the row to the slot after now in the
 * same transaction as the event and its run, and only if the row still
 * held the slot, so with several processes each slot fires exactly once. A
 * server that was down fires one late run for the latest missed slot.
 */
import type { Store } from '../../store/index.js';
import { acceptEvent } from '../accept.js';
import type { WorkflowDefinition } from '../definition.js';
import { dueSlot, nextSlot } from '../schedule/index.js';
import { SCHEDULED_TIME } from './index.js';

/** A slot fired later than this (the worker polls every fraction of a second) is reported late. */
const LATE_AFTER_MS = 60_000;

export async function fireDueSlots(store: Store, now: number, onError?: (err: unknown, schedule: { workflowId: number; shopId: number }) => void, limit = 50): Promise<number> {
  let fired = 0;
  for (const due of await store.listDueSchedules(now, limit)) {
    try {
      if (await fireSlot(store, due, now)) fired++;
    } catch (err) {
      // One bad row (a shop's unknown time zone) must not hold up the others; it is tried again next pass.
      onError?.(err, due);
    }
  }
  return fired;
}

async function fireSlot(store: Store, due: { workflowId: number; shopId: number; nextSlotAt: number }, now: number): Promise<boolean> {
  const [workflow, shop] = await Promise.all([store.getWorkflow(due.workflowId), store.getShop(due.shopId)]);
  const version = workflow && (await store.getWorkflowVersion(workflow.id, workflow.version));
  const spec = (version?.definition as WorkflowDefinition | undefined)?.trigger.schedule;
  // Turned off another way (an uninstall turns workflows off without this row): the schedule ends.
  const enabled = workflow && (await store.getWorkflowShopState(workflow.id, due.shopId))?.enabled;
  if (!workflow || !shop || !spec || !enabled || workflow.triggerApp !== 'switchboard' || workflow.triggerHandle !== SCHEDULED_TIME) {
    await store.setSchedule(due.workflowId, due.shopId, null);
    return false;
  }
  const slot = dueSlot(spec, shop.timezone, due.nextSlotAt, now) ?? { slot: due.nextSlotAt, missed: 0 };
  const lateMs = now - slot.slot;
  const late = slot.missed > 0 || lateMs > LATE_AFTER_MS;
  const result = await acceptEvent(
    store,
    {
      shopId: shop.id,
      source: 'switchboard',
      handle: SCHEDULED_TIME,
      payload: { scheduled_at: new Date(slot.slot).toISOString(), late, late_by_seconds: late ? Math.round(lateMs / 1000) : 0, missed_slots: slot.missed },
    },
    now,
    { decide: (id) => id === workflow.id, schedule: { workflowId: workflow.id, shopId: shop.id, from: due.nextSlotAt, to: nextSlot(spec, shop.timezone, now) ?? null } },
  );
  return !result.replayed;
}

/** The first slot after `now` of a scheduled workflow, or null (not scheduled, or a one-off in the past). */
export function firstSlot(definition: WorkflowDefinition, timeZone: string, now: number): number | null {
  const spec = definition.trigger.app === 'switchboard' && definition.trigger.handle === SCHEDULED_TIME ? definition.trigger.schedule : undefined;
  return spec ? (nextSlot(spec, timeZone, now) ?? null) : null;
}
