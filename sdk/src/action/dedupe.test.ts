import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listen } from '../http/index.js';
import { createTestPlatform } from '../testing/index.js';
import { actionHandler, memoryDedupeStore, sqliteDedupeStore } from './index.js';

describe('memoryDedupeStore', () => {
  it('keeps the most recently used outcomes up to max', async () => {
    const store = memoryDedupeStore({ max: 2 });
    await store.set('a', { status: 200, body: { a: 1 } });
    await store.set('b', { status: 200, body: { b: 1 } });
    expect(await store.get('a')).toEqual({ status: 200, body: { a: 1 } }); // a is now the most recent
    await store.set('c', { status: 422, body: { message: 'no' } });
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBeDefined();
    expect(await store.get('c')).toEqual({ status: 422, body: { message: 'no' } });
  });
});

describe('sqliteDedupeStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-dedupe-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('keeps outcomes in a file, across store instances', async () => {
    const path = join(dir, 'outcomes.db');
    const first = sqliteDedupeStore(path);
    expect(await first.get('run-1')).toBeUndefined();
    await first.set('run-1', { status: 200, body: { return_value: { n: 1 } } });
    await first.close();
    const second = sqliteDedupeStore(path);
    expect(await second.get('run-1')).toEqual({ status: 200, body: { return_value: { n: 1 } } });
    await second.close();
  });

  it('deletes outcomes older than retainMs when it opens', async () => {
    const path = join(dir, 'outcomes.db');
    const store = sqliteDedupeStore(path);
    await store.set('old', { status: 200, body: {} });
    await store.close();
    const reopened = sqliteDedupeStore(path, { retainMs: -1 });
    expect(await reopened.get('old')).toBeUndefined();
    await reopened.close();
  });

  it('replays a finished run after the app restarts', async () => {
    const platform = await createTestPlatform();
    const path = join(dir, 'outcomes.db');
    let runs = 0;
    const start = async () => {
      const dedupe = sqliteDedupeStore(path);
      const server = await listen(actionHandler({ clientSecret: platform.clientSecret, dedupe, actions: { tag: () => ({ run: ++runs }) } }));
      return { url: server.url, stop: async () => (await server.close(), await dedupe.close()) };
    };
    const before = await start();
    const first = await platform.sendAction(before.url, { handle: 'tag', actionRunId: 'durable' });
    await before.stop();
    const after = await start();
    const second = await platform.sendAction(after.url, { handle: 'tag', actionRunId: 'durable' });
    await after.stop();
    await platform.close();
    expect(runs).toBe(1);
    expect(second).toMatchObject({ status: 200, body: first.body });
  });
});
