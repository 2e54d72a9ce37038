/**
 * Once per test run: names the run, so the PostgreSQL schemas its servers
 * create (support/database.ts) can be dropped together at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export function setup(): void {
  process.env.SWITCHBOARD_TEST_RUN ??= randomBytes(3).toString('hex');
}

export async function teardown(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`sb\\_${process.env.SWITCHBOARD_TEST_RUN}\\_%`]);
    for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
