/**
 * Moving runs that wait on a Wait step to the workflow's newest version. A
 * run's position is a stack of frames naming blocks by step id, so it maps
 * onto the new version when every block it is in still exists there and
 * the step just behind each position is the same step; otherwise the run
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
  const target = compileWorkflow(newest.definition as WorkflowDefinition, templates);
  const older = new Map<number, CompiledWorkflow>();
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
      if (!from) {
        const v = await store.getWorkflowVersion(workflow.id, run.workflowVersion);
        if (!v) continue;
        from = compileWorkflow(v.definition as WorkflowDefinition, templates);
        older.set(run.workflowVersion, from);
      }
      const state = run.state as RunState | undefined;
      if (state && samePosition(state, from, target) && (await store.moveWaitingRun(run.id, run.workflowVersion, workflow.version, state))) moved++;
      else kept++;
    }
  }
  return { moved, kept };
}

function samePosition(state: RunState, from: CompiledWorkflow, to: CompiledWorkflow): boolean {
  return state.frames.every((frame) => {
    const a = from.blocks.get(frame.block);
    const b = to.blocks.get(frame.block);
    if (!a || !b || frame.index > b.length) return false;
    return frame.index === 0 || a[frame.index - 1]?.id === b[frame.index - 1]?.id;
  });
}
