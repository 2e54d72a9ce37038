import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';
import { WriteLock } from './write-lock.js';

/**
 * Another thread of this process holding the lock (a real worker thread):
 * it takes the lock's cell, says so, and lets go when told (setting `released` first).
 */
async function otherThreadHolding(buffer: SharedArrayBuffer, released: Int32Array) {
  const thread = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const cell = new Int32Array(workerData.buffer);
     const released = new Int32Array(workerData.released);
     while (Atomics.compareExchange(cell, 0, 0, 1) !== 0) Atomics.wait(cell, 0, 1, 50);
     parentPort.postMessage('holding');
     parentPort.once('message', () => {
       Atomics.store(released, 0, 1);
       Atomics.store(cell, 0, 0);
       Atomics.notify(cell, 0, 1);
       parentPort.postMessage('released');
     });`,
    { eval: true, workerData: { buffer, released: released.buffer } },
  );
  await new Promise((resolve) => thread.once('message', resolve));
  return {
    release: async () => {
      const done = new Promise((resolve) => thread.once('message', resolve));
      thread.postMessage('release');
      await done;
      await thread.terminate();
    },
    /** Asks for the release without waiting for it (this thread is about to block on the lock). */
    releaseSoon: () => thread.postMessage('release'),
    thread,
  };
}

describe('WriteLock: one writer among the threads of a process', () => {
  it('tryHold gives way while another thread holds the lock, and runs once it is free', async () => {
    const lock = new WriteLock();
    const other = await otherThreadHolding(lock.buffer, new Int32Array(new SharedArrayBuffer(4)));
    let ran = 0;
    expect(lock.tryHold(() => ran++)).toBe(false);
    expect(ran).toBe(0);
    await other.release();
    expect(lock.tryHold(() => ran++)).toBe(true);
    expect(ran).toBe(1);
  });

  it('hold waits for the other thread to let go', async () => {
    const lock = new WriteLock();
    const released = new Int32Array(new SharedArrayBuffer(4));
    const other = await otherThreadHolding(lock.buffer, released);
    other.releaseSoon();
    // Blocks this thread until the other one has let go: it saw `released` set.
    const seen = lock.hold(() => Atomics.load(released, 0));
    expect(seen).toBe(1);
    await other.thread.terminate();
  });

  it('is taken once by a write inside a write (no deadlock), and freed after the outer one', () => {
    const lock = new WriteLock();
    const inner = lock.hold(() => lock.hold(() => lock.tryHold(() => {}) && 'nested'));
    expect(inner).toBe('nested');
    expect(Atomics.load(new Int32Array(lock.buffer), 0)).toBe(0);
  });

  it('is freed when the work throws', () => {
    const lock = new WriteLock();
    expect(() => lock.hold(() => { throw new Error('boom'); })).toThrow('boom');
    expect(lock.tryHold(() => {})).toBe(true);
  });
});

describe('GroupCommit giving way to another thread (the worker thread)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('keeps its writes queued while the other thread writes, then commits every one of them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-lock-'));
    dirs.push(dir);
    const file = path.join(dir, 'db.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (n INTEGER)');
    const reader = new Database(file, { readonly: true });
    const count = () => (reader.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;
    const lock = new WriteLock();
    const writes = new GroupCommit(db, lock, true);
    const insert = db.prepare('INSERT INTO t (n) VALUES (?)');

    const other = await otherThreadHolding(lock.buffer, new Int32Array(new SharedArrayBuffer(4)));
    const first = Array.from({ length: 5 }, (_, i) => writes.run(() => insert.run(i).changes));
    // Several turns of the event loop go by: the batch waits and nothing is half-written.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    const later = writes.run(() => insert.run(99).changes);
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    expect(count()).toBe(0);
    await other.release();
    expect(await Promise.all([...first, later])).toEqual([1, 1, 1, 1, 1, 1]);
    expect(count()).toBe(6);
    reader.close();
    db.close();
  });
});
