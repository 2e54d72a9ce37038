import type { Config } from '../config.js';
import { openSqliteStore } from './sqlite/index.js';
import type { Store } from './types.js';

export type * from './types.js';
export { uuidv7 } from './ids.js';
export { openSqliteStore } from './sqlite/index.js';

/** Opens the configured backend: SQLite by default; PostgreSQL when DATABASE_URL is set. */
export function openStore(config: Pick<Config, 'databasePath' | 'databaseUrl'>): Store {
  if (config.databaseUrl) {
    throw new Error(
      'DATABASE_URL is set, but the PostgreSQL backend is not available in this version. ' +
        'Unset DATABASE_URL to use the embedded SQLite database (DATABASE_PATH).',
    );
  }
  return openSqliteStore(config.databasePath);
}
