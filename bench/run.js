// `npm run bench` (issues 8 and 9): measures Switchboard end to end over loopback.
//   node bench/run.js [--scenario <name|all>] [--seconds N] [--quick] [--rate R]
//                     [--backend sqlite|postgres [--web M] [--workers N]]
// Each scenario starts fresh Switchboard processes (one all-in-one process on a
// new SQLite file, or M web + N worker processes on a new PostgreSQL schema), a
// sink process (a connector app built with the SDK, verifying every signature)
// and a load generator process. It prints one table and writes the figures to
// bench/results/<date>-<scenario set>[-<backend shape>].json.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { allProcessTicks, call, createApp, createWorkflow, forkChild, install, machineTicks, pMap, percentiles, processTicks, root, sampleMemory, sleep, startServer, startSink, topOthers } from './lib.js';
import { allInOne, checkDatabase, DEFAULT_DATABASE_URL, redact, sampleDatabaseCpu, startCluster, walPosition } from './cluster.js';

const SCENARIOS = ['ingestion', 'e2e', 'fanout', 'history', 'failing-app', 'memory'];
// history seeds its runs straight into the SQLite file and failing-app reads the file afterwards.
const SQLITE_ONLY = ['history', 'failing-app'];
const BACKENDS = ['sqlite', 'postgres'];

function parseArgs(argv) {
  const o = { scenario: 'all', seconds: undefined, backend: 'sqlite', web: undefined, workers: undefined, quick: false, rate: 2100, out: undefined, runs: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--scenario') o.scenario = value();
    else if (a === '--seconds') o.seconds = Number(value());
    else if (a === '--backend') o.backend = value();
    else if (a === '--web') o.web = Number(value());
    else if (a === '--workers') o.workers = Number(value());
    else if (a === '--rate') o.rate = Number(value());
    else if (a === '--runs') o.runs = Number(value());
    else if (a === '--quick') o.quick = true;
    else if (a === '--out') o.out = value();
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown option ${a}`);
  }
  if (o.seconds !== undefined && !(o.seconds > 0)) usage('--seconds must be a positive number');
  if (!(o.rate > 0)) usage('--rate must be a positive number');
  if (!Number.isInteger(o.runs) || o.runs < 1 || o.runs > 9) usage('--runs must be a whole number from 1 to 9');
  if (!BACKENDS.includes(o.backend)) usage(`--backend must be ${BACKENDS.join(' or ')}, got "${o.backend}"`);
  for (const k of ['web', 'workers']) {
    if (o[k] === undefined) continue;
    if (o.backend !== 'postgres') usage(`--${k} needs --backend postgres (on SQLite one process serves HTTP and runs the workers)`);
    if (!Number.isInteger(o[k]) || o[k] < 1 || o[k] > 16) usage(`--${k} must be a whole number from 1 to 16, got "${argv[argv.indexOf(`--${k}`) + 1]}"`);
  }
  if (o.backend === 'postgres') {
    o.web ??= 1;
    o.workers ??= 1;
  }
  return o;
}

function usage(problem) {
  if (problem) console.error(`bench: ${problem}`);
  console.error(`usage: node bench/run.js [--scenario <${SCENARIOS.join('|')}|all>[,...]] [--seconds N] [--runs N] [--quick] [--rate R] [--out file.json]
                         [--backend sqlite|postgres] [--web M] [--workers N]
  --backend     sqlite (default): one all-in-one server process on a fresh SQLite file;
                postgres: M --role web and N --role worker processes on a fresh schema (dropped afterwards) of
                BENCH_DATABASE_URL (default ${DEFAULT_DATABASE_URL}); triggers go round-robin over the web processes.
                On postgres, "all" is ${SCENARIOS.filter((x) => !SQLITE_ONLY.includes(x)).join(', ')} (${SQLITE_ONLY.join(' and ')} are SQLite-only)
  --web M       web processes (postgres; default 1)
  --workers N   worker processes (postgres; default 1)
  --seconds N   every load phase runs N seconds (default: ingestion 30 s per concurrency, e2e 60 s, others 30 s; --quick: 3 s)
  --runs N      run the scenarios N times (one after the other) and report, per scenario, the run with the median figure
                (the issue's targets are medians of 3: --runs 3); every run's figures are in the JSON under "runs"
  --quick       CI size: short phases, 200 workflows / 20 shops for fanout, 20,000 stored runs for history
  --rate R      deliveries per second offered in the delivery scenarios (default 2100: the e2e target + 5%, so the edges of the load window cannot decide it)
  --out FILE    write the JSON there instead of bench/results/<date>-<scenario set>.json`);
  process.exit(problem ? 2 : 0);
}

const opts = parseArgs(process.argv.slice(2));
const postgres = opts.backend === 'postgres';
const selected = opts.scenario === 'all' ? SCENARIOS.filter((s) => !postgres || !SQLITE_ONLY.includes(s)) : opts.scenario.split(',');
for (const s of selected) {
  if (!SCENARIOS.includes(s)) usage(`unknown scenario "${s}"`);
  if (postgres && SQLITE_ONLY.includes(s)) usage(`scenario "${s}" runs on SQLite only (${SQLITE_ONLY.join(' and ')} read or seed the SQLite file); on postgres: ${SCENARIOS.filter((x) => !SQLITE_ONLY.includes(x)).join(', ')}`);
}
const databaseUrl = process.env.BENCH_DATABASE_URL || DEFAULT_DATABASE_URL;
let database; // postgres: { version, max_connections }
if (postgres) {
  try {
    database = await checkDatabase(databaseUrl);
  } catch (err) {
    console.error(`bench: ${err.message}`);
    process.exit(2);
  }
}
const poolSize = Number(process.env.DATABASE_POOL_SIZE || 10); // the server's default; passed through when set
const shape = postgres ? `postgres, ${opts.web} web + ${opts.workers} worker${opts.workers > 1 ? 's' : ''}` : 'sqlite, 1 all-in-one process';
if (!fs.existsSync(path.join(root, 'server/dist/main.js')) || !fs.existsSync(path.join(root, 'sdk/dist/index.js'))) {
  console.error('bench: server/dist or sdk/dist missing: run `npm run build` first');
  process.exit(2);
}

const secs = (dflt) => opts.seconds ?? (opts.quick ? 3 : dflt);
const SIZES = opts.quick
  ? { fanoutOne: 100, shops: 20, perShop: 10, historyRuns: 20_000, drainCapS: 30 }
  : { fanoutOne: 100, shops: 1000, perShop: 10, historyRuns: 1_000_000, drainCapS: 120 };
const INFLIGHT = 64; // open-loop streams: triggers in flight at most
const WINDOW_S = 1; // open-loop streams: pause while more than this many seconds of offered deliveries are outstanding

let results = {}; // scenario key -> row (of the run going on)
const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

async function freshDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-'));
}

// What a scenario started and has not stopped yet: stopped when it fails or the bench is interrupted,
// so no process outlives the bench and no PostgreSQL schema is left behind.
const live = new Set();
const track = (x) => (live.add(x), x);
async function stopAll() {
  for (const x of [...live].reverse()) {
    live.delete(x);
    await x.stop().catch(() => {});
  }
}

/** The scenario's Switchboard processes on the chosen backend (see cluster.js). */
const cluster = (dir, env) => startCluster({ backend: opts.backend, dir, env, web: opts.web, workers: opts.workers, databaseUrl }).then(track);

/**
 * Runs one load phase and waits for the sinks to receive what was accepted.
 * streams: generator streams, each with `sink` (its app's sink) and `perEvent`
 * (actions expected per accepted trigger; 0 for none expected).
 */
async function measure({ servers, streams, seconds, countRuns = false }) {
  const gen = track(forkChild('load.js'));
  await gen.next('ready');
  const procs = servers.processes;
  const mems = procs.map((p) => sampleMemory(p.pid));
  const before = await Promise.all(streams.map((s) => (s.sink ? s.sink.stats() : undefined)));
  const sinkPids = [...new Set(streams.filter((s) => s.sink).map((s) => s.sink.pid))];
  const roleTicks = () => {
    const t = { all: 0, web: 0, worker: 0 };
    for (const p of procs) t[p.role] += processTicks(p.pid);
    return t;
  };
  const dbCpu = servers.db ? await sampleDatabaseCpu(servers.db) : undefined;
  const wal0 = servers.db ? await walPosition(servers.db) : undefined;
  const ticks0 = { roles: roleTicks(), sinks: sinkPids.reduce((a, p) => a + processTicks(p), 0), machine: machineTicks(), all: allProcessTicks() };
  gen.send({
    type: 'run',
    seconds,
    countRuns,
    keepAcceptedAt: true,
    streams: streams.map(({ sink, perEvent, ...s }) => s),
  });
  const done = await gen.next('done');
  const ticks1 = { roles: roleTicks(), sinks: sinkPids.reduce((a, p) => a + processTicks(p), 0), machine: machineTicks(), all: allProcessTicks() };
  const db = dbCpu ? await dbCpu.stop() : undefined;
  const walBytes = servers.db ? (await walPosition(servers.db)) - wal0 : undefined;
  await gen.stop();
  live.delete(gen);
  // CPU over the load phase, in % of one core (the machine has os.cpus().length * 100 %).
  const wallS = (done.loadEnd - done.loadStart) / 1000;
  const pctOf = (ticks) => Math.round((ticks / 100 / wallS) * 1000) / 10;
  const serverTicks = (t) => t.all + t.web + t.worker;
  const cpuUse = {
    server_pct: pctOf(serverTicks(ticks1.roles) - serverTicks(ticks0.roles)),
    ...(servers.db
      ? { web_pct: pctOf(ticks1.roles.web - ticks0.roles.web), worker_pct: pctOf(ticks1.roles.worker - ticks0.roles.worker), db_pct: pctOf(db.ticks), db_backends: db.backends }
      : {}),
    sinks_pct: pctOf(ticks1.sinks - ticks0.sinks),
    generator_pct: done.cpu.pct,
    machine_busy_pct: pctOf(ticks1.machine.busy - ticks0.machine.busy),
    // Part of the busy time no process is charged with: interrupts (loopback traffic) and the VM host's steal.
    machine_irq_pct: pctOf(ticks1.machine.irq - ticks0.machine.irq),
    machine_steal_pct: pctOf(ticks1.machine.steal - ticks0.machine.steal),
  };
  // Who else used the machine (on a shared machine, what disturbed the run): not the bench's processes nor its PostgreSQL backends.
  const ours = new Set([process.pid, gen.pid, ...sinkPids, ...procs.map((p) => p.pid), ...(db?.pids ?? [])]);
  cpuUse.other_top = topOthers(ticks0.all, ticks1.all, ours, wallS);
  const charged = cpuUse.server_pct + (cpuUse.db_pct ?? 0) + cpuUse.sinks_pct + cpuUse.generator_pct + cpuUse.machine_irq_pct + cpuUse.machine_steal_pct;
  cpuUse.other_processes_pct = Math.max(0, Math.round((cpuUse.machine_busy_pct - charged) * 10) / 10);
  // Drain: until every expected action arrived, nothing moved for 15 s, or the cap.
  const drainStart = Date.now();
  let last = -1;
  let lastMove = Date.now();
  let timedOut = false;
  for (;;) {
    const stats = await Promise.all(streams.map((s) => (s.sink ? s.sink.stats() : undefined)));
    let missing = 0;
    let total = 0;
    const perSink = new Map();
    streams.forEach((s, i) => {
      if (!s.sink) return;
      const want = done.streams[i].accepted * s.perEvent;
      perSink.set(s.sink, (perSink.get(s.sink) ?? 0) + want);
    });
    streams.forEach((s, i) => {
      if (!s.sink || !perSink.has(s.sink)) return;
      const got = stats[i].delivered - before[i].delivered;
      missing += Math.max(0, perSink.get(s.sink) - got);
      total += got;
      perSink.delete(s.sink);
    });
    if (missing === 0) break;
    if (total !== last) (last = total), (lastMove = Date.now());
    if (Date.now() - lastMove > 15_000 || Date.now() - drainStart > SIZES.drainCapS * 1000) {
      timedOut = true;
      break;
    }
    await sleep(100);
  }
  const drainSeconds = (Date.now() - drainStart) / 1000;
  // Each process's own peak, summed: the most the servers can have held at once.
  const perProcess = mems.map((m, i) => ({ role: procs[i].role, ...m.stop() }));
  const memory = {
    peak_rss_mb: perProcess.reduce((a, m) => a + m.peak_rss_mb, 0),
    vm_hwm_mb: perProcess.reduce((a, m) => a + m.vm_hwm_mb, 0),
    samples: perProcess.reduce((a, m) => a + m.samples, 0),
    ...(procs.length > 1 ? { by_process: perProcess.map((m) => ({ role: m.role, peak_rss_mb: m.peak_rss_mb })) } : {}),
  };
  const sinkData = new Map();
  for (const s of streams) if (s.sink && !sinkData.has(s.sink)) sinkData.set(s.sink, await s.sink.collect());
  const loadSeconds = (done.loadEnd - done.loadStart) / 1000;
  const out = streams.map((s, i) => {
    const g = done.streams[i];
    const row = {
      sent: g.sent,
      accepted: g.accepted,
      errors: g.errors,
      non_202: g.non_202,
      accepted_per_s: Math.round(g.accepted / loadSeconds),
      ingest_p50_ms: round(g.p50_ms),
      ingest_p95_ms: round(g.p95_ms),
      ingest_p99_ms: round(g.p99_ms),
      throttled_ms: g.throttled_ms,
      load_seconds: round(loadSeconds),
    };
    if (countRuns) row.runs_started = g.runs_started;
    if (servers.bases.length > 1) row.accepted_by_web_process = g.accepted_by_web_process;
    if (!s.sink) return row;
    const { arrivals, stats } = sinkData.get(s.sink);
    const prefix = `${s.prefix}-`;
    const lat = [];
    const perSecond = []; // by second of the load (and drain): latencies of the actions received then
    let delivered = 0;
    let inWindow = 0;
    for (let k = 0; k < arrivals.length; k += 2) {
      const ref = arrivals[k];
      if (!ref.startsWith(prefix)) continue;
      const t = arrivals[k + 1];
      delivered++;
      if (t >= done.loadStart && t <= done.loadEnd) inWindow++;
      const acceptedAt = g.acceptedAt[Number(ref.slice(prefix.length))];
      if (acceptedAt) {
        lat.push(t - acceptedAt);
        const second = Math.max(0, Math.floor((t - done.loadStart) / 1000));
        (perSecond[second] ??= []).push(t - acceptedAt);
      }
    }
    const expected = g.accepted * s.perEvent;
    Object.assign(row, {
      expected_deliveries: expected,
      delivered,
      delivered_in_load: inWindow,
      lost: expected - delivered,
      delivered_per_s: Math.round(inWindow / loadSeconds),
      delivered_per_s_incl_drain: Math.round(delivered / (loadSeconds + drainSeconds)),
      delivery: percentiles(lat),
      // Where a tail comes from: one bad second or all of them.
      delivery_by_second: Array.from(perSecond, (l, second) => ({ second, delivered: l?.length ?? 0, ...(l ? { p50_ms: percentiles(l).p50_ms, max_ms: percentiles(l).max_ms } : {}) })),
      drain_seconds: round(drainSeconds),
      drain_timed_out: timedOut,
      bad_signatures: stats.bad_signatures,
      sink_totals: { requests: stats.requests, duplicates: stats.duplicates, bad_signatures: stats.bad_signatures, answered_503: stats.answered_503, other_status: stats.other_status },
    });
    return row;
  });
  // CPU per unit of work over the load phase: what the capacity plan scales from.
  const accepted = out.reduce((a, r) => a + r.accepted, 0);
  const deliveredInLoad = out.reduce((a, r) => a + (r.delivered_in_load ?? 0), 0);
  const per = (x, n) => (n ? Math.round((x / n) * 1000) / 1000 : null);
  const dt = (role) => (ticks1.roles[role] - ticks0.roles[role]) * 10; // ms
  const cost = servers.db
    ? {
        web_cpu_ms_per_trigger: per(dt('web'), accepted),
        worker_cpu_ms_per_delivery: per(dt('worker'), deliveredInLoad),
        db_cpu_ms_per_delivery: per(db.ticks * 10, deliveredInLoad),
        // pg_current_wal_lsn is the database server's: other users' writes count too.
        wal_bytes_per_delivery: per(walBytes, deliveredInLoad),
        wal_mb_per_s: Math.round((walBytes / 1048576 / wallS) * 10) / 10,
      }
    : { server_cpu_ms_per_trigger: per(dt('all'), accepted), server_cpu_ms_per_delivery: per(dt('all'), deliveredInLoad) };
  return { streams: out, cpu: done.cpu, cpuUse, memory, loadSeconds, cost };
}

/** Backend and process shape, in every row. */
const shapeFields = () => ({ backend: opts.backend, web: postgres ? opts.web : 1, workers: postgres ? opts.workers : 1, ...(postgres ? { pool_size_per_process: poolSize } : {}) });

const round = (x) => (x == null ? null : Math.round(x * 10) / 10);

function ingestionRow(m, concurrency) {
  const s = m.streams[0];
  return {
    rate_per_s: s.accepted_per_s,
    p50_ms: s.ingest_p50_ms,
    p95_ms: s.ingest_p95_ms,
    p99_ms: s.ingest_p99_ms,
    sent: s.sent,
    accepted: s.accepted,
    delivered: s.delivered,
    lost: s.lost,
    errors: s.errors,
    bad_signatures: s.bad_signatures,
    concurrency,
    seconds: m.loadSeconds,
    generator_cpu_pct: m.cpu.pct,
    server_cpu_pct: m.cpuUse.server_pct,
    other_processes_cpu_pct: m.cpuUse.other_processes_pct,
    cpu: m.cpuUse,
    server_peak_rss_mb: m.memory.peak_rss_mb,
    ...(m.memory.by_process ? { server_rss_by_process: m.memory.by_process } : {}),
    cost: m.cost,
    ...shapeFields(),
    commit: currentCommit(),
    detail: s,
  };
}

function deliveryRow(m, s, extra = {}) {
  return {
    rate_per_s: s.delivered_per_s,
    p50_ms: s.delivery.p50_ms,
    p95_ms: s.delivery.p95_ms,
    p99_ms: s.delivery.p99_ms,
    sent: s.sent,
    accepted: s.accepted,
    delivered: s.delivered,
    lost: s.lost,
    errors: s.errors,
    bad_signatures: s.bad_signatures,
    concurrency: INFLIGHT,
    seconds: m.loadSeconds,
    generator_cpu_pct: m.cpu.pct,
    server_cpu_pct: m.cpuUse.server_pct,
    other_processes_cpu_pct: m.cpuUse.other_processes_pct,
    cpu: m.cpuUse,
    server_peak_rss_mb: m.memory.peak_rss_mb,
    ...(m.memory.by_process ? { server_rss_by_process: m.memory.by_process } : {}),
    cost: m.cost,
    ...shapeFields(),
    commit: currentCommit(),
    ...extra,
    detail: s,
  };
}

/** The servers, one sink, one app installed in the dev shop, one enabled workflow. */
async function singleSetup(dir, env) {
  const servers = await cluster(dir, env);
  const sink = track(await startSink());
  const app = await createApp(servers.base, sink.url, 'Bench', ['review-created']);
  await sink.configure(app.secret);
  const token = await install(servers.base, app, undefined);
  await createWorkflow(servers.base, app);
  await probe(servers, sink, token, 1);
  return { servers, sink, app, token };
}

/**
 * Before measuring: one trigger to each web process starts `runs` runs, and
 * their actions reach the sink (so every process sees the setup made on the first).
 */
async function probe(servers, sink, token, runs, handle = 'review-created') {
  const before = (await sink.stats()).delivered;
  for (const [i, base] of servers.bases.entries()) {
    const r = await call(base, 'POST', '/connector-api/v1/triggers', { handle, payload: { rating: 1, ref: `probe-${i}` } }, { authorization: `Bearer ${token}` });
    if (r.status !== 202 || r.json?.runs_started !== runs) throw new Error(`probe of ${base}: expected a 202 starting ${runs} run(s), got HTTP ${r.status} ${r.text.slice(0, 200)}`);
  }
  const want = before + servers.bases.length * runs;
  const until = Date.now() + 30_000;
  while ((await sink.stats()).delivered < want) {
    if (Date.now() > until) throw new Error(`probe: the sink received ${(await sink.stats()).delivered - before} of ${want - before} actions within 30 s`);
    await sleep(50);
  }
}

const openStream = (prefix, sink, tokens, rateTriggers, perEvent, handles = ['review-created']) => ({
  name: prefix,
  prefix,
  urls: undefined,
  tokens,
  handles,
  payload: { rating: 1 },
  rate: rateTriggers,
  concurrency: INFLIGHT,
  window: { statsUrl: `${sink.url}/__stats`, max: Math.max(50, Math.round(opts.rate * WINDOW_S)), perEvent },
  sink,
  perEvent,
});

/** Stops the scenario's processes (the servers last) and removes its dir; resolves to the servers' { schema, tables } (postgres). */
async function cleanup(dir, servers, ...others) {
  for (const s of others) {
    live.delete(s);
    await s?.stop().catch(() => {});
  }
  live.delete(servers);
  const db = await servers?.stop().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
  return db;
}

/** On postgres, the tables' growth over the scenario, per trigger accepted. */
function withTables(row, db) {
  if (!db) return row;
  row.database_schema = `${db.schema} (dropped)`;
  const { tables } = db;
  if (tables.error || !row.accepted) return Object.assign(row, { db_tables: tables });
  const perTrigger = {};
  for (const [name, t] of Object.entries(tables)) {
    perTrigger[name] = { rows: round2(t.rows / row.accepted), writes: round2((t.inserts + t.updates + t.deletes) / row.accepted), bytes: t.rows ? Math.round(t.total_bytes / row.accepted) : 0 };
  }
  return Object.assign(row, { db_tables: tables, db_per_trigger: perTrigger });
}
const round2 = (x) => Math.round(x * 100) / 100;

// ---------------------------------------------------------------- scenarios

async function ingestion() {
  for (const concurrency of [32, 256]) {
    const dir = await freshDir();
    const { servers, sink, token } = await singleSetup(dir);
    log(`ingestion: concurrency ${concurrency} for ${secs(30)} s (${shape})`);
    const m = await measure({
      servers,
      seconds: secs(30),
      streams: [{ name: 'ingest', prefix: 'i', urls: servers.bases, tokens: [token], handles: ['review-created'], payload: { rating: 1 }, rate: 0, concurrency, sink, perEvent: 1 }],
    });
    const row = ingestionRow(m, concurrency);
    results[`ingestion-c${concurrency}`] = withTables(row, await cleanup(dir, servers, sink));
  }
}

async function e2eOn(servers, sink, token, seconds, prefix = 'e') {
  const stream = { ...openStream(prefix, sink, [token], opts.rate, 1), urls: servers.bases };
  return measure({ servers, seconds, streams: [stream] });
}

async function e2e() {
  const dir = await freshDir();
  const { servers, sink, token } = await singleSetup(dir);
  log(`e2e: ${opts.rate} triggers/s offered for ${secs(60)} s (${shape})`);
  const m = await e2eOn(servers, sink, token, secs(60));
  results.e2e = deliveryRow(m, m.streams[0], { offered_per_s: opts.rate });
  results.memory = {
    rate_per_s: null, p50_ms: null, p95_ms: null, p99_ms: null,
    sent: m.streams[0].sent, accepted: m.streams[0].accepted, delivered: m.streams[0].delivered, lost: m.streams[0].lost,
    generator_cpu_pct: m.cpu.pct, server_cpu_pct: m.cpuUse.server_pct, other_processes_cpu_pct: m.cpuUse.other_processes_pct, server_peak_rss_mb: m.memory.peak_rss_mb, server_vm_hwm_mb: m.memory.vm_hwm_mb, samples: m.memory.samples, during: 'e2e',
    ...(m.memory.by_process ? { server_rss_by_process: m.memory.by_process, measure: "sum of each server process's peak RSS" } : {}),
    ...shapeFields(),
  };
  withTables(results.e2e, await cleanup(dir, servers, sink));
}

async function memory() {
  if (results.memory) return; // measured during e2e
  await e2e();
}

async function fanout() {
  // One trigger matching 100 workflows in one shop.
  {
    const dir = await freshDir();
    const servers = await cluster(dir);
    const sink = track(await startSink());
    const app = await createApp(servers.base, sink.url, 'Bench', ['review-created']);
    await sink.configure(app.secret);
    const token = await install(servers.base, app, undefined);
    await pMap(Array.from({ length: SIZES.fanoutOne }), 8, (_, i) => createWorkflow(servers.base, app, { name: `Bench ${i}` }));
    await probe(servers, sink, token, SIZES.fanoutOne);
    log(`fanout: 1 trigger -> ${SIZES.fanoutOne} workflows, ${opts.rate} deliveries/s offered for ${secs(30)} s (${shape})`);
    const stream = { ...openStream('f', sink, [token], opts.rate / SIZES.fanoutOne, SIZES.fanoutOne), urls: servers.bases };
    const m = await measure({ servers, seconds: secs(30), streams: [stream] });
    results[`fanout-${SIZES.fanoutOne}`] = deliveryRow(m, m.streams[0], { workflows: SIZES.fanoutOne, shops: 1, offered_per_s: opts.rate });
    await cleanup(dir, servers, sink);
  }
  // Many workflows across many shops, one match per event.
  {
    const dir = await freshDir();
    const servers = await cluster(dir);
    const sink = track(await startSink());
    const handles = Array.from({ length: SIZES.perShop }, (_, i) => `review-created-${i}`);
    const app = await createApp(servers.base, sink.url, 'Bench', handles);
    await sink.configure(app.secret);
    const domains = Array.from({ length: SIZES.shops }, (_, i) => `bench-${i}.myshopify.com`);
    const t0 = Date.now();
    const org = await call(servers.base, 'POST', '/admin/api/organizations', { name: 'Bench', shops: domains });
    if (org.status !== 201) throw new Error(`organizations: ${org.status} ${org.text}`);
    const tokens = await pMap(domains, 32, (d) => install(servers.base, app, d));
    const installS = (Date.now() - t0) / 1000;
    await pMap(
      domains.flatMap((d) => handles.map((h) => [d, h])),
      16,
      ([d, h]) => createWorkflow(servers.base, app, { handle: h, shopDomain: d, name: `Bench ${h}` }),
    );
    await probe(servers, sink, tokens[0], 1, handles[0]);
    const setupS = (Date.now() - t0) / 1000;
    const n = SIZES.shops * SIZES.perShop;
    log(`fanout: ${n} workflows across ${SIZES.shops} shops (installs ${installS.toFixed(1)} s, setup ${setupS.toFixed(1)} s), ${opts.rate}/s for ${secs(30)} s`);
    const stream = { ...openStream('m', sink, tokens, opts.rate, 1, handles), urls: servers.bases };
    const m = await measure({ servers, seconds: secs(30), streams: [stream], countRuns: true });
    results[`fanout-${n}`] = deliveryRow(m, m.streams[0], { workflows: n, shops: SIZES.shops, offered_per_s: opts.rate, install_seconds: round(installS), setup_seconds: round(setupS) });
    results[`fanout-${n}`].key = 'fanout-many';
    await cleanup(dir, servers, sink);
  }
}

function uuidv7At(ms) {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function history() {
  const dir = await freshDir();
  const setup = await singleSetup(dir);
  const { sink, token } = setup;
  live.delete(setup.servers);
  await setup.servers.stop();
  // Seed the stored history straight into the file: events and succeeded runs of the bench workflow.
  const require = createRequire(path.join(root, 'package.json'));
  const Database = require('better-sqlite3');
  const db = new Database(path.join(dir, 'db.sqlite'));
  db.pragma('journal_mode = WAL');
  const wf = db.prepare('SELECT id, shop_id, version, trigger_app, trigger_handle FROM workflows ORDER BY id LIMIT 1').get();
  const t0 = Date.now();
  const insEvent = db.prepare('INSERT INTO events (id, shop_id, source, handle, payload, received_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insRun = db.prepare(`INSERT INTO runs (id, workflow_id, workflow_version, shop_id, event_id, status, state, error, created_at, updated_at, finished_at)
                             VALUES (?, ?, ?, ?, ?, 'succeeded', ?, NULL, ?, ?, ?)`);
  const n = SIZES.historyRuns;
  const start = Date.now() - 30 * 86_400_000;
  const step = (30 * 86_400_000) / n;
  const state = JSON.stringify({ frames: [], outputs: { a: { ok: true } }, seq: 2, actions: 1 });
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = Math.floor(start + i * step);
      const eventId = uuidv7At(at);
      insEvent.run(eventId, wf.shop_id, wf.trigger_app, wf.trigger_handle, `{"rating":1,"ref":"seed-${i}"}`, at);
      insRun.run(uuidv7At(at), wf.id, wf.version, wf.shop_id, eventId, state, at, at + 5, at + 5);
    }
  })();
  db.close();
  const seedS = (Date.now() - t0) / 1000;
  log(`history: seeded ${n} events and runs in ${seedS.toFixed(1)} s`);
  const servers = track(allInOne(await startServer({ dir, logName: 'server2.log' })));
  log(`history: e2e with ${n} runs stored, ${opts.rate}/s for ${secs(30)} s`);
  const m = await e2eOn(servers, sink, token, secs(30), 'h');
  results.history = deliveryRow(m, m.streams[0], { runs_stored: n, seed_seconds: round(seedS), offered_per_s: opts.rate });
  await cleanup(dir, servers, sink);
}

async function failingApp() {
  const dir = await freshDir();
  // Short backoff so the failing app's retries finish within the drain.
  const env = { DELIVERY_RETRY_BASE_MS: '200', DELIVERY_RETRY_MAX_MS: '2000' };
  const { servers, sink, token } = await singleSetup(dir, env);
  const badSink = track(await startSink());
  const bad = await createApp(servers.base, badSink.url, 'Flaky', ['review-created']);
  await badSink.configure(bad.secret, 0.5);
  const badToken = await install(servers.base, bad, undefined);
  await createWorkflow(servers.base, bad, { name: 'Flaky' });
  const warm = Math.max(1, Math.round(secs(30) / 6));
  log(`failing-app: warm-up ${warm} s, then the healthy app alone for ${secs(30)} s`);
  await e2eOn(servers, sink, token, warm, 'warm');
  const alone = await e2eOn(servers, sink, token, secs(30), 'alone');
  log(`failing-app: healthy app with a second app failing half its requests (503) for ${secs(30)} s`);
  const healthy = { ...openStream('with', sink, [token], opts.rate, 1), urls: servers.bases };
  const failing = { ...openStream('bad', badSink, [badToken], Math.max(1, opts.rate / 10), 1), urls: servers.bases, window: undefined };
  const m = await measure({ servers, seconds: secs(30), streams: [healthy, failing] });
  await servers.stop();
  const require = createRequire(path.join(root, 'package.json'));
  const Database = require('better-sqlite3');
  const db = new Database(path.join(dir, 'db.sqlite'), { readonly: true });
  const deliveries = Object.fromEntries(db.prepare('SELECT status, count(*) AS n FROM deliveries GROUP BY status').all().map((r) => [r.status, r.n]));
  const retried = db.prepare(`SELECT count(*) AS n FROM delivery_attempts WHERE status_code = 503`).get().n;
  db.close();
  const h = m.streams[0];
  const f = m.streams[1];
  const aloneRate = alone.streams[0].delivered_per_s;
  results['failing-app'] = deliveryRow(m, h, {
    healthy_alone_per_s: aloneRate,
    healthy_vs_alone_pct: aloneRate ? Math.round((h.delivered_per_s / aloneRate) * 1000) / 10 : null,
    lost: h.lost + f.lost,
    bad_signatures: h.bad_signatures + f.bad_signatures,
    failing_app: { bad_signatures: f.bad_signatures, sent: f.sent, accepted: f.accepted, delivered: f.delivered, lost: f.lost, answered_503: f.sink_totals.answered_503, attempts_503_stored: retried, delivered_p50_ms: f.delivery.p50_ms, delivered_p99_ms: f.delivery.p99_ms },
    deliveries_by_status: deliveries,
    env,
  });
  results['failing-app'].alone = deliveryRow(alone, alone.streams[0]);
  await cleanup(dir, servers, sink, badSink);
}

// ---------------------------------------------------------------- targets and output

function targets() {
  const single = results.e2e?.rate_per_s;
  const t = {
    'ingestion-c32': { text: '>= 5,000/s, p99 <= 20 ms', met: (r) => r.rate_per_s >= 5000 && r.p99_ms <= 20 },
    'ingestion-c256': { text: '>= 5,000/s, no error answers', met: (r) => r.rate_per_s >= 5000 && r.errors === 0 },
    e2e: { text: '>= 2,000/s, p50 <= 25 ms, 0 lost', met: (r) => r.rate_per_s >= 2000 && r.p50_ms <= 25 && r.lost === 0 },
    history: { text: single ? `within 20% of e2e (>= ${Math.round(single * 0.8)}/s)` : 'within 20% of e2e (run e2e too)', met: (r) => (single ? r.rate_per_s >= single * 0.8 : undefined) },
    'failing-app': { text: results['failing-app']?.healthy_alone_per_s ? `0 lost; healthy within 20% of alone (${results['failing-app'].healthy_alone_per_s}/s alone, ${results['failing-app'].healthy_vs_alone_pct}% with; ${results['failing-app'].failing_app.answered_503} answers 503 retried)` : '0 lost; healthy within 20% of alone', met: (r) => r.lost === 0 && r.healthy_vs_alone_pct >= 80 },
    memory: { text: 'server peak RSS <= 300 MB', met: (r) => r.server_peak_rss_mb <= 300 },
  };
  for (const [k, r] of Object.entries(results)) {
    if (r.key === 'fanout-many') t[k] = { text: single ? `within 10% of e2e (>= ${Math.round(single * 0.9)}/s)` : 'within 10% of e2e (run e2e too)', met: (x) => (single ? x.rate_per_s >= single * 0.9 : undefined) };
    else if (k.startsWith('fanout-')) t[k] = { text: 'deliveries/s (no target; compare e2e)', met: () => undefined };
  }
  return t;
}

function fmt(n) {
  if (n == null) return '-';
  return typeof n === 'number' ? n.toLocaleString('en-US') : String(n);
}

function table(meta) {
  const t = targets();
  const rows = Object.entries(results).map(([k, r]) => {
    const met = t[k]?.met(r);
    r.target = t[k]?.text;
    r.target_met = met ?? null;
    const fig = k === 'memory' ? `${r.server_peak_rss_mb} MB` : fmt(r.rate_per_s);
    const pct = (x) => (x == null ? '-' : `${x}%`);
    return [
      k, fig, fmt(r.p50_ms), fmt(r.p95_ms), fmt(r.p99_ms), fmt(r.sent), fmt(r.accepted), fmt(r.delivered), fmt(r.lost), fmt(r.errors),
      pct(r.generator_cpu_pct), pct(r.server_cpu_pct), ...(postgres ? [pct(r.cpu?.db_pct)] : []), pct(r.other_processes_cpu_pct),
      r.cpu ? `${Math.round((r.cpu.machine_irq_pct + r.cpu.machine_steal_pct) * 10) / 10}%` : '-',
      `${t[k]?.text ?? ''}: ${met === undefined ? 'n/a' : met ? 'met' : 'NOT met'}`,
    ];
  });
  const head = ['scenario', 'rate/s', 'p50 ms', 'p95 ms', 'p99 ms', 'sent', 'accepted', 'delivered', 'lost', 'errors', 'gen CPU', 'srv CPU', ...(postgres ? ['db CPU'] : []), 'other CPU', 'irq+steal', postgres ? "target (issue 8's, for SQLite; for reference)" : 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [
    `Switchboard bench ${meta.date}, commit ${meta.commit.slice(0, 12)}, ${meta.machine.cpus} x ${meta.machine.cpu_model}, Node ${meta.machine.node}, ${shape}${opts.runs > 1 ? `; each row is the median of ${opts.runs} runs (by rate; memory by RSS)` : ''}`,
    ...(postgres
      ? [
          `PostgreSQL ${database.version} at ${redact(databaseUrl)} (max_connections ${database.max_connections}), a fresh schema per scenario; pool ${poolSize} per process, so up to ${poolSize * (opts.web + opts.workers)} connections; triggers round-robin over the web processes`,
        ]
      : []),
    `phases: ingestion ${secs(30)} s per concurrency (closed loop, 1 workflow enabled); e2e ${secs(60)} s; fanout, history ${secs(30)} s; failing-app ${secs(30)} s alone + ${secs(30)} s with the failing app${opts.quick ? ' (--quick)' : ''}`,
    `delivery scenarios: ${opts.rate} deliveries/s offered, <= ${INFLIGHT} triggers in flight, paused while > ${Math.round(opts.rate * WINDOW_S)} actions outstanding; rate = actions received during the load / its seconds; p = trigger 202 -> action received.`,
    `ingestion: rate = 202s per second, p = latency of the 202. CPU in % of one core over the load: gen = the load generator, srv = the server${postgres ? ' processes (web + workers)' : ''}, ${postgres ? "db = this run's PostgreSQL backends, " : ''}other = processes outside the bench (noise); irq+steal = interrupts (loopback traffic) and the VM host's steal, charged to no process.`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ];
  const disturbed = Object.entries(results).filter(([, r]) => r.other_processes_cpu_pct > 10 && r.cpu?.other_top?.length);
  if (disturbed.length) {
    out.push('', 'other CPU (processes outside the bench) by process:');
    for (const [k, r] of disturbed) out.push(`  ${k}: ${r.cpu.other_top.map((p) => `${p.pct}% ${p.name}`).join('; ')}`);
  }
  if (postgres) {
    out.push('', 'CPU per unit of work over the load (ms of one core), memory = sum of the server processes\' peaks:');
    for (const [k, r] of Object.entries(results)) {
      if (!r.cost) continue;
      const c = r.cost;
      out.push(
        `  ${k}: web ${r.cpu.web_pct}% (${c.web_cpu_ms_per_trigger} ms/trigger), workers ${r.cpu.worker_pct}% (${c.worker_cpu_ms_per_delivery} ms/delivery), ` +
          `PostgreSQL ${r.cpu.db_pct}% (${c.db_cpu_ms_per_delivery} ms/delivery, ${r.cpu.db_backends} backends), WAL ${c.wal_mb_per_s} MB/s (${fmt(c.wal_bytes_per_delivery)} B/delivery, server-wide); ` +
          `RSS ${r.server_peak_rss_mb} MB${r.server_rss_by_process ? ` (${r.server_rss_by_process.map((p) => `${p.role} ${p.peak_rss_mb}`).join(', ')})` : ''}`,
      );
    }
  }
  return out.join('\n');
}

function currentCommit() {
  try {
    return execSync('git rev-parse HEAD', { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return 'unknown';
  }
}

const machine = { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model?.trim() ?? 'unknown', node: process.version, platform: `${os.type()} ${os.release()}`, total_mem_mb: Math.round(os.totalmem() / 1048576) };
let commit = 'unknown';
try {
  commit = execSync('git rev-parse HEAD', { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  if (execSync('git status --porcelain -- server sdk', { cwd: root }).toString().trim()) commit += ' (server/sdk with uncommitted changes)';
} catch {
  /* not a git checkout */
}

const started = Date.now();
// Interrupted: stop what runs (and drop this run's PostgreSQL schemas) before leaving.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: stopping the bench's processes${postgres ? ' and dropping its schemas' : ''}`);
    void stopAll().finally(() => process.exit(130));
  });
}
const run = { ingestion, e2e, memory, fanout, history, 'failing-app': failingApp };
const everyRun = [];
for (let i = 1; i <= opts.runs; i++) {
  if (opts.runs > 1) log(`run ${i} of ${opts.runs}`);
  results = {};
  for (const name of SCENARIOS.filter((s) => selected.includes(s))) {
    try {
      await run[name]();
    } catch (error) {
      log(`${name} failed:`, error);
      results[name] = { error: String(error?.stack ?? error) };
      process.exitCode = 1;
    } finally {
      await stopAll();
    }
  }
  everyRun.push(results);
}
if (opts.runs > 1) results = medianRuns(everyRun);

/**
 * Per scenario, the row of the run whose figure is the median (a whole row,
 * so its percentiles and counts belong together), with every run's figures.
 */
function medianRuns(runs) {
  const out = {};
  for (const key of Object.keys(runs[0])) {
    const rows = runs.map((r) => r[key]).filter((r) => r && !r.error);
    if (rows.length < runs.length) {
      out[key] = runs.map((r) => r[key]).find((r) => r?.error) ?? rows[0];
      continue;
    }
    const figure = (r) => (key === 'memory' ? -r.server_peak_rss_mb : r.rate_per_s);
    const sorted = [...rows].sort((a, b) => figure(a) - figure(b));
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    out[key] = { ...median, runs: rows.map((r) => ({ rate_per_s: r.rate_per_s, p50_ms: r.p50_ms, p95_ms: r.p95_ms, p99_ms: r.p99_ms, lost: r.lost, errors: r.errors, server_peak_rss_mb: r.server_peak_rss_mb })) };
  }
  return out;
}
const date = new Date().toISOString().slice(0, 10);
const commits = [...new Set(Object.values(results).map((r) => r.commit).filter(Boolean))];
if (commits.length > 1) log(`warning: HEAD moved during the run (${commits.map((c) => c.slice(0, 12)).join(', ')}): compare scenarios with care`);
const meta = {
  date,
  commit,
  machine,
  backend: opts.backend,
  web: postgres ? opts.web : 1,
  workers: postgres ? opts.workers : 1,
  ...(postgres ? { database: { version: database.version, max_connections: database.max_connections, url: redact(databaseUrl), pool_size_per_process: poolSize } } : {}),
  // Server settings from the environment that change the figures (the bench passes its environment through).
  server_env: Object.fromEntries(['QUEUE_POLL_MS', 'QUEUE_CONCURRENCY', 'QUEUE_LEASE_MS', 'DATABASE_POOL_SIZE'].filter((k) => process.env[k]).map((k) => [k, process.env[k]])),
  quick: opts.quick, seconds: opts.seconds ?? null, runs: opts.runs, offered_per_s: opts.rate, total_seconds: Math.round((Date.now() - started) / 1000), commits_seen: commits, load_average_end: os.loadavg() };
const printed = table(meta);
console.log(printed);
const set = opts.scenario === 'all' ? 'all' : selected.join('+');
const file = opts.out ? path.resolve(opts.out) : path.join(root, 'bench/results', `${date}-${set}${opts.quick ? '-quick' : ''}${postgres ? `-postgres-${opts.web}web-${opts.workers}worker` : ''}.json`);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, `${JSON.stringify({ ...meta, scenarios: results, table: printed }, null, 2)}\n`);
console.log(`\nwritten ${path.relative(process.cwd(), file)} (${meta.total_seconds} s)`);
