import type { Config } from '../config.js';
import { openPostgresStore } from './postgres/index.js';
import { openSqliteStore } from './sqlite/index.js';
import type { Store } from './types.js';

export type * from './types.js';
export { actionRunId, uuidv7 } from './ids.js';
export { isStoreUnavailable } from './unavailable.js';
export { openSqliteStore } from './sqlite/index.js';
export { adoptSqliteWriteLocks, sqliteWriteLocks } from './sqlite/write-lock.js';
export { openPostgresStore, type PostgresStoreOptions } from './postgres/index.js';

/** Opens the configured backend: SQLite by default; PostgreSQL (with the queue on pg-boss) when DATABASE_URL is set. */
export async function openStore(
  config: Pick<Config, 'databasePath' | 'databaseUrl' | 'databasePoolSize' | 'databaseSchema'> & { queue?: Pick<Config['queue'], 'leaseMs'>; role?: Config['role'] },
): Promise<Store> {
  if (config.databaseUrl) {
    return openPostgresStore({ url: config.databaseUrl, poolSize: config.databasePoolSize, schema: config.databaseSchema, leaseMs: config.queue?.leaseMs });
  }
  // A worker's writes give way to those of the thread answering HTTP (store/sqlite/group-commit.ts).
  return openSqliteStore(config.databasePath, { yieldWrites: config.role === 'worker' });
}
