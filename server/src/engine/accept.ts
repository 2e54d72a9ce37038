import { now as clockNow } from '../clock.js';
import { uuidv7, type AcceptEventInput, type AcceptEventResult, type NewRun, type Store } from '../store/index.js';

export interface IncomingEvent {
  shopId: number;
  /** Client id of the sending app, or `shopify` / `switchboard`. */
  source: string;
  handle: string;
  payload: unknown;
  idempotency?: { appId: number; key: string };
  /** Customers the event is about (`id:<n>`, `email:<address>`, `order:<n>`), for redaction. */
  customerKeys?: string[];
}

/** How Switchboard's own triggers narrow who runs: one workflow only, or a decision per listener. */
export interface AcceptOptions {
  /** Per listening workflow: run it (true), record it skipped (a reason), or leave it out (false). */
  decide?: (workflowId: number) => boolean | string;
  schedule?: AcceptEventInput['schedule'];
  replay?: AcceptEventInput['replay'];
}

/** The 202 body of the trigger API, and what an idempotency key replays. */
export interface AcceptAnswer {
  event_id: string;
  runs_started: number;
}

/**
 * Stores an event and starts one run per enabled workflow listening to its
 * (shop, trigger), in one transaction: once this resolves, the runs exist
 * and their jobs are queued, whatever happens to this process next.
 */
export async function acceptEvent(
  store: Store,
  incoming: IncomingEvent,
  now = clockNow(),
  options: AcceptOptions = {},
): Promise<AcceptEventResult & { answer: AcceptAnswer }> {
  const eventId = uuidv7(now);
  const plan = (l: { workflowId: number; version: number }): NewRun[] => {
    const decision = options.decide ? options.decide(l.workflowId) : true;
    if (decision === false) return [];
    const run: NewRun = { id: uuidv7(now), workflowId: l.workflowId, workflowVersion: l.version, replayId: options.replay?.id };
    return [typeof decision === 'string' ? { ...run, skippedReason: decision } : run];
  };
  const result = await store.acceptEvent({
    event: { id: eventId, shopId: incoming.shopId, source: incoming.source, handle: incoming.handle, payload: incoming.payload, receivedAt: now },
    idempotency: incoming.idempotency,
    customerKeys: incoming.customerKeys,
    planRuns: (listeners) => listeners.flatMap(plan),
    answer: (runsStarted): AcceptAnswer => ({ event_id: eventId, runs_started: runsStarted }),
    schedule: options.schedule,
    replay: options.replay,
  });
  return result as AcceptEventResult & { answer: AcceptAnswer };
}
