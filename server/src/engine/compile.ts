import type { Condition, Step, WorkflowDefinition } from './definition.js';
import { compileCondition, type CompiledCondition } from './conditions.js';
import type { CompiledTemplate, TemplateEngine } from './liquid.js';

export type CompiledStep =
  | { id: string; type: 'condition'; condition: CompiledCondition; then: string; otherwise: string }
  | { id: string; type: 'action'; app: string; handle: string; fields: Array<[key: string, template: CompiledTemplate]> };

/**
 * A workflow version compiled once: conditions and Liquid templates are
 * parsed a single time and shared by every run of that version. Blocks are
 * the step sequences, keyed `root`, `<stepId>.then`, `<stepId>.otherwise`,
 * which is how a run's stored position refers to them.
 */
export interface CompiledWorkflow {
  definition: WorkflowDefinition;
  blocks: Map<string, CompiledStep[]>;
  /** Every app the workflow uses (trigger and actions). */
  apps: Set<string>;
  /** Set for organization workflows, which run only in shops where all their apps are installed. */
  organizationId?: number;
}

export function compileWorkflow(definition: WorkflowDefinition, templates: TemplateEngine): CompiledWorkflow {
  const blocks = new Map<string, CompiledStep[]>();
  const apps = new Set<string>([definition.trigger.app]);
  const addBlock = (key: string, steps: Step[]): void => {
    blocks.set(
      key,
      steps.map((step): CompiledStep => {
        if (step.type === 'condition') {
          addBlock(`${step.id}.then`, step.then);
          addBlock(`${step.id}.otherwise`, step.otherwise);
          return {
            id: step.id,
            type: 'condition',
            condition: compileCondition(step.condition as Condition),
            then: `${step.id}.then`,
            otherwise: `${step.id}.otherwise`,
          };
        }
        apps.add(step.action.app);
        return {
          id: step.id,
          type: 'action',
          app: step.action.app,
          handle: step.action.handle,
          fields: Object.entries(step.fields).map(([k, src]) => [k, templates.compile(src)]),
        };
      }),
    );
  };
  addBlock('root', definition.steps);
  return { definition, blocks, apps };
}

/** A small LRU of compiled versions; versions never change, so entries never go stale. */
export class CompiledCache {
  private readonly entries = new Map<string, CompiledWorkflow>();
  constructor(private readonly max = 5_000) {}

  get(key: string): CompiledWorkflow | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: CompiledWorkflow): void {
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}
