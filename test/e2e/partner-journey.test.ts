/**
 * The partner journey of issue 3, as a partner lives it: the SDK as a packed
 * tarball installed from a fresh folder, `switchboard init`, the scaffold's
 * own tests, deploy, the scaffold's server, install through OAuth, a workflow,
 * a trigger sent through the SDK client, and the signed action answered by the
 * scaffold's SDK handler; then the same through `switchboard dev`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorApp } from '../support/connector-app.js';
import { api, createEnabledWorkflow, install, waitForRun } from '../support/journey.js';
import { freePort, repoRoot, startInProcess } from '../support/switchboard.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;

const SHOP = 'dev-shop.myshopify.com';

/** The environment of a partner's shell: none of this test runner's npm or vitest variables. */
function partnerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|NODE_OPTIONS$|INIT_CWD$)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

function run(cwd: string, command: string, args: string[], timeout = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: partnerEnv(), timeout, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function must(cwd: string, command: string, ...args: string[]): Promise<string> {
  const r = await run(cwd, command, args);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A long-running child in its own process group, with its output kept. */
function start(cwd: string, command: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(command, args, { cwd, env: partnerEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output };
}

async function waitUntil(what: string, ok: () => boolean | Promise<boolean>, timeoutMs: number, output?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${output ? `\n--- output ---\n${output()}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const answers = (url: string) => fetch(url, { redirect: 'manual' }).then((r) => r.arrayBuffer().then(() => true), () => false);

function stop(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid!, signal);
    } catch {
      resolve();
    }
  });
}

/** The scaffold's trigger and action in a workflow: a low rating gives ten points per star. */
function scaffoldWorkflow(clientId: string) {
  return {
    name: 'Points for unhappy reviewers',
    trigger: { app: clientId, handle: 'review-created' },
    steps: [
      {
        id: 'low-rating',
        type: 'condition',
        condition: { field: 'Rating', op: 'less_than_or_equal', value: 2 },
        then: [
          { id: 'add-points', type: 'action', action: { app: clientId, handle: 'add-points' }, fields: { customer_id: '{{ customer_id }}', points: '{{ Rating | times: 10 }}' } },
        ],
        otherwise: [],
      },
    ],
  };
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, any>;

describe('partner journey: packed SDK, init, deploy, install, trigger, action', () => {
  let tmp: string;
  let tarball: string;
  let app: string;
  let sb: Server | undefined;
  let appServer: ReturnType<typeof start> | undefined;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-partner-'));
    // The suite has run `tsc -b`, so sdk/dist is current.
    const packed = await must(repoRoot, 'npm', 'pack', '--workspace', 'sdk', '--pack-destination', tmp, '--silent');
    tarball = path.join(tmp, packed.trim().split('\n').pop()!.trim());
    expect(fs.existsSync(tarball), tarball).toBe(true);

    const partner = path.join(tmp, 'partner');
    fs.mkdirSync(partner);
    await must(partner, 'npm', 'init', '-y');
    await must(partner, 'npm', 'install', tarball, '--no-audit', '--no-fund');
    const init = await must(partner, 'npx', 'switchboard', 'init', 'demo-connector');
    expect(init).toContain('Created a connector app');
    app = path.join(partner, 'demo-connector');
  }, 180_000);

  afterAll(async () => {
    await stop(appServer?.child);
    await sb?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the scaffold installs and its own tests pass at once', async () => {
    await must(app, 'npm', 'install', tarball, '--no-audit', '--no-fund');
    await must(app, 'npm', 'install', '--no-audit', '--no-fund');
    const test = await run(app, 'npm', ['test']);
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/2 passed/);
    const validate = await run(app, 'npx', ['switchboard', 'validate']);
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
  }, 150_000);

  it('deploys, installs through OAuth, and a trigger sent with the SDK client reaches the SDK action handler', async () => {
    sb = await startInProcess();
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;

    const deploy = await run(app, 'npx', ['switchboard', 'deploy', '--server', sb.url, '--app-url', appUrl]);
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    expect(deploy.stdout).toMatch(/Deployed version \d+ \(2 extensions\)/);
    const creds = readJson(path.join(app, '.switchboard/credentials.json'));
    expect(creds.app_url).toBe(appUrl);

    // The scaffold's server, built and started as `npm start` does; only PORT is
    // given: the rest comes from .switchboard/credentials.json.
    await must(app, 'npm', 'run', 'build');
    appServer = start(app, process.execPath, ['dist/server.js'], { PORT: String(port) });
    await waitUntil('the scaffold app to listen', () => answers(appUrl), 30_000, appServer.output);

    // The merchant installs it: admin -> app (GET /) -> consent -> app (/auth/callback) -> token.
    await install(sb.url, { clientId: creds.client_id } as ConnectorApp);
    expect(appServer.output()).toContain(`[install] installed in ${SHOP}`);
    const tokens = readJson(path.join(app, '.switchboard/tokens.json'));
    expect(tokens[SHOP]).toEqual(expect.any(String));
    const connectors = await api(sb.url, 'GET', '/admin/api/connectors');
    expect(connectors.json.installed.map((c: { client_id: string }) => c.client_id)).toContain(creds.client_id);

    const workflow = await createEnabledWorkflow(sb.url, scaffoldWorkflow(creds.client_id));
    expect(workflow.enabled).toBe(true);

    // `switchboard trigger` sends with the SDK client, with the server and token the app stored.
    const trigger = await run(app, 'npx', ['switchboard', 'trigger', 'review-created', '--shop', SHOP, '--payload', 'payloads/review-created.json']);
    expect(trigger.code, trigger.stdout + trigger.stderr).toBe(0);
    expect(trigger.stdout).toMatch(/Event \S+: 1 workflow run started/);

    const runs = await waitForRun(sb.url, (rs) => rs.some((r) => r.status === 'succeeded' || r.status === 'failed'), 30_000);
    const detail = await api(sb.url, 'GET', `/admin/api/runs/${runs[0].id}`);
    expect(detail.json.status, JSON.stringify(detail.json)).toBe('succeeded');
    const [delivery] = detail.json.deliveries;
    expect(delivery).toMatchObject({ handle: 'add-points', url: `${appUrl}/actions/add-points`, status: 'succeeded', return_value: { balance: 10 } });
    expect(delivery.request).toMatchObject({ shopify_domain: SHOP, handle: 'add-points', properties: { points: 10 } });
    expect(String(delivery.request.properties.customer_id)).toBe('42');
    expect(delivery.attempts.map((a: { status_code: number }) => a.status_code)).toEqual([200]);
    expect(appServer.output()).toContain(`[action] add-points ${delivery.action_run_id} for ${SHOP}`);

    // And `switchboard check` agrees with the live scaffold endpoint.
    fs.writeFileSync(path.join(tmp, 'props.json'), JSON.stringify({ customer_id: 7, points: 3 }));
    const check = await run(app, 'npx', ['switchboard', 'check', '--url', `${appUrl}/actions/add-points`, '--secret', creds.client_secret, '--properties', path.join(tmp, 'props.json')]);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('✓ deduplicated');

    await stop(appServer.child);
    await sb.close();
    sb = undefined;
  }, 120_000);

  it('switchboard dev deploys, starts the app, installs it in the dev shop and prints each run with its action request', async () => {
    sb = await startInProcess();
    const port = await freePort();
    // A new Switchboard: dev creates the app there.
    fs.rmSync(path.join(app, '.switchboard'), { recursive: true, force: true });
    const dev = start(app, 'npx', ['switchboard', 'dev', '--server', sb.url, '--port', String(port)]);
    try {
      await waitUntil('dev to be ready', () => dev.output().includes('Watching runs.'), 120_000, dev.output);
      expect(dev.output()).toContain(`Using the Switchboard at ${sb.url}`);
      expect(dev.output()).toContain('Starting the app: npm run dev');
      expect(dev.output()).toContain(`Installed the app in ${SHOP}`);
      expect(dev.output()).toContain(`[app] [install] installed in ${SHOP}`);

      const creds = readJson(path.join(app, '.switchboard/credentials.json'));
      expect(creds.app_url).toBe(`http://localhost:${port}`);
      await createEnabledWorkflow(sb.url, scaffoldWorkflow(creds.client_id));
      const trigger = await run(app, 'npx', ['switchboard', 'trigger', 'review-created', '--shop', SHOP, '--payload', 'payloads/review-created.json']);
      expect(trigger.code, trigger.stdout + trigger.stderr).toBe(0);

      await waitUntil('dev to print the finished run', () => /run \S+ \(workflow \d+\): succeeded/.test(dev.output()), 30_000, dev.output);
      const out = dev.output();
      expect(out).toMatch(/<- trigger review-created \{"customer_id":42,"Rating":1,"Review title":"Broke after a day"\}/);
      expect(out).toContain(`action add-points -> http://localhost:${port}/actions/add-points: succeeded`);
      expect(out).toMatch(/attempt 1: 200 in \d+ ms/);
      expect(out).toContain('return_value {"balance":10}');
      expect(out).toMatch(/\[app\] \[action\] add-points \S+ for dev-shop\.myshopify\.com/);
    } finally {
      await stop(dev.child, 'SIGINT');
    }
    // dev stops the app it started.
    expect(dev.output()).toContain('Stopping ...');
    expect(await answers(`http://localhost:${port}`)).toBe(false);
  }, 180_000);
});
