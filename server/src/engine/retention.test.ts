import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openSqliteStore, type Millis, type Store } from '../store/index.js';
import { HistoryPruner, type RetentionOptions } from './retention.js';

const DAY = 24 * 3600_000;
/** The pruner's clock in these tests; the store's own stamps come from the events' times. */
const T = Date.UTC(2026, 5, 1);

describe('history pruner', () => {
  let dir: string;
  let store: Store;
  let shopId: number;
  let workflowId: number;
  let clock: Millis;
  const logged: Array<{ level: string; obj: object; msg?: string }> = [];
  const log = {
    info: (obj: object, msg?: string) => logged.push({ level: 'info', obj, msg }),
    warn: (obj: object, msg?: string) => logged.push({ level: 'warn', obj, msg }),
    error: (obj: object, msg?: string) => logged.push({ level: 'error', obj, msg }),
  };
  const pruner = (options: Partial<RetentionOptions> = {}) =>
    new HistoryPruner(store, { days: 30, intervalMs: 3600_000, batchSize: 500, firstPassAfterMs: 0, ...options }, log, () => clock);

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pruner-test-'));
    store = openSqliteStore(path.join(dir, 'db.sqlite'));
    const shop = await store.ensureShop('s.myshopify.com');
    shopId = shop.id;
    const wf = await store.createWorkflow({ shopId, name: 'W', triggerApp: 'app', triggerHandle: 't', definition: { steps: [] } });
    workflowId = wf.id;
    await store.setWorkflowEnabled({ workflowId, shopId, enabled: true });
    clock = T;
    logged.length = 0;
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A run recorded as skipped at `t`: finished at once, so its finish time is `t`. */
  async function finishedRun(id: string, t: Millis) {
    await store.acceptEvent({
      event: { id, shopId, source: 'app', handle: 't', payload: {}, receivedAt: t },
      planRuns: () => [{ id: `run-${id}`, workflowId, workflowVersion: 1, skippedReason: 'test' }],
      answer: () => ({}),
    });
  }

  it('deletes what finished before now minus the retention period, following its clock', async () => {
    await finishedRun('e40', T - 40 * DAY);
    await finishedRun('e29', T - 29 * DAY);
    await finishedRun('e1', T - DAY);
    const p = pruner();
    expect(await p.prune()).toMatchObject({ runs: 1, events: 1 });
    expect(await store.getRun('run-e40')).toBeUndefined();
    expect(await store.getRun('run-e29')).toBeDefined();
    expect(logged).toEqual([
      { level: 'info', obj: { pruned: expect.objectContaining({ runs: 1, events: 1 }), before: new Date(T - 30 * DAY).toISOString() }, msg: 'history older than the retention period pruned' },
    ]);

    clock = T + 2 * DAY; // two days later the 29-day-old run is 31 days old
    expect(await p.prune()).toMatchObject({ runs: 1, events: 1 });
    expect(await store.getRun('run-e29')).toBeUndefined();
    expect(await store.getRun('run-e1')).toBeDefined();
    expect(await p.prune()).toMatchObject({ runs: 0, events: 0 });
    expect(logged).toHaveLength(2); // a pass that deletes nothing says nothing
  });

  it('loops small batches until one comes back short, yielding to other work between them', async () => {
    for (let i = 0; i < 12; i++) await finishedRun(`e${i}`, T - 40 * DAY + i);
    const p = pruner({ batchSize: 1 });
    const order: string[] = [];
    const pass = p.prune().then((total) => {
      order.push('pass done');
      return total;
    });
    // Written while the pass runs: SQLite's group commit needs a turn of the event loop to commit it.
    const accepted = finishedRun('fresh', T).then(() => order.push('trigger accepted'));
    const [total] = await Promise.all([pass, accepted]);
    expect(total).toMatchObject({ runs: 12, events: 12 });
    expect(order).toEqual(['trigger accepted', 'pass done']);
    expect(await store.getRun('run-fresh')).toBeDefined();
  });

  it('keeps everything with a retention of 0 days, and then never schedules a pass', async () => {
    await finishedRun('ancient', T - 3650 * DAY);
    const p = pruner({ days: 0 });
    expect(p.enabled).toBe(false);
    expect(await p.prune()).toEqual({ runs: 0, events: 0, deliveries: 0, attempts: 0, steps: 0, idempotencyKeys: 0, webhookReceipts: 0 });
    p.start();
    await p.stop();
    expect(await store.getRun('run-ancient')).toBeDefined();
  });

  it('once started, prunes at its first pass and again each interval until stopped', async () => {
    await finishedRun('e40', T - 40 * DAY);
    const p = pruner({ intervalMs: 50 });
    p.start();
    await vi.waitFor(async () => expect(await store.getRun('run-e40')).toBeUndefined(), { timeout: 5_000, interval: 10 });
    await finishedRun('e35', T - 35 * DAY); // arrives after the first pass: a later one takes it
    await vi.waitFor(async () => expect(await store.getRun('run-e35')).toBeUndefined(), { timeout: 5_000, interval: 10 });
    await p.stop();
  });

  it('a failing pass is logged and the next one runs on schedule', async () => {
    await finishedRun('e40', T - 40 * DAY);
    const p = pruner({ intervalMs: 50 });
    clock = Number.NaN; // an unusable time: the store refuses the batch
    p.start();
    await vi.waitFor(() => expect(logged.some((l) => l.level === 'error')).toBe(true), { timeout: 5_000, interval: 10 });
    expect(logged.find((l) => l.level === 'error')).toMatchObject({ msg: 'pruning history failed; it is tried again at the next pass' });
    clock = T;
    await vi.waitFor(async () => expect(await store.getRun('run-e40')).toBeUndefined(), { timeout: 5_000, interval: 10 });
    await p.stop();
  });
});
