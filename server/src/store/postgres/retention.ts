/**
 * History pruning on PostgreSQL: one batch is one short transaction of
 * `DELETE ... WHERE id = ANY(<ids picked with LIMIT>)` statements. Rows are
 * picked `FOR UPDATE SKIP LOCKED`, so processes pruning at once take
 * different batches instead of waiting for each other, and a short
 * lock_timeout makes the pruner, never the hot path, give way when a row it
 * deletes is busy (a failed delivery retried by hand at that moment).
 */
import type pg from 'pg';
import { checkPruneArgs, FINISHED_RUN_STATUSES, PENDING_DELIVERY_STATUSES, sqlList } from '../retention.js';
import type { Millis, PruneResult } from '../types.js';
import { inTransaction } from './pool.js';

const LOCK_TIMEOUT = '200ms';

const RUNS = `SELECT id FROM runs
               WHERE finished_at < $1 AND status IN (${sqlList(FINISHED_RUN_STATUSES)})
                 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.run_id = runs.id AND d.status IN (${sqlList(PENDING_DELIVERY_STATUSES)}))
               ORDER BY finished_at LIMIT $2 FOR UPDATE SKIP LOCKED`;
const EVENTS = `SELECT id FROM events
                 WHERE received_at < $1 AND NOT EXISTS (SELECT 1 FROM runs WHERE runs.event_id = events.id)
                 ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED`;

export async function pruneHistory(pool: pg.Pool, before: Millis, batchSize: number): Promise<PruneResult> {
  checkPruneArgs(before, batchSize);
  return inTransaction(pool, async (client) => {
    await client.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
    const del = async (sql: string, params: unknown[]) => (await client.query(sql, params)).rowCount ?? 0;
    const runIds = (await client.query<{ id: string }>(RUNS, [before, batchSize])).rows.map((r) => r.id);
    let attempts = 0, deliveries = 0, steps = 0, runs = 0;
    if (runIds.length) {
      attempts = await del('DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE run_id = ANY($1::text[]))', [runIds]);
      deliveries = await del('DELETE FROM deliveries WHERE run_id = ANY($1::text[])', [runIds]);
      steps = await del('DELETE FROM run_steps WHERE run_id = ANY($1::text[])', [runIds]);
      runs = await del('DELETE FROM runs WHERE id = ANY($1::text[])', [runIds]);
    }
    const eventIds = (await client.query<{ id: string }>(EVENTS, [before, batchSize])).rows.map((r) => r.id);
    let events = 0;
    if (eventIds.length) {
      await client.query('DELETE FROM event_customers WHERE event_id = ANY($1::text[])', [eventIds]);
      events = await del('DELETE FROM events WHERE id = ANY($1::text[])', [eventIds]);
    }
    const idempotencyKeys = await del(
      `DELETE FROM idempotency_keys WHERE (app_id, shop_id, key) IN
         (SELECT app_id, shop_id, key FROM idempotency_keys WHERE created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [before, batchSize],
    );
    const webhookReceipts = await del(
      `DELETE FROM webhook_receipts WHERE webhook_id IN
         (SELECT webhook_id FROM webhook_receipts WHERE received_at < $1 ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [before, batchSize],
    );
    return { runs, events, deliveries, attempts, steps, idempotencyKeys, webhookReceipts };
  });
}
