/**
 * A run without side effects: conditions evaluated and every action's
 * request rendered exactly as it would be sent, nothing stored or sent.
 * The editor's "Test run" uses it (and replay's dry run will).
 */
import type { Catalog } from './catalog.js';
import { compileWorkflow, type CompiledStep } from './compile.js';
import type { WorkflowDefinition } from './definition.js';
import type { TemplateEngine } from './liquid.js';
import { runData } from './run-data.js';
import { coerceField } from './coerce.js';

export interface DryRunStep {
  step_id: string;
  kind: 'condition' | 'action';
  result?: boolean;
  checks?: unknown[];
  handle?: string;
  app?: string;
  properties?: Record<string, unknown>;
  request?: { url: string; body: unknown };
  error?: string;
}

export async function dryRun(
  definition: WorkflowDefinition,
  payload: unknown,
  deps: { catalog: Catalog; templates: TemplateEngine; shop: { id: number; domain: string; name: string }; now?: Date },
): Promise<{ steps: DryRunStep[] }> {
  const compiled = compileWorkflow(definition, deps.templates);
  const now = deps.now ?? new Date();
  const outputs: Record<string, unknown> = {};
  const data = runData({ payload, shop: deps.shop, event: { id: 'test', receivedAt: now.getTime() }, outputs });
  const steps: DryRunStep[] = [];

  const walk = async (block: string): Promise<boolean> => {
    for (const step of compiled.blocks.get(block) ?? []) {
      if (step.type === 'condition') {
        const outcome = step.condition.evaluate(data, now);
        steps.push({ step_id: step.id, kind: 'condition', result: outcome.result, checks: outcome.checks });
        if (!(await walk(outcome.result ? step.then : step.otherwise))) return false;
      } else if (step.type === 'action' && !(await renderAction(step))) {
        return false;
      }
    }
    return true;
  };

  const renderAction = async (step: Extract<CompiledStep, { type: 'action' }>): Promise<boolean> => {
    const target = await deps.catalog.action(step.app, step.handle);
    if (!target) {
      steps.push({ step_id: step.id, kind: 'action', app: step.app, handle: step.handle, error: `unknown action "${step.handle}"` });
      return false;
    }
    const properties: Record<string, unknown> = {};
    try {
      const types = new Map(target.extension.fields.map((f) => [f.payloadKey, f]));
      for (const [key, template] of step.fields) properties[key] = coerceField(await deps.templates.render(template, data), types.get(key));
    } catch (err) {
      steps.push({ step_id: step.id, kind: 'action', app: step.app, handle: step.handle, error: (err as Error).message });
      return false;
    }
    const body = target.execute
      ? { properties }
      : { shop_id: deps.shop.id, shopify_domain: deps.shop.domain, action_run_id: '(assigned when sent)', action_definition_id: step.handle, handle: step.handle, properties };
    steps.push({ step_id: step.id, kind: 'action', app: step.app, handle: step.handle, properties, request: { url: target.execute ? `builtin:${step.app}/${step.handle}` : target.runtimeUrl, body } });
    // Later steps may read this action's return value; a test run has none.
    outputs[step.id] = {};
    return true;
  };

  await walk('root');
  return { steps };
}
