/**
 * `switchboard dev`: the app against a local Switchboard with its dev shop.
 * Attach to (or start) the server, deploy, start the app, install it in the
 * dev shop through the real OAuth flow, then print each workflow run and its
 * action requests as they happen.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './cli-error.js';
import { deployApp, normalizeServer } from './deploy.js';

/** Options of `startDev`. */
export interface DevOptions {
  /** The app folder. */
  dir: string;
  /** Switchboard's URL. Default `http://localhost:3000`. */
  server?: string;
  /** The port the app listens on. Default 4000. */
  port?: number;
  /** How often runs are polled. Default 1000 ms. */
  pollMs?: number;
  /** Every line dev prints (its own, the app's and the server's output). */
  print: (line: string) => void;
}

/** A running dev session. */
export interface DevSession {
  server: string;
  appUrl: string;
  clientId: string;
  shop: string;
  /** Stops polling and the processes dev started (never ones it attached to). */
  stop(): Promise<void>;
}

/** Starts a dev session; resolves once the app is installed and runs are being watched. */
export async function startDev(options: DevOptions): Promise<DevSession> {
  const dir = resolve(options.dir);
  const server = normalizeServer(options.server ?? 'http://localhost:3000');
  const port = options.port ?? 4000;
  const appUrl = `http://localhost:${port}`;
  const print = options.print;
  const children: ChildProcess[] = [];
  const stopChildren = async () => {
    await Promise.all(children.map(stopChild));
  };

  try {
    if (await answers(`${server}/healthz`)) {
      print(`Using the Switchboard at ${server}.`);
    } else {
      children.push(await startServer(server, dir, print));
    }

    const deployed = await deployApp({ dir, server, appUrl, progress: print });
    if (deployed.created) print(`Created app ${deployed.clientId}; its credentials are in .switchboard/credentials.json.`);
    print(`Deployed version ${deployed.version} (${deployed.extensions} extension${deployed.extensions === 1 ? '' : 's'}).`);

    if (await answers(appUrl)) {
      print(`Something already answers on ${appUrl}: using it as the app (stop it to let dev start the app).`);
    } else {
      children.push(await startApp(dir, port, { server, appUrl, clientId: deployed.clientId, clientSecret: deployed.clientSecret }, print));
    }

    const shop = await currentShop(server);
    if (await isInstalled(server, deployed.clientId)) {
      print(`The app is installed in ${shop}.`);
    } else {
      await installInDevShop(server, deployed.clientId);
      print(`Installed the app in ${shop} (OAuth: app -> consent -> callback -> token exchange).`);
    }

    print('');
    print('Watching runs. Turn on a workflow that uses your trigger (in the admin, or POST /admin/api/workflows), then send one:');
    print(`  npx switchboard trigger <handle> --shop ${shop} --payload <file.json>`);
    print('Press Ctrl-C to stop.');
    const watcher = watchRuns(server, options.pollMs ?? 1000, print);
    await watcher.ready;

    return {
      server,
      appUrl,
      clientId: deployed.clientId,
      shop,
      stop: async () => {
        watcher.stop();
        await stopChildren();
      },
    };
  } catch (err) {
    await stopChildren();
    throw err;
  }
}

/** True when `url` answers at all within two seconds. */
async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return url.endsWith('/healthz') ? res.ok : true;
  } catch {
    return false;
  }
}

/** Spawns `switchboard-server` in local mode, when this machine has it, and waits for `/healthz`. */
async function startServer(server: string, dir: string, print: (line: string) => void): Promise<ChildProcess> {
  const url = new URL(server);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  const main = local ? serverExecutable() : undefined;
  if (!main) {
    throw new CliError(`No Switchboard answers at ${server}/healthz${local ? ', and switchboard-server is not installed here' : ''}`, {
      hint: `Start one (in the Switchboard repository: \`npm start\`, which listens on http://localhost:3000), then run \`switchboard dev${server === 'http://localhost:3000' ? '' : ` --server ${server}`}\` again.`,
    });
  }
  const dataDir = join(dir, '.switchboard', 'dev-data');
  await mkdir(dataDir, { recursive: true });
  print(`Starting Switchboard on ${server} (local mode, data in ${dataDir}) ...`);
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, SWITCHBOARD_MODE: 'local', PORT: url.port || '80', DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  prefixOutput(child, '[switchboard] ', print);
  await waitFor(() => answers(`${server}/healthz`), child, 30_000, `Switchboard did not answer ${server}/healthz`);
  return child;
}

/** The path of `switchboard-server`'s entry, or undefined when `@switchboard/server` cannot be resolved (as for most partners). */
function serverExecutable(): string | undefined {
  let folder: string;
  try {
    // The package exports only ".", so resolve that and walk up to its package.json.
    folder = dirname(fileURLToPath(import.meta.resolve('@switchboard/server')));
  } catch {
    return undefined;
  }
  for (let i = 0; i < 6; i++, folder = dirname(folder)) {
    try {
      const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: string; bin?: Record<string, string> };
      if (pkg.name !== '@switchboard/server') continue;
      const bin = pkg.bin?.['switchboard-server'];
      return bin && existsSync(join(folder, bin)) ? join(folder, bin) : undefined;
    } catch {
      // no package.json at this level
    }
  }
  return undefined;
}

interface AppEnv {
  server: string;
  appUrl: string;
  clientId: string;
  clientSecret: string;
}

/** Runs the app's `dev` script (else `start`) with its settings in the environment, and waits until it answers. */
async function startApp(dir: string, port: number, env: AppEnv, print: (line: string) => void): Promise<ChildProcess> {
  let scripts: Record<string, string> = {};
  try {
    scripts = (JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  } catch {
    // no package.json: handled below
  }
  const script = scripts.dev ? 'dev' : scripts.start ? 'start' : undefined;
  if (!script) {
    throw new CliError(`${join(dir, 'package.json')} has no "dev" or "start" script, so dev cannot start the app`, {
      hint: `Start the app yourself on port ${port} (it must read PORT, SWITCHBOARD_SERVER, SWITCHBOARD_CLIENT_ID, SWITCHBOARD_CLIENT_SECRET, APP_URL), then run dev again.`,
    });
  }
  if (!existsSync(join(dir, 'node_modules'))) {
    throw new CliError(`${dir} has no node_modules`, { hint: 'Run `npm install` in the app folder first.' });
  }
  print(`Starting the app: npm run ${script} (PORT=${port}) ...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const child = spawn(npm, ['run', script, '--silent'], {
    cwd: dir,
    env: {
      ...process.env,
      PORT: String(port),
      APP_URL: env.appUrl,
      SWITCHBOARD_SERVER: env.server,
      SWITCHBOARD_CLIENT_ID: env.clientId,
      SWITCHBOARD_CLIENT_SECRET: env.clientSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  prefixOutput(child, '[app] ', print);
  await waitFor(() => answers(env.appUrl), child, 120_000, `The app did not answer on ${env.appUrl}`);
  return child;
}

function prefixOutput(child: ChildProcess, prefix: string, print: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') print(prefix + line);
    });
  }
}

async function waitFor(ok: () => Promise<boolean>, child: ChildProcess, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (child.exitCode !== null) throw new CliError(`${what}: the process exited with code ${child.exitCode} (its output is above)`);
    if (Date.now() > deadline) throw new CliError(`${what} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Ends a child dev started, with everything it started (it leads its own process group). */
function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return done();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      done();
    }
  });
}

async function adminApi(server: string, method: string, path: string): Promise<{ status: number; json: any; text: string }> {
  let res: Response;
  try {
    res = await fetch(new URL(path, server), { method, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new CliError(`Could not reach ${server}${path}: ${(err as Error).message}`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

async function currentShop(server: string): Promise<string> {
  const { status, json, text } = await adminApi(server, 'GET', '/admin/api/shop');
  if (status !== 200) {
    throw new CliError(`${server}/admin/api/shop answered ${status}: ${text.slice(0, 200)}`, {
      hint: 'dev needs a Switchboard in local mode (SWITCHBOARD_MODE=local), which has a dev shop.',
    });
  }
  return String(json?.domain ?? json?.shop?.domain ?? json?.shopify_domain ?? 'the dev shop');
}

async function isInstalled(server: string, clientId: string): Promise<boolean> {
  const { status, json } = await adminApi(server, 'GET', '/admin/api/connectors');
  if (status !== 200) return false;
  return Array.isArray(json?.installed) && json.installed.some((c: { client_id?: string }) => c.client_id === clientId);
}

/**
 * Installs as the merchant would in the admin: start the install, follow the
 * app's redirect to the consent page, approve it, and follow the redirect
 * back to the app, which exchanges the code for its token.
 */
async function installInDevShop(server: string, clientId: string): Promise<void> {
  const start = await adminApi(server, 'POST', `/admin/api/connectors/${encodeURIComponent(clientId)}/install`);
  if (start.status !== 200 || typeof start.json?.redirect_url !== 'string') {
    throw new CliError(`Starting the install failed (${start.status}): ${start.text.slice(0, 200)}`);
  }
  const toApp = await fetch(start.json.redirect_url as string, { redirect: 'manual' });
  const authorizeUrl = toApp.headers.get('location');
  if (toApp.status < 300 || toApp.status >= 400 || !authorizeUrl) {
    throw new CliError(`The app answered the install request with ${toApp.status} instead of a redirect to Switchboard: ${(await toApp.text()).slice(0, 200)}`, {
      hint: 'GET / must check the request with verifyInstallRequest and redirect to beginInstall(...).url, as the scaffold does.',
    });
  }
  const consent = await fetch(new URL(authorizeUrl, server), { redirect: 'manual' });
  const html = await consent.text();
  if (consent.status !== 200) throw new CliError(`The consent page answered ${consent.status}: ${html.slice(0, 300)}`);
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, decodeHtml(m[2]!));
  form.set('decision', 'approve');
  const approved = await fetch(new URL('/oauth/authorize', server), { method: 'POST', body: form, redirect: 'manual' });
  const callback = approved.headers.get('location');
  if (approved.status < 300 || approved.status >= 400 || !callback) {
    throw new CliError(`Approving the install failed (${approved.status}): ${(await approved.text()).slice(0, 300)}`);
  }
  const done = await fetch(callback, { redirect: 'manual' });
  if (done.status >= 400) {
    throw new CliError(`The app's callback answered ${done.status}: ${(await done.text()).slice(0, 300)}`, {
      hint: 'The callback must call completeInstall(...) and store the token.',
    });
  }
  await done.arrayBuffer();
}

const decodeHtml = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Polls `GET /admin/api/runs` and prints each new run, and each change of a run it is following. */
function watchRuns(server: string, pollMs: number, print: (line: string) => void): { ready: Promise<void>; stop(): void } {
  const printed = new Map<string, string>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function poll(initial: boolean): Promise<void> {
    const { status, json } = await adminApi(server, 'GET', '/admin/api/runs?limit=50');
    if (status !== 200 || !Array.isArray(json?.runs)) return;
    for (const run of [...(json.runs as Array<{ id: string; status: string; updated_at?: string }>)].reverse()) {
      const key = `${run.status} ${run.updated_at ?? ''}`;
      if (initial) {
        printed.set(run.id, key); // what ran before dev started is history, not news
        continue;
      }
      if (printed.get(run.id) === key) continue;
      const detail = await adminApi(server, 'GET', `/admin/api/runs/${encodeURIComponent(run.id)}`);
      if (detail.status !== 200) continue;
      const lines = describeRun(detail.json);
      const signature = `${key} ${lines.join('\n')}`;
      if (printed.get(run.id) === signature) continue;
      printed.set(run.id, signature);
      for (const line of lines) print(line);
    }
  }

  const ready = poll(true).catch(() => {});
  const loop = async () => {
    if (stopped) return;
    await poll(false).catch((err: unknown) => print(`(could not read runs: ${(err as Error).message})`));
    if (!stopped) timer = setTimeout(loop, pollMs);
  };
  void ready.then(() => {
    if (!stopped) timer = setTimeout(loop, pollMs);
  });
  return {
    ready,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** The lines printed for a run: the trigger that started it, and each action request with its attempts. */
export function describeRun(run: any): string[] {
  const event = run.event ? `${run.event.handle} ${JSON.stringify(run.event.payload)}` : `event ${run.event_id}`;
  const lines = [`run ${run.id} (workflow ${run.workflow_id}): ${run.status}${run.error ? ` - ${typeof run.error === 'string' ? run.error : JSON.stringify(run.error)}` : ''}  <- trigger ${event}`];
  for (const d of (run.deliveries ?? []) as any[]) {
    lines.push(`  action ${d.handle} -> ${d.url}: ${d.status} (action_run_id ${d.action_run_id})`);
    lines.push(`    properties ${JSON.stringify(d.request?.properties ?? {})}`);
    for (const a of (d.attempts ?? []) as any[]) {
      const answer = a.status_code !== null && a.status_code !== undefined ? `${a.status_code}` : a.error ?? 'no answer';
      lines.push(`    attempt ${a.n}: ${answer} in ${a.latency_ms ?? '?'} ms, ${a.outcome}${a.response_excerpt ? ` ${String(a.response_excerpt).slice(0, 200)}` : ''}`);
    }
    if (d.return_value !== null && d.return_value !== undefined) lines.push(`    return_value ${JSON.stringify(d.return_value)}`);
  }
  return lines;
}
