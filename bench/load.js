// The load generator of `npm run bench`, in its own process (forked by
// bench/run.js, IPC channel). parent -> { type: 'run', seconds, streams },
// generator -> { type: 'done', loadStart, loadEnd, cpu, streams: [...] }.
//
// A stream sends POST /connector-api/v1/triggers with node:http and a
// keep-alive Agent, round-robin over its `urls` (the web processes):
//   - closed loop (rate 0): `concurrency` loops, each sending its next trigger
//     as soon as the previous one is answered;
//   - open loop (rate R): R triggers per second on a schedule, at most
//     `concurrency` in flight; with `window`, it also pauses while more than
//     window.max actions are accepted but not yet received by the sink (polled
//     at window.statsUrl), so a backlog stays bounded and drains quickly.
// Every payload carries `ref` ("<stream>-<seq>"); the time each 202 arrived is
// kept per seq so the orchestrator can match it with the sink's arrival time.
// The generator measures its own CPU use (process.cpuUsage()).
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function runStream(stream, index, until, common) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: stream.concurrency, keepAliveMsecs: 10_000 });
  const targets = stream.urls.map((u) => new URL('/connector-api/v1/triggers', u));
  const s = {
    name: stream.name,
    sent: 0,
    accepted: 0,
    non_202: {},
    network_errors: 0,
    throttled_ms: 0,
    latencies: [],
    acceptedAt: [], // by seq; 0 when not accepted
    runsStarted: 0,
    acceptedByTarget: targets.map(() => 0),
  };
  let delivered = 0;
  let polling = stream.window !== undefined;
  const poller = (async () => {
    while (polling) {
      try {
        const r = await fetch(stream.window.statsUrl);
        delivered = (await r.json()).delivered;
      } catch {
        /* the sink is busy: keep the last figure */
      }
      await sleep(20);
    }
  })();
  const windowFull = () => stream.window !== undefined && s.accepted * stream.window.perEvent - delivered >= stream.window.max;

  let seq = 0;
  const post = () =>
    new Promise((resolve) => {
      const n = seq++;
      const tokenIndex = n % stream.tokens.length;
      const handle = stream.handles[Math.floor(n / stream.tokens.length) % stream.handles.length];
      const body = JSON.stringify({ handle, payload: { ...stream.payload, ref: `${stream.prefix ?? index}-${n}` } });
      const target = n % targets.length;
      const t0 = now();
      s.sent++;
      const req = http.request(
        targets[target],
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${stream.tokens[tokenIndex]}`,
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const t1 = now();
            if (res.statusCode === 202) {
              s.accepted++;
              s.acceptedByTarget[target]++;
              s.latencies.push(t1 - t0);
              s.acceptedAt[n] = t1;
              if (common.countRuns) {
                try {
                  s.runsStarted += JSON.parse(Buffer.concat(chunks).toString()).runs_started ?? 0;
                } catch {
                  /* counted as accepted anyway */
                }
              }
            } else {
              s.non_202[res.statusCode] = (s.non_202[res.statusCode] ?? 0) + 1;
            }
            resolve();
          });
        },
      );
      req.on('error', () => {
        s.network_errors++;
        resolve();
      });
      req.end(body);
    });

  if (!stream.rate) {
    await Promise.all(
      Array.from({ length: stream.concurrency }, async () => {
        while (now() < until) {
          if (windowFull()) {
            s.throttled_ms += 5;
            await sleep(5);
            continue;
          }
          await post();
        }
      }),
    );
  } else {
    const start = now();
    let started = 0;
    let inFlight = 0;
    const all = new Set();
    while (now() < until) {
      const due = Math.floor(((now() - start) / 1000) * stream.rate);
      // Opportunities missed while throttled are dropped (at most 100 ms of debt kept).
      if (due - started > stream.rate / 10) started = due - Math.floor(stream.rate / 10);
      while (started < due && inFlight < stream.concurrency && !windowFull()) {
        started++;
        inFlight++;
        const p = post().then(() => {
          inFlight--;
          all.delete(p);
        });
        all.add(p);
      }
      if (started < due && windowFull()) s.throttled_ms += 2;
      await sleep(2);
    }
    await Promise.all([...all]);
  }
  polling = false;
  await poller;
  agent.destroy();
  s.latencies.sort((a, b) => a - b);
  const lat = s.latencies;
  const result = {
    name: s.name,
    sent: s.sent,
    accepted: s.accepted,
    non_202: s.non_202,
    errors: s.sent - s.accepted,
    network_errors: s.network_errors,
    throttled_ms: Math.round(s.throttled_ms),
    runs_started: s.runsStarted,
    accepted_by_web_process: s.acceptedByTarget,
    p50_ms: percentile(lat, 50),
    p95_ms: percentile(lat, 95),
    p99_ms: percentile(lat, 99),
    max_ms: lat.length ? lat[lat.length - 1] : null,
    acceptedAt: common.keepAcceptedAt ? Array.from(s.acceptedAt, (t) => t ?? 0) : undefined,
  };
  return result;
}

process.on('message', async (m) => {
  if (m.type !== 'run') return;
  const cpu0 = process.cpuUsage();
  const loadStart = now();
  const until = loadStart + m.seconds * 1000;
  const streams = await Promise.all(m.streams.map((st, i) => runStream(st, i, until, m)));
  const loadEnd = now();
  const cpu = process.cpuUsage(cpu0);
  const wallMs = loadEnd - loadStart;
  process.send({
    type: 'done',
    loadStart,
    loadEnd,
    cpu: {
      user_ms: Math.round(cpu.user / 1000),
      system_ms: Math.round(cpu.system / 1000),
      // Share of one core over the load phase.
      pct: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 1000) / 10,
    },
    streams,
  });
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready' });
