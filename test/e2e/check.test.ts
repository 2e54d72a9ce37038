/** `switchboard check`, run as partners run it (the built CLI in a child process) against live endpoints. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ActionError, actionHandler } from '@switchboard/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/switchboard.js';

const CLI = path.join(repoRoot, 'sdk/dist/cli/main.js');
const SECRET = 'check-test-secret';

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function serve(listener: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('switchboard check', () => {
  let tmp: string;
  let propertiesFile: string;
  let sdkApp: { url: string; server: http.Server };
  let careless: { url: string; server: http.Server };
  const ran: string[] = [];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-check-'));
    propertiesFile = path.join(tmp, 'properties.json');
    fs.writeFileSync(propertiesFile, JSON.stringify({ customer_id: 42, points: 10 }));
    // The scaffold's add-points action, on the SDK's handler.
    const balances = new Map<string, number>();
    const actions = actionHandler({
      clientSecret: SECRET,
      actions: {
        'add-points': async ({ shop, properties, actionRunId }) => {
          ran.push(actionRunId);
          const points = Number(properties.points);
          if (!Number.isInteger(points) || points <= 0) throw new ActionError('Points must be a positive whole number');
          const key = `${shop}/${String(properties.customer_id)}`;
          const balance = (balances.get(key) ?? 0) + points;
          balances.set(key, balance);
          return { balance };
        },
      },
    });
    sdkApp = await serve((req, res) => void actions(req, res));
    // Answers 200 to everything: never checks a signature.
    careless = await serve((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"return_value":{"ok":true}}'));
    });
  });

  afterAll(async () => {
    await Promise.all([sdkApp, careless].map(({ server }) => new Promise((r) => server.close(r))));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('passes every check against an SDK actionHandler, and shows it deduplicates', async () => {
    const run = await cli('check', '--url', `${sdkApp.url}/actions/add-points`, '--secret', SECRET, '--properties', propertiesFile);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^✓ rejects an unsigned request/),
      expect.stringMatching(/^✓ rejects a request signed with another secret/),
      expect.stringMatching(/^✓ rejects a request whose body changed by one byte/),
      expect.stringMatching(/^✓ answers a signed request within 10 s \(200 in \d+ ms, return_value \{"balance":10\}\)/),
      expect.stringMatching(/^✓ answers a repeated action_run_id the same way/),
      expect.stringMatching(/^✓ deduplicated/),
    ]));
    expect(run.stdout).not.toContain('✗');
    expect(run.stdout).toContain('All 6 checks passed.');
    // The signed request and the fresh one ran; the repeat and the forged ones did not.
    expect(ran).toHaveLength(2);
  });

  it('says deduplication could not be shown when every answer is alike, without failing', async () => {
    // No properties: the action fails for good (422) every time, so equal answers prove nothing.
    const run = await cli('check', '--url', `${sdkApp.url}/actions/add-points`, '--secret', SECRET);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/✓ answers a signed request within 10 s \(422 in \d+ ms: fails for good, the merchant sees "Points must be a positive whole number"\)/);
    expect(run.stdout).toMatch(/^\? deduplicated: could not be shown/m);
    expect(run.stdout).toContain('1 could not be shown');
  });

  it('fails, naming each check, against an endpoint that skips signature verification', async () => {
    const run = await cli('check', '--url', `${careless.url}/actions/add-points`, '--secret', SECRET);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✗ rejects an unsigned request: answered 200, expected 401/m);
    expect(run.stdout).toMatch(/^✗ rejects a request signed with another secret: answered 200, expected 401/m);
    expect(run.stdout).toMatch(/^✗ rejects a request whose body changed by one byte after signing: answered 200, expected 401/m);
    expect(run.stderr).toContain('3 of 6 checks failed: rejects an unsigned request;');
  });

  it('fails the signed-request check when nothing listens', async () => {
    const run = await cli('check', '--url', 'http://127.0.0.1:9/actions/x', '--secret', SECRET);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✗ answers a signed request within 10 s: could not reach http:\/\/127\.0\.0\.1:9/m);
  });
});
