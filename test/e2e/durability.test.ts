import { afterAll, describe, expect, it } from 'vitest';
import { startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import { createAndDeploy, createEnabledWorkflow, install, reviewWorkflow, sendTrigger } from '../support/journey.js';
import { startChild, type ChildServer } from '../support/switchboard.js';
import { freshDatabaseEnv } from '../support/database.js';

describe('durability: a SIGKILL right after accepting triggers loses nothing', () => {
  let server: ChildServer | undefined;
  let app: ConnectorApp | undefined;
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await app?.close();
  });

  it('every accepted trigger gets its run and every action is delivered after a restart', async () => {
    // The suite's backend (SQLite, or PostgreSQL in its run); a short lease so
    // jobs held by the killed process are taken over quickly.
    const env = { ...freshDatabaseEnv('durability'), QUEUE_LEASE_MS: '1500', TRIGGER_RATE_PER_SECOND: '0' };
    server = await startChild(env);
    app = await startConnectorApp(() => server!.url);
    await createAndDeploy(server.url, app);
    await install(server.url, app);
    const token = app.tokens.get('dev-shop.myshopify.com')!;
    await createEnabledWorkflow(server.url, reviewWorkflow(app.clientId));
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
});
