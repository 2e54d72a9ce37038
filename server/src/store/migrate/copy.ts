/**
 * Copies an embedded install (one SQLite file) into an empty PostgreSQL
 * database: every table's rows with their ids, the identity sequences moved
 * past them, and the pending jobs put on PostgreSQL's queue with their due
 * times. All of it is one PostgreSQL transaction that commits only after the
 * counts agree table by table, so a failure leaves the target as it was.
 */
import type pg from 'pg';
import type { JobQueue } from '../postgres/queue.js';
import { inTransaction } from '../postgres/pool.js';
import { convertValue, ValueError, type Adjustments } from './convert.js';
import { MigrationError, redactUrl } from './errors.js';
import { SqliteSource, type PendingJob, type SourceTable } from './source.js';
import { countQueuedJobs, findExistingData, openQueue, openTarget, quoteIdent, type PostgresTarget, type TargetTable } from './target.js';
import { compareCounts, type TableCount } from './verify.js';

export interface MigrateOptions {
  /** The SQLite file (DATABASE_PATH). */
  from: string;
  /** postgres://... (DATABASE_URL). */
  to: string;
  /** Schema for the tables (DATABASE_SCHEMA); default: the connection's current schema. */
  schema?: string;
  /** Rows per INSERT statement at most. */
  batchRows?: number;
  /** Told as each table starts, for a progress line. */
  onTable?: (table: string, rows: number) => void;
}

export interface MigrationReport {
  from: string;
  /** The URL, password hidden. */
  to: string;
  schema: string;
  /** Rows per table in the SQLite file and in PostgreSQL after the copy, plus the queue's jobs. */
  counts: TableCount[];
  /** Identity sequences set so new rows get ids above every copied (and every deleted) one. */
  sequences: Array<{ table: string; column: string; last: number }>;
  adjustments: Adjustments;
  /** Bytes in the SQLite file's write-ahead log when the copy began (a server may have been running on it). */
  sourceWalBytes: number;
}

/** The row that reads the queue's count, beside the tables. */
export const QUEUE_ROW = 'jobs (queued)';

/** Copies `from` into the empty PostgreSQL at `to`; throws MigrationError (the target untouched) when it cannot. */
export async function migrateToPostgres(options: MigrateOptions): Promise<MigrationReport> {
  // The source first: a wrong path must not create a schema in PostgreSQL.
  const source = SqliteSource.open(options.from);
  try {
    const target = await openTarget(options.to, options.schema);
    try {
      return await copyAll(source, target, options);
    } finally {
      await target.close();
    }
  } finally {
    source.close();
  }
}

async function copyAll(source: SqliteSource, target: PostgresTarget, options: MigrateOptions): Promise<MigrationReport> {
  const plan = planTables(source, target);
  const jobs = source.pendingJobs();
  const queue = await openQueue(target);
  try {
    return await copyInTransaction(source, target, options, plan, jobs, queue);
  } finally {
    await queue.close();
  }
}

async function copyInTransaction(
  source: SqliteSource,
  target: PostgresTarget,
  options: MigrateOptions,
  plan: Array<{ from: SourceTable; to: TargetTable }>,
  jobs: PendingJob[],
  queue: JobQueue,
): Promise<MigrationReport> {
  return inTransaction(target.pool, async (client) => {
    // Two migrations into one schema at once: the second waits here, then finds the first one's rows.
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('switchboard.migrate-to-postgres.' || current_schema(), 0))`);
    const existing = await findExistingData(client, target);
    if (existing.length) {
      const what = existing.map((e) => `${e.table} (${e.rows} ${e.rows === 1 ? 'row' : 'rows'})`).join(', ');
      throw new MigrationError(
        'target_not_empty',
        `the PostgreSQL target (schema ${target.schema}) is not empty: ${what}. Migrate into an empty database or a new schema (--schema <name>), and start no server on it before migrating`,
        existing[0]!.table,
      );
    }
    const adjustments: Adjustments = { rounded: 0, nulDropped: 0 };
    const sourceCounts = new Map<string, number>();
    for (const { from, to } of plan) {
      const n = source.count(from.name);
      sourceCounts.set(from.name, n);
      options.onTable?.(from.name, n);
      await copyTable(client, source, from, to, options.batchRows ?? 500, adjustments);
    }
    const sequences = await advanceSequences(client, target, plan, source.highestIssuedIds());
    for (let i = 0; i < jobs.length; i += 1000) {
      const chunk = jobs.slice(i, i + 1000).map((j) => ({ kind: j.kind, ref: j.ref, runAt: j.runAt, before: j.attempts }));
      await queue.enqueue(client, chunk);
    }
    const counts: TableCount[] = [];
    for (const { from } of plan) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(from.name)}`);
      counts.push({ table: from.name, source: sourceCounts.get(from.name)!, target: rows[0]!.n });
    }
    counts.push({ table: QUEUE_ROW, source: jobs.length, target: await countQueuedJobs(client, target) });
    const mismatches = compareCounts(counts);
    if (mismatches.length) {
      const what = mismatches.map((m) => `${m.table} has ${m.source} in SQLite but ${m.target} in PostgreSQL`).join('; ');
      throw new MigrationError('count_mismatch', `the copy does not match the source, so nothing was kept: ${what}`, mismatches[0]!.table);
    }
    return {
      from: source.file,
      to: redactUrl(options.to),
      schema: target.schema,
      counts,
      sequences,
      adjustments,
      sourceWalBytes: source.walBytes,
    };
  });
}

/**
 * Each source table with its PostgreSQL counterpart, parents before the
 * tables whose foreign keys point at them. A table or column with no place in
 * PostgreSQL stops the migration: copying the rest would lose it silently.
 */
export function planTables(source: Pick<SqliteSource, 'tables'>, target: Pick<PostgresTarget, 'tables'>): Array<{ from: SourceTable; to: TargetTable }> {
  const pairs = new Map<string, { from: SourceTable; to: TargetTable }>();
  for (const from of source.tables) {
    const to = target.tables.get(from.name);
    if (!to) throw new MigrationError('schema_mismatch', `table ${from.name} of the SQLite file has no counterpart in PostgreSQL; its rows would be lost`, from.name);
    const lost = from.columns.filter((c) => !to.columns.has(c));
    if (lost.length) {
      throw new MigrationError('schema_mismatch', `${from.name}.${lost.join(`, ${from.name}.`)} of the SQLite file ${lost.length === 1 ? 'has' : 'have'} no counterpart in PostgreSQL`, from.name);
    }
    pairs.set(from.name, { from, to });
  }
  const ordered: Array<{ from: SourceTable; to: TargetTable }> = [];
  const placed = new Set<string>();
  const place = (name: string, path: string[]) => {
    if (placed.has(name) || !pairs.has(name)) return;
    if (path.includes(name)) throw new MigrationError('schema_mismatch', `foreign keys form a cycle (${[...path, name].join(' -> ')}); cannot order the copy`, name);
    for (const parent of [...pairs.get(name)!.to.references].sort()) place(parent, [...path, name]);
    placed.add(name);
    ordered.push(pairs.get(name)!);
  };
  for (const name of [...pairs.keys()].sort()) place(name, []);
  return ordered;
}

async function copyTable(client: pg.PoolClient, source: SqliteSource, from: SourceTable, to: TargetTable, batchRows: number, adjust: Adjustments): Promise<void> {
  const columns = from.columns.map((name) => to.columns.get(name)!);
  // PostgreSQL takes at most 65,535 parameters per statement.
  const perBatch = Math.max(1, Math.min(batchRows, Math.floor(65_535 / columns.length)));
  const insert = (n: number) => {
    const values = Array.from({ length: n }, (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
    return `INSERT INTO ${quoteIdent(to.name)} (${columns.map((c) => quoteIdent(c.name)).join(', ')}) VALUES ${values.join(', ')}`;
  };
  const fullBatch = insert(perBatch);
  let params: unknown[] = [];
  let inBatch = 0;
  let firstKey = '';
  const flush = async () => {
    if (!inBatch) return;
    try {
      await client.query(inBatch === perBatch ? fullBatch : insert(inBatch), params);
    } catch (err) {
      const e = err as Error & { detail?: string };
      throw new MigrationError('copy_failed', `copying ${to.name} failed at the batch starting with ${firstKey}: ${e.message}${e.detail ? ` (${e.detail})` : ''}`, to.name, { cause: err });
    }
    params = [];
    inBatch = 0;
  };
  for (const row of source.rows(from)) {
    if (!inBatch) firstKey = describeRow(row, to);
    for (const column of columns) {
      try {
        params.push(convertValue(row[column.name], column.kind, adjust));
      } catch (err) {
        if (!(err instanceof ValueError)) throw err;
        throw new MigrationError('bad_value', `${to.name}.${column.name} of the row ${describeRow(row, to)} ${err.message}`, to.name);
      }
    }
    if (++inBatch === perBatch) await flush();
  }
  await flush();
}

/** The row's primary key, for messages: `id=42`, `run_id=..., seq=3`. */
function describeRow(row: Record<string, unknown>, table: TargetTable): string {
  const key = table.primaryKey.length ? table.primaryKey : Object.keys(row).slice(0, 1);
  return key.map((k) => `${k}=${String(row[k])}`).join(', ');
}

/**
 * Identity columns continue after the highest id SQLite ever handed out
 * (AUTOINCREMENT never reuses a deleted row's id, and neither may the copy).
 */
async function advanceSequences(
  client: pg.PoolClient,
  target: PostgresTarget,
  plan: Array<{ to: TargetTable }>,
  issued: Map<string, number>,
): Promise<MigrationReport['sequences']> {
  const done: MigrationReport['sequences'] = [];
  for (const { to } of plan) {
    for (const column of to.columns.values()) {
      if (!column.identity) continue;
      const { rows } = await client.query<{ m: number | null }>(`SELECT max(${quoteIdent(column.name)}) AS m FROM ${quoteIdent(to.name)}`);
      const last = Math.max(rows[0]!.m ?? 0, issued.get(to.name) ?? 0);
      if (last < 1) continue;
      await client.query('SELECT setval(pg_get_serial_sequence($1, $2), $3, true)', [`${quoteIdent(target.schema)}.${quoteIdent(to.name)}`, column.name, last]);
      done.push({ table: to.name, column: column.name, last });
    }
  }
  return done;
}
