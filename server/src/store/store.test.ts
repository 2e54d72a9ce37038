import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openPostgresStore, openSqliteStore, type AcceptEventInput, type Store } from './index.js';
import { MIGRATIONS } from './sqlite/migrations.js';
import { dropSchemas, freshSchemaName, POSTGRES_SKIPPED_MESSAGE, TEST_DATABASE_URL } from './postgres/test-schemas.js';

/** A lease short enough for a test to see it lapse; PostgreSQL looks for lapsed leases every second with it. */
const LEASE_MS = 1_000;

interface Backend {
  name: string;
  /** A new, empty store and how to remove it afterwards. */
  open(): Promise<{ store: Store; cleanup(): Promise<void> }>;
}

const sqlite: Backend = {
  name: 'SQLite',
  async open() {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'store-test-')), 'db.sqlite');
    return { store: openSqliteStore(file), cleanup: async () => fs.rmSync(path.dirname(file), { recursive: true, force: true }) };
  },
};

const postgres = (url: string): Backend => ({
  name: 'PostgreSQL',
  async open() {
    const schema = freshSchemaName();
    const store = await openPostgresStore({ url, poolSize: 3, schema, leaseMs: LEASE_MS });
    return { store, cleanup: () => dropSchemas(url, schema) };
  },
});

if (!TEST_DATABASE_URL) console.warn(POSTGRES_SKIPPED_MESSAGE);
const backends = TEST_DATABASE_URL ? [sqlite, postgres(TEST_DATABASE_URL)] : [sqlite];

/** Polls until the queue hands `owner` a job: lapsed leases are noticed on the backend's own schedule. */
async function claimWhenDue(store: Store, owner: string) {
  return vi.waitFor(
    async () => {
      const jobs = await store.claimJobs(owner, 10, Date.now(), LEASE_MS);
      if (!jobs.length) throw new Error(`no job for ${owner} yet`);
      return jobs;
    },
    { timeout: 15_000, interval: 50 },
  );
}

// One suite for the storage interface, run against every backend available.
describe.each(backends)('store ($name)', (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, cleanup } = await backend.open());
  });
  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  /** A shop with one enabled workflow listening to app/t. */
  async function listeningShop() {
    const shop = await store.ensureShop('s.myshopify.com');
    const wf = await store.createWorkflow({ shopId: shop.id, name: 'W', triggerApp: 'app', triggerHandle: 't', definition: { steps: [] } });
    await store.setWorkflowEnabled({ workflowId: wf.id, shopId: shop.id, enabled: true });
    return { shop, wf };
  }

  const acceptInput = (shopId: number, id: string, key?: string): AcceptEventInput => ({
    event: { id, shopId, source: 'app', handle: 't', payload: { a: 1 }, receivedAt: 1 },
    ...(key ? { idempotency: { appId: 1, key } } : {}),
    planRuns: (ls) => ls.map((l) => ({ id: `run-${id}`, workflowId: l.workflowId, workflowVersion: l.version })),
    answer: (n) => ({ event_id: id, runs_started: n }),
  });

  it(`reports its backend`, () => {
    expect(store.backend).toBe(backend.name === 'SQLite' ? 'sqlite' : 'postgres');
  });

  it('leases a claimed job; when the lease lapses another worker claims it, with the attempt counted', async () => {
    const now = Date.now();
    await store.enqueueJob('run', 'r1', now - 1_000);
    await store.enqueueJob('run', 'r2', now + 3_600_000);
    const first = await store.claimJobs('a', 10, now, LEASE_MS);
    expect(first.map((j) => [j.ref, j.attempts])).toEqual([['r1', 1]]);
    expect(await store.claimJobs('b', 10, Date.now(), LEASE_MS)).toEqual([]);
    const taken = await claimWhenDue(store, 'b');
    expect(taken.map((j) => [j.id, j.ref, j.attempts])).toEqual([[first[0]!.id, 'r1', 2]]);
    await store.completeJob(taken[0]!.id);
    expect(await store.claimJobs('b', 10, Date.now(), LEASE_MS)).toEqual([]);
    expect(await store.nextJobAt()).toBe(now + 3_600_000);
  });

  it('a rescheduled job is due again at its new time only, with its attempts kept', async () => {
    await store.enqueueJob('run', 'r1', Date.now() - 10);
    const [job] = await store.claimJobs('a', 1, Date.now(), 60_000);
    const at = Date.now() + 1_500;
    await store.rescheduleJob(job!.id, at);
    expect(await store.claimJobs('a', 1, Date.now(), 60_000)).toEqual([]);
    expect(await store.nextJobAt()).toBe(at);
    const again = await claimWhenDue(store, 'a');
    expect(again.map((j) => [j.ref, j.attempts])).toEqual([['r1', 2]]);
    expect(Date.now()).toBeGreaterThanOrEqual(at);
  });

  it('an extended lease keeps the job from other workers while unextended ones lapse', async () => {
    await store.enqueueJob('run', 'kept', Date.now() - 10);
    await store.enqueueJob('run', 'lapsed', Date.now() - 10);
    const claimed = await store.claimJobs('a', 2, Date.now(), LEASE_MS);
    const kept = claimed.find((j) => j.ref === 'kept')!;
    // The extension rides on a unit of work, as the runner extends before each delivery.
    await store.saveRunProgress({ runId: 'no-such-run', status: 'running', state: {}, job: { id: kept.id, extendLeaseMs: 60_000 } });
    const taken = await claimWhenDue(store, 'b');
    expect(taken.map((j) => j.ref)).toEqual(['lapsed']);
  });

  it('an event, its runs and its idempotency key are written together; a replay writes nothing', async () => {
    const { shop } = await listeningShop();
    const first = await store.acceptEvent(acceptInput(shop.id, 'e1', 'k'));
    expect(first).toEqual({ replayed: false, runsStarted: 1, answer: { event_id: 'e1', runs_started: 1 } });
    const again = await store.acceptEvent(acceptInput(shop.id, 'e2', 'k'));
    expect(again).toEqual({ replayed: true, answer: { event_id: 'e1', runs_started: 1 } });
    expect(await store.getEvent('e2')).toBeUndefined();
    expect(await store.getRun('run-e1')).toMatchObject({ status: 'running', workflowVersion: 1 });
    expect(await store.claimJobs('w', 10, Date.now(), 1000)).toMatchObject([{ kind: 'run', ref: 'run-e1', attempts: 1 }]);
  });

  it('the same idempotency key sent concurrently starts one run', async () => {
    const { shop } = await listeningShop();
    const results = await Promise.all(['e1', 'e2', 'e3', 'e4'].map((id) => store.acceptEvent(acceptInput(shop.id, id, 'same'))));
    const fresh = results.filter((r) => !r.replayed);
    expect(fresh).toHaveLength(1);
    const answer = fresh[0]!.answer;
    expect(results.map((r) => r.answer)).toEqual([answer, answer, answer, answer]);
    expect(await store.countRunsByStatus()).toEqual({ running: 1 });
    expect(await store.claimJobs('w', 10, Date.now(), 1000)).toHaveLength(1);
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

  it('a job enqueued in a transaction that rolls back is not left in the queue', async () => {
    const { shop } = await listeningShop();
    await expect(
      store.acceptEvent({
        ...acceptInput(shop.id, 'e1', 'k'),
        answer: () => {
          throw new Error('after the runs and their jobs');
        },
      }),
    ).rejects.toThrow('after the runs and their jobs');
    expect(await store.getRun('run-e1')).toBeUndefined();
    expect(await store.nextJobAt()).toBeUndefined();
    expect(await store.claimJobs('w', 10, Date.now(), 1000)).toEqual([]);
    // The key was not kept either: the same key is accepted afresh.
    expect(await store.acceptEvent(acceptInput(shop.id, 'e2', 'k'))).toMatchObject({ replayed: false, runsStarted: 1 });
  });

  it('a run step, its delivery, the attempt and the job change are saved together or not at all', async () => {
    const { shop, wf } = await listeningShop();
    await store.acceptEvent(acceptInput(shop.id, 'e1'));
    const [job] = await store.claimJobs('w', 1, Date.now(), 60_000);
    const delivery = {
      id: 'd1', runId: 'run-e1', stepId: 's1', appId: 1, shopId: shop.id, handle: 'h', url: 'https://app.example/run',
      body: '{"b":1}', status: 'sending' as const, attempts: 0, deadlineAt: 9e12, createdAt: 5, updatedAt: 5,
    };
    const step = { runId: 'run-e1', seq: 0, stepId: 's1', kind: 'action', status: 'waiting' as const, input: { x: 1 }, startedAt: 5 };
    await store.saveRunProgress({ runId: 'run-e1', status: 'running', state: { at: 1 }, steps: [step], newDelivery: delivery, job: { id: job!.id, extendLeaseMs: 60_000 } });
    const retryAt = Date.now() + 3_600_000;
    await store.saveRunProgress({
      runId: 'run-e1',
      status: 'waiting',
      state: { at: 2 },
      steps: [{ ...step, status: 'waiting', output: null }],
      attempt: { deliveryId: 'd1', n: 1, startedAt: 6, latencyMs: 12, statusCode: 503, responseExcerpt: 'busy', outcome: 'retry', nextAttemptAt: retryAt },
      deliveryUpdate: { id: 'd1', status: 'waiting', attempts: 1, nextAttemptAt: retryAt, lastError: '503' },
      job: { id: job!.id, rescheduleAt: retryAt },
    });
    expect(await store.getRun('run-e1')).toMatchObject({ status: 'waiting', state: { at: 2 }, workflowId: wf.id });
    expect(await store.getDelivery('d1')).toMatchObject({ status: 'waiting', attempts: 1, nextAttemptAt: retryAt, lastError: '503', body: '{"b":1}' });
    expect(await store.listAttempts('d1')).toEqual([
      { deliveryId: 'd1', n: 1, startedAt: 6, latencyMs: 12, statusCode: 503, responseExcerpt: 'busy', error: undefined, outcome: 'retry', nextAttemptAt: retryAt },
    ]);
    expect(await store.listRunSteps('run-e1')).toEqual([{ ...step, output: null, error: undefined, finishedAt: undefined }]);
    expect(await store.nextJobAt()).toBe(retryAt);

    // A write that fails (a second delivery with the same id) changes nothing.
    await expect(
      store.saveRunProgress({ runId: 'run-e1', status: 'succeeded', state: { at: 3 }, finished: true, newDelivery: delivery, job: { id: job!.id, complete: true } }),
    ).rejects.toThrow();
    expect(await store.getRun('run-e1')).toMatchObject({ status: 'waiting', state: { at: 2 }, finishedAt: undefined });
    expect(await store.nextJobAt()).toBe(retryAt);
  });

  it('stores JSON as it was written: key order, null and absent values', async () => {
    const { shop } = await listeningShop();
    const payload = { zebra: 1, apple: { b: 2, a: 1 }, nothing: null, list: [3, 1, 2] };
    await store.acceptEvent({ ...acceptInput(shop.id, 'e1'), event: { id: 'e1', shopId: shop.id, source: 'app', handle: 't', payload, receivedAt: 1 } });
    expect(JSON.stringify((await store.getEvent('e1'))!.payload)).toBe(JSON.stringify(payload));
    await store.saveRunProgress({
      runId: 'run-e1', status: 'running', state: null,
      steps: [{ runId: 'run-e1', seq: 0, stepId: 's', kind: 'action', status: 'succeeded', input: { z: 1, a: 2 }, output: null, startedAt: 1 }],
    });
    const [step] = await store.listRunSteps('run-e1');
    expect(JSON.stringify(step!.input)).toBe('{"z":1,"a":2}');
    expect(step!.output).toBeNull();
    expect(Object.keys(step!)).toContain('output');
    expect((await store.getRun('run-e1'))!.state).toBeNull();
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

  it('a workflow turned off any way (by hand, an app uninstall, Switchboard uninstalled) cancels its waiting runs and ends its schedule', async () => {
    const { shop, wf } = await listeningShop();
    const waitOn = async (id: string) => {
      await store.acceptEvent(acceptInput(shop.id, id));
      const [job] = await store.claimJobs('w', 1, Date.now(), 60_000);
      await store.saveRunProgress({ runId: `run-${id}`, status: 'waiting', state: {}, resumeAt: Date.now() + 86_400_000, job: { id: job!.id, complete: true } });
    };
    const expectCancelled = async (id: string, reason: string) =>
      expect(await store.getRun(`run-${id}`)).toMatchObject({ status: 'cancelled', error: `Cancelled: the workflow was turned off (${reason})`, resumeAt: undefined });
    const enableWithSchedule = () => store.setWorkflowEnabled({ workflowId: wf.id, shopId: shop.id, enabled: true, nextSlotAt: 5_000 });

    await waitOn('e1');
    expect(await store.listRuns({ shopId: shop.id, waiting: true })).toHaveLength(1);
    expect(await store.setWorkflowEnabled({ workflowId: wf.id, shopId: shop.id, enabled: false, reason: 'by hand' })).toEqual({ cancelledRuns: 1 });
    await expectCancelled('e1', 'by hand');

    await enableWithSchedule();
    await waitOn('e2');
    const app = await store.createApp({ clientId: 'app', clientSecret: 's', name: 'App', applicationUrl: 'https://app.example', redirectUrls: [] });
    await store.saveInstall({ appId: app.id, shopId: shop.id, scope: '', installedAt: 1 }, 'token');
    await store.uninstallApp({ appId: app.id, shopId: shop.id, reason: 'App uninstalled', workflowIds: [wf.id], notice: { ref: '{}', runAt: 1 } });
    await expectCancelled('e2', 'App uninstalled');
    expect(await store.listDueSchedules(10_000, 10)).toEqual([]);

    await enableWithSchedule();
    await waitOn('e3');
    await store.setSwitchboardInstalled(shop.id, false, 'Switchboard uninstalled');
    await expectCancelled('e3', 'Switchboard uninstalled');
    expect(await store.listDueSchedules(10_000, 10)).toEqual([]);
    expect(await store.listRuns({ shopId: shop.id, waiting: true })).toEqual([]);
  });

  it('a new version with another trigger moves the listeners; workflows using an app are found by trigger or action', async () => {
    const shop = await store.ensureShop('s.myshopify.com');
    const wf = await store.createWorkflow({ shopId: shop.id, name: 'A', triggerApp: 'app', triggerHandle: 't', definition: {} });
    await store.setWorkflowEnabled({ workflowId: wf.id, shopId: shop.id, enabled: true });
    const v2 = await store.saveWorkflowVersion(wf.id, { name: 'A2', triggerApp: 'other', triggerHandle: 'x', definition: { steps: [{ type: 'action', app: 'slack' }] } });
    expect(v2).toMatchObject({ id: wf.id, version: 2, name: 'A2', triggerApp: 'other' });
    expect(await store.countListeners(shop.id, 'app', 't')).toBe(0);
    expect(await store.countListeners(shop.id, 'other', 'x')).toBe(1);
    expect((await store.listWorkflowVersions(wf.id)).map((v) => v.version)).toEqual([2, 1]);
    expect((await store.listEnabledWorkflowsUsingApp('slack')).map((p) => [p.workflow.id, p.shopId])).toEqual([[wf.id, shop.id]]);
    expect((await store.listEnabledWorkflowsUsingApp('other')).map((p) => p.workflow.version)).toEqual([2]);
    expect(await store.listEnabledWorkflowsUsingApp('app')).toEqual([]);
  });

  it('never hands out the id of a deleted workflow again (compiled versions are cached by id)', async () => {
    const shop = await store.ensureShop('s.myshopify.com');
    const a = await store.createWorkflow({ shopId: shop.id, name: 'A', triggerApp: 'app', triggerHandle: 't', definition: {} });
    await store.redactShop(shop.id);
    expect(await store.getWorkflow(a.id)).toBeUndefined();
    const b = await store.createWorkflow({ shopId: shop.id, name: 'B', triggerApp: 'app', triggerHandle: 't', definition: {} });
    expect(b.id).toBeGreaterThan(a.id);
  });

  it('a code is consumed once, also when two exchanges race', async () => {
    await store.saveOAuthCode('h', { appId: 1, shopId: 1, redirectUri: 'https://x', expiresAt: 10 });
    expect(await store.consumeOAuthCode('h', 5)).toEqual({ alreadyUsed: false, code: { appId: 1, shopId: 1, redirectUri: 'https://x', expiresAt: 10, usedAt: undefined } });
    expect(await store.consumeOAuthCode('h', 6)).toMatchObject({ alreadyUsed: true, code: { usedAt: 5 } });
    expect(await store.consumeOAuthCode('nope', 6)).toEqual({ alreadyUsed: false });
    await store.saveOAuthCode('race', { appId: 1, shopId: 1, redirectUri: 'https://x', expiresAt: 10 });
    const results = await Promise.all([1, 2, 3, 4].map((n) => store.consumeOAuthCode('race', n)));
    expect(results.filter((r) => !r.alreadyUsed)).toHaveLength(1);
  });

  it('a webhook id counts once', async () => {
    expect(await store.recordWebhook('w1', 's.myshopify.com', 'orders/create', 1)).toBe(true);
    expect(await store.recordWebhook('w1', 's.myshopify.com', 'orders/create', 2)).toBe(false);
    const racing = await Promise.all([1, 2, 3].map((n) => store.recordWebhook('w2', 's.myshopify.com', 'orders/create', n)));
    expect(racing.filter(Boolean)).toHaveLength(1);
  });

  it('an app keeps its versions in order; a deleted token still finds its revoked install', async () => {
    const shop = await store.ensureShop('s.myshopify.com');
    const app = await store.createApp({ clientId: 'c1', clientSecret: 's', name: 'Zed', applicationUrl: 'https://zed.example', redirectUrls: ['https://zed.example/cb'] });
    await store.createApp({ clientId: 'c2', clientSecret: 's', name: 'alpha', applicationUrl: 'https://a.example', redirectUrls: [] });
    expect((await store.listApps()).map((a) => a.name)).toEqual(['Zed', 'alpha']); // bytewise, as SQLite sorts
    const versions = await Promise.all([store.saveAppVersion(app.id, []), store.saveAppVersion(app.id, [])]);
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);
    expect(await store.getAppVersion(app.id)).toMatchObject({ version: 2, extensions: [] });
    expect(await store.updateApp(app.id, { webhooksUrl: 'https://zed.example/hooks' })).toMatchObject({ redirectUrls: ['https://zed.example/cb'], webhooksUrl: 'https://zed.example/hooks', version: 2 });
    await expect(store.updateApp(999, { name: 'x' })).rejects.toThrow('app 999 not found');

    await store.saveInstall({ appId: app.id, shopId: shop.id, scope: 'x', installedAt: 1 }, 'tok');
    const wf = await store.createWorkflow({ shopId: shop.id, name: 'W', triggerApp: 'c1', triggerHandle: 't', definition: {} });
    await store.setWorkflowEnabled({ workflowId: wf.id, shopId: shop.id, enabled: true });
    const uninstall = { appId: app.id, shopId: shop.id, reason: 'Zed uninstalled', workflowIds: [wf.id], notice: { ref: '{"n":1}', runAt: 0 } };
    expect(await store.uninstallApp(uninstall)).toBe(true);
    expect(await store.uninstallApp(uninstall)).toBe(false);
    expect(await store.findInstallByToken('tok')).toMatchObject({ appId: app.id, uninstalledAt: expect.any(Number) });
    expect(await store.getInstall(app.id, shop.id)).toBeUndefined();
    expect(await store.getWorkflowShopState(wf.id, shop.id)).toMatchObject({ enabled: false, reason: 'Zed uninstalled' });
    expect(await store.claimJobs('w', 10, Date.now(), 1000)).toMatchObject([{ kind: 'notice', ref: '{"n":1}' }]);
  });

  it('a failed delivery retried by hand puts its run back in line', async () => {
    const { shop } = await listeningShop();
    await store.acceptEvent(acceptInput(shop.id, 'e1'));
    const [job] = await store.claimJobs('w', 1, Date.now(), 60_000);
    const delivery = {
      id: 'd1', runId: 'run-e1', stepId: 's1', appId: 1, shopId: shop.id, handle: 'h', url: 'https://app.example/run',
      body: '{}', status: 'failed' as const, attempts: 3, deadlineAt: 10, lastError: 'gone', createdAt: 5, updatedAt: 5,
    };
    await store.saveRunProgress({ runId: 'run-e1', status: 'failed', error: 'gone', finished: true, state: {}, newDelivery: delivery, job: { id: job!.id, complete: true } });
    expect(await store.nextJobAt()).toBeUndefined();
    expect(await store.retryDelivery('d1', 100, 200)).toBe(true);
    expect(await store.retryDelivery('d1', 100, 200)).toBe(false);
    expect(await store.getDelivery('d1')).toMatchObject({ status: 'waiting', deadlineAt: 200, nextAttemptAt: 100 });
    expect(await store.getRun('run-e1')).toMatchObject({ status: 'waiting', error: undefined, finishedAt: undefined });
    expect(await store.claimJobs('w', 10, Date.now(), 1000)).toMatchObject([{ kind: 'run', ref: 'run-e1' }]);
  });

  it('lists runs newest first with filters and pagination, and counts them per workflow', async () => {
    const { shop, wf } = await listeningShop();
    for (const id of ['e1', 'e2', 'e3']) {
      await store.acceptEvent({ ...acceptInput(shop.id, id), event: { id, shopId: shop.id, source: 'app', handle: 't', payload: {}, receivedAt: Number(id.slice(1)) * 10 } });
    }
    await store.saveRunProgress({ runId: 'run-e2', status: 'failed', error: 'x', finished: true, state: {} });
    expect((await store.listRuns({ shopId: shop.id })).map((r) => r.id)).toEqual(['run-e3', 'run-e2', 'run-e1']);
    expect((await store.listRuns({ shopId: shop.id, limit: 1, before: 'run-e3' })).map((r) => r.id)).toEqual(['run-e2']);
    expect((await store.listRuns({ shopId: shop.id, status: 'failed' })).map((r) => r.id)).toEqual(['run-e2']);
    expect((await store.listRuns({ shopId: shop.id, since: 20, until: 30 })).map((r) => r.id)).toEqual(['run-e2']);
    expect(await store.workflowStats(shop.id, 20)).toEqual(new Map([[wf.id, { lastRunAt: 30, runs: 2, failures: 1 }]]));
    expect(await store.countRunsByStatus()).toEqual({ running: 2, failed: 1 });
  });

  it("redacting a customer deletes their events and what their runs produced; a shop's redaction keeps only an anonymous row", async () => {
    const { shop } = await listeningShop();
    await store.acceptEvent({ ...acceptInput(shop.id, 'e1'), customerKeys: ['email:a@b.c'] });
    await store.acceptEvent({ ...acceptInput(shop.id, 'e2'), customerKeys: ['email:x@y.z'] });
    expect((await store.collectCustomerData(shop.id, ['email:a@b.c'])).runs.map((r) => r.id)).toEqual(['run-e1']);
    expect(await store.redactCustomer(shop.id, ['email:a@b.c'])).toEqual({ events: 1, runs: 1 });
    expect(await store.getRun('run-e1')).toBeUndefined();
    expect(await store.getRun('run-e2')).toBeDefined();
    const request = await store.saveDataRequest(shop.id, ['email:x@y.z'], { b: 1, a: [null] });
    expect(await store.getDataRequest(request)).toMatchObject({ shopId: shop.id, document: { b: 1, a: [null] } });
    await store.saveShopifySession({ id: 'offline_s', shop: shop.domain, isOnline: false, data: { token: 't' } });
    await store.redactShop(shop.id);
    expect(await store.getShop(shop.id)).toMatchObject({ name: 'redacted', switchboardInstalled: false });
    expect(await store.getRun('run-e2')).toBeUndefined();
    expect(await store.loadShopifySession('offline_s')).toBeUndefined();
  });

  it('keeps settings, sessions, organizations and credentials', async () => {
    expect(await store.setSettingIfAbsent('k', 'first')).toBe('first');
    expect(await store.setSettingIfAbsent('k', 'second')).toBe('first');
    const shop = await store.ensureShop('s.myshopify.com');
    expect(await store.ensureShop('s.myshopify.com', 'Other name')).toEqual(shop);
    const org = await store.createOrganization('Org');
    await store.setShopOrganization(shop.id, org.id);
    expect((await store.listShopsInOrganization(org.id)).map((s) => s.id)).toEqual([shop.id]);
    await store.saveShopifySession({ id: 'x', shop: shop.domain, isOnline: true, data: { a: 1 }, expiresAt: 9 });
    expect(await store.findShopifySessionsByShop(shop.domain)).toEqual([{ id: 'x', shop: shop.domain, isOnline: true, data: { a: 1 }, expiresAt: 9 }]);
    await store.deleteShopifySessions(['x']);
    expect(await store.loadShopifySession('x')).toBeUndefined();
    await store.saveCredentials(shop.id, 'slack', 'sealed-1');
    await store.saveCredentials(shop.id, 'slack', 'sealed-2');
    expect((await store.listCredentials(shop.id)).map((c) => c.sealed)).toEqual(['sealed-2']);
    expect(await store.deleteCredentials(shop.id, 'slack')).toBe(true);
    expect(await store.deleteCredentials(shop.id, 'slack')).toBe(false);
    await store.setSwitchboardInstalled(shop.id, false, 'Switchboard uninstalled');
    expect(await store.getShop(shop.id)).toMatchObject({ switchboardInstalled: false, organizationId: org.id });
  });
});

describe('store (SQLite only)', () => {
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

  it("leases follow the caller's clock (the now argument)", async () => {
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

  it('writes of one event-loop turn share a commit (group commit), and one failing write rolls back alone', async () => {
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
  });
});
