import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openPostgresStore, openSqliteStore, type Store } from '../index.js';
import { dropSchemas, freshSchemaName, TEST_DATABASE_URL } from '../postgres/test-schemas.js';
import { columnKind, convertValue, ValueError } from './convert.js';
import { MigrationError, migrateToPostgres, QUEUE_ROW } from './index.js';
import { compareCounts, formatCounts } from './verify.js';

describe('converting SQLite values for PostgreSQL columns', () => {
  const adjust = () => ({ rounded: 0, nulDropped: 0 });

  it('turns 0/1 into booleans and refuses anything else', () => {
    expect(convertValue(1, 'boolean', adjust())).toBe(true);
    expect(convertValue(0, 'boolean', adjust())).toBe(false);
    expect(() => convertValue(2, 'boolean', adjust())).toThrow(/must be 0 or 1.*"2"/);
    expect(() => convertValue('yes', 'boolean', adjust())).toThrow(ValueError);
  });

  it('rounds a fraction in an integer column and counts it; refuses text', () => {
    const a = adjust();
    expect(convertValue(12.7, 'integer', a)).toBe(13);
    expect(convertValue(1_700_000_000_000, 'integer', a)).toBe(1_700_000_000_000);
    expect(a.rounded).toBe(1);
    expect(() => convertValue('12 ms', 'integer', a)).toThrow(/must be a number, found "12 ms"/);
  });

  it('passes JSON text through unchanged, and names what PostgreSQL would refuse', () => {
    expect(convertValue('{"z":1,"a":[1,2]}', 'json', adjust())).toBe('{"z":1,"a":[1,2]}');
    expect(convertValue('null', 'jsonb', adjust())).toBe('null');
    expect(() => convertValue('{"a":', 'json', adjust())).toThrow(/is not valid JSON/);
    expect(() => convertValue('{"a":"x\\u0000y"}', 'jsonb', adjust())).toThrow(/NUL character/);
    // json (not jsonb) keeps text as written, NUL escape included; an escaped backslash before u0000 is no NUL.
    expect(convertValue('{"a":"x\\u0000y"}', 'json', adjust())).toBe('{"a":"x\\u0000y"}');
    expect(convertValue('{"a":"x\\\\u0000y"}', 'jsonb', adjust())).toBe('{"a":"x\\\\u0000y"}');
  });

  it('drops NUL characters from text and counts them; null stays null; binary is refused', () => {
    const a = adjust();
    expect(convertValue('bad\u0000byte', 'text', a)).toBe('badbyte');
    expect(convertValue('fine', 'text', a)).toBe('fine');
    expect(a.nulDropped).toBe(1);
    expect(convertValue(null, 'boolean', a)).toBeNull();
    expect(() => convertValue(Buffer.from('x'), 'text', a)).toThrow(/binary data/);
  });

  it('knows the column kinds of the PostgreSQL schema', () => {
    expect(['boolean', 'bigint', 'integer', 'double precision', 'json', 'jsonb', 'text'].map(columnKind)).toEqual([
      'boolean',
      'integer',
      'integer',
      'float',
      'json',
      'jsonb',
      'text',
    ]);
  });
});

describe('verifying counts', () => {
  it('finds the tables whose counts differ and prints a table of all of them', () => {
    const counts = [
      { table: 'runs', source: 3, target: 3 },
      { table: 'deliveries', source: 2, target: 1 },
    ];
    expect(compareCounts(counts)).toEqual([{ table: 'deliveries', source: 2, target: 1 }]);
    expect(formatCounts(counts).split('\n')).toEqual([
      '  table       SQLite  PostgreSQL',
      '  runs             3           3  ok',
      '  deliveries       2           1  MISMATCH',
    ]);
  });
});

describe('refusing a source that is not a Switchboard SQLite file (before touching PostgreSQL)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-src-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  // An unreachable target: if the source were not refused first, the error would be about the connection.
  const to = 'postgres://nobody@127.0.0.1:1/none';

  it('a missing file', async () => {
    await expect(migrateToPostgres({ from: path.join(dir, 'nope.db'), to })).rejects.toMatchObject({ code: 'source_missing', message: expect.stringContaining('nope.db does not exist') });
  });

  it('a directory, a file that is not SQLite, and an SQLite file of something else', async () => {
    await expect(migrateToPostgres({ from: dir, to })).rejects.toMatchObject({ code: 'source_invalid', message: expect.stringContaining('is not a file') });
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'not a database '.repeat(100));
    await expect(migrateToPostgres({ from: junk, to })).rejects.toMatchObject({ code: 'source_invalid', message: expect.stringContaining('file is not a database') });
    const other = path.join(dir, 'other.db');
    new Database(other).exec('CREATE TABLE notes (x)');
    await expect(migrateToPostgres({ from: other, to })).rejects.toMatchObject({ code: 'source_invalid', message: expect.stringContaining("not Switchboard's") });
  });

  it('a file at an older schema version, and one from a newer Switchboard', async () => {
    const file = path.join(dir, 'old.db');
    await openSqliteStore(file).close();
    const db = new Database(file);
    const last = (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v;
    db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(last);
    db.close();
    await expect(migrateToPostgres({ from: file, to })).rejects.toMatchObject({ code: 'source_version', message: expect.stringContaining(`lacks schema migrations ${last}`) });
    const newer = new Database(file);
    newer.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'x', 0), (999, 'future', 0)").run(last);
    newer.close();
    await expect(migrateToPostgres({ from: file, to })).rejects.toMatchObject({ code: 'source_version', message: expect.stringContaining('newer version') });
  });
});

if (!TEST_DATABASE_URL) console.warn('migrate-to-postgres copy tests SKIPPED: they need PostgreSQL. Run them with TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test npm test');

describe.skipIf(!TEST_DATABASE_URL)('copying an SQLite install into PostgreSQL', () => {
  const url = TEST_DATABASE_URL!;
  let dir: string;
  let file: string;
  let schema: string;
  let client: pg.Client;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-'));
    file = path.join(dir, 'switchboard.db');
    schema = freshSchemaName();
    client = new pg.Client({ connectionString: url });
    await client.connect();
  });
  afterEach(async () => {
    await client.end();
    await dropSchemas(url, schema);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table row for row (types converted, JSON text kept), moves sequences past every id ever issued, and re-enqueues the pending jobs', async () => {
    const facts = await fillInstall(file);
    const report = await migrateToPostgres({ from: file, to: url, schema });

    expect(report.schema).toBe(schema);
    expect(compareCounts(report.counts)).toEqual([]);
    const source = new Database(file, { readonly: true });
    const copied = (source.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('schema_migrations', 'jobs') ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    expect(report.counts.map((c) => c.table).sort()).toEqual([...copied, QUEUE_ROW].sort());
    // Every table of the embedded install has rows here, so each one's conversion is checked below.
    expect(report.counts.filter((c) => c.source === 0)).toEqual([]);
    expect(report.adjustments).toEqual({ rounded: 1, nulDropped: 1 });

    for (const table of copied) await expectSameRows(source, client, schema, table);
    source.close();

    const store = await openPostgresStore({ url, poolSize: 2, schema, leaseMs: 60_000 });
    try {
      // Ids go on after the highest one SQLite ever issued, deleted rows included.
      const workflow = await store.createWorkflow({ shopId: facts.shopId, name: 'After', triggerApp: 'app', triggerHandle: 't', definition: {} });
      expect(workflow.id).toBe(facts.highestWorkflowIdIssued + 1);
      expect((await store.createOrganization('Next')).id).toBe(facts.organizationId + 1);
      expect((await store.saveDataRequest(facts.shopId, ['id:9'], {})) > facts.dataRequestId).toBe(true);
      // Records read back as they were.
      expect(await store.getRun(facts.waitingRunId)).toEqual(facts.waitingRun);
      expect(await store.getShop(facts.uninstalledShopId)).toMatchObject({ switchboardInstalled: false });
      expect(await store.listWorkflowVersions(facts.workflowId)).toEqual(facts.versions);
      expect(await store.getSetting('server_secret')).toBe('the-secret');
      expect(await store.listCredentials(facts.shopId)).toEqual(facts.credentials);
      expect(await store.findInstallByToken('token-hash')).toEqual(facts.install);

      // Jobs: the due ones are claimable now with their attempts carried on; the rescheduled one keeps its time.
      const due = await store.claimJobs('w', 10, Date.now(), 60_000);
      expect(due.map((j) => [j.kind, j.ref, j.attempts]).sort()).toEqual([
        ['notice', facts.noticeRef, 1],
        ['run', facts.dueRunId, 1],
        ['run', 'run-replay-1', 1],
      ]);
      expect(await store.getRun('run-replay-1')).toMatchObject({ replayId: 'replay-1', resumeAt: 8_000_000_000_000 });
      expect(await store.listDueSchedules(9_000_000_000_000, 10)).toEqual([{ workflowId: facts.orgWorkflowId, shopId: facts.shopId, nextSlotAt: 9_000_000_000_000 }]);
      expect(await store.nextJobAt()).toBe(facts.retryAt);
      const later = await vi.waitFor(
        async () => {
          const jobs = await store.claimJobs('w', 10, Date.now(), 60_000);
          if (!jobs.length) throw new Error('the rescheduled job is not due yet');
          return jobs;
        },
        { timeout: 20_000, interval: 100 },
      );
      expect(later.map((j) => [j.kind, j.ref, j.attempts])).toEqual([['run', facts.waitingRunId, 2]]);
    } finally {
      await store.close();
    }
  }, 45_000);

  it('refuses a target that holds anything, naming the tables, and changes nothing there', async () => {
    await fillInstall(file);
    const store = await openPostgresStore({ url, poolSize: 2, schema });
    await store.ensureShop('already.myshopify.com');
    await store.setSettingIfAbsent('server_secret', 'another');
    await store.close();
    const err = await migrateToPostgres({ from: file, to: url, schema }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect(err).toMatchObject({ code: 'target_not_empty', message: expect.stringMatching(/not empty: settings \(1 row\), shops \(1 row\)/) });
    expect(await count(client, schema, 'shops')).toBe(1);
    expect(await count(client, schema, 'workflows')).toBe(0);
  });

  it('a value PostgreSQL cannot take stops the copy with the table, column and row named, and leaves the target empty; fixed, it copies', async () => {
    const facts = await fillInstall(file);
    const db = new Database(file);
    db.prepare("UPDATE runs SET state = '{not json' WHERE id = ?").run(facts.dueRunId);
    db.close();
    const err = await migrateToPostgres({ from: file, to: url, schema }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'bad_value', table: 'runs', message: `runs.state of the row id=${facts.dueRunId} is not valid JSON (${jsonError('{not json')})` });
    // Tables copied before runs (the copy goes parents first, then by name) were rolled back with it.
    for (const table of ['apps', 'shops', 'deliveries', 'events', 'run_steps']) expect(await count(client, schema, table)).toBe(0);
    expect(await count(client, `${schema}_queue`, 'job')).toBe(0);

    const fix = new Database(file);
    fix.prepare("UPDATE runs SET state = '{}' WHERE id = ?").run(facts.dueRunId);
    fix.close();
    const report = await migrateToPostgres({ from: file, to: url, schema });
    expect(compareCounts(report.counts)).toEqual([]);
    expect(await count(client, schema, 'runs')).toBe(4);
  });

  it('a column or table PostgreSQL has no place for is refused by name rather than dropped', async () => {
    await fillInstall(file);
    const db = new Database(file);
    db.exec('ALTER TABLE runs ADD COLUMN priority INTEGER');
    db.close();
    await expect(migrateToPostgres({ from: file, to: url, schema })).rejects.toMatchObject({ code: 'schema_mismatch', message: expect.stringContaining('runs.priority of the SQLite file has no counterpart') });
    const db2 = new Database(file);
    db2.exec('ALTER TABLE runs DROP COLUMN priority; CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
    db2.close();
    await expect(migrateToPostgres({ from: file, to: url, schema })).rejects.toMatchObject({ code: 'schema_mismatch', table: 'notes' });
    expect(await count(client, schema, 'shops')).toBe(0);
  });
});

const jsonError = (text: string) => {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  return '';
};

async function count(client: pg.Client, schema: string, table: string): Promise<number> {
  return Number((await client.query(`SELECT count(*) AS n FROM "${schema}"."${table}"`)).rows[0].n);
}

/**
 * Compares a table in both databases value by value, as text: PostgreSQL's
 * booleans against 0/1, json columns against the exact text, jsonb by value
 * (it keeps no key order), text without NUL, integers rounded.
 */
async function expectSameRows(source: Database.Database, client: pg.Client, schema: string, table: string) {
  const types = new Map(
    (await client.query<{ column_name: string; data_type: string }>('SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2', [schema, table])).rows.map(
      (r) => [r.column_name, columnKind(r.data_type)],
    ),
  );
  const columns = (source.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((c) => c.name);
  const fromSqlite = source.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>;
  const fromPg = (await client.query(`SELECT ${columns.map((c) => `"${c}"::text AS "${c}"`).join(', ')} FROM "${schema}"."${table}"`)).rows as Array<Record<string, string | null>>;
  const expected = fromSqlite.map((row) =>
    Object.fromEntries(
      columns.map((c) => {
        const v = row[c];
        const kind = types.get(c)!;
        if (v === null) return [c, null];
        if (kind === 'boolean') return [c, v === 1 ? 'true' : 'false'];
        if (kind === 'integer') return [c, String(Math.round(v as number))];
        if (kind === 'jsonb') return [c, JSON.parse(v as string)];
        if (kind === 'text') return [c, (v as string).replaceAll('\u0000', '')];
        return [c, String(v)];
      }),
    ),
  );
  const actual = fromPg.map((row) => Object.fromEntries(columns.map((c) => [c, types.get(c) === 'jsonb' && row[c] !== null ? JSON.parse(row[c]!) : row[c]])));
  const byKey = (rows: Array<Record<string, unknown>>) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  expect(byKey(actual), `table ${table}`).toEqual(byKey(expected));
}

/**
 * An embedded install with rows in every table, written through the SQLite
 * store as the server writes them, plus what the copy must preserve: a
 * deleted workflow (its id never reused), a waiting delivery with its retry
 * job, a due run job, a notice job, a fractional latency and a NUL in text.
 */
async function fillInstall(file: string) {
  const store: Store = openSqliteStore(file);
  await store.setSettingIfAbsent('server_secret', 'the-secret');
  const shop = await store.ensureShop('merchant.myshopify.com', 'Merchant');
  const gone = await store.ensureShop('gone.myshopify.com');
  await store.setSwitchboardInstalled(gone.id, false, 'Switchboard uninstalled');
  const organization = await store.createOrganization('Group');
  await store.setShopOrganization(shop.id, organization.id);
  await store.saveShopifySession({ id: 'offline_merchant.myshopify.com', shop: shop.domain, isOnline: false, data: { accessToken: 'shpat', scope: 'write_orders' } });
  await store.recordWebhook('wh-1', shop.domain, 'orders/create', 1000);
  const app = await store.createApp({ clientId: 'loyalty', clientSecret: 'app-secret', name: 'Loyalty', applicationUrl: 'https://loyalty.example', redirectUrls: ['https://loyalty.example/cb'] });
  await store.saveAppVersion(app.id, [{ type: 'flow_trigger', handle: 't', name: 'T', description: '', fields: [] } as never]);
  await store.saveOAuthCode('code-hash', { appId: app.id, shopId: shop.id, redirectUri: 'https://loyalty.example/cb', expiresAt: 9e12 });
  await store.consumeOAuthCode('code-hash', 2000);
  await store.saveInstall({ appId: app.id, shopId: shop.id, scope: 'triggers', installedAt: 3000 }, 'token-hash');
  await store.saveCredentials(shop.id, 'slack', 'sealed:abc');
  const workflow = await store.createWorkflow({ shopId: shop.id, name: 'Points', triggerApp: 'loyalty', triggerHandle: 't', definition: { zebra: 1, apple: { b: 2, a: 1 } } });
  await store.saveWorkflowVersion(workflow.id, { name: 'Points v2', triggerApp: 'loyalty', triggerHandle: 't', definition: { steps: [], note: 'v2' } });
  await store.setWorkflowEnabled({ workflowId: workflow.id, shopId: shop.id, enabled: true });
  const orgWorkflow = await store.createWorkflow({ shopId: shop.id, organizationId: organization.id, name: 'Org', triggerApp: 'loyalty', triggerHandle: 't', definition: {} });
  // A workflow of the gone shop, deleted with the shop's data: its id was issued and must never come back.
  const deleted = await store.createWorkflow({ shopId: gone.id, name: 'Deleted', triggerApp: 'loyalty', triggerHandle: 't', definition: {} });
  const spare = await store.createOrganization('Spare');
  // The second event also records a run skipped at planning (finished, no job).
  const accept = (id: string, key: string, skipped: boolean) =>
    store.acceptEvent({
      event: { id, shopId: shop.id, source: 'loyalty', handle: 't', payload: { z: 1, a: [1, 2], nothing: null }, receivedAt: 5000 },
      idempotency: { appId: app.id, key },
      customerKeys: ['id:1', 'email:a@b.c'],
      planRuns: (ls) => [
        ...ls.map((l) => ({ id: `run-${id}`, workflowId: l.workflowId, workflowVersion: l.version })),
        ...(skipped ? [{ id: `run-${id}-skipped`, workflowId: orgWorkflow.id, workflowVersion: 1, skippedReason: 'Loyalty is not installed' }] : []),
      ],
      answer: (n) => ({ event_id: id, runs_started: n }),
    });
  await accept('evt-1', 'key-1', false);
  const [job] = await store.claimJobs('w', 1, Date.now(), 60_000);
  // Soon enough to wait for after the copy, late enough not to be due before the first claim there.
  const retryAt = Date.now() + 5_000;
  const delivery = {
    id: 'action-run-1', runId: 'run-evt-1', stepId: 'add', appId: app.id, shopId: shop.id, handle: 'add-points', url: 'https://loyalty.example/add',
    body: '{"action_run_id":"action-run-1"}', status: 'sending' as const, attempts: 0, deadlineAt: 9e12, createdAt: 6000, updatedAt: 6000,
  };
  await store.saveRunProgress({
    runId: 'run-evt-1',
    status: 'waiting',
    state: { at: 'add', outputs: { cond: true } },
    steps: [
      { runId: 'run-evt-1', seq: 0, stepId: 'cond', kind: 'condition', status: 'succeeded', input: { z: 1, a: 2 }, output: true, startedAt: 6000, finishedAt: 6001 },
      { runId: 'run-evt-1', seq: 1, stepId: 'add', kind: 'action', status: 'waiting', input: { points: 10 }, startedAt: 6001 },
    ],
    newDelivery: delivery,
    attempt: { deliveryId: 'action-run-1', n: 1, startedAt: 6002, latencyMs: 12.7, statusCode: 503, responseExcerpt: 'busy', error: 'bad\u0000byte', outcome: 'retry', nextAttemptAt: retryAt },
    deliveryUpdate: { id: 'action-run-1', status: 'waiting', attempts: 1, nextAttemptAt: retryAt, lastError: '503' },
    job: { id: job!.id, rescheduleAt: retryAt },
  });
  await store.redactShop(gone.id);
  await store.saveInstall({ appId: app.id, shopId: gone.id, scope: 'triggers', installedAt: 3000 }, 'revoked-hash');
  await store.uninstallApp({ appId: app.id, shopId: gone.id, reason: 'uninstalled', workflowIds: [], notice: { ref: '{"topic":"app/uninstalled"}', runAt: 4000 } });
  await accept('evt-2', 'key-2', true);
  // A scheduled workflow's next slot, and a replay of the first event (a waiting run of it resumes later).
  await store.setSchedule(orgWorkflow.id, shop.id, 9_000_000_000_000);
  await store.startReplay({ id: 'replay-1', workflowId: workflow.id, shopId: shop.id, total: 1, createdAt: 7000 }, [
    { id: 'run-replay-1', workflowId: workflow.id, workflowVersion: 2, eventId: 'evt-1' },
  ]);
  await store.saveRunProgress({ runId: 'run-replay-1', status: 'waiting', state: { waiting: true }, resumeAt: 8_000_000_000_000 });
  const dataRequestId = await store.saveDataRequest(shop.id, ['id:1'], { events: [], note: 'exported' });
  const facts = {
    shopId: shop.id,
    uninstalledShopId: gone.id,
    workflowId: workflow.id,
    orgWorkflowId: orgWorkflow.id,
    organizationId: spare.id,
    highestWorkflowIdIssued: deleted.id,
    dataRequestId,
    waitingRunId: 'run-evt-1',
    dueRunId: 'run-evt-2',
    noticeRef: '{"topic":"app/uninstalled"}',
    retryAt,
    waitingRun: await store.getRun('run-evt-1'),
    versions: await store.listWorkflowVersions(workflow.id),
    credentials: await store.listCredentials(shop.id),
    install: await store.findInstallByToken('token-hash'),
  };
  await store.close();
  return facts;
}
