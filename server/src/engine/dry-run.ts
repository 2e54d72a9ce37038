/**
 * A run without side effects: conditions evaluated and every action's
 * request rendered exactly as it would be sent, nothing stored or sent.
 * Waits are noted and passed over; Get data reads (reading changes
 * nothing) and Run code runs (it is deterministic). The editor's "Test run"
 * and replay's dry run use it.
 */
import { now as clockNow } from '../clock.js';
import type { Catalog, ShopData } from './catalog.js';
import { getDataOutput, shownGetDataOutput, StepError } from './catalog.js';
import { compileWorkflow, type CompiledStep, type CompiledWorkflow } from './compile.js';
import type { WorkflowDefinition } from './definition.js';
import type { TemplateEngine } from './liquid.js';
import { runData } from './run-data.js';
import { coerceField } from './coerce.js';
import { readPath } from './data-schema.js';
import { ADMIN_API_ACTION, FOR_EACH_MAX_ITEMS } from './runner.js';
import { runCode } from './sandbox/index.js';

export interface DryRunStep {
  step_id: string;
  kind: 'condition' | 'action' | 'wait' | 'for_each' | 'get_data' | 'run_code' | 'log';
  result?: boolean;
  checks?: unknown[];
  handle?: string;
  app?: string;
  properties?: Record<string, unknown>;
  request?: { url: string; body: unknown };
  /** For steps inside a For each: the item's position. */
  index?: number;
  output?: unknown;
  error?: string;
}

export interface DryRunDeps {
  catalog: Catalog;
  templates: TemplateEngine;
  shop: { id: number; domain: string; name: string };
  now?: Date;
  shopData?: ShopData;
  /** The stored event, for a replay's dry run (its id and time as the real run sees them). */
  event?: { id: string; receivedAt: number };
}

export async function dryRun(definition: WorkflowDefinition | CompiledWorkflow, payload: unknown, deps: DryRunDeps): Promise<{ steps: DryRunStep[] }> {
  const compiled = 'blocks' in definition ? definition : compileWorkflow(definition, deps.templates);
  const now = deps.now ?? new Date(clockNow());
  const outputs: Record<string, unknown> = {};
  const data = runData({ payload, shop: deps.shop, event: deps.event ?? { id: 'test', receivedAt: now.getTime() }, outputs });
  const steps: DryRunStep[] = [];
  let index: number | undefined;

  const push = (step: DryRunStep): void => {
    steps.push(index === undefined ? step : { ...step, index });
  };

  /** False when the run would stop here. */
  const walk = async (block: string): Promise<boolean> => {
    for (const step of compiled.blocks.get(block) ?? []) {
      if (!(await visit(step))) return false;
    }
    return true;
  };

  const visit = async (step: CompiledStep): Promise<boolean> => {
    switch (step.type) {
      case 'condition': {
        const outcome = step.condition.evaluate(data, now);
        push({ step_id: step.id, kind: 'condition', result: outcome.result, checks: outcome.checks });
        return walk(outcome.result ? step.then : step.otherwise);
      }
      case 'action':
        return renderAction(step.id, step.app, step.handle, async (types) => {
          const properties: Record<string, unknown> = {};
          for (const [key, template] of step.fields) properties[key] = coerceField(await deps.templates.render(template, data), types.get(key));
          return properties;
        });
      case 'admin_api':
        return renderAction(step.id, 'shopify', ADMIN_API_ACTION, async () => ({ mutation: step.mutation, variables: await deps.templates.render(step.variables, data) }));
      case 'wait':
        push({ step_id: step.id, kind: 'wait', output: { would_wait_ms: step.ms } });
        return true;
      case 'log':
        try {
          push({ step_id: step.id, kind: 'log', output: { message: await deps.templates.render(step.message, data) } });
          return true;
        } catch (err) {
          push({ step_id: step.id, kind: 'log', error: (err as Error).message });
          return false;
        }
      case 'for_each': {
        const list = readPath(data, step.list);
        if (!Array.isArray(list) || list.length > FOR_EACH_MAX_ITEMS) {
          push({ step_id: step.id, kind: 'for_each', error: Array.isArray(list) ? `more than ${FOR_EACH_MAX_ITEMS} items` : `"${step.list}" is not a list` });
          return false;
        }
        push({ step_id: step.id, kind: 'for_each', output: { items: list.length } });
        const outer = { item: data.item, index: data.index, at: index };
        for (const [i, item] of list.entries()) {
          data.item = item;
          data.index = i;
          index = i;
          // As in a real run, a failure inside one item does not stop the others.
          await walk(step.body);
        }
        Object.assign(data, { item: outer.item, index: outer.index });
        index = outer.at;
        return true;
      }
      case 'get_data': {
        if (!deps.shopData) {
          push({ step_id: step.id, kind: 'get_data', error: 'Get data needs Switchboard to be connected to Shopify' });
          return false;
        }
        try {
          const query = (await deps.templates.render(step.query, data)).trim();
          const result = await deps.shopData.getData(deps.shop, { resource: step.resource, query, sort: step.sort, limit: step.limit, operation: step.operation, sumField: step.sumField });
          const output = getDataOutput(step.operation, result);
          outputs[step.id] = output;
          push({ step_id: step.id, kind: 'get_data', output: shownGetDataOutput(output) });
          return true;
        } catch (err) {
          push({ step_id: step.id, kind: 'get_data', error: err instanceof StepError ? err.message : (err as Error).message });
          return false;
        }
      }
      case 'run_code': {
        const input: Record<string, unknown> = {};
        for (const [name, path] of step.input) input[name] = readPath(data, path) ?? null;
        const result = await runCode(step.code, input, { output: step.output });
        if (!result.ok) {
          push({ step_id: step.id, kind: 'run_code', output: { logs: result.logs }, error: result.error });
          return false;
        }
        outputs[step.id] = result.value;
        push({ step_id: step.id, kind: 'run_code', output: { value: result.value, logs: result.logs } });
        return true;
      }
    }
  };

  const renderAction = async (
    stepId: string,
    app: string,
    handle: string,
    render: (types: Map<string, import('@switchboard/sdk/manifest').ManifestField>) => Promise<Record<string, unknown>>,
  ): Promise<boolean> => {
    const target = await deps.catalog.action(app, handle);
    if (!target) {
      push({ step_id: stepId, kind: 'action', app, handle, error: `unknown action "${handle}"` });
      return false;
    }
    let properties: Record<string, unknown>;
    try {
      properties = await render(new Map(target.extension.fields.map((f) => [f.payloadKey, f])));
    } catch (err) {
      push({ step_id: stepId, kind: 'action', app, handle, error: (err as Error).message });
      return false;
    }
    const body = target.execute
      ? { properties }
      : { shop_id: deps.shop.id, shopify_domain: deps.shop.domain, action_run_id: '(assigned when sent)', action_definition_id: handle, handle, properties };
    push({ step_id: stepId, kind: 'action', app, handle, properties, request: { url: target.execute ? `builtin:${app}/${handle}` : target.runtimeUrl, body } });
    // Later steps may read this action's return value; a dry run has none.
    outputs[stepId] = {};
    return true;
  };

  await walk('root');
  return { steps };
}
