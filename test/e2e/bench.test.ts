import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/switchboard.js';

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
    const child = spawn(process.execPath, ['bench/run.js', '--scenario', 'e2e', '--seconds', '3', '--quick', '--out', out], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, output).toBe(0);
    expect(output).toMatch(/scenario\s+rate\/s/); // the printed table

    const json = JSON.parse(await readFile(out, 'utf8'));
    expect(json.machine.cpus).toBeGreaterThan(0);
    expect(json.machine.node).toBe(process.version);
    expect(typeof json.machine.cpu_model).toBe('string');
    expect(json.commit).toMatch(/^([0-9a-f]{40}|unknown)/);

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
