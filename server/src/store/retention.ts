/**
 * What history pruning may delete, shared by both backends: a run is history
 * once it is finished; it is kept while one of its deliveries is still on
 * its way (sending, or waiting for a retry or an app's completion).
 */
import type { Millis, PruneResult } from './types.js';

export const FINISHED_RUN_STATUSES = ['succeeded', 'succeeded_no_actions', 'has_errors', 'failed', 'skipped', 'cancelled'] as const;
export const PENDING_DELIVERY_STATUSES = ['sending', 'waiting'] as const;

/** The statuses as an SQL list, e.g. `'a', 'b'` (fixed words, never input). */
export const sqlList = (words: readonly string[]): string => words.map((w) => `'${w}'`).join(', ');

export function checkPruneArgs(before: Millis, batchSize: number): void {
  if (!Number.isFinite(before)) throw new Error(`pruneHistory: before must be a time in milliseconds, got ${before}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`pruneHistory: batchSize must be a whole number of at least 1, got ${batchSize}`);
}

export const nothingPruned = (): PruneResult => ({ runs: 0, events: 0, deliveries: 0, attempts: 0, steps: 0, idempotencyKeys: 0, webhookReceipts: 0 });
