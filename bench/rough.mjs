// A rough first figure (issue 2): triggers accepted per second and actions
// delivered per second, one process for Switchboard, one for load and sink.
// The full benchmark (`npm run bench`) is issue 8.
//   node bench/rough.mjs [seconds=10] [concurrency=32]
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';

const seconds = Number(process.argv[2] ?? 10);
const concurrency = Number(process.argv[3] ?? 32);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-rough-'));
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

let secret = '';
let delivered = 0;
let badSignatures = 0;
const sink = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString();
    if (req.url === '/') return res.writeHead(404).end();
    if (createHmac('sha256', secret).update(raw).digest('base64') !== req.headers['x-shopify-hmac-sha256']) badSignatures++;
    if (req.url.startsWith('/actions/')) delivered++;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise((r) => sink.listen(0, '127.0.0.1', r));
const appUrl = `http://127.0.0.1:${sink.address().port}`;

const server = spawn(process.execPath, [...(process.env.SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.SERVER_PROF] : []), path.join(root, 'server/dist/main.js')], {
  env: { ...process.env, PORT: '0', DATABASE_PATH: path.join(dir, 'db.sqlite'), LOG_LEVEL: 'warn', TRIGGER_RATE_PER_SECOND: '0', SWITCHBOARD_MODE: 'local', SWITCHBOARD_FAKE_SHOPIFY: '0' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise((resolve) => server.stdout.on('data', (d) => { const m = /running on (\S+)/.exec(String(d)); if (m) resolve(m[1]); }));
const call = async (method, p, body, headers = {}) => {
  const res = await fetch(base + p, { method, headers: { 'content-type': 'application/json', ...headers }, body: body && JSON.stringify(body), redirect: 'manual' });
  return { status: res.status, json: await res.json().catch(() => undefined), headers: res.headers };
};

const created = (await call('POST', '/partner-api/v1/apps', { name: 'Bench', application_url: appUrl, redirect_urls: [`${appUrl}/cb`] })).json;
secret = created.client_secret;
const auth = { authorization: `Basic ${Buffer.from(`${created.client_id}:${secret}`).toString('base64')}` };
const files = [
  { path: 'extensions/t/shopify.extension.toml', content: 'type = "flow_trigger"\nname = "Review created"\nhandle = "review-created"\n[settings]\n[[settings.fields]]\ntype = "number_decimal"\nkey = "rating"\n' },
  { path: 'extensions/a/shopify.extension.toml', content: 'type = "flow_action"\nname = "Add points"\nhandle = "add-points"\nruntime_url = "/actions/add-points"\n[settings]\n[[settings.fields]]\ntype = "number_integer"\nkey = "points"\nname = "Points"\n' },
];
await call('PUT', `/partner-api/v1/apps/${created.client_id}/extensions`, { files }, auth);
// Install through the grant, as an app would.
const start = (await call('POST', `/admin/api/connectors/${created.client_id}/install`)).json;
const shop = new URL(start.redirect_url).searchParams.get('shop');
const consent = await (await fetch(`${base}/oauth/authorize?client_id=${created.client_id}&redirect_uri=${encodeURIComponent(`${appUrl}/cb`)}&state=s&shop=${shop}`)).text();
const form = new URLSearchParams([...consent.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2].replace(/&amp;/g, '&')]));
form.set('decision', 'approve');
const code = new URL((await fetch(`${base}/oauth/authorize`, { method: 'POST', body: form, redirect: 'manual' })).headers.get('location')).searchParams.get('code');
const token = (await call('POST', '/oauth/access_token', { client_id: created.client_id, client_secret: secret, code })).json.access_token;
const wf = (await call('POST', '/admin/api/workflows', {
  name: 'Bench', trigger: { app: created.client_id, handle: 'review-created' },
  steps: [{ id: 'c', type: 'condition', condition: { field: 'rating', op: 'less_than_or_equal', value: 2 }, then: [{ id: 'a', type: 'action', action: { app: created.client_id, handle: 'add-points' }, fields: { points: '{{ rating | times: 10 }}' } }], otherwise: [] }],
})).json;
if (process.env.NO_WORKFLOW !== '1') await call('POST', `/admin/api/workflows/${wf.id}/enable`);

const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const body = JSON.stringify({ handle: 'review-created', payload: { rating: 1 } });
const target = new URL('/connector-api/v1/triggers', base);
let accepted = 0;
let errors = 0;
const latencies = [];
const until = Date.now() + seconds * 1000;
const post = () => new Promise((resolve) => {
  const t0 = performance.now();
  const req = http.request(target, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on('end', () => { latencies.push(performance.now() - t0); res.statusCode === 202 ? accepted++ : errors++; resolve(); });
  });
  req.on('error', () => { errors++; resolve(); });
  req.end(body);
});
const t0 = Date.now();
await Promise.all(Array.from({ length: concurrency }, async () => { while (Date.now() < until) await post(); }));
const ingestSeconds = (Date.now() - t0) / 1000;
const deliveredAtEnd = delivered;
const drainStart = Date.now();
while (process.env.NO_WORKFLOW !== '1' && delivered < accepted && Date.now() - drainStart < 120_000) await new Promise((r) => setTimeout(r, 100));
const totalSeconds = (Date.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
console.log(JSON.stringify({
  machine: { cpus: os.cpus().length, node: process.version }, seconds, concurrency,
  triggers_accepted: accepted, errors, accepted_per_s: Math.round(accepted / ingestSeconds),
  p50_ms: pct(50), p99_ms: pct(99),
  delivered, delivered_during_load: deliveredAtEnd, delivered_per_s: Math.round(delivered / totalSeconds),
  lost: accepted - delivered, bad_signatures: badSignatures,
}, null, 2));
server.kill('SIGTERM');
sink.close();
agent.destroy();
