/**
 * Outgrowing one machine: two web and two worker processes on one PostgreSQL
 * database. A worker killed with SIGKILL mid-delivery loses nothing: its jobs
 * are taken over when their leases expire, under the same action_run_id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import { createAndDeploy, createEnabledWorkflow, install, reviewWorkflow, sendTrigger } from '../support/journey.js';
import { freshDatabaseEnv, openInspector } from '../support/database.js';
import { startChild, type ChildServer } from '../support/switchboard.js';

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl) console.warn('multi-process tests skipped: they need PostgreSQL. Run them with TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test npm test');

describe.skipIf(!pgUrl)('two web and two worker processes on one PostgreSQL database', () => {
  const children: ChildServer[] = [];
  let web: ChildServer[] = [];
  let workers: ChildServer[] = [];
  let app: ConnectorApp;
  let token: string;
  const env = { ...(pgUrl ? freshDatabaseEnv('multi', 'postgres') : {}), QUEUE_LEASE_MS: '1500', TRIGGER_RATE_PER_SECOND: '0' };

  beforeAll(async () => {
    // The first web process migrates; the others start together and find the schema ready or wait on the lock.
    web = await Promise.all([startChild(env, ['--role', 'web']), startChild(env, ['--role', 'web'])]);
    workers = await Promise.all([startChild(env, ['--role', 'worker']), startChild(env, ['--role', 'worker'])]);
    children.push(...web, ...workers);
    app = await startConnectorApp(() => web[0]!.url);
    await createAndDeploy(web[0]!.url, app);
    await install(web[0]!.url, app);
    token = app.tokens.get('dev-shop.myshopify.com')!;
    await createEnabledWorkflow(web[1]!.url, reviewWorkflow(app.clientId));
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill('SIGKILL')));
    await app?.close();
  });

  it('1,000 triggers over both web processes, a worker killed midway: every run delivered, one action_run_id per run', async () => {
    const total = 1000;
    const started = Date.now();
    const sends: Array<Promise<{ status: number }>> = [];
    let killed = false;
    for (let i = 0; i < total; i++) {
      sends.push(sendTrigger(web[i % 2]!.url, token, { handle: 'review-created', payload: { customer_id: i + 1, rating: 1 } }));
      if (i % 50 === 49) await Promise.all(sends.slice(-50));
      if (!killed && app.actions.length >= 200) {
        killed = true;
        await workers[0]!.kill('SIGKILL');
      }
    }
    const answers = await Promise.all(sends);
    expect(answers.filter((a) => a.status !== 202)).toEqual([]);
    console.log(`multi-process: 1,000 triggers accepted in ${Date.now() - started} ms, ${app.actions.length} actions received so far`);
    if (!killed) await workers[0]!.kill('SIGKILL');

    const customerOf = (a: { body: unknown }) => String((a.body as { properties: { customer_id: unknown } }).properties.customer_id);
    await expect.poll(() => new Set(app.actions.map(customerOf)).size, { timeout: 60_000, interval: 200 }).toBe(total);

    // Each trigger's run sent its action under one id, however many times it was sent.
    const idsPerCustomer = new Map<string, Set<string>>();
    for (const a of app.actions) {
      const id = (a.body as { action_run_id: string }).action_run_id;
      idsPerCustomer.set(customerOf(a), (idsPerCustomer.get(customerOf(a)) ?? new Set()).add(id));
    }
    expect([...idsPerCustomer.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    console.log(`multi-process: all delivered ${Date.now() - started} ms after the first trigger`);
    const db = await openInspector(env);
    try {
      await expect.poll(() => db.count('runs', "status = 'succeeded'"), { timeout: 30_000 }).toBe(total);
      expect(await db.count('runs')).toBe(total);
    } finally {
      await db.close();
    }
  });

  it('the same Idempotency-Key sent to both web processes at once starts one run', async () => {
    const body = { handle: 'review-created', payload: { customer_id: 424242, rating: 1 } };
    const key = { 'idempotency-key': `same-${Date.now()}` };
    const sentFor = () => app.actions.filter((a) => String((a.body as { properties: { customer_id: unknown } }).properties.customer_id) === '424242').length;
    const before = sentFor();
    const answers = await Promise.all(web.flatMap((w) => [sendTrigger(w.url, token, body, key), sendTrigger(w.url, token, body, key)]));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    expect(new Set(answers.map((a) => JSON.stringify(a.json))).size).toBe(1);
    await expect.poll(sentFor, { timeout: 20_000 }).toBe(before + 1);
  });
});

describe.skipIf(!pgUrl)('a worker process hears of new jobs at once (LISTEN/NOTIFY)', () => {
  const children: ChildServer[] = [];
  let app: ConnectorApp;
  afterAll(async () => {
    await Promise.all(children.map((c) => c.kill('SIGKILL')));
    await app?.close();
  });

  it("delivers a web process's trigger long before the worker's next poll", async () => {
    // A ten-minute poll: only the notification can make this test pass in time.
    const env = { ...(pgUrl ? freshDatabaseEnv('listen', 'postgres') : {}), QUEUE_POLL_MS: '600000', TRIGGER_RATE_PER_SECOND: '0' };
    const web = await startChild(env, ['--role', 'web']);
    children.push(web, await startChild(env, ['--role', 'worker']));
    app = await startConnectorApp(() => web.url);
    await createAndDeploy(web.url, app);
    await install(web.url, app);
    await createEnabledWorkflow(web.url, reviewWorkflow(app.clientId));
    const token = app.tokens.get('dev-shop.myshopify.com')!;
    for (let i = 1; i <= 3; i++) {
      expect((await sendTrigger(web.url, token, { handle: 'review-created', payload: { customer_id: i, rating: 1 } })).status).toBe(202);
      await expect.poll(() => app.actions.length, { timeout: 10_000, interval: 20 }).toBe(i);
    }
  });
});
