// The action sink of `npm run bench`: a real connector app built with the SDK.
// Runs in its own process (forked by bench/run.js, IPC channel):
//   parent -> { type: 'config', secret, failRatio }     (after the app exists)
//   parent -> { type: 'collect' }  -> { type: 'collected', stats, arrivals }
//   sink   -> { type: 'listening', port }
// GET /__stats answers the counters as JSON (the load generator polls it to
// bound the work outstanding). Every action request goes through the SDK's
// `actionHandler`, which verifies the signature over the raw body; a request
// it refuses with 401 counts as a bad signature. With failRatio > 0, that
// share of requests is answered 503 (after checking their signature with the
// SDK's verifySignature) so Switchboard must retry them.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { actionHandler, verifySignature } from '../sdk/dist/index.js';

const now = () => performance.timeOrigin + performance.now();

let secret = '';
let failRatio = 0;
let handler;
const seen = new Set(); // action_run_ids that reached the action (first time)
const arrivals = []; // flat: ref, time, ref, time, ...
const stats = { requests: 0, delivered: 0, duplicates: 0, bad_signatures: 0, answered_503: 0, other_status: 0, first_at: 0, last_at: 0 };

function makeHandler() {
  const record = ({ actionRunId, properties }) => {
    const t = now();
    if (seen.has(actionRunId)) {
      stats.duplicates++;
      return { ok: true };
    }
    seen.add(actionRunId);
    stats.delivered++;
    if (!stats.first_at) stats.first_at = t;
    stats.last_at = t;
    arrivals.push(String(properties.ref ?? ''), t);
    return { ok: true };
  };
  return actionHandler({
    clientSecret: secret,
    // The SDK's default in-memory dedupe store answers recent repeats itself;
    // `seen` above counts the older ones as duplicates, never twice as delivered.
    actions: { 'add-points': record },
    onError: (e) => console.error('[sink]', e),
  });
}

const server = http.createServer((req, res) => {
  if (req.url === '/__stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
    return;
  }
  if (!req.url.startsWith('/actions/')) {
    req.resume();
    res.writeHead(404).end();
    return;
  }
  stats.requests++;
  if (failRatio > 0 && Math.random() < failRatio) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (!verifySignature(raw, req.headers['x-shopify-hmac-sha256'], secret)) stats.bad_signatures++;
      stats.answered_503++;
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"bench: failing on purpose"}');
    });
    return;
  }
  res.on('finish', () => {
    if (res.statusCode === 401) stats.bad_signatures++;
    else if (res.statusCode !== 200) stats.other_status++;
  });
  handler(req, res);
});
server.keepAliveTimeout = 60_000;

process.on('message', (m) => {
  if (m.type === 'config') {
    secret = m.secret;
    failRatio = m.failRatio ?? 0;
    handler = makeHandler();
    process.send({ type: 'configured' });
  } else if (m.type === 'collect') {
    process.send({ type: 'collected', stats, arrivals });
  } else if (m.type === 'stop') {
    server.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port }));
