import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgresStore, openSqliteStore, type Store } from './index.js';
import { dropSchemas, freshSchemaName, POSTGRES_SKIPPED_MESSAGE, TEST_DATABASE_URL } from './postgres/test-schemas.js';

if (!TEST_DATABASE_URL) console.warn(POSTGRES_SKIPPED_MESSAGE);

describe('token buckets and locks (SQLite)', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'buckets-')), 'db.sqlite');
  const store = openSqliteStore(file);
  afterAll(() => store.close());

  it('allows a burst, then asks to wait, then refills at the rate', async () => {
    const t = 1_000_000;
    expect(await Promise.all([0, 1, 2].map(() => store.takeRateToken('a:1', 2, 3, t)))).toEqual([0, 0, 0]);
    expect(await store.takeRateToken('a:1', 2, 3, t)).toBe(1);
    expect(await store.takeRateToken('a:1', 2, 3, t + 500)).toBe(0);
    expect(await store.takeRateToken('other', 2, 3, t)).toBe(0);
  });

  it('withLock runs one holder at a time, and a failed holder releases the lock', async () => {
    const order: string[] = [];
    const failing = store.withLock('x', async () => {
      order.push('a');
      throw new Error('boom');
    });
    const next = store.withLock('x', async () => void order.push('b'));
    await expect(failing).rejects.toThrow('boom');
    await next;
    expect(order).toEqual(['a', 'b']);
  });
});

describe.skipIf(!TEST_DATABASE_URL)('token buckets and locks (PostgreSQL), shared by processes', () => {
  const schema = freshSchemaName();
  const stores: Store[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await dropSchemas(TEST_DATABASE_URL!, schema);
  });

  it('two stores (two web processes) draw from one bucket, never more than the burst at once', async () => {
    for (let i = 0; i < 2; i++) stores.push(await openPostgresStore({ url: TEST_DATABASE_URL!, poolSize: 4, schema }));
    const t = 2_000_000;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2]!.takeRateToken('app:shop', 1, 5, t)));
    expect(answers.filter((w) => w === 0)).toHaveLength(5);
    expect(answers.filter((w) => w > 0).every((w) => w === 1)).toBe(true);
    // Three seconds later three tokens are back, whichever process asks.
    const later = await Promise.all(Array.from({ length: 6 }, (_, i) => stores[i % 2]!.takeRateToken('app:shop', 1, 5, t + 3_000)));
    expect(later.filter((w) => w === 0)).toHaveLength(3);
  });

  it('withLock: a second process waits until the first one is done', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const first = stores[0]!.withLock('refresh:shop', async () => {
      order.push('first in');
      entered();
      await held;
      order.push('first out');
    });
    await inside;
    const second = stores[1]!.withLock('refresh:shop', async () => void order.push('second in'));
    // The second holder is blocked in PostgreSQL, not by anything in this process.
    const other = await stores[1]!.withLock('refresh:other-shop', async () => 'free');
    expect(other).toBe('free');
    expect(order).toEqual(['first in']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second in']);
  });
});
