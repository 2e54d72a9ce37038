/**
 * Starts the shop's "Workflow error" workflows for a failed run. Queued in
 * the transaction that failed the run, so no failure is missed; the event's
 * idempotency key (the run id) keeps a retried job from starting them twice.
 * Each listening workflow has its own hourly limit; runs over it are
 * recorded as skipped, so the merchant sees what was held back.
 */
import type { Store } from '../../store/index.js';
import { acceptEvent } from '../accept.js';
import type { WorkflowDefinition } from '../definition.js';
import { WORKFLOW_ERROR } from './index.js';

export const DEFAULT_ERRORS_PER_HOUR = 60;

export async function fireWorkflowError(store: Store, runId: string, now: number): Promise<number> {
  const run = await store.getRun(runId);
  if (!run || (run.status !== 'failed' && run.status !== 'has_errors')) return 0;
  const workflow = await store.getWorkflow(run.workflowId);
  // An error workflow's own failures start nothing: one failing error workflow must not feed itself.
  if (!workflow || (workflow.triggerApp === 'switchboard' && workflow.triggerHandle === WORKFLOW_ERROR)) return 0;
  const decisions = new Map<number, boolean | string>();
  for (const listener of await store.listWorkflows(run.shopId)) {
    if (listener.triggerApp !== 'switchboard' || listener.triggerHandle !== WORKFLOW_ERROR) continue;
    if (!(await store.getWorkflowShopState(listener.id, run.shopId))?.enabled) continue;
    const definition = (await store.getWorkflowVersion(listener.id, listener.version))?.definition as WorkflowDefinition | undefined;
    const settings = definition?.trigger.errors ?? {};
    if (settings.workflow_ids && !settings.workflow_ids.includes(workflow.id)) {
      decisions.set(listener.id, false);
      continue;
    }
    const perHour = settings.max_per_hour ?? DEFAULT_ERRORS_PER_HOUR;
    const wait = await store.takeRateToken(`workflow_error:${listener.id}:${run.shopId}`, perHour / 3600, perHour, now);
    decisions.set(listener.id, wait === 0 ? true : `Not run: more than ${perHour} failures in an hour (this workflow's limit)`);
  }
  if (!decisions.size) return 0;
  const failedStep = (await store.listRunSteps(run.id)).filter((s) => s.status === 'failed').at(-1);
  const result = await acceptEvent(
    store,
    {
      shopId: run.shopId,
      source: 'switchboard',
      handle: WORKFLOW_ERROR,
      idempotency: { appId: 0, key: `workflow_error:${run.id}` },
      payload: {
        workflow: { id: workflow.id, name: workflow.name },
        run: { id: run.id, status: run.status, started_at: new Date(run.createdAt).toISOString(), url: `/runs/${run.id}` },
        error: { message: failedStep?.error ?? run.error ?? '', step_id: failedStep?.stepId ?? '' },
      },
    },
    now,
    { decide: (id) => decisions.get(id) ?? false },
  );
  return result.replayed ? 0 : result.runsStarted;
}
