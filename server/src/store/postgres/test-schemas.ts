/**
 * For tests: each suite gets its own schemas in the test database (tables and
 * the queue's), so test files running in parallel never meet, and drops them
 * at the end.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL database tests run against; unset means the PostgreSQL variants are skipped (and say so). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export const POSTGRES_SKIPPED_MESSAGE =
  'PostgreSQL store tests SKIPPED: TEST_DATABASE_URL is not set. ' +
  'Run them with: TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test npm test';

export function freshSchemaName(): string {
  return `sb_test_${randomBytes(5).toString('hex')}`;
}

/** Drops a store's schema and its queue's. */
export async function dropSchemas(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${schema}_queue CASCADE`);
  } finally {
    await client.end();
  }
}
