/**
 * History pruning (Store.pruneHistory), on every backend available: what is
 * deleted with an old finished run, what is kept, batch sizes, convergence,
 * and several processes pruning one database at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openPostgresStore, openSqliteStore, type Millis, type PruneResult, type RunStatus, type Store } from './index.js';
import { dropSchemas, freshSchemaName, POSTGRES_SKIPPED_MESSAGE, TEST_DATABASE_URL } from './postgres/test-schemas.js';

const DAY = 24 * 3600_000;
const NOW = Date.now();
const OLD = NOW - 40 * DAY;
const RECENT = NOW - DAY;
/** Retention of 30 days. */
const BEFORE = NOW - 30 * DAY;

interface Backend {
  name: string;
  /** `processes` stores on one new, empty database, as that many processes would open it. */
  open(processes: number): Promise<{ stores: Store[]; cleanup(): Promise<void> }>;
}

const sqlite: Backend = {
  name: 'SQLite',
  async open(processes) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retention-test-'));
    const stores = Array.from({ length: processes }, () => openSqliteStore(path.join(dir, 'db.sqlite')));
    return { stores, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  },
};

const postgres = (url: string): Backend => ({
  name: 'PostgreSQL',
  async open(processes) {
    const schema = freshSchemaName();
    const stores = await Promise.all(Array.from({ length: processes }, () => openPostgresStore({ url, poolSize: 3, schema })));
    return { stores, cleanup: () => dropSchemas(url, schema) };
  },
});

if (!TEST_DATABASE_URL) console.warn(POSTGRES_SKIPPED_MESSAGE);
const backends = TEST_DATABASE_URL ? [sqlite, postgres(TEST_DATABASE_URL)] : [sqlite];

/** Runs `work` with the clock at `t`: the store stamps finished_at and updated_at from Date.now(). */
async function at<T>(t: Millis, work: () => Promise<T>): Promise<T> {
  const clock = vi.spyOn(Date, 'now').mockReturnValue(t);
  try {
    return await work();
  } finally {
    clock.mockRestore();
  }
}

const FINISHED: RunStatus[] = ['succeeded', 'succeeded_no_actions', 'failed', 'skipped', 'cancelled'];

describe.each(backends)('history pruning ($name)', (backend) => {
  let stores: Store[] = [];
  let cleanup = async () => {};
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await cleanup();
    stores = [];
  });

  async function open(processes = 1) {
    ({ stores, cleanup } = await backend.open(processes));
    const store = stores[0]!;
    const shop = await store.ensureShop('s.myshopify.com');
    const wf = await store.createWorkflow({ shopId: shop.id, name: 'W', triggerApp: 'app', triggerHandle: 't', definition: { steps: [] } });
    await store.setWorkflowEnabled({ workflowId: wf.id, shopId: shop.id, enabled: true });
    return { store, shopId: shop.id, workflowId: wf.id };
  }

  /** An event received at `receivedAt`, starting one run per id in `runs` (`run-<event id>` by default). */
  async function event(store: Store, shopId: number, id: string, receivedAt: Millis, extra: { runs?: string[]; key?: string; customer?: string; skipped?: boolean } = {}) {
    await store.acceptEvent({
      event: { id, shopId, source: 'app', handle: 't', payload: { n: id }, receivedAt },
      ...(extra.key ? { idempotency: { appId: 1, key: extra.key } } : {}),
      ...(extra.customer ? { customerKeys: [extra.customer] } : {}),
      planRuns: (ls) =>
        ls.length ? (extra.runs ?? [`run-${id}`]).map((runId) => ({ id: runId, workflowId: ls[0]!.workflowId, workflowVersion: 1, ...(extra.skipped ? { skippedReason: 'not today' } : {}) })) : [],
      answer: (n) => ({ runs_started: n }),
    });
  }

  /** Takes run `runId` through one action step with a delivery and an attempt, to `status` at `t`. */
  async function progress(store: Store, shopId: number, runId: string, t: Millis, status: RunStatus, deliveryStatus: 'succeeded' | 'failed' | 'waiting' | 'sending' = 'succeeded') {
    const deliveryId = `d-${runId}`;
    await at(t, () =>
      store.saveRunProgress({
        runId, status: 'running', state: { at: 'action' },
        steps: [{ runId, seq: 0, stepId: 'a', kind: 'action', status: 'waiting', input: { x: 1 }, startedAt: t }],
        newDelivery: { id: deliveryId, runId, stepId: 'a', appId: 1, shopId, handle: 'h', url: 'https://app.example/a', body: '{}', status: 'sending', attempts: 0, deadlineAt: t + DAY, createdAt: t, updatedAt: t },
      }),
    );
    await at(t, () =>
      store.saveRunProgress({
        runId, status, state: { at: 'end' }, finished: FINISHED.includes(status),
        steps: [{ runId, seq: 0, stepId: 'a', kind: 'action', status: 'succeeded', input: { x: 1 }, output: { ok: true }, startedAt: t, finishedAt: t }],
        attempt: { deliveryId, n: 1, startedAt: t, latencyMs: 3, statusCode: 200, outcome: 'succeeded' },
        deliveryUpdate: { id: deliveryId, status: deliveryStatus, attempts: 1 },
      }),
    );
  }

  const nothing: PruneResult = { runs: 0, events: 0, deliveries: 0, attempts: 0, steps: 0, idempotencyKeys: 0, webhookReceipts: 0 };

  it('deletes old finished runs with their steps, deliveries, attempts and events; keeps recent, unfinished and still-delivering runs', async () => {
    const { store, shopId } = await open();
    // Pruned: finished 40 days ago, by every final status.
    await event(store, shopId, 'e-old', OLD, { customer: 'email:old@example.com', key: 'k-old' });
    await progress(store, shopId, 'run-e-old', OLD + 1_000, 'succeeded');
    await event(store, shopId, 'e-failed', OLD);
    await progress(store, shopId, 'run-e-failed', OLD + 1_000, 'failed', 'failed');
    await event(store, shopId, 'e-skipped', OLD, { skipped: true });
    await event(store, shopId, 'e-unheard', OLD - 1, { runs: [] });
    await store.recordWebhook('w-old', 's.myshopify.com', 'orders/create', OLD);
    // Kept.
    await event(store, shopId, 'e-recent', RECENT, { key: 'k-recent', customer: 'email:recent@example.com' });
    await progress(store, shopId, 'run-e-recent', RECENT, 'succeeded');
    await event(store, shopId, 'e-late', OLD); // received long ago, finished yesterday (a delivery retried for weeks)
    await progress(store, shopId, 'run-e-late', RECENT, 'succeeded');
    await event(store, shopId, 'e-running', OLD);
    await event(store, shopId, 'e-waiting', OLD);
    await progress(store, shopId, 'run-e-waiting', OLD + 1_000, 'waiting', 'waiting');
    await event(store, shopId, 'e-pending', OLD);
    await progress(store, shopId, 'run-e-pending', OLD + 1_000, 'failed', 'sending');
    await event(store, shopId, 'e-shared', OLD, { runs: ['run-shared-done', 'run-shared-waiting'] });
    await progress(store, shopId, 'run-shared-done', OLD + 1_000, 'succeeded');
    await progress(store, shopId, 'run-shared-waiting', OLD + 1_000, 'waiting', 'waiting');
    await event(store, shopId, 'e-unheard-recent', RECENT, { runs: [] });
    await store.recordWebhook('w-recent', 's.myshopify.com', 'orders/create', RECENT);

    expect(await store.pruneHistory(BEFORE, 100)).toEqual({
      runs: 4, // e-old, e-failed, e-skipped, shared-done
      events: 4, // e-old, e-failed, e-skipped, e-unheard (e-shared still has a waiting run)
      deliveries: 3,
      attempts: 3,
      steps: 3,
      idempotencyKeys: 1,
      webhookReceipts: 1,
    });
    // Converged: a second pass finds nothing.
    expect(await store.pruneHistory(BEFORE, 100)).toEqual(nothing);

    for (const gone of ['run-e-old', 'run-e-failed', 'run-e-skipped', 'run-shared-done']) {
      expect(await store.getRun(gone), gone).toBeUndefined();
      expect(await store.listRunSteps(gone)).toEqual([]);
      expect(await store.listDeliveriesForRun(gone)).toEqual([]);
    }
    expect(await store.getDelivery('d-run-e-old')).toBeUndefined();
    expect(await store.listAttempts('d-run-e-old')).toEqual([]);
    for (const gone of ['e-old', 'e-failed', 'e-skipped', 'e-unheard']) expect(await store.getEvent(gone), gone).toBeUndefined();
    // Its customer index went with the event; the recent customer's did not.
    expect(await store.redactCustomer(shopId, ['email:old@example.com'])).toEqual({ events: 0, runs: 0 });
    expect((await store.collectCustomerData(shopId, ['email:recent@example.com'])).events.map((e) => e.id)).toEqual(['e-recent']);

    expect(await store.getRun('run-e-recent')).toMatchObject({ status: 'succeeded', finishedAt: RECENT });
    expect(await store.listAttempts('d-run-e-recent')).toHaveLength(1);
    expect(await store.getRun('run-e-late')).toMatchObject({ status: 'succeeded' });
    expect(await store.getEvent('e-late')).toBeDefined();
    expect(await store.getRun('run-e-running')).toMatchObject({ status: 'running', createdAt: OLD });
    expect(await store.getRun('run-e-waiting')).toMatchObject({ status: 'waiting' });
    expect(await store.getRun('run-e-pending')).toMatchObject({ status: 'failed', finishedAt: OLD + 1_000 });
    expect(await store.getDelivery('d-run-e-pending')).toMatchObject({ status: 'sending' });
    expect(await store.listRunSteps('run-e-pending')).toHaveLength(1);
    expect(await store.getRun('run-shared-waiting')).toBeDefined();
    for (const kept of ['e-recent', 'e-running', 'e-waiting', 'e-pending', 'e-shared', 'e-unheard-recent']) expect(await store.getEvent(kept), kept).toBeDefined();

    // The old idempotency key and webhook id are forgotten; the recent ones still count.
    await event(store, shopId, 'e-again', NOW, { key: 'k-old' });
    expect(await store.getEvent('e-again')).toBeDefined();
    await event(store, shopId, 'e-replay', NOW, { key: 'k-recent' });
    expect(await store.getEvent('e-replay')).toBeUndefined();
    expect(await store.recordWebhook('w-old', 's.myshopify.com', 'orders/create', NOW)).toBe(true);
    expect(await store.recordWebhook('w-recent', 's.myshopify.com', 'orders/create', NOW)).toBe(false);
  });

  it('deletes at most batchSize of each per call, oldest first, until it converges', async () => {
    const { store, shopId } = await open();
    for (let i = 0; i < 5; i++) {
      await event(store, shopId, `e${i}`, OLD + i, { skipped: true, key: `k${i}` });
      await store.recordWebhook(`w${i}`, 's.myshopify.com', 'orders/create', OLD + i);
    }
    const batches = [await store.pruneHistory(BEFORE, 2)];
    // Oldest first: the first batch took e0 and e1.
    expect([await store.getRun('run-e0'), await store.getRun('run-e1'), await store.getEvent('e1')]).toEqual([undefined, undefined, undefined]);
    expect(await store.getRun('run-e2')).toBeDefined();
    for (let i = 0; i < 3; i++) batches.push(await store.pruneHistory(BEFORE, 2));
    expect(batches.map((b) => [b.runs, b.events, b.idempotencyKeys, b.webhookReceipts])).toEqual([
      [2, 2, 2, 2],
      [2, 2, 2, 2],
      [1, 1, 1, 1],
      [0, 0, 0, 0],
    ]);
    expect(await store.listRuns({ shopId })).toEqual([]);
  });

  it('several processes pruning one database at once delete each row once and miss none', async () => {
    const { shopId } = await open(2);
    const [a, b] = stores as [Store, Store];
    for (let i = 0; i < 30; i++) {
      await event(a, shopId, `e${String(i).padStart(2, '0')}`, OLD + i, { skipped: i % 2 === 0 });
      if (i % 2 === 1) await progress(a, shopId, `run-e${String(i).padStart(2, '0')}`, OLD + 1_000 + i, 'succeeded');
    }
    const drain = async (store: Store) => {
      const total = { ...nothing };
      for (;;) {
        const batch = await store.pruneHistory(BEFORE, 4);
        for (const k of Object.keys(total) as Array<keyof PruneResult>) total[k] += batch[k];
        if (Object.values(batch).every((n) => n < 4)) return total;
      }
    };
    const [ta, tb] = await Promise.all([drain(a), drain(b)]);
    const sum = (k: keyof PruneResult) => ta[k] + tb[k];
    expect({ runs: sum('runs'), events: sum('events'), deliveries: sum('deliveries'), attempts: sum('attempts'), steps: sum('steps') }).toEqual({
      runs: 30,
      events: 30,
      deliveries: 15,
      attempts: 15,
      steps: 15,
    });
    expect(await a.listRuns({ shopId, limit: 100 })).toEqual([]);
    expect(await b.pruneHistory(BEFORE, 4)).toEqual(nothing);
  });

  it('refuses a batch size or time that is not a number it can use', async () => {
    const { store } = await open();
    await expect(store.pruneHistory(BEFORE, 0)).rejects.toThrow('batchSize must be a whole number of at least 1, got 0');
    await expect(store.pruneHistory(BEFORE, 2.5)).rejects.toThrow('batchSize must be a whole number of at least 1, got 2.5');
    await expect(store.pruneHistory(Number.NaN, 10)).rejects.toThrow('before must be a time in milliseconds, got NaN');
  });
});
