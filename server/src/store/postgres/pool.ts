import pg from 'pg';

/**
 * A stored JSON `null`, told apart from SQL NULL (an absent value): node-postgres
 * gives both as null, while the SQLite backend returns null for the first and
 * undefined for the second.
 */
export const JSON_NULL = Symbol('json null');

const INT8 = 20;
const JSON_OID = 114;
const JSONB_OID = 3802;

const parseJson = (text: string): unknown => (text === 'null' ? JSON_NULL : JSON.parse(text));

// Per pool, not global: bigint as number (ids and epoch millis stay far below 2^53).
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (text: string) => Number(text);
    if (oid === JSON_OID || oid === JSONB_OID) return parseJson;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export interface PoolOptions {
  url: string;
  size: number;
  /** Schema for Switchboard's tables; otherwise the first schema of the connection's search_path. */
  schema?: string;
  onError(err: Error): void;
}

/** A pool whose connections use the schema, parse bigint and json as above, and survive a server restart. */
export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.size,
    types,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle connection that the server closes (a restart) emits here; without a listener the process would exit.
  pool.on('error', options.onError);
  // So does one checked out between two queries (inside a transaction): its
  // next query fails and the transaction rolls back, but the event itself
  // must not reach the process as an unhandled 'error'.
  pool.on('connect', (client) => client.on('error', options.onError));
  return pool;
}

/** Schema names are plain identifiers: they go into SQL text and the queue library's name rules. */
export function checkSchemaName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,39}$/.test(name)) {
    throw new Error(`schema "${name}" must be lower-case letters, digits and underscores (at most 40, not starting with a digit)`);
  }
  return name;
}

/**
 * Runs `work` in one transaction on one connection of `pool`: committed if
 * it returns, rolled back if it throws. A connection that cannot even roll
 * back is dropped rather than returned to the pool.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const out = await work(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
