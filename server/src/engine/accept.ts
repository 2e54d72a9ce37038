import { now as clockNow } from '../clock.js';
import { uuidv7, type AcceptEventResult, type Store } from '../store/index.js';

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
export async function acceptEvent(store: Store, incoming: IncomingEvent, now = clockNow()): Promise<AcceptEventResult & { answer: AcceptAnswer }> {
  const eventId = uuidv7(now);
  const result = await store.acceptEvent({
    event: { id: eventId, shopId: incoming.shopId, source: incoming.source, handle: incoming.handle, payload: incoming.payload, receivedAt: now },
    idempotency: incoming.idempotency,
    customerKeys: incoming.customerKeys,
    planRuns: (listeners) => listeners.map((l) => ({ id: uuidv7(now), workflowId: l.workflowId, workflowVersion: l.version })),
    answer: (runsStarted): AcceptAnswer => ({ event_id: eventId, runs_started: runsStarted }),
  });
  return result as AcceptEventResult & { answer: AcceptAnswer };
}
