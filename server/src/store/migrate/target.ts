/**
 * The PostgreSQL side of a migration. Its schema is made by the PostgreSQL
 * store itself (openPostgresStore runs the migrations and sets up the queue),
 * so a migrated database is exactly what a server would have created; this
 * module then reads that schema from the catalog (tables, column types,
 * identity columns, foreign keys) to know how to fill it.
 */
import type pg from 'pg';
import { openPostgresStore } from '../postgres/index.js';
import { checkSchemaName, createPool } from '../postgres/pool.js';
import { JobQueue } from '../postgres/queue.js';
import { columnKind, type ColumnKind } from './convert.js';
import { MigrationError, redactUrl } from './errors.js';

export interface TargetColumn {
  name: string;
  kind: ColumnKind;
  dataType: string;
  identity: boolean;
}

export interface TargetTable {
  name: string;
  columns: Map<string, TargetColumn>;
  primaryKey: string[];
  /** Tables its foreign keys point to. */
  references: Set<string>;
}

export interface PostgresTarget {
  pool: pg.Pool;
  /** Where Switchboard's tables are, and where pg-boss keeps the queue. */
  schema: string;
  queueSchema: string;
  tables: Map<string, TargetTable>;
  close(): Promise<void>;
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Creates (or upgrades) the schema through the store, then opens a pool of its own on it. */
export async function openTarget(url: string, schema: string | undefined): Promise<PostgresTarget> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new MigrationError('target_invalid', `the target must be a PostgreSQL URL (postgres://user@host:5432/database), got "${redactUrl(url)}"`);
  }
  try {
    if (schema !== undefined) checkSchemaName(schema);
    const store = await openPostgresStore({ url, poolSize: 3, schema, onError: () => {} });
    await store.close();
  } catch (err) {
    throw new MigrationError('target_invalid', (err as Error).message, undefined, { cause: err });
  }
  const pool = createPool({ url, size: 3, schema, onError: () => {} });
  try {
    const current = (await pool.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
    const queueSchema = `${current}_queue`;
    const queueFound = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [queueSchema]);
    if (!queueFound.rowCount) {
      // The store put its queue somewhere else: enqueueing here would leave the jobs where no worker looks.
      throw new MigrationError('target_invalid', `the PostgreSQL store did not create its queue in schema ${queueSchema}, where this migration would put the jobs`);
    }
    return { pool, schema: current, queueSchema, tables: await readTables(pool, current), close: () => pool.end() };
  } catch (err) {
    await pool.end().catch(() => {});
    if (err instanceof MigrationError) throw err;
    throw new MigrationError('target_invalid', `could not read the schema of ${redactUrl(url)}: ${(err as Error).message}`, undefined, { cause: err });
  }
}

async function readTables(pool: pg.Pool, schema: string): Promise<Map<string, TargetTable>> {
  const tables = new Map<string, TargetTable>();
  const columns = await pool.query<{ table_name: string; column_name: string; data_type: string; is_identity: string }>(
    `SELECT c.table_name, c.column_name, c.data_type, c.is_identity
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = $1 AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
    [schema],
  );
  for (const c of columns.rows) {
    let table = tables.get(c.table_name);
    if (!table) tables.set(c.table_name, (table = { name: c.table_name, columns: new Map(), primaryKey: [], references: new Set() }));
    table.columns.set(c.column_name, { name: c.column_name, kind: columnKind(c.data_type), dataType: c.data_type, identity: c.is_identity === 'YES' });
  }
  const keys = await pool.query<{ table_name: string; column_name: string }>(
    `SELECT cl.relname AS table_name, a.attname AS column_name
       FROM pg_index i
       JOIN pg_class cl ON cl.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = cl.relnamespace
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indisprimary AND n.nspname = $1
      ORDER BY cl.relname, array_position(i.indkey::int2[], a.attnum)`,
    [schema],
  );
  for (const k of keys.rows) tables.get(k.table_name)?.primaryKey.push(k.column_name);
  const fks = await pool.query<{ child: string; parent: string }>(
    `SELECT ch.relname AS child, pa.relname AS parent
       FROM pg_constraint c
       JOIN pg_class ch ON ch.oid = c.conrelid
       JOIN pg_class pa ON pa.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = ch.relnamespace
      WHERE c.contype = 'f' AND n.nspname = $1`,
    [schema],
  );
  for (const fk of fks.rows) if (fk.child !== fk.parent) tables.get(fk.child)?.references.add(fk.parent);
  return tables;
}

/**
 * What the target already holds: rows per table (schema_migrations aside)
 * and jobs in its queue. Empty means no server has ever run on it.
 */
export async function findExistingData(db: pg.PoolClient, target: PostgresTarget): Promise<Array<{ table: string; rows: number }>> {
  const found: Array<{ table: string; rows: number }> = [];
  for (const table of target.tables.keys()) {
    if (table === 'schema_migrations') continue;
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(table)}`);
    if (rows[0]!.n > 0) found.push({ table, rows: rows[0]!.n });
  }
  const jobs = await countQueuedJobs(db, target);
  if (jobs > 0) found.push({ table: `${target.queueSchema}.job (the queue)`, rows: jobs });
  return found;
}

/** Jobs in pg-boss's job table: read only, to check the target is empty and that every job arrived. */
export async function countQueuedJobs(db: pg.PoolClient, target: PostgresTarget): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoteIdent(target.queueSchema)}.job`);
  return rows[0]!.n;
}

/** The store's queue on the target, to enqueue jobs exactly as the store does (inside our transaction). */
export async function openQueue(target: PostgresTarget): Promise<JobQueue> {
  return JobQueue.open(target.pool, { schema: target.queueSchema, maintenanceIntervalSeconds: 60, onError: () => {} });
}
