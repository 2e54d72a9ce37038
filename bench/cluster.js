// The Switchboard processes of one bench scenario:
//   - sqlite: one all-in-one process on a fresh SQLite file in the scenario's dir;
//   - postgres: M `--role web` and N `--role worker` processes on a fresh schema
//     of one PostgreSQL database; stop() drops the schema and its queue schema.
// Every PostgreSQL connection of a cluster carries the schema's name as its
// application_name, so its backends (and their CPU) can be told apart from
// the other users of a shared database server.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { processTicks, root, startServer } from './lib.js';

const require = createRequire(path.join(root, 'package.json'));

export const DEFAULT_DATABASE_URL = 'postgres://root@127.0.0.1:5432/test';

/** Switchboard's tables whose growth the capacity plan is about (and, in the queue schema, pg-boss's job partition and archive). */
const GROWING = ['events', 'event_customers', 'idempotency_keys', 'runs', 'run_steps', 'deliveries', 'delivery_attempts'];

export async function connect(url) {
  const pg = require('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** A clear error when the bench's database does not answer. */
export async function checkDatabase(url) {
  let client;
  try {
    client = await connect(url);
    const { rows } = await client.query("SELECT current_setting('server_version') AS version, current_setting('max_connections')::int AS max_connections");
    return rows[0];
  } catch (err) {
    throw new Error(`PostgreSQL at ${redact(url)} does not answer (${err.message}); start it or set BENCH_DATABASE_URL`);
  } finally {
    await client?.end().catch(() => {});
  }
}

export const redact = (url) => url.replace(/\/\/[^@/]*@/, '//…@');

function withParam(url, key, value) {
  const u = new URL(url);
  u.searchParams.set(key, value);
  return u.toString();
}

/**
 * Starts the processes. `web`/`workers` only apply to postgres. Returns
 * { backend, base (first web process), bases (every web process), processes:
 * [{ role, pid, base, stop }], db (postgres: { url, schema, appName }), stop() }.
 * stop() resolves, on postgres, to { schema, tables }: the table statistics read just before the drop.
 */
export async function startCluster({ backend, dir, env = {}, web = 1, workers = 1, databaseUrl = DEFAULT_DATABASE_URL }) {
  if (backend === 'sqlite') return allInOne(await startServer({ dir, env }));
  const schema = `sb_bench_${randomBytes(4).toString('hex')}`;
  const db = { url: databaseUrl, schema, appName: schema };
  const serverEnv = { ...env, DATABASE_URL: withParam(databaseUrl, 'application_name', schema), DATABASE_SCHEMA: schema };
  const processes = [];
  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      await Promise.all(processes.map((p) => p.stop().catch(() => {})));
      // Backends have exited, so their counters are flushed: read them, then drop.
      const tables = await tableStats(db).catch((err) => ({ error: String(err) }));
      await dropSchemas(db);
      return { schema, tables };
    })());
  const startAll = async (role, n) => {
    const settled = await Promise.allSettled(
      Array.from({ length: n }, (_, i) => startServer({ dir, env: serverEnv, args: ['--role', role], logName: `${role}-${i}.log` })),
    );
    for (const s of settled) if (s.status === 'fulfilled') processes.push({ role, ...s.value });
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
  };
  try {
    // Web processes start together (the first to take the migration lock migrates, the others wait for it), then the workers.
    await startAll('web', web);
    await startAll('worker', workers);
  } catch (err) {
    await stop();
    throw err;
  }
  const bases = processes.filter((p) => p.role === 'web').map((p) => p.base);
  return { backend, base: bases[0], bases, processes, db, stop };
}

/** One all-in-one server process (SQLite) as a cluster. */
export function allInOne(server) {
  let stopped;
  return { backend: 'sqlite', base: server.base, bases: [server.base], processes: [{ role: 'all', ...server }], db: undefined, stop: () => (stopped ??= server.stop().then(() => undefined)) };
}

async function dropSchemas(db) {
  const client = await connect(db.url);
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${db.schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${db.schema}_queue CASCADE`);
  } finally {
    await client.end();
  }
}

/**
 * Per table of the cluster's schemas: rows now, inserts / updates / deletes
 * since the schema was made, and bytes on disk (with indexes and TOAST).
 */
async function tableStats(db) {
  const client = await connect(db.url);
  try {
    const { rows } = await client.query(
      `SELECT schemaname AS schema, relname AS name, n_tup_ins::bigint AS ins, n_tup_upd::bigint AS upd, n_tup_del::bigint AS del,
              pg_total_relation_size(relid)::bigint AS total_bytes, pg_indexes_size(relid)::bigint AS index_bytes
         FROM pg_stat_user_tables WHERE schemaname IN ($1, $2) ORDER BY pg_total_relation_size(relid) DESC`,
      [db.schema, `${db.schema}_queue`],
    );
    const out = {};
    for (const r of rows) {
      const queue = r.schema !== db.schema;
      // pg-boss 10 keeps each queue's jobs in a partition of its `job` table, named j<sha224 of the queue>.
      const partition = queue && /^j[0-9a-f]{56}$/.test(r.name);
      if (queue ? !partition && !['archive'].includes(r.name) : !GROWING.includes(r.name)) continue;
      const live = Number((await client.query(`SELECT count(*) AS n FROM "${r.schema}"."${r.name}"`)).rows[0].n);
      out[partition ? 'pgboss.job' : queue ? `pgboss.${r.name}` : r.name] = {
        rows: live,
        inserts: Number(r.ins),
        updates: Number(r.upd),
        deletes: Number(r.del),
        total_bytes: Number(r.total_bytes),
        index_bytes: Number(r.index_bytes),
        bytes_per_row: live ? Math.round(Number(r.total_bytes) / live) : null,
      };
    }
    return out;
  } finally {
    await client.end();
  }
}

/**
 * CPU of the cluster's PostgreSQL backends: polls pg_stat_activity for their
 * pids (pools open and close connections) and reads /proc/<pid>/stat.
 * stop() resolves to the ticks (1/100 s) they used since start.
 */
export async function sampleDatabaseCpu(db, ms = 250) {
  const client = await connect(db.url);
  const seen = new Map(); // pid -> { first, last }
  let first = true;
  const poll = async () => {
    const { rows } = await client.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [db.appName]);
    for (const { pid } of rows) {
      const t = processTicks(pid);
      const s = seen.get(pid);
      if (s) s.last = Math.max(s.last, t);
      // A backend already there at the start counts from its ticks then; a later one from zero.
      else seen.set(pid, { first: first ? t : 0, last: t });
    }
    first = false;
  };
  await poll();
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, ms));
      await poll().catch(() => {});
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await poll().catch(() => {});
      await client.end().catch(() => {});
      let ticks = 0;
      for (const s of seen.values()) ticks += s.last - s.first;
      return { ticks, backends: seen.size, pids: [...seen.keys()] };
    },
  };
}

/** The database server's WAL position, in bytes (cluster-wide: other users of the server write too). */
export async function walPosition(db) {
  const client = await connect(db.url);
  try {
    const { rows } = await client.query("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint AS b");
    return Number(rows[0].b);
  } finally {
    await client.end();
  }
}
