import type { Condition, GetDataResource, OutputShape, Step, WorkflowDefinition } from './definition.js';
import { compileCondition, type CompiledCondition } from './conditions.js';
import type { CompiledTemplate, TemplateEngine } from './liquid.js';

export type CompiledStep =
  | { id: string; type: 'condition'; condition: CompiledCondition; then: string; otherwise: string }
  | { id: string; type: 'action'; app: string; handle: string; fields: Array<[key: string, template: CompiledTemplate]> }
  | { id: string; type: 'wait'; ms: number }
  | { id: string; type: 'for_each'; list: string; body: string }
  | {
      id: string;
      type: 'get_data';
      resource: GetDataResource;
      query: CompiledTemplate;
      sort?: { key: string; reverse?: boolean };
      limit: number;
      operation: 'list' | 'count' | 'sum';
      sumField?: string;
    }
  | { id: string; type: 'run_code'; code: string; input: Array<[name: string, path: string]>; output: Record<string, OutputShape> }
  | { id: string; type: 'admin_api'; mutation: string; variables: CompiledTemplate }
  | { id: string; type: 'log'; message: CompiledTemplate };

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/**
 * A workflow version compiled once: conditions and Liquid templates are
 * parsed a single time and shared by every run of that version. Blocks are
 * the step sequences, keyed `root`, `<stepId>.then`, `<stepId>.otherwise`,
 * `<stepId>.each`,
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
        switch (step.type) {
          case 'condition':
            addBlock(`${step.id}.then`, step.then);
            addBlock(`${step.id}.otherwise`, step.otherwise);
            return {
              id: step.id,
              type: 'condition',
              condition: compileCondition(step.condition as Condition),
              then: `${step.id}.then`,
              otherwise: `${step.id}.otherwise`,
            };
          case 'action':
            apps.add(step.action.app);
            return {
              id: step.id,
              type: 'action',
              app: step.action.app,
              handle: step.action.handle,
              fields: Object.entries(step.fields).map(([k, src]) => [k, templates.compile(src)]),
            };
          case 'wait':
            return { id: step.id, type: 'wait', ms: step.duration.amount * UNIT_MS[step.duration.unit] };
          case 'for_each':
            addBlock(`${step.id}.each`, step.steps);
            return { id: step.id, type: 'for_each', list: step.list, body: `${step.id}.each` };
          case 'get_data':
            return {
              id: step.id,
              type: 'get_data',
              resource: step.resource,
              query: templates.compile(step.query),
              sort: step.sort,
              limit: step.limit ?? 100,
              operation: step.operation ?? 'list',
              sumField: step.sum_field,
            };
          case 'run_code':
            return { id: step.id, type: 'run_code', code: step.code, input: Object.entries(step.input), output: step.output };
          case 'admin_api':
            apps.add('shopify');
            return { id: step.id, type: 'admin_api', mutation: step.mutation, variables: templates.compile(step.variables) };
          case 'log':
            return { id: step.id, type: 'log', message: templates.compile(step.message) };
        }
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
