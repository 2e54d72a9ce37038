import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/switchboard.js';

/** Runs `node bench/run.js <args>`; resolves to its exit code and everything it printed. */
async function runBench(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['bench/run.js', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, output };
}

// A short `npm run bench` (not timed: figures depend on the machine and on
// what else runs): every accepted trigger reaches the SDK sink, signatures
// check out, and the JSON has the fields the issue asks for.
describe('npm run bench (a short e2e run)', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('delivers every accepted trigger and writes the figures as JSON', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'switchboard-bench-test-'));
    const out = path.join(dir, 'bench.json');
    const { code, output } = await runBench(['--scenario', 'e2e', '--seconds', '3', '--quick', '--out', out]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/scenario\s+rate\/s/); // the printed table

    const json = JSON.parse(await readFile(out, 'utf8'));
    expect(json.machine.cpus).toBeGreaterThan(0);
    expect(json.machine.node).toBe(process.version);
    expect(typeof json.machine.cpu_model).toBe('string');
    expect(json.commit).toMatch(/^([0-9a-f]{40}|unknown)/);
    expect({ backend: json.backend, web: json.web, workers: json.workers }).toEqual({ backend: 'sqlite', web: 1, workers: 1 });

    const e2e = json.scenarios.e2e;
    for (const field of ['rate_per_s', 'p50_ms', 'p95_ms', 'p99_ms', 'sent', 'accepted', 'delivered', 'lost', 'errors', 'generator_cpu_pct']) {
      expect(e2e, field).toHaveProperty(field);
      expect(typeof e2e[field], field).toBe('number');
    }
    expect(e2e.accepted).toBeGreaterThan(0);
    expect(e2e.delivered).toBe(e2e.accepted);
    expect(e2e.lost).toBe(0);
    expect(e2e.bad_signatures).toBe(0);
    expect(e2e.detail.drain_timed_out).toBe(false);
    expect(e2e.p50_ms).toBeLessThanOrEqual(e2e.p99_ms);

    // memory is measured during e2e
    expect(json.scenarios.memory.server_peak_rss_mb).toBeGreaterThan(0);
  });
});

describe('bench options that cannot work are refused before anything starts', () => {
  it.each([
    [['--workers', '2'], /--workers needs --backend postgres/],
    [['--backend', 'postgres', '--web', '0'], /--web must be a whole number from 1 to 16, got "0"/],
    [['--backend', 'postgres', '--workers', 'two'], /--workers must be a whole number from 1 to 16, got "two"/],
    [['--backend', 'mysql'], /--backend must be sqlite or postgres, got "mysql"/],
    [['--backend', 'postgres', '--scenario', 'history'], /scenario "history" runs on SQLite only/],
    [['--backend', 'postgres', '--scenario', 'e2e,failing-app'], /scenario "failing-app" runs on SQLite only/],
  ])('%j', async (args, message) => {
    const { code, output } = await runBench(args as string[]);
    expect(code, output).toBe(2);
    expect(output).toMatch(message);
  });

  it('names the database when PostgreSQL does not answer', async () => {
    // Port 1 on loopback: nothing listens there.
    const { code, output } = await runBench(['--backend', 'postgres', '--scenario', 'e2e'], { BENCH_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(code, output).toBe(2);
    expect(output).toMatch(/PostgreSQL at postgres:\/\/…@127\.0\.0\.1:1\/none does not answer .*set BENCH_DATABASE_URL/);
  });
});

// The same bench on PostgreSQL with the process roles (issue 9): 2 web + 2 worker processes.
const pgUrl = process.env.TEST_DATABASE_URL;
if (!pgUrl) {
  console.warn(
    'bench --backend postgres test SKIPPED: TEST_DATABASE_URL is not set. ' +
      'Run it with: TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test npx vitest run test/e2e/bench.test.ts',
  );
}

describe.skipIf(!pgUrl)('npm run bench -- --backend postgres --web 2 --workers 2 (a short e2e run)', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('spreads triggers over both web processes, delivers every accepted one, reports the shape and drops its schema', { timeout: 120_000 }, async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'switchboard-bench-pg-test-'));
    const out = path.join(dir, 'bench.json');
    const args = ['--backend', 'postgres', '--web', '2', '--workers', '2', '--scenario', 'e2e', '--seconds', '2', '--quick', '--rate', '200', '--out', out];
    const { code, output } = await runBench(args, { BENCH_DATABASE_URL: pgUrl! });
    expect(code, output).toBe(0);
    expect(output).toMatch(/postgres, 2 web \+ 2 workers/);

    const json = JSON.parse(await readFile(out, 'utf8'));
    expect({ backend: json.backend, web: json.web, workers: json.workers }).toEqual({ backend: 'postgres', web: 2, workers: 2 });
    const e2e = json.scenarios.e2e;
    expect({ backend: e2e.backend, web: e2e.web, workers: e2e.workers }).toEqual({ backend: 'postgres', web: 2, workers: 2 });
    for (const field of ['rate_per_s', 'p50_ms', 'p99_ms', 'sent', 'accepted', 'delivered', 'lost', 'errors']) expect(typeof e2e[field], field).toBe('number');
    expect(e2e.accepted).toBeGreaterThan(0);
    expect(e2e.delivered).toBe(e2e.accepted);
    expect(e2e.lost).toBe(0);
    expect(e2e.bad_signatures).toBe(0);

    // Round-robin: both web processes accepted triggers, and together all of them.
    const byWeb: number[] = e2e.detail.accepted_by_web_process;
    expect(byWeb).toHaveLength(2);
    expect(byWeb.every((n) => n > 0)).toBe(true);
    expect(byWeb[0]! + byWeb[1]!).toBe(e2e.accepted);

    // Memory: the sum of the four server processes' peaks.
    const procs: Array<{ role: string; peak_rss_mb: number }> = json.scenarios.memory.server_rss_by_process;
    expect(procs.map((p) => p.role).sort()).toEqual(['web', 'web', 'worker', 'worker']);
    expect(json.scenarios.memory.server_peak_rss_mb).toBe(procs.reduce((a, p) => a + p.peak_rss_mb, 0));
    expect(e2e.cpu.db_backends).toBeGreaterThan(0);

    // The tables as the run left them: one event and one run per accepted trigger, plus one probe per web process.
    expect(e2e.db_tables.events.rows).toBe(e2e.accepted + 2);
    expect(e2e.db_tables.runs.rows).toBe(e2e.accepted + 2);
    expect(e2e.db_tables.deliveries.rows).toBe(e2e.accepted + 2);

    // Its schemas are gone.
    const schema = /^(sb_bench_[0-9a-f]+) \(dropped\)$/.exec(e2e.database_schema)?.[1];
    expect(schema, e2e.database_schema).toBeDefined();
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)', [[schema, `${schema}_queue`]]);
      expect(rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
