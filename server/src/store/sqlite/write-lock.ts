/**
 * One writer at a time among the threads of this process that open the same
 * SQLite file (the HTTP thread and the worker thread, each on its own
 * connection). SQLite would serialise them too, but its busy handler sleeps
 * 1, 2, 5... ms between tries while a write transaction here lasts a fraction
 * of that; a futex (Atomics.wait/notify) hands the lock over at once.
 * Other processes on the file still meet SQLite's own lock and busy_timeout.
 */
const FREE = 0;
const HELD = 1;

export class WriteLock {
  private readonly cell: Int32Array;
  /** How deep this thread is in the lock (a write inside a write takes it once). */
  private depth = 0;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.cell = new Int32Array(buffer);
  }

  /** Runs `work` holding the lock, waiting for it first if another thread holds it. */
  hold<T>(work: () => T): T {
    if (this.depth === 0) {
      while (Atomics.compareExchange(this.cell, 0, FREE, HELD) !== FREE) Atomics.wait(this.cell, 0, HELD, 50);
    }
    return this.held(work);
  }

  /** Runs `work` if the lock is free (or this thread holds it); false, without waiting, if another thread holds it. */
  tryHold(work: () => void): boolean {
    if (this.depth === 0 && Atomics.compareExchange(this.cell, 0, FREE, HELD) !== FREE) return false;
    this.held(work);
    return true;
  }

  private held<T>(work: () => T): T {
    this.depth++;
    try {
      return work();
    } finally {
      if (--this.depth === 0) {
        Atomics.store(this.cell, 0, FREE);
        Atomics.notify(this.cell, 0, 1);
      }
    }
  }
}

/** Per database file, the lock's shared memory, so another thread of this process can take the same lock. */
const byFile = new Map<string, SharedArrayBuffer>();

export function writeLockFor(file: string): WriteLock {
  if (file === ':memory:') return new WriteLock();
  let buffer = byFile.get(file);
  if (!buffer) byFile.set(file, (buffer = new SharedArrayBuffer(4)));
  return new WriteLock(buffer);
}

/** This thread's locks, to hand to a new thread (see adoptSqliteWriteLocks). */
export const sqliteWriteLocks = (): Array<[string, SharedArrayBuffer]> => [...byFile];

/** In a new thread, before it opens its stores: share the locks of the thread that started it. */
export function adoptSqliteWriteLocks(locks: Array<[string, SharedArrayBuffer]>): void {
  for (const [file, buffer] of locks) byFile.set(file, buffer);
}
