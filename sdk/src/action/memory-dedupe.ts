import type { DedupeStore, StoredOutcome } from './types.js';

/**
 * A `DedupeStore` in process memory, holding the `max` most recently used
 * outcomes (default 10,000). Lost on restart and not shared between
 * processes: use `sqliteDedupeStore` or your database for that.
 */
export function memoryDedupeStore(options: { max?: number } = {}): DedupeStore {
  const max = Math.max(1, options.max ?? 10_000);
  const outcomes = new Map<string, StoredOutcome>();
  return {
    async get(actionRunId) {
      const outcome = outcomes.get(actionRunId);
      if (outcome !== undefined) {
        // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
        outcomes.delete(actionRunId);
        outcomes.set(actionRunId, outcome);
      }
      return outcome;
    },
    async set(actionRunId, outcome) {
      outcomes.delete(actionRunId);
      outcomes.set(actionRunId, outcome);
      while (outcomes.size > max) {
        const oldest = outcomes.keys().next();
        if (oldest.done) break;
        outcomes.delete(oldest.value);
      }
    },
  };
}
