import type { PruneResult, Store } from '../store/index.js';
import type { Logger } from './runner.js';

export interface RetentionOptions {
  /** Run and delivery history older than this many days is deleted; 0 keeps it forever. */
  days: number;
  /** Time between passes. */
  intervalMs: number;
  /** Rows of each table deleted per batch (one short transaction). */
  batchSize: number;
  /** When the first pass starts; later passes follow every intervalMs. */
  firstPassAfterMs: number;
}

const DAY = 24 * 3600_000;

const nothing = (): PruneResult => ({ runs: 0, events: 0, deliveries: 0, attempts: 0, steps: 0, idempotencyKeys: 0, webhookReceipts: 0 });

/**
 * Deletes history older than the retention period, in worker processes: a
 * pass every intervalMs, each a series of small batches with a turn of the
 * event loop between them, so runs and deliveries in this process keep
 * flowing. Several processes pruning at once is harmless: the store's
 * batches never take the same rows twice.
 */
export class HistoryPruner {
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;
  private running = false;
  private stopping = false;

  constructor(
    private readonly store: Store,
    private readonly options: RetentionOptions,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** False with a retention of 0 days: nothing is ever pruned. */
  get enabled(): boolean {
    return this.options.days > 0;
  }

  start(): void {
    if (!this.enabled || this.running) return;
    this.running = true;
    this.stopping = false;
    this.schedule(this.options.firstPassAfterMs);
  }

  /** Stops the timer; a pass under way ends after its current batch. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  /** One pass: batches until one deletes fewer than batchSize rows of every table. */
  async prune(): Promise<PruneResult> {
    const total = nothing();
    if (!this.enabled) return total;
    const before = this.now() - this.options.days * DAY;
    const size = this.options.batchSize;
    for (;;) {
      const batch = await this.store.pruneHistory(before, size);
      for (const key of Object.keys(total) as Array<keyof PruneResult>) total[key] += batch[key];
      if (Object.values(batch).every((n) => n < size) || this.stopping) break;
      // A full turn of the event loop (not just a microtask): requests and deliveries go first.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (Object.values(total).some((n) => n > 0)) {
      this.log.info({ pruned: total, before: new Date(before).toISOString() }, 'history older than the retention period pruned');
    }
    return total;
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.pass = this.prune()
        .then(
          () => undefined,
          (err: unknown) => this.log.error({ err }, 'pruning history failed; it is tried again at the next pass'),
        )
        .finally(() => {
          this.pass = undefined;
          if (this.running) this.schedule(this.options.intervalMs);
        });
    }, delay);
    // The pruner never keeps a process alive on its own.
    this.timer.unref?.();
  }
}
