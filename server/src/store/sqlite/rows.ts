/** Row <-> record mapping for the SQLite backend: JSON in TEXT columns, booleans as 0/1. */
import type { Job } from '../types.js';
import { rowMappers, type Row } from '../rows.js';

export { toJson } from '../rows.js';

export const { toShop, toApp, toInstall, toWorkflow, toWorkflowVersion, toWorkflowShopState, toEvent, toRun, toRunStep, toDelivery, toAttempt, toReplay } = rowMappers({
  json: (v) => (v === null || v === undefined ? undefined : JSON.parse(v as string)),
  bool: (v) => v === 1,
});

export const toJob = (r: Row): Job => ({
  id: String(r.id),
  kind: r.kind as Job['kind'],
  ref: r.ref as string,
  runAt: r.run_at as number,
  attempts: r.attempts as number,
});
