import { afterAll, describe, expect, it } from 'vitest';
import { startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import { createAndDeploy, createEnabledWorkflow, install, reviewWorkflow, sendTrigger, waitForRun } from '../support/journey.js';
import { startChild, type ChildServer } from '../support/switchboard.js';
import { freshDatabaseEnv } from '../support/database.js';
import { clockFile } from '../support/clock.js';

describe('durability: a SIGKILL right after accepting triggers loses nothing', () => {
  let server: ChildServer | undefined;
  let app: ConnectorApp | undefined;
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await app?.close();
  });

  /** A server on `env` (after stopping the last test's), a connector app installed in the dev shop, the review workflow on; the app's token. */
  async function startWithApp(env: Record<string, string>) {
    await server?.kill('SIGKILL');
    await app?.close();
    const started = await startChild(env);
    const connector = await startConnectorApp(() => started.url);
    await createAndDeploy(started.url, connector);
    await install(started.url, connector);
    await createEnabledWorkflow(started.url, reviewWorkflow(connector.clientId));
    return { server: started, app: connector, token: connector.tokens.get('dev-shop.myshopify.com')! };
  }

  it('every accepted trigger gets its run and every action is delivered after a restart', async () => {
    // The suite's backend (SQLite, or PostgreSQL in its run); a short lease so
    // jobs held by the killed process are taken over quickly.
    const env = { ...freshDatabaseEnv('durability'), QUEUE_LEASE_MS: '1500', TRIGGER_RATE_PER_SECOND: '0' };
    const started = await startWithApp(env);
    ({ server, app } = started);
    const { token } = started;
    // Until the kill the app answers nothing: every action is in flight or still queued when it lands.
    app.script.push(...Array.from({ length: 1000 }, () => 'hang' as const));

    const accepted = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        sendTrigger(server!.url, token, { handle: 'review-created', payload: { customer_id: i + 1, rating: 1 } }),
      ),
    );
    expect(accepted.map((r) => r.status)).toEqual(Array(200).fill(202));
    await server.kill('SIGKILL');
    const killedAt = Date.now();
    const attemptedBeforeKill = app.actions.length;
    app.script.length = 0;

    server = await startChild(env);
    const customerOf = (a: { body: unknown }) => (a.body as { properties: { customer_id: string } }).properties.customer_id;
    const deliveredAfterRestart = () => new Set(app!.actions.filter((a) => a.at >= killedAt).map(customerOf)).size;
    await expect.poll(deliveredAfterRestart, { timeout: 60_000, interval: 100 }).toBe(200);
    expect(attemptedBeforeKill).toBeLessThan(200);
    // Each accepted trigger's action arrived, under 200 distinct action_run_ids, one per customer.
    const byCustomer = new Map<string, Set<string>>();
    for (const a of app.actions) {
      const p = a.body as { action_run_id: string; properties: { customer_id: string } };
      byCustomer.set(p.properties.customer_id, (byCustomer.get(p.properties.customer_id) ?? new Set()).add(p.action_run_id));
    }
    expect(byCustomer.size).toBe(200);
    expect([...byCustomer.values()].every((ids) => ids.size === 1)).toBe(true);
    const ids = new Set(app.actions.map((a) => a.body.action_run_id));
    expect(ids.size).toBe(200);
  }, 120_000);

  it('an action sent before it was stored is sent again after a SIGKILL under the same action_run_id', async () => {
    // A lease long enough for a whole attempt: the runner sends first and
    // stores the delivery with its outcome (one write per run). The clock
    // jumps past the lease at the restart instead of the test sleeping.
    const clock = clockFile();
    const env = { ...freshDatabaseEnv('unstored'), QUEUE_LEASE_MS: '30000', DELIVERY_TIMEOUT_MS: '2000', TRIGGER_RATE_PER_SECOND: '0', SWITCHBOARD_CLOCK_OFFSET_FILE: clock.file };
    const started = await startWithApp(env);
    ({ server, app } = started);
    const { token } = started;
    app.script.push(...Array.from({ length: 20 }, () => 'hang' as const));
    for (let i = 0; i < 20; i++) {
      expect((await sendTrigger(server.url, token, { handle: 'review-created', payload: { customer_id: i + 1, rating: 1 } })).status).toBe(202);
    }
    // Every action is in flight, none answered, none stored yet.
    await expect.poll(() => app!.actions.length, { timeout: 20_000, interval: 20 }).toBe(20);
    const before = new Map(app.actions.map((a) => [(a.body as { properties: { customer_id: string } }).properties.customer_id, a.body.action_run_id as string]));
    await server.kill('SIGKILL');
    app.script.length = 0;
    clock.set(60_000);

    server = await startChild(env);
    await expect.poll(() => app!.actions.length, { timeout: 30_000, interval: 50 }).toBe(40);
    const after = app.actions.slice(20);
    for (const a of after) {
      const p = a.body as { action_run_id: string; properties: { customer_id: string } };
      expect(p.action_run_id).toBe(before.get(p.properties.customer_id));
    }
    expect(new Set(after.map((a) => a.body.action_run_id)).size).toBe(20);
    // Each run is stored once, finished, with its delivery (the attempt cut off by the kill was never stored).
    await waitForRun(server.url, (runs) => runs.length === 20 && runs.every((r) => r.status === 'succeeded'));
  }, 120_000);
});
