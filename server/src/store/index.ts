import type { Config } from '../config.js';
import { openPostgresStore } from './postgres/index.js';
import { openSqliteStore } from './sqlite/index.js';
import type { Store } from './types.js';

export type * from './types.js';
export { uuidv7 } from './ids.js';
export { isStoreUnavailable } from './unavailable.js';
export { openSqliteStore } from './sqlite/index.js';
export { openPostgresStore, type PostgresStoreOptions } from './postgres/index.js';

/** Opens the configured backend: SQLite by default; PostgreSQL (with the queue on pg-boss) when DATABASE_URL is set. */
export async function openStore(
  config: Pick<Config, 'databasePath' | 'databaseUrl' | 'databasePoolSize' | 'databaseSchema'> & { queue?: Pick<Config['queue'], 'leaseMs'> },
): Promise<Store> {
  if (config.databaseUrl) {
    return openPostgresStore({ url: config.databaseUrl, poolSize: config.databasePoolSize, schema: config.databaseSchema, leaseMs: config.queue?.leaseMs });
  }
  return openSqliteStore(config.databasePath);
}
