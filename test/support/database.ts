/**
 * The database a test's server uses: a fresh SQLite file, or, when the suite
 * runs on PostgreSQL (SWITCHBOARD_TEST_BACKEND=postgres with
 * TEST_DATABASE_URL), a fresh schema in that database. Tests inspect it
 * through `openInspector`, which speaks to either.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

export type TestBackend = 'sqlite' | 'postgres';

export const testBackend: TestBackend = process.env.SWITCHBOARD_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

export function tempDbPath(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `switchboard-${name}-`));
  return path.join(dir, 'switchboard.db');
}

/** Environment that points a server at a new, empty database of the suite's backend. */
export function freshDatabaseEnv(name: string, backend: TestBackend = testBackend): Record<string, string> {
  if (backend === 'sqlite') return { DATABASE_PATH: tempDbPath(name) };
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('SWITCHBOARD_TEST_BACKEND=postgres needs TEST_DATABASE_URL (e.g. postgres://root@127.0.0.1:5432/test)');
  // Named by run (support/global-setup.ts drops the run's schemas at the end).
  const run = process.env.SWITCHBOARD_TEST_RUN ?? 'adhoc';
  return { DATABASE_URL: url, DATABASE_SCHEMA: `sb_${run}_${name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}` };
}

/** Read (and, rarely, write) a server's database from a test, on either backend. */
export interface Inspector {
  get<T = Record<string, unknown>>(sql: string, ...args: unknown[]): Promise<T | undefined>;
  all<T = Record<string, unknown>>(sql: string, ...args: unknown[]): Promise<T[]>;
  run(sql: string, ...args: unknown[]): Promise<void>;
  count(table: string, where?: string, ...args: unknown[]): Promise<number>;
  close(): Promise<void>;
}

/** `?` placeholders, as SQLite writes them, to PostgreSQL's `$n`. */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

export async function openInspector(env: Record<string, string>): Promise<Inspector> {
  if (env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    if (env.DATABASE_SCHEMA) await client.query(`SET search_path TO "${env.DATABASE_SCHEMA}"`);
    const all = async <T>(sql: string, ...args: unknown[]) => (await client.query(numbered(sql), args)).rows as T[];
    return {
      all,
      get: async <T>(sql: string, ...args: unknown[]) => (await all<T>(sql, ...args))[0],
      run: async (sql, ...args) => void (await client.query(numbered(sql), args)),
      count: async (table, where, ...args) => Number((await all<{ n: string }>(`SELECT count(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`, ...args))[0]!.n),
      close: () => client.end(),
    };
  }
  const db = new Database(env.DATABASE_PATH!);
  const all = async <T>(sql: string, ...args: unknown[]) => db.prepare(sql).all(...args) as T[];
  return {
    all,
    get: async <T>(sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as T | undefined,
    run: async (sql, ...args) => void db.prepare(sql).run(...args),
    count: async (table, where, ...args) => (db.prepare(`SELECT count(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`).get(...args) as { n: number }).n,
    close: async () => void db.close(),
  };
}
