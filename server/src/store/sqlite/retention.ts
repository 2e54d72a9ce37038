/**
 * History pruning on SQLite: one batch is one short transaction, so writers
 * (the group commit) wait for at most one batch. Ids of a batch go to the
 * deletes as one JSON array (json_each), each delete walking an index.
 */
import type Database from 'better-sqlite3';
import { checkPruneArgs, FINISHED_RUN_STATUSES, PENDING_DELIVERY_STATUSES, sqlList } from '../retention.js';
import type { Millis, PruneResult } from '../types.js';

const IDS = 'SELECT value FROM json_each(?)';

function prepare(db: Database.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    runs: p(`SELECT id FROM runs
              WHERE finished_at < @before AND status IN (${sqlList(FINISHED_RUN_STATUSES)})
                AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.run_id = runs.id AND d.status IN (${sqlList(PENDING_DELIVERY_STATUSES)}))
              ORDER BY finished_at LIMIT @limit`).pluck(),
    attempts: p(`DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE run_id IN (${IDS}))`),
    deliveries: p(`DELETE FROM deliveries WHERE run_id IN (${IDS})`),
    steps: p(`DELETE FROM run_steps WHERE run_id IN (${IDS})`),
    deleteRuns: p(`DELETE FROM runs WHERE id IN (${IDS})`),
    events: p(`SELECT id FROM events
                WHERE received_at < @before AND NOT EXISTS (SELECT 1 FROM runs WHERE runs.event_id = events.id)
                ORDER BY received_at LIMIT @limit`).pluck(),
    eventCustomers: p(`DELETE FROM event_customers WHERE event_id IN (${IDS})`),
    deleteEvents: p(`DELETE FROM events WHERE id IN (${IDS})`),
    idempotencyKeys: p(`DELETE FROM idempotency_keys WHERE (app_id, shop_id, key) IN
                          (SELECT app_id, shop_id, key FROM idempotency_keys WHERE created_at < @before ORDER BY created_at LIMIT @limit)`),
    webhookReceipts: p(`DELETE FROM webhook_receipts WHERE webhook_id IN
                          (SELECT webhook_id FROM webhook_receipts WHERE received_at < @before ORDER BY received_at LIMIT @limit)`),
  };
}

const prepared = new WeakMap<Database.Database, ReturnType<typeof prepare>>();

export function pruneHistory(db: Database.Database, before: Millis, batchSize: number): PruneResult {
  checkPruneArgs(before, batchSize);
  let s = prepared.get(db);
  if (!s) prepared.set(db, (s = prepare(db)));
  const q = s;
  const args = { before, limit: batchSize };
  return db.transaction((): PruneResult => {
    const runIds = JSON.stringify(q.runs.all(args));
    const attempts = q.attempts.run(runIds).changes;
    const deliveries = q.deliveries.run(runIds).changes;
    const steps = q.steps.run(runIds).changes;
    const runs = q.deleteRuns.run(runIds).changes;
    const eventIds = JSON.stringify(q.events.all(args));
    q.eventCustomers.run(eventIds);
    const events = q.deleteEvents.run(eventIds).changes;
    const idempotencyKeys = q.idempotencyKeys.run(args).changes;
    const webhookReceipts = q.webhookReceipts.run(args).changes;
    return { runs, events, deliveries, attempts, steps, idempotencyKeys, webhookReceipts };
  })();
}
