// Measures pg-boss 10 and graphile-worker 0.17 on Switchboard's queue workload:
// every job is enqueued in the same transaction as a row it advances, and two
// consumers drain them in batches. Run: `npm install && node measure.mjs`
// (DATABASE_URL defaults to the local test database; N=20000 by default).
// Each library gets its own throw-away schemas, dropped at the end.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { Logger, run as runGraphile, runMigrations } from 'graphile-worker';

const url = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';
const N = Number(process.env.N ?? 20_000);
const LIVE = Number(process.env.LIVE ?? 2_000); // jobs in the latency phase
const LIVE_RATE = Number(process.env.LIVE_RATE ?? 500); // jobs/s offered in the latency phase
const PRODUCERS = 8; // concurrent enqueuing transactions (like web requests)
const BATCH = 16; // jobs a consumer takes at once
const only = process.argv[2]; // 'pg-boss' | 'graphile-worker' | undefined for both

const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (n) => Math.round(n).toLocaleString('en-US');

/** Runs `count` enqueue transactions with PRODUCERS in parallel; returns jobs/s. */
async function produce(pool, count, enqueue, ratePerSecond, base = 0) {
  let next = 0;
  const started = performance.now();
  const producer = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      if (ratePerSecond) {
        const due = started + (i * 1000) / ratePerSecond;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO bench_rows (seq) VALUES ($1)', [base + i]);
        await enqueue(client, { seq: base + i, t: Date.now() });
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    }
  };
  await Promise.all(Array.from({ length: PRODUCERS }, producer));
  return count / ((performance.now() - started) / 1000);
}

/** Collects processed jobs; resolves when `count` distinct seqs were seen. */
function tracker(count) {
  const seen = new Set();
  const latencies = [];
  let duplicates = 0;
  let first, last, done;
  const finished = new Promise((resolve) => (done = resolve));
  return {
    finished,
    reset(n) {
      seen.clear();
      latencies.length = 0;
      duplicates = 0;
      first = undefined;
      count = n;
    },
    seen(data) {
      const now = Date.now();
      first ??= performance.now();
      if (seen.has(data.seq)) duplicates++;
      seen.add(data.seq);
      latencies.push(now - data.t);
      if (seen.size === count) {
        last = performance.now();
        done();
      }
    },
    result() {
      latencies.sort((a, b) => a - b);
      return { perSecond: count / ((last - first) / 1000), duplicates, p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99) };
    },
    next() {
      return new Promise((resolve) => (done = resolve));
    },
  };
}

async function withSchema(prefix, fn) {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(`CREATE TABLE ${schema}.bench_rows (seq integer PRIMARY KEY)`);
  try {
    return await fn(schema);
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema}_q CASCADE`);
    await admin.end();
  }
}

async function measurePgBoss() {
  return withSchema('qc_boss', async (schema) => {
    const pool = new pg.Pool({ connectionString: url, max: 12, options: `-c search_path=${schema}` });
    const db = { executeSql: (text, values) => pool.query(text, values) };
    const boss = new PgBoss({ db, schema: `${schema}_q`, supervise: false, schedule: false });
    await boss.start();
    await boss.createQueue('jobs', { retryLimit: 1_000_000, expireInSeconds: 30 });
    const enqueue = (client, data) => boss.send('jobs', data, { db: { executeSql: (t, v) => client.query(t, v) } });

    const t = tracker(N);
    let stop = false;
    // A consumer as the Store will do it: claim a batch (fetch + lease in one
    // transaction), work each job, delete it when done.
    const consumer = async () => {
      while (!stop) {
        const client = await pool.connect();
        let jobs;
        try {
          await client.query('BEGIN');
          jobs = await boss.fetch('jobs', { batchSize: BATCH, db: { executeSql: (q, v) => client.query(q, v) } });
          if (jobs.length) {
            await client.query(`UPDATE ${schema}_q.job SET expire_in = $2 * interval '1 millisecond' WHERE name = 'jobs' AND id = ANY($1::uuid[])`, [jobs.map((j) => j.id), 30_000]);
          }
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        if (!jobs.length) {
          await sleep(100);
          continue;
        }
        await Promise.all(jobs.map(async (job) => {
          t.seen(job.data);
          await boss.deleteJob('jobs', job.id);
        }));
      }
    };

    const enqueuePerSecond = await produce(pool, N, enqueue);
    const consumers = [consumer(), consumer()];
    await t.finished;
    const drain = t.result();

    t.reset(LIVE);
    const live = t.next();
    await produce(pool, LIVE, enqueue, LIVE_RATE, N);
    await live;
    const latency = t.result();
    stop = true;
    await Promise.all(consumers);
    await boss.stop({ graceful: false, close: false });
    await pool.end();
    return { enqueuePerSecond, drain, latency };
  });
}

async function measureGraphile() {
  return withSchema('qc_gw', async (schema) => {
    const workerSchema = `${schema}_q`;
    const pool = new pg.Pool({ connectionString: url, max: 12, options: `-c search_path=${schema}` });
    await runMigrations({ connectionString: url, schema: workerSchema, logger: quietLogger() });
    const enqueue = (client, data) => client.query(`SELECT ${workerSchema}.add_job('work', $1::json)`, [JSON.stringify(data)]);

    const t = tracker(N);
    const runner = () =>
      runGraphile({
        connectionString: url,
        schema: workerSchema,
        concurrency: BATCH,
        maxPoolSize: BATCH + 2,
        noHandleSignals: true,
        pollInterval: 100,
        logger: quietLogger(),
        preset: { worker: { localQueue: { size: BATCH }, completeJobBatchDelay: 0 } },
        taskList: { work: async (payload) => t.seen(payload) },
      });

    const enqueuePerSecond = await produce(pool, N, enqueue);
    const runners = await Promise.all([runner(), runner()]);
    await t.finished;
    const drain = t.result();

    t.reset(LIVE);
    const live = t.next();
    await produce(pool, LIVE, enqueue, LIVE_RATE, N);
    await live;
    const latency = t.result();
    await Promise.all(runners.map((r) => r.stop()));
    await pool.end();
    return { enqueuePerSecond, drain, latency };
  });
}

/** graphile-worker's logger, keeping only warnings and errors (it logs every job otherwise). */
function quietLogger() {
  return new Logger(() => (level, message) => {
    if (level === 'error' || level === 'warning') console.error(`[graphile-worker ${level}] ${message}`);
  });
}

function report(name, r) {
  console.log(`\n${name}`);
  console.log(`  enqueue (row + job, one transaction, ${PRODUCERS} producers): ${fmt(r.enqueuePerSecond)} jobs/s`);
  console.log(`  drain of ${fmt(N)} queued jobs, 2 consumers x ${BATCH}:        ${fmt(r.drain.perSecond)} jobs/s (duplicates: ${r.drain.duplicates})`);
  console.log(`  live, ${fmt(LIVE)} jobs offered at ${LIVE_RATE}/s, enqueue -> worked: p50 ${r.latency.p50} ms, p95 ${r.latency.p95} ms, p99 ${r.latency.p99} ms`);
}

console.log(`queue-compare: N=${fmt(N)}, node ${process.version}, ${url.replace(/\/\/[^@]*@/, '//')}`);
if (!only || only === 'pg-boss') report('pg-boss 10.4.2', await measurePgBoss());
if (!only || only === 'graphile-worker') report('graphile-worker 0.17.3', await measureGraphile());
