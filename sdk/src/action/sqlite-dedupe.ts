import type { DedupeStore, StoredOutcome } from './types.js';

// The few better-sqlite3 calls used, typed here: it is an optional peer, not a dependency.
interface Statement {
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): unknown;
}
interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): unknown;
  pragma(source: string): unknown;
  close(): unknown;
}

/** Options of `sqliteDedupeStore`. */
export interface SqliteDedupeOptions {
  /** Outcomes older than this are deleted when the store opens. Default 7 days (Switchboard retries for 24 hours). */
  retainMs?: number;
}

/** A `DedupeStore` that can also be closed. */
export interface ClosableDedupeStore extends DedupeStore {
  close(): Promise<void>;
}

/**
 * A `DedupeStore` in a SQLite file (table `switchboard_action_outcomes`), so
 * replays survive restarts and are shared by processes on one machine.
 * Needs the `better-sqlite3` package (`npm install better-sqlite3`), loaded on
 * first use.
 */
export function sqliteDedupeStore(path: string, options: SqliteDedupeOptions = {}): ClosableDedupeStore {
  const retainMs = options.retainMs ?? 7 * 24 * 60 * 60 * 1000;
  let opening: Promise<Database> | undefined;

  function open(): Promise<Database> {
    opening ??= openDatabase(path, retainMs).catch((error: unknown) => {
      opening = undefined; // let a later call try again, e.g. after the package is installed
      throw error;
    });
    return opening;
  }

  return {
    async get(actionRunId) {
      const db = await open();
      const row = db
        .prepare('SELECT status, body FROM switchboard_action_outcomes WHERE action_run_id = ?')
        .get(actionRunId) as { status: number; body: string } | undefined;
      return row === undefined ? undefined : ({ status: row.status, body: JSON.parse(row.body) } satisfies StoredOutcome);
    },
    async set(actionRunId, outcome) {
      const db = await open();
      db.prepare(
        'INSERT OR REPLACE INTO switchboard_action_outcomes (action_run_id, status, body, created_at) VALUES (?, ?, ?, ?)',
      ).run(actionRunId, outcome.status, JSON.stringify(outcome.body) ?? "null", Date.now());
    },
    async close() {
      if (opening === undefined) return;
      const db = await opening;
      opening = undefined;
      db.close();
    },
  };
}

async function openDatabase(path: string, retainMs: number): Promise<Database> {
  const moduleName = 'better-sqlite3'; // a variable, so TypeScript does not need its types
  let loaded: { default?: unknown };
  try {
    loaded = (await import(moduleName)) as { default?: unknown };
  } catch (error) {
    throw new Error('sqliteDedupeStore needs the better-sqlite3 package: npm install better-sqlite3', { cause: error });
  }
  const Constructor = (loaded.default ?? loaded) as new (file: string) => Database;
  const db = new Constructor(path);
  db.pragma('journal_mode = WAL');
  db.exec(
    `CREATE TABLE IF NOT EXISTS switchboard_action_outcomes (
       action_run_id TEXT PRIMARY KEY,
       status INTEGER NOT NULL,
       body TEXT NOT NULL,
       created_at INTEGER NOT NULL
     )`,
  );
  db.prepare('DELETE FROM switchboard_action_outcomes WHERE created_at < ?').run(Date.now() - retainMs);
  return db;
}
