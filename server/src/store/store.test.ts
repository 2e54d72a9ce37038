import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from './index.js';
import { MIGRATIONS } from './sqlite/migrations.js';

// One suite for the storage interface; the PostgreSQL backend (issue 9) is to run the same cases.
describe('store (SQLite)', () => {
  let file: string;
  let store: Store;
  beforeEach(() => {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'store-test-')), 'db.sqlite');
    store = openSqliteStore(file);
  });
  afterEach(async () => {
    await store.close();
  });

  it('applies migrations once and uses WAL mode', async () => {
    await store.close();
    store = openSqliteStore(file); // a second start applies nothing again
    const db = new Database(file, { readonly: true });
    const versions = db.prepare('SELECT version FROM schema_migrations').all();
    expect(versions).toHaveLength(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('leases a claimed job until the lease expires, then another worker can claim it', async () => {
    await store.enqueueJob('run', 'r1', 1_000);
    await store.enqueueJob('run', 'r2', 5_000);
    const first = await store.claimJobs('a', 10, 2_000, 1_000);
    expect(first.map((j) => j.ref)).toEqual(['r1']);
    expect(await store.claimJobs('b', 10, 2_500, 1_000)).toEqual([]);
    const taken = await store.claimJobs('b', 10, 3_001, 1_000);
    expect(taken.map((j) => [j.ref, j.attempts])).toEqual([['r1', 2]]);
    await store.completeJob(taken[0]!.id);
    expect((await store.claimJobs('b', 10, 6_000, 1_000)).map((j) => j.ref)).toEqual(['r2']);
  });

  it('a rescheduled job is due again at its new time only', async () => {
    await store.enqueueJob('run', 'r1', 0);
    const [job] = await store.claimJobs('a', 1, 10, 60_000);
    await store.rescheduleJob(job!.id, 500);
    expect(await store.claimJobs('a', 1, 499, 60_000)).toEqual([]);
    expect(await store.nextJobAt()).toBe(500);
    expect(await store.claimJobs('a', 1, 500, 60_000)).toHaveLength(1);
  });

  it('an event, its runs and its idempotency key are written together; a replay writes nothing', async () => {
    const shop = await store.ensureShop('s.myshopify.com');
    const wf = await store.createWorkflow({ shopId: shop.id, name: 'W', triggerApp: 'app', triggerHandle: 't', definition: { steps: [] } });
    await store.setWorkflowEnabled({ workflowId: wf.id, shopId: shop.id, enabled: true });
    const input = (id: string) => ({
      event: { id, shopId: shop.id, source: 'app', handle: 't', payload: { a: 1 }, receivedAt: 1 },
      idempotency: { appId: 1, key: 'k' },
      planRuns: (ls: Array<{ workflowId: number; version: number }>) => ls.map((l) => ({ id: `run-${id}`, workflowId: l.workflowId, workflowVersion: l.version })),
      answer: (n: number) => ({ event_id: id, runs_started: n }),
    });
    const first = await store.acceptEvent(input('e1'));
    expect(first).toEqual({ replayed: false, runsStarted: 1, answer: { event_id: 'e1', runs_started: 1 } });
    const again = await store.acceptEvent(input('e2'));
    expect(again).toEqual({ replayed: true, answer: { event_id: 'e1', runs_started: 1 } });
    expect(await store.getEvent('e2')).toBeUndefined();
    expect(await store.getRun('run-e1')).toMatchObject({ status: 'running', workflowVersion: 1 });
    expect(await store.claimJobs('w', 10, 10, 1000)).toHaveLength(1);
  });

  it('a failing planRuns leaves nothing half-written', async () => {
    const shop = await store.ensureShop('s.myshopify.com');
    await expect(
      store.acceptEvent({
        event: { id: 'e1', shopId: shop.id, source: 'app', handle: 't', payload: {}, receivedAt: 1 },
        planRuns: () => {
          throw new Error('boom');
        },
        answer: () => ({}),
      }),
    ).rejects.toThrow('boom');
    expect(await store.getEvent('e1')).toBeUndefined();
  });

  it('only listeners of the (shop, trigger) are matched, and turning off removes the listener', async () => {
    const shop = await store.ensureShop('s.myshopify.com');
    const other = await store.ensureShop('o.myshopify.com');
    const a = await store.createWorkflow({ shopId: shop.id, name: 'A', triggerApp: 'app', triggerHandle: 't', definition: {} });
    const b = await store.createWorkflow({ shopId: shop.id, name: 'B', triggerApp: 'app', triggerHandle: 'u', definition: {} });
    for (const [wf, s] of [[a, shop], [b, shop], [a, other]] as const) await store.setWorkflowEnabled({ workflowId: wf.id, shopId: s.id, enabled: true });
    expect(await store.countListeners(shop.id, 'app', 't')).toBe(1);
    await store.setWorkflowEnabled({ workflowId: a.id, shopId: shop.id, enabled: false, reason: 'off' });
    expect(await store.countListeners(shop.id, 'app', 't')).toBe(0);
    expect(await store.countListeners(other.id, 'app', 't')).toBe(1);
    expect(await store.getWorkflowShopState(a.id, shop.id)).toMatchObject({ enabled: false, reason: 'off' });
  });

  it('never hands out the id of a deleted workflow again (compiled versions are cached by id)', async () => {
    const shop = await store.ensureShop('s.myshopify.com');
    const a = await store.createWorkflow({ shopId: shop.id, name: 'A', triggerApp: 'app', triggerHandle: 't', definition: {} });
    await store.redactShop(shop.id);
    expect(await store.getWorkflow(a.id)).toBeUndefined();
    const b = await store.createWorkflow({ shopId: shop.id, name: 'B', triggerApp: 'app', triggerHandle: 't', definition: {} });
    expect(b.id).toBeGreaterThan(a.id);
  });

  it('a code is consumed once', async () => {
    await store.saveOAuthCode('h', { appId: 1, shopId: 1, redirectUri: 'https://x', expiresAt: 10 });
    expect(await store.consumeOAuthCode('h', 5)).toMatchObject({ alreadyUsed: false, code: { appId: 1 } });
    expect(await store.consumeOAuthCode('h', 6)).toMatchObject({ alreadyUsed: true });
    expect(await store.consumeOAuthCode('nope', 6)).toEqual({ alreadyUsed: false });
  });
});

describe('group commit', () => {
  it('writes of one event-loop turn share a commit, and one failing write rolls back alone', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'store-gc-')), 'db.sqlite');
    const store = openSqliteStore(file);
    const shop = await store.ensureShop('s.myshopify.com');
    const event = (id: string) => ({ id, shopId: shop.id, source: 'app', handle: 't', payload: {}, receivedAt: 1 });
    const results = await Promise.allSettled([
      store.acceptEvent({ event: event('a'), planRuns: () => [], answer: () => 'a' }),
      store.acceptEvent({ event: event('b'), planRuns: () => { throw new Error('refused'); }, answer: () => 'b' }),
      store.acceptEvent({ event: event('c'), planRuns: () => [], answer: () => 'c' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await store.getEvent('a')).toBeDefined();
    expect(await store.getEvent('b')).toBeUndefined();
    expect(await store.getEvent('c')).toBeDefined();
    await store.close();
  });
});
