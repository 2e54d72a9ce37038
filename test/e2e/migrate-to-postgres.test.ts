/**
 * An operator outgrows one machine: an embedded install (a real server on an
 * SQLite file, with a connector app, a workflow in two versions, finished
 * runs and a delivery waiting for its retry) is stopped, copied with
 * `switchboard-server migrate-to-postgres`, and started on PostgreSQL, where
 * the waiting delivery goes out under the same action_run_id and the history
 * is all there.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectorApp, verifySignature, type ConnectorApp } from '../support/connector-app.js';
import { api, createAndDeploy, createEnabledWorkflow, install, reviewWorkflow, sendTrigger, waitForRun } from '../support/journey.js';
import { freshDatabaseEnv, openInspector, tempDbPath } from '../support/database.js';
import { repoRoot, startChild, type ChildServer } from '../support/switchboard.js';

const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl) console.warn('migrate-to-postgres tests skipped: they need PostgreSQL. Run them with TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test npm test');

/** Runs `switchboard-server migrate-to-postgres` from the build, as an operator would. */
function migrate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repoRoot, 'server/dist/main.js'), 'migrate-to-postgres', ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** What a run looks like in the admin, and what must survive the move. */
async function runDetail(base: string, id: string) {
  const { status, json } = await api(base, 'GET', `/admin/api/runs/${id}`);
  expect(status).toBe(200);
  return json;
}

describe.skipIf(!pgUrl)('moving an embedded install from SQLite to PostgreSQL', () => {
  const sqliteEnv = { DATABASE_PATH: tempDbPath('migrate') };
  const pgEnv = pgUrl ? freshDatabaseEnv('migrate', 'postgres') : {};
  const common = { TRIGGER_RATE_PER_SECOND: '0' };
  let server: ChildServer | undefined;
  let app: ConnectorApp;
  let token: string;
  let workflowId: number;
  /** The admin's view before the move. */
  const before = { workflows: [] as any[], versions: [] as any[], runs: [] as any[], details: new Map<string, any>(), credentials: undefined as any };
  let waiting: { runId: string; actionRunId: string; dueAt: number; actionsBefore: number };

  beforeAll(async () => {
    server = await startChild({ ...sqliteEnv, ...common });
    app = await startConnectorApp(() => server!.url);
    await createAndDeploy(server.url, app);
    await install(server.url, app);
    token = app.tokens.get('dev-shop.myshopify.com')!;
    workflowId = (await createEnabledWorkflow(server.url, reviewWorkflow(app.clientId))).id;

    // A run on version 1, then version 2 (ten times the points) with a run that sends and one whose condition does not hold.
    expect((await sendTrigger(server.url, token, { handle: 'review-created', payload: { customer_id: 1, rating: 1 } })).status).toBe(202);
    await waitForRun(server.url, (runs) => runs.length === 1 && runs[0].status === 'succeeded');
    const v2 = await api(server.url, 'PUT', `/admin/api/workflows/${workflowId}`, reviewWorkflow(app.clientId, '{{ rating | times: 100 }}'));
    expect(v2.status).toBe(200);
    expect(v2.json.version).toBe(2);
    for (const payload of [{ customer_id: 2, rating: 2 }, { customer_id: 3, rating: 5 }]) {
      expect((await sendTrigger(server.url, token, { handle: 'review-created', payload })).status).toBe(202);
    }
    await waitForRun(server.url, (runs) => runs.length === 3 && runs.every((r) => r.status.startsWith('succeeded')));

    // The app is busy for the next one: 429 with Retry-After, so the delivery waits for a retry when the server stops.
    app.script.push({ status: 429, headers: { 'retry-after': '6' }, body: { error: 'slow down' } });
    const actionsBefore = app.actions.length;
    expect((await sendTrigger(server.url, token, { handle: 'review-created', payload: { customer_id: 4, rating: 1 } })).status).toBe(202);
    const runs = await waitForRun(server.url, (rs) => rs.length === 4 && rs[0].status === 'waiting');
    const detail = await runDetail(server.url, runs[0].id);
    expect(detail.deliveries).toHaveLength(1);
    expect(detail.deliveries[0]).toMatchObject({ status: 'waiting', attempts: [{ n: 1, status_code: 429, outcome: 'retry' }] });
    waiting = { runId: runs[0].id, actionRunId: detail.deliveries[0].action_run_id, dueAt: Date.parse(detail.deliveries[0].next_attempt_at), actionsBefore };

    before.workflows = (await api(server.url, 'GET', '/admin/api/workflows')).json.workflows;
    before.versions = (await api(server.url, 'GET', `/admin/api/workflows/${workflowId}/versions`)).json.versions;
    before.runs = (await api(server.url, 'GET', '/admin/api/runs?limit=500')).json.runs;
    for (const r of before.runs) before.details.set(r.id, await runDetail(server.url, r.id));
    before.credentials = (await api(server.url, 'GET', '/admin/api/credentials')).json;
    await server.kill('SIGTERM');
    server = undefined;
  }, 90_000);

  afterAll(async () => {
    await server?.kill('SIGKILL');
    await app?.close();
  });

  it('copies the install, says what it copied, and the waiting delivery goes out from PostgreSQL with the same action_run_id', async () => {
    const sqlite = await openInspector(sqliteEnv);
    const job = await sqlite.get<{ ref: string; run_at: number }>("SELECT ref, run_at FROM jobs WHERE kind = 'run'");
    const sqliteSecret = await sqlite.get<{ value: string }>("SELECT value FROM settings WHERE key = 'server_secret'");
    const jobCount = await sqlite.count('jobs');
    await sqlite.close();
    expect(job).toEqual({ ref: waiting.runId, run_at: waiting.dueAt });

    const out = await migrate(['--from', sqliteEnv.DATABASE_PATH, '--to', pgUrl!, '--schema', pgEnv.DATABASE_SCHEMA!]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`Verified: every count matches (schema ${pgEnv.DATABASE_SCHEMA}).`);
    for (const [table, n] of [['runs', 4], ['workflow_versions', 2], ['deliveries', 3], ['delivery_attempts', 3], ['workflows', 1], ['jobs \\(queued\\)', jobCount]] as const) {
      expect(out.stdout).toMatch(new RegExp(`^  ${table} +${n} +${n}  ok$`, 'm'));
    }
    expect(out.stdout).not.toContain('MISMATCH');
    // A server stopped cleanly leaves nothing to warn about (no write-ahead log, no value changed on the way).
    expect(out.stdout).not.toContain('Note:');
    expect(out.stdout).toContain(`DATABASE_SCHEMA=${pgEnv.DATABASE_SCHEMA}`);

    // In PostgreSQL: the same secret, and the waiting run's job on pg-boss's queue at the same due time.
    const pgDb = await openInspector(pgEnv);
    try {
      expect(await pgDb.get("SELECT value FROM settings WHERE key = 'server_secret'")).toEqual(sqliteSecret);
      const queued = await pgDb.all<{ ref: string; due: string }>(
        `SELECT data->>'ref' AS ref, (extract(epoch FROM start_after) * 1000)::bigint::text AS due FROM "${pgEnv.DATABASE_SCHEMA}_queue".job WHERE data->>'kind' = 'run'`,
      );
      expect(queued).toEqual([{ ref: waiting.runId, due: String(waiting.dueAt) }]);
    } finally {
      await pgDb.close();
    }

    // Switchboard on PostgreSQL, nothing else changed; the app answers 200 now.
    const spawnedAt = Date.now();
    server = await startChild({ ...pgEnv, ...common });
    const [retried] = (await app.waitForActions(waiting.actionsBefore + 2, 30_000)).slice(waiting.actionsBefore + 1);
    expect(retried!.body.action_run_id).toBe(waiting.actionRunId);
    expect(retried!.body.properties).toMatchObject({ customer_id: 4, points: 100 });
    expect(verifySignature(retried!, app.clientSecret)).toBe(true);
    // Not before its due time, and after the SQLite server had exited: it was sent from PostgreSQL's.
    expect(retried!.at).toBeGreaterThanOrEqual(Math.max(waiting.dueAt, spawnedAt));
    const done = await waitForRun(server.url, (runs) => runs.find((r) => r.id === waiting.runId)?.status === 'succeeded');
    expect(done).toHaveLength(4);
    const detail = await runDetail(server.url, waiting.runId);
    expect(detail.deliveries).toHaveLength(1);
    expect(detail.deliveries[0]).toMatchObject({
      action_run_id: waiting.actionRunId,
      status: 'succeeded',
      attempts: [
        { n: 1, status_code: 429, outcome: 'retry' },
        { n: 2, status_code: 200, outcome: 'succeeded' },
      ],
    });
  }, 90_000);

  it('keeps the workflow, both versions and every run with its steps, deliveries and attempts, as the admin shows them', async () => {
    const pick = (w: any) => ({ id: w.id, name: w.name, version: w.version, enabled: w.enabled, trigger: w.trigger, created_at: w.created_at });
    expect((await api(server!.url, 'GET', '/admin/api/workflows')).json.workflows.map(pick)).toEqual(before.workflows.map(pick));
    expect((await api(server!.url, 'GET', `/admin/api/workflows/${workflowId}/versions`)).json.versions).toEqual(before.versions);
    expect(before.versions.map((v: any) => v.version)).toEqual([2, 1]);
    const runs = (await api(server!.url, 'GET', '/admin/api/runs?limit=500')).json.runs;
    expect(runs.map((r: any) => r.id)).toEqual(before.runs.map((r: any) => r.id));
    expect(before.runs.map((r: any) => [r.workflow_version, r.status])).toEqual([
      [2, 'waiting'],
      [2, 'succeeded_no_actions'],
      [2, 'succeeded'],
      [1, 'succeeded'],
    ]);
    // The runs that had finished read exactly as before: event, steps, deliveries and their attempts.
    for (const r of before.runs.filter((run: any) => run.id !== waiting.runId)) {
      expect(await runDetail(server!.url, r.id)).toEqual(before.details.get(r.id));
    }
  });

  it("keeps the server secret: the bundled connectors' sealed credentials open, and the connector's token still sends triggers", async () => {
    const credentials = await api(server!.url, 'GET', '/admin/api/credentials');
    expect(credentials.status).toBe(200);
    expect(credentials.json).toEqual(before.credentials);
    expect(before.credentials.connectors.filter((c: any) => c.configured).length).toBeGreaterThan(0);

    const sent = app.actions.length;
    const answer = await sendTrigger(server!.url, token, { handle: 'review-created', payload: { customer_id: 5, rating: 1 } });
    expect(answer.status).toBe(202);
    const [action] = (await app.waitForActions(sent + 1)).slice(sent);
    expect(action!.body.properties).toMatchObject({ customer_id: 5, points: 100 });
    const runs = await waitForRun(server!.url, (rs) => rs.length === 5 && rs.every((r) => r.status.startsWith('succeeded')));
    expect(runs[0].workflow_version).toBe(2);
  });

  it('refuses a target that is not empty, naming what it holds, and leaves it as it was', async () => {
    const pgDb = await openInspector(pgEnv);
    const runsBefore = await pgDb.count('runs');
    const out = await migrate(['--from', sqliteEnv.DATABASE_PATH, '--to', pgUrl!, '--schema', pgEnv.DATABASE_SCHEMA!]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(new RegExp(`migrate-to-postgres: the PostgreSQL target \\(schema ${pgEnv.DATABASE_SCHEMA}\\) is not empty: .*apps \\(\\d+ rows\\).*runs \\(5 rows\\)`));
    expect(await pgDb.count('runs')).toBe(runsBefore);
    await pgDb.close();
  });

  it('refuses a missing source file without creating anything in PostgreSQL', async () => {
    const schema = freshDatabaseEnv('migrate-missing', 'postgres').DATABASE_SCHEMA!;
    const missing = path.join(path.dirname(sqliteEnv.DATABASE_PATH), 'no-such.db');
    const out = await migrate(['--from', missing, '--to', pgUrl!, '--schema', schema]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`migrate-to-postgres: the SQLite file ${missing} does not exist`);
    const pgDb = await openInspector({ DATABASE_URL: pgUrl! });
    expect(await pgDb.count('pg_namespace', 'nspname = ?', schema)).toBe(0);
    await pgDb.close();
  });

  it('refuses a URL that is not PostgreSQL, a database that does not exist, and missing flags', async () => {
    const schema = freshDatabaseEnv('migrate-bad-url', 'postgres').DATABASE_SCHEMA!;
    const notPostgres = await migrate(['--from', sqliteEnv.DATABASE_PATH, '--to', 'mysql://root@127.0.0.1/test', '--schema', schema]);
    expect(notPostgres.code).toBe(1);
    expect(notPostgres.stderr).toContain('the target must be a PostgreSQL URL (postgres://user@host:5432/database), got "mysql://root@127.0.0.1/test"');

    const noDatabase = new URL(pgUrl!);
    noDatabase.pathname = '/no_such_database_here';
    noDatabase.password = 'hunter2';
    const missingDb = await migrate(['--from', sqliteEnv.DATABASE_PATH, '--to', noDatabase.toString(), '--schema', schema]);
    expect(missingDb.code).toBe(1);
    expect(missingDb.stderr).toContain('database "no_such_database_here" does not exist');
    expect(missingDb.stderr + missingDb.stdout).not.toContain('hunter2');

    const noTarget = await migrate(['--from', sqliteEnv.DATABASE_PATH]);
    expect(noTarget.code).toBe(1);
    expect(noTarget.stderr).toContain('migrate-to-postgres: --to is required');
    expect(noTarget.stderr).toContain('Usage: switchboard-server migrate-to-postgres --from <sqlite file> --to <postgres://...>');
  });
});
