export { actionHandler, type ActionHandlerOptions } from './handler.js';
export { memoryDedupeStore } from './memory-dedupe.js';
export { sqliteDedupeStore, type SqliteDedupeOptions, type ClosableDedupeStore } from './sqlite-dedupe.js';
export type { ActionContext, ActionFunction, ActionMap, TypedActionMap, DedupeStore, StoredOutcome } from './types.js';
