/**
 * Moving runs that wait on a Wait step to the workflow's newest version. A
 * run's position is a stack of frames naming blocks by step id, so it maps
 * onto the new version when every block it is in still exists there with
 * the same steps up to its position, and the new version listens to the
 * same trigger (the run's data is that trigger's event); otherwise the run
 * stays on the version it started on (counted as kept).
 */
import type { Store, Workflow } from '../store/index.js';
import { compileWorkflow, type CompiledWorkflow } from './compile.js';
import type { WorkflowDefinition } from './definition.js';
import type { TemplateEngine } from './liquid.js';
import type { RunState } from './runner.js';

export async function moveWaitingRuns(store: Store, templates: TemplateEngine, workflow: Workflow, shopId: number): Promise<{ moved: number; kept: number }> {
  const newest = await store.getWorkflowVersion(workflow.id, workflow.version);
  if (!newest) return { moved: 0, kept: 0 };
  const newestDefinition = newest.definition as WorkflowDefinition;
  const target = compileWorkflow(newestDefinition, templates);
  const older = new Map<number, CompiledWorkflow | null>();
  let moved = 0;
  let kept = 0;
  let before: string | undefined;
  for (;;) {
    const page = await store.listRuns({ shopId, workflowId: workflow.id, waiting: true, limit: 500, before });
    if (!page.length) break;
    before = page.at(-1)!.id;
    for (const run of page) {
      if (run.workflowVersion === workflow.version) continue;
      let from = older.get(run.workflowVersion);
      if (from === undefined) {
        const v = await store.getWorkflowVersion(workflow.id, run.workflowVersion);
        if (!v) continue;
        const definition = v.definition as WorkflowDefinition;
        // A version on another trigger cannot take these runs: their later steps would read another event's fields.
        from = sameTrigger(definition, newestDefinition) ? compileWorkflow(definition, templates) : null;
        older.set(run.workflowVersion, from);
      }
      const state = run.state as RunState | undefined;
      if (from && state && samePosition(state, from, target) && (await store.moveWaitingRun(run.id, run.workflowVersion, workflow.version, state))) moved++;
      else kept++;
    }
  }
  return { moved, kept };
}

function sameTrigger(a: WorkflowDefinition, b: WorkflowDefinition): boolean {
  return a.trigger.app === b.trigger.app && a.trigger.handle === b.trigger.handle;
}

/**
 * Every step the run has passed in each of its blocks is, in the same order,
 * the same step in the new version: later steps may read their outputs, so a
 * step added before the position (never run) keeps the run where it is.
 */
function samePosition(state: RunState, from: CompiledWorkflow, to: CompiledWorkflow): boolean {
  return state.frames.every((frame) => {
    const a = from.blocks.get(frame.block);
    const b = to.blocks.get(frame.block);
    if (!a || !b || frame.index > b.length) return false;
    for (let i = 0; i < frame.index; i++) if (a[i]?.id !== b[i]?.id) return false;
    return true;
  });
}
