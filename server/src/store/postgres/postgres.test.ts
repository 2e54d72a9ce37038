/**
 * What only the PostgreSQL backend has to prove: several processes (here,
 * several stores with their own pools) on one database at once. The suite
 * every backend passes is store.test.ts.
 */
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { AcceptEventInput, Store } from '../types.js';
import { openPostgresStore } from './index.js';
import { migrate, MIGRATIONS } from './migrations.js';
import { dropSchemas, freshSchemaName, POSTGRES_SKIPPED_MESSAGE, TEST_DATABASE_URL } from './test-schemas.js';

if (!TEST_DATABASE_URL) console.warn(POSTGRES_SKIPPED_MESSAGE);

describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL store: several processes on one database', () => {
  const url = TEST_DATABASE_URL!;
  const schemas: string[] = [];
  const stores: Store[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    for (const schema of schemas) await dropSchemas(url, schema);
  });

  /** `n` stores on one fresh schema, opened together as processes starting at once would. */
  async function processes(n: number, schema = freshSchemaName()) {
    schemas.push(schema);
    const opened = await Promise.all(Array.from({ length: n }, () => openPostgresStore({ url, poolSize: 3, schema, leaseMs: 1_000 })));
    stores.push(...opened);
    return { schema, stores: opened };
  }

  async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  it('applies migrations once when several processes start together', async () => {
    const { schema, stores: [a] } = await processes(4);
    const applied = await query<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
    expect(applied.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await a!.ensureShop('s.myshopify.com')).toMatchObject({ id: 1 });
    const queues = await query<{ name: string }>(`SELECT name FROM ${schema}_queue.queue`);
    expect(queues.map((q) => q.name)).toEqual(['switchboard-jobs']);

    // The same race, counted: of four migrators on an empty schema, one applies everything and the others nothing.
    const empty = freshSchemaName();
    schemas.push(empty);
    await query(`CREATE SCHEMA ${empty}`);
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${empty}` }));
    const ran = await Promise.all(pools.map((p) => migrate(p)));
    await Promise.all(pools.map((p) => p.end()));
    expect(ran.map((r) => r.length).sort()).toEqual([0, 0, 0, MIGRATIONS.length]);
  });

  it('the same idempotency key sent to two processes at once starts one run', async () => {
    const { stores: [a, b] } = await processes(2);
    const shop = await a!.ensureShop('s.myshopify.com');
    const wf = await a!.createWorkflow({ shopId: shop.id, name: 'W', triggerApp: 'app', triggerHandle: 't', definition: {} });
    await a!.setWorkflowEnabled({ workflowId: wf.id, shopId: shop.id, enabled: true });
    const input = (id: string): AcceptEventInput => ({
      event: { id, shopId: shop.id, source: 'app', handle: 't', payload: {}, receivedAt: 1 },
      idempotency: { appId: 1, key: 'same-key' },
      planRuns: (ls) => ls.map((l) => ({ id: `run-${id}`, workflowId: l.workflowId, workflowVersion: l.version })),
      answer: (n) => ({ event_id: id, runs_started: n }),
    });
    const results = await Promise.all(['e1', 'e2', 'e3', 'e4', 'e5', 'e6'].map((id, i) => (i % 2 ? a! : b!).acceptEvent(input(id))));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => JSON.stringify(r.answer))).size).toBe(1);
    expect(await b!.countRunsByStatus()).toEqual({ running: 1 });
    expect(await a!.claimJobs('w', 10, Date.now(), 60_000)).toHaveLength(1);
  });

  it("a job whose worker stopped answering is taken over by another process after its lease, under the same id", async () => {
    const { stores: [a, b] } = await processes(2);
    await a!.enqueueJob('run', 'r1', Date.now() - 10);
    const [job] = await a!.claimJobs('worker-a', 10, Date.now(), 1_000);
    expect(await b!.claimJobs('worker-b', 10, Date.now(), 1_000)).toEqual([]);
    const taken = await vi.waitFor(
      async () => {
        const jobs = await b!.claimJobs('worker-b', 10, Date.now(), 60_000);
        if (!jobs.length) throw new Error('not taken over yet');
        return jobs;
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(taken).toEqual([{ ...job!, attempts: 2, runAt: expect.any(Number) }]);
    await b!.completeJob(taken[0]!.id);
    expect(await a!.nextJobAt()).toBeUndefined();
  });

  it('an OAuth code exchanged in two processes at once is consumed once; a webhook id counts once', async () => {
    const { stores: [a, b] } = await processes(2);
    await a!.saveOAuthCode('h', { appId: 1, shopId: 1, redirectUri: 'https://x', expiresAt: 10 });
    const codes = await Promise.all([a!, b!, a!, b!].map((s, n) => s.consumeOAuthCode('h', n)));
    expect(codes.filter((c) => !c.alreadyUsed)).toHaveLength(1);
    const hooks = await Promise.all([a!, b!, a!, b!].map((s, n) => s.recordWebhook('w1', 's.myshopify.com', 'orders/create', n)));
    expect(hooks.filter(Boolean)).toHaveLength(1);
  });

  it("drops NUL characters from an app's text, which PostgreSQL text cannot hold", async () => {
    const { stores: [a] } = await processes(1);
    const shop = await a!.ensureShop('s.myshopify.com');
    await a!.acceptEvent({
      event: { id: 'e1', shopId: shop.id, source: 'app', handle: 't', payload: { text: 'a\u0000b' }, receivedAt: 1 },
      planRuns: () => [{ id: 'r1', workflowId: 1, workflowVersion: 1 }],
      answer: () => ({}),
    });
    const delivery = { id: 'd1', runId: 'r1', stepId: 's', appId: 1, shopId: shop.id, handle: 'h', url: 'https://x', body: '{}', status: 'waiting' as const, attempts: 1, deadlineAt: 9, createdAt: 1, updatedAt: 1 };
    await a!.saveRunProgress({
      runId: 'r1', status: 'waiting', state: {}, error: 'x\u0000y', newDelivery: delivery,
      attempt: { deliveryId: 'd1', n: 1, startedAt: 1, latencyMs: 1, statusCode: 500, responseExcerpt: 'bin\u0000ary', error: 'e\u0000', outcome: 'retry' },
    });
    expect((await a!.listAttempts('d1'))[0]).toMatchObject({ responseExcerpt: 'binary', error: 'e' });
    expect(await a!.getRun('r1')).toMatchObject({ error: 'xy' });
    // JSON keeps it, escaped.
    expect((await a!.getEvent('e1'))!.payload).toEqual({ text: 'a\u0000b' });
  });

  it('takes the schema from the URL when none is given, and says so when that schema is missing', async () => {
    const schema = freshSchemaName();
    schemas.push(schema);
    await query(`CREATE SCHEMA ${schema}`);
    const withPath = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const store = await openPostgresStore({ url: withPath, poolSize: 2 });
    stores.push(store);
    await store.ensureShop('s.myshopify.com');
    expect(await query(`SELECT domain FROM ${schema}.shops`)).toEqual([{ domain: 's.myshopify.com' }]);
    expect(await query(`SELECT name FROM ${schema}_queue.queue`)).toHaveLength(1);

    const missing = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c search_path=sb_test_no_such_schema')}`;
    await expect(openPostgresStore({ url: missing, poolSize: 1 })).rejects.toThrow(/no schema of the search_path exists/);
  });

  it('refuses bad settings with a message that names them', async () => {
    await expect(openPostgresStore({ url: 'mysql://x', poolSize: 1 })).rejects.toThrow('DATABASE_URL must start with postgres:// or postgresql://, got "mysql://x"');
    await expect(openPostgresStore({ url, poolSize: 0 })).rejects.toThrow('pool size must be a whole number of at least 1, got 0');
    await expect(openPostgresStore({ url, poolSize: 1, schema: 'Bad-Name' })).rejects.toThrow('schema "Bad-Name" must be lower-case letters');
    await expect(openPostgresStore({ url: 'postgres://someone:secret@127.0.0.1:1/test', poolSize: 1 })).rejects.toThrow(
      /^could not open the PostgreSQL store at postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/test: .*ECONNREFUSED/,
    );
  });
});
