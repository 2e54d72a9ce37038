/**
 * Replay and backfill: a workflow run again over past trigger events (a
 * time range, or the events of chosen runs), first as a dry run that sends
 * nothing, then for real as runs marked with their replay. A failed run can
 * also be run again with an edited payload.
 */
import { now as clockNow } from '../clock.js';
import { uuidv7, type Replay, type Run, type Store, type TriggerEvent, type Workflow } from '../store/index.js';
import type { Catalog, ShopData } from './catalog.js';
import { compileWorkflow } from './compile.js';
import type { WorkflowDefinition } from './definition.js';
import { dryRun, type DryRunStep } from './dry-run.js';
import type { TemplateEngine } from './liquid.js';

/** The most events one replay takes. */
export const REPLAY_MAX_EVENTS = 10_000;

export interface ReplaySelection {
  since?: number;
  until?: number;
  /** Replay the events of these runs (of the same workflow) instead of a time range. */
  runIds?: string[];
  limit?: number;
}

export class ReplayError extends Error {
  constructor(
    readonly code: 'invalid_selection' | 'invalid_payload' | 'not_found' | 'not_rerunnable',
    message: string,
    /** For an edited payload: each field that does not match the trigger. */
    readonly fields?: Array<{ field: string; message: string }>,
  ) {
    super(message);
  }
}

/** The events a selection names, oldest first: the workflow's trigger events in its shop. */
export async function selectEvents(store: Store, workflow: Workflow, shopId: number, selection: ReplaySelection): Promise<TriggerEvent[]> {
  const limit = selection.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 1 || limit > REPLAY_MAX_EVENTS) {
    throw new ReplayError('invalid_selection', `limit must be a whole number from 1 to ${REPLAY_MAX_EVENTS}`);
  }
  const base = { shopId, source: workflow.triggerApp, handle: workflow.triggerHandle, limit };
  if (selection.runIds) {
    if (!selection.runIds.length) throw new ReplayError('invalid_selection', 'run_ids is empty: choose at least one run');
    const runs = await Promise.all(selection.runIds.map((id) => store.getRun(id)));
    const chosen: Run[] = [];
    for (const [i, run] of runs.entries()) {
      if (!run || run.shopId !== shopId || run.workflowId !== workflow.id) {
        throw new ReplayError('not_found', `run ${selection.runIds[i]} is not a run of workflow ${workflow.id} in this shop`);
      }
      chosen.push(run);
    }
    const ids = [...new Set(chosen.map((r) => r.eventId))];
    const events = await store.listEvents({ ...base, ids });
    if (events.length < Math.min(ids.length, limit)) {
      // Only events of the workflow's current trigger are listed: say which run fell out, and why.
      const found = new Set(events.map((e) => e.id));
      const run = chosen.find((r) => !found.has(r.eventId))!;
      const event = await store.getEvent(run.eventId);
      throw new ReplayError(
        'invalid_selection',
        event
          ? `run ${run.id} was started by trigger "${event.handle}" of ${event.source}; this workflow now starts on "${workflow.triggerHandle}" of ${workflow.triggerApp}, so it cannot replay that event`
          : `the event of run ${run.id} is no longer stored`,
      );
    }
    return events;
  }
  if (selection.since === undefined) throw new ReplayError('invalid_selection', 'choose the events: a time range (since, and until if you like) or run_ids');
  if (selection.until !== undefined && selection.until <= selection.since) throw new ReplayError('invalid_selection', 'until must be after since');
  return store.listEvents({ ...base, since: selection.since, until: selection.until });
}

export interface ReplayDeps {
  store: Store;
  catalog: Catalog;
  templates: TemplateEngine;
  shopData?: ShopData;
}

/**
 * What the workflow's current version would do with each event: conditions
 * and the exact requests; nothing is sent or stored. Time is judged as the
 * replayed run will judge it, at the server's now (not when the event
 * arrived), so "within the last N days" shows what the replay then does.
 */
export async function replayDryRun(
  deps: ReplayDeps,
  definition: WorkflowDefinition,
  shop: { id: number; domain: string; name: string },
  events: TriggerEvent[],
): Promise<Array<{ event_id: string; received_at: string; steps: DryRunStep[] }>> {
  const compiled = compileWorkflow(definition, deps.templates);
  const now = new Date(clockNow());
  const out = [];
  for (const event of events) {
    const { steps } = await dryRun(compiled, event.payload, { ...deps, shop, event: { id: event.id, receivedAt: event.receivedAt }, now });
    out.push({ event_id: event.id, received_at: new Date(event.receivedAt).toISOString(), steps });
  }
  return out;
}

/** Starts one run per event on the workflow's current version, marked with the replay. */
export async function startReplay(store: Store, workflow: Workflow, shopId: number, events: TriggerEvent[], now: number): Promise<Replay> {
  if (!events.length) throw new ReplayError('invalid_selection', 'no events of this trigger in that range: nothing to replay');
  const replay: Replay = { id: uuidv7(now), workflowId: workflow.id, shopId, total: events.length, createdAt: now };
  await store.startReplay(
    replay,
    events.map((e) => ({ id: uuidv7(now), workflowId: workflow.id, workflowVersion: workflow.version, eventId: e.id })),
  );
  return replay;
}

/**
 * A failed run again, with an edited payload, on the workflow's current
 * version. `checkPayload` holds the edit to what the trigger itself accepts
 * (the connector API's check of its fields), so a re-run cannot feed the
 * workflow data its trigger never sends.
 */
export async function rerunWithPayload(
  store: Store,
  run: Run,
  workflow: Workflow,
  payload: unknown,
  now: number,
  checkPayload?: (payload: Record<string, unknown>) => Array<{ field: string; message: string }>,
): Promise<{ replay: Replay; runId: string }> {
  if (run.status !== 'failed' && run.status !== 'has_errors') {
    throw new ReplayError('not_rerunnable', `run ${run.id} is ${run.status}; only a failed run (or one with errors) can be re-run`);
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw new ReplayError('invalid_payload', 'payload must be a JSON object');
  const original = await store.getEvent(run.eventId);
  const problems = checkPayload?.(payload as Record<string, unknown>) ?? [];
  if (problems.length) {
    const handle = original?.handle ?? workflow.triggerHandle;
    throw new ReplayError('invalid_payload', `The payload does not match trigger "${handle}": ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
  }
  const event: TriggerEvent = {
    id: uuidv7(now),
    shopId: run.shopId,
    source: original?.source ?? workflow.triggerApp,
    handle: original?.handle ?? workflow.triggerHandle,
    payload,
    receivedAt: now,
  };
  const replay: Replay = { id: uuidv7(now), workflowId: workflow.id, shopId: run.shopId, total: 1, sourceRunId: run.id, createdAt: now };
  const runId = uuidv7(now);
  await store.startReplay(replay, [{ id: runId, workflowId: workflow.id, workflowVersion: workflow.version, eventId: event.id }], [event]);
  return { replay, runId };
}
