import type Database from 'better-sqlite3';
import type { WriteLock } from './write-lock.js';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive in the same turn of the event loop share
 * one transaction. A write's promise settles only after the commit: a caller
 * that answers "accepted" after awaiting it never answers for unstored data.
 * One commit (one WAL append) for many writes is where SQLite's time goes.
 *
 * A batch first runs as plain statements; if any write throws, the whole
 * transaction rolls back and the batch runs again with each write in its own
 * savepoint, so the failing one rolls back alone. Failures are rare, and the
 * two statements a savepoint costs per write are not.
 *
 * Transactions begin IMMEDIATE (the write lock first): another connection's
 * commit between a batch's first read and its first write cannot fail it.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;

  /**
   * `yieldLock`: when another thread of this process is writing, come back
   * on the next turn of the event loop (the batch grows meanwhile) rather
   * than block this thread; for the worker thread, so that the thread
   * answering HTTP never waits behind it for long and it keeps working.
   * Its batches are smaller for the same reason: the lock is held shorter.
   */
  constructor(
    private readonly db: Database.Database,
    private readonly lock: WriteLock,
    private readonly yieldLock = false,
    private readonly maxBatch = yieldLock ? 64 : 256,
  ) {}

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue.slice(0, this.maxBatch);
    if (this.yieldLock) {
      if (!this.lock.tryHold(() => this.commit(batch))) {
        this.scheduled = true;
        setImmediate(() => this.flush());
        return;
      }
    } else {
      this.lock.hold(() => this.commit(batch));
    }
    this.queue.splice(0, batch.length);
    if (this.queue.length && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private commit(batch: Pending[]): void {
    if (batch.length === 1) {
      // Alone, its own transaction: a failure rolls back only this write.
      const item = batch[0]!;
      try {
        item.resolve(this.db.transaction(item.work).immediate());
      } catch (error) {
        item.reject(error);
      }
      return;
    }
    const values = this.optimistic(batch);
    if (values) {
      batch.forEach((item, i) => item.resolve(values[i]));
      return;
    }
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.db.transaction(() => {
        for (const item of batch) {
          try {
            // A nested better-sqlite3 transaction is a savepoint.
            outcomes.push({ ok: true, value: this.db.transaction(item.work)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      }).immediate();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const o = outcomes[i]!;
      if (o.ok) item.resolve(o.value);
      else item.reject(o.error);
    });
  }

  /** The batch in one transaction without savepoints: its values, or undefined if anything threw (all rolled back). */
  private optimistic(batch: Pending[]): unknown[] | undefined {
    const values: unknown[] = [];
    try {
      this.db.transaction(() => {
        for (const item of batch) values.push(item.work());
      }).immediate();
      return values;
    } catch {
      return undefined;
    }
  }
}
