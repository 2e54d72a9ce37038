// Helpers of `npm run bench`: the server process, the sink and generator
// processes, and setup over HTTP (partner API, OAuth install, admin API).
import { spawn, fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `node server/dist/main.js [args]` (e.g. `--role web`); resolves once it
 * prints its URL, or, for `--role worker`, its ready line (then `base` is undefined).
 * Without DATABASE_URL in `env` it runs on `<dir>/db.sqlite`.
 */
export async function startServer({ dir, env = {}, logName = 'server.log', args = [] }) {
  const log = fs.openSync(path.join(dir, logName), 'a');
  // SERVER_NODE_ARGS: extra node flags for the server (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", which NODE_OPTIONS refuses).
  const nodeArgs = (process.env.SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, path.join(root, 'server/dist/main.js'), ...args], {
    env: {
      ...process.env,
      NODE_OPTIONS: process.env.SERVER_NODE_OPTIONS ?? '',
      PORT: '0',
      DATABASE_PATH: path.join(dir, 'db.sqlite'),
      LOG_LEVEL: 'warn',
      TRIGGER_RATE_PER_SECOND: '0',
      SWITCHBOARD_MODE: 'local',
      SWITCHBOARD_FAKE_SHOPIFY: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', log],
  });
  const exited = new Promise((r) => proc.once('exit', r));
  const base = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /running on (\S+)|worker is running/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.once('exit', (code) => reject(new Error(`the server (${args.join(' ') || 'all roles'}) exited (${code}) before it was ready; see ${path.join(dir, logName)}`)));
  });
  proc.stdout.resume();
  return {
    base,
    proc,
    pid: proc.pid,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
      fs.closeSync(log);
    },
  };
}

/** Forks bench/<file> with an IPC channel; `next(type)` waits for its next message of that type. */
export function forkChild(file, args = []) {
  const child = fork(path.join(root, 'bench', file), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map();
  const queued = new Map();
  child.on('message', (m) => {
    const w = waiting.get(m.type);
    if (w) {
      waiting.delete(m.type);
      w(m);
    } else queued.set(m.type, m);
  });
  return {
    child,
    pid: child.pid,
    next(type) {
      if (queued.has(type)) {
        const m = queued.get(type);
        queued.delete(type);
        return Promise.resolve(m);
      }
      return new Promise((resolve, reject) => {
        waiting.set(type, resolve);
        child.once('exit', (code) => reject(new Error(`bench/${file} exited (${code}) while waiting for "${type}"`)));
      });
    },
    send: (m) => child.send(m),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function startSink() {
  const sink = forkChild('sink.js');
  const { port } = await sink.next('listening');
  sink.url = `http://127.0.0.1:${port}`;
  sink.configure = async (secret, failRatio = 0) => {
    sink.send({ type: 'config', secret, failRatio });
    await sink.next('configured');
  };
  sink.collect = async () => {
    sink.send({ type: 'collect' });
    return sink.next('collected');
  };
  sink.stats = async () => (await fetch(`${sink.url}/__stats`)).json();
  return sink;
}

const setupAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One HTTP call for setup: JSON in, { status, json, headers, text } out. */
export function call(base, method, p, body, headers = {}) {
  const url = new URL(p, base);
  const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent: setupAgent,
        headers: {
          ...(data !== undefined ? { 'content-type': typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode, json, text, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function expectStatus(promise, ok, what) {
  const r = await promise;
  if (!ok.includes(r.status)) throw new Error(`${what}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
  return r;
}

export const triggerToml = (handle) =>
  `type = "flow_trigger"\nname = "Review created ${handle}"\nhandle = "${handle}"\n[settings]\n[[settings.fields]]\ntype = "number_decimal"\nkey = "rating"\n[[settings.fields]]\ntype = "single_line_text_field"\nkey = "ref"\n`;
export const actionToml =
  'type = "flow_action"\nname = "Add points"\nhandle = "add-points"\nruntime_url = "/actions/add-points"\n[settings]\n[[settings.fields]]\ntype = "number_integer"\nkey = "points"\nname = "Points"\n[[settings.fields]]\ntype = "single_line_text_field"\nkey = "ref"\nname = "Reference"\n';

/** Creates a connector app (partner API) and deploys its manifests: `handles` triggers and the add-points action. */
export async function createApp(base, appUrl, name, handles) {
  const created = (await expectStatus(call(base, 'POST', '/partner-api/v1/apps', { name, application_url: appUrl, redirect_urls: [`${appUrl}/cb`] }), [201], 'create app')).json;
  const auth = { authorization: `Basic ${Buffer.from(`${created.client_id}:${created.client_secret}`).toString('base64')}` };
  const files = [
    ...handles.map((h) => ({ path: `extensions/${h}/shopify.extension.toml`, content: triggerToml(h) })),
    { path: 'extensions/add-points/shopify.extension.toml', content: actionToml },
  ];
  await expectStatus(call(base, 'PUT', `/partner-api/v1/apps/${created.client_id}/extensions`, { files }, auth), [200, 201], 'deploy extensions');
  return { clientId: created.client_id, secret: created.client_secret, appUrl };
}

/** Installs the app in a shop through the OAuth flow, as the merchant and the app would; returns the access token. */
export async function install(base, app, shopDomain) {
  const shopHeader = shopDomain ? { 'x-switchboard-shop': shopDomain } : {};
  const start = (await expectStatus(call(base, 'POST', `/admin/api/connectors/${app.clientId}/install`, undefined, shopHeader), [200], 'install')).json;
  const shop = new URL(start.redirect_url).searchParams.get('shop');
  const redirect = `${app.appUrl}/cb`;
  const consent = await expectStatus(
    call(base, 'GET', `/oauth/authorize?client_id=${app.clientId}&redirect_uri=${encodeURIComponent(redirect)}&state=s&shop=${shop}`),
    [200],
    'consent page',
  );
  const form = new URLSearchParams([...consent.text.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2].replace(/&amp;/g, '&')]));
  form.set('decision', 'approve');
  const approved = await expectStatus(call(base, 'POST', '/oauth/authorize', form.toString()), [302, 303], 'approve');
  const code = new URL(approved.headers.location).searchParams.get('code');
  const token = await expectStatus(
    call(base, 'POST', '/oauth/access_token', { client_id: app.clientId, client_secret: app.secret, code }),
    [200],
    'token exchange',
  );
  return token.json.access_token;
}

/** The bench workflow: one condition, one action with Liquid fields. Enabled. */
export async function createWorkflow(base, app, { handle = 'review-created', shopDomain, name = 'Bench' } = {}) {
  const headers = shopDomain ? { 'x-switchboard-shop': shopDomain } : {};
  const wf = (
    await expectStatus(
      call(
        base,
        'POST',
        '/admin/api/workflows',
        {
          name,
          trigger: { app: app.clientId, handle },
          steps: [
            {
              id: 'c',
              type: 'condition',
              condition: { field: 'rating', op: 'less_than_or_equal', value: 2 },
              then: [{ id: 'a', type: 'action', action: { app: app.clientId, handle: 'add-points' }, fields: { points: '{{ rating | times: 10 }}', ref: '{{ ref }}' } }],
              otherwise: [],
            },
          ],
        },
        headers,
      ),
      [200, 201],
      'create workflow',
    )
  ).json;
  await expectStatus(call(base, 'POST', `/admin/api/workflows/${wf.id}/enable`, undefined, headers), [200, 204], 'enable workflow');
  return wf.id;
}

/** Runs `fn` over `items` with at most `n` at a time. */
export async function pMap(items, n, fn) {
  const out = new Array(items.length);
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await fn(items[k], k);
      }
    }),
  );
  return out;
}

/** Samples a process's resident memory every `ms` (VmRSS, and VmHWM, the kernel's own peak). */
export function sampleMemory(pid, ms = 200) {
  let peakRss = 0;
  let hwm = 0;
  let samples = 0;
  const read = () => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      hwm = Math.max(hwm, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024);
      peakRss = Math.max(peakRss, rss);
      samples++;
    } catch {
      /* exited */
    }
  };
  read();
  const timer = setInterval(read, ms);
  return {
    stop() {
      read();
      clearInterval(timer);
      return { peak_rss_mb: Math.round(peakRss / 1048576), vm_hwm_mb: Math.round(hwm / 1048576), samples };
    },
  };
}

export function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  const at = (p) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10 : null);
  return { p50_ms: at(50), p95_ms: at(95), p99_ms: at(99), max_ms: sorted.length ? Math.round(sorted[sorted.length - 1] * 10) / 10 : null };
}

/** CPU ticks (1/100 s) a process used so far, from /proc/<pid>/stat (utime + stime). */
export function processTicks(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Busy CPU ticks of the whole machine so far, from /proc/stat (all but idle and iowait). */
export function machineBusyTicks() {
  return machineTicks().busy;
}

/**
 * The machine's ticks so far, from /proc/stat: busy (all but idle and iowait),
 * of which irq + softirq (loopback networking is mostly softirq, charged to no
 * process) and steal (time the VM's host gave to someone else).
 */
export function machineTicks() {
  try {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - cpu[3] - cpu[4], irq: cpu[5] + cpu[6], steal: cpu[7] };
  } catch {
    return { busy: 0, irq: 0, steal: 0 };
  }
}

/** CPU ticks of every process now: Map pid -> { ticks, name } (name: the command line, shortened). */
export function allProcessTicks() {
  const out = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      out.set(Number(entry), { ticks: Number(fields[11]) + Number(fields[12]), name: (cmd || stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))).slice(0, 100) });
    } catch {
      /* gone */
    }
  }
  return out;
}

/** The processes (other than `exclude`) that used the most CPU between two allProcessTicks() snapshots. */
export function topOthers(before, after, exclude, wallS, n = 3) {
  const rows = [];
  for (const [pid, a] of after) {
    if (exclude.has(pid)) continue;
    const used = a.ticks - (before.get(pid)?.ticks ?? 0);
    if (used > 0) rows.push({ pid, pct: Math.round((used / 100 / wallS) * 1000) / 10, name: a.name });
  }
  return rows.sort((x, y) => y.pct - x.pct).slice(0, n);
}
