/**
 * PostgreSQL going away under load: while it is unreachable, triggers are
 * refused with 503 and Retry-After (never a 202 for an event that was not
 * stored); when it is back, the server reconnects by itself, and every
 * trigger it accepted is delivered.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import { createAndDeploy, createEnabledWorkflow, install, reviewWorkflow, sendTrigger } from '../support/journey.js';
import { freshDatabaseEnv } from '../support/database.js';
import { startChild, type ChildServer } from '../support/switchboard.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl) console.warn('PostgreSQL outage test skipped: it needs PostgreSQL. Run it with TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test npm test');

describe.skipIf(!pgUrl)('PostgreSQL unreachable under load', () => {
  let proxy: TcpProxy | undefined;
  let server: ChildServer | undefined;
  let app: ConnectorApp | undefined;
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await app?.close();
    await proxy?.close();
  });

  it('answers 503 with Retry-After while it is down, reconnects, and delivers every accepted trigger', async () => {
    const target = new URL(pgUrl!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(pgUrl!);
    viaProxy.port = String(proxy.port);
    const { DATABASE_SCHEMA } = freshDatabaseEnv('outage', 'postgres');
    server = await startChild({ DATABASE_URL: viaProxy.toString(), DATABASE_SCHEMA: DATABASE_SCHEMA!, TRIGGER_RATE_PER_SECOND: '0', QUEUE_LEASE_MS: '2000' });
    app = await startConnectorApp(() => server!.url);
    await createAndDeploy(server.url, app);
    await install(server.url, app);
    const token = app.tokens.get('dev-shop.myshopify.com')!;
    await createEnabledWorkflow(server.url, reviewWorkflow(app.clientId));

    const answers: Array<{ customer: number; status: number; retryAfter: string | null }> = [];
    let next = 1;
    const send = async () => {
      const customer = next++;
      const res = await fetch(`${server!.url}/connector-api/v1/triggers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ handle: 'review-created', payload: { customer_id: customer, rating: 1 } }),
      });
      await res.arrayBuffer();
      answers.push({ customer, status: res.status, retryAfter: res.headers.get('retry-after') });
    };
    const burst = (n: number) => Promise.all(Array.from({ length: n }, send));
    const refused = () => answers.filter((a) => a.status === 503).length;

    await burst(100);
    proxy.cut();
    // Keep the load on while it is down, until the server has refused a good number.
    while (refused() < 20) await burst(8);
    proxy.restore();
    // Back: the pool reconnects on its own; triggers are accepted again.
    const accepted = () => answers.filter((a) => a.status === 202).length;
    const before = accepted();
    while (accepted() < before + 100) await burst(8);

    expect(answers.filter((a) => a.status !== 202 && a.status !== 503)).toEqual([]);
    expect(answers.filter((a) => a.status === 503).every((a) => a.retryAfter === '2')).toBe(true);
    const acceptedCustomers = answers.filter((a) => a.status === 202).map((a) => String(a.customer));
    const delivered = () => new Set(app!.actions.map((a) => String((a.body as { properties: { customer_id: unknown } }).properties.customer_id)));
    await expect.poll(() => acceptedCustomers.filter((c) => !delivered().has(c)).length, { timeout: 30_000, interval: 200 }).toBe(0);
    expect(server.process.exitCode).toBeNull();
  });
});
