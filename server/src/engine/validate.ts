import type { ActionExtension } from '@switchboard/sdk/manifest';
import type { Catalog } from './catalog.js';
import type { ActionStep, DataSchema, DefinitionProblem, Step, WorkflowDefinition } from './definition.js';
import { parseDefinition } from './definition-schema.js';
import { checkCondition } from './conditions.js';
import { runSchema } from './run-data.js';
import type { TemplateEngine } from './liquid.js';
import type { RemoteValidator } from './remote-validation.js';

export interface ValidationResult {
  definition?: WorkflowDefinition;
  problems: DefinitionProblem[];
}

/**
 * Everything checked when a workflow is saved (and when a connector deploys a
 * change that enabled workflows depend on): structure, that the trigger and
 * actions exist and are installed, conditions typed against the trigger's
 * fields, action fields present and their Liquid valid with known variables.
 */
export async function validateWorkflow(
  input: unknown,
  deps: { catalog: Catalog; templates: TemplateEngine; shopId: number; remote?: RemoteValidator },
): Promise<ValidationResult> {
  const parsed = parseDefinition(input);
  if (!parsed.definition) return parsed;
  const def = parsed.definition;
  const problems: DefinitionProblem[] = [];

  const trigger = await deps.catalog.trigger(def.trigger.app, def.trigger.handle);
  if (!trigger) {
    problems.push({ path: 'trigger', message: `unknown trigger "${def.trigger.handle}" of app "${def.trigger.app}"` });
    return { problems };
  }
  if (!(await deps.catalog.isInstalled(def.trigger.app, deps.shopId))) {
    problems.push({ path: 'trigger.app', message: `${trigger.appName} is not installed in this shop: install it before using its trigger` });
  }
  const schema = runSchema(trigger.extension.fields, trigger.schema);

  const ids = new Set<string>();
  const walk = async (steps: Step[], path: string): Promise<void> => {
    for (const [i, step] of steps.entries()) {
      const at = `${path}[${i}]`;
      if (ids.has(step.id)) problems.push({ path: `${at}.id`, message: `step id "${step.id}" is used twice` });
      ids.add(step.id);
      if (step.type === 'condition') {
        problems.push(...checkCondition(step.condition, schema, `${at}.condition`));
        await walk(step.then, `${at}.then`);
        await walk(step.otherwise, `${at}.otherwise`);
      } else if (step.type === 'action') {
        problems.push(...(await checkAction(step, at, schema, deps)));
      }
    }
  };
  await walk(def.steps, 'steps');
  return problems.length ? { problems } : { definition: def, problems };
}

async function checkAction(
  step: ActionStep,
  at: string,
  schema: DataSchema,
  deps: { catalog: Catalog; templates: TemplateEngine; shopId: number; remote?: RemoteValidator },
): Promise<DefinitionProblem[]> {
  const problems: DefinitionProblem[] = [];
  const target = await deps.catalog.action(step.action.app, step.action.handle);
  if (!target) {
    return [{ path: `${at}.action`, message: `unknown action "${step.action.handle}" of app "${step.action.app}"` }];
  }
  if (!(await deps.catalog.isInstalled(step.action.app, deps.shopId))) {
    problems.push({ path: `${at}.action.app`, message: `${target.appName} is not installed in this shop: install it before using its actions` });
  }
  problems.push(...checkActionFields(target.extension, step.fields, `${at}.fields`, schema, deps.templates));
  // The app is asked only about settings that pass our own checks.
  if (!problems.length && deps.remote) problems.push(...(await deps.remote(target, step, at)));
  return problems;
}

export function checkActionFields(
  ext: ActionExtension,
  fields: Record<string, string>,
  at: string,
  schema: DataSchema,
  templates: TemplateEngine,
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const declared = new Map(ext.fields.map((f) => [f.payloadKey, f]));
  for (const key of Object.keys(fields)) {
    if (!declared.has(key)) {
      const known = [...declared.keys()].join(', ') || 'none';
      problems.push({ path: `${at}["${key}"]`, message: `action "${ext.handle}" has no field "${key}" (its fields: ${known})` });
    }
  }
  for (const field of ext.fields) {
    const source = fields[field.payloadKey];
    if (source === undefined || source.trim() === '') {
      if (field.required) problems.push({ path: `${at}["${field.payloadKey}"]`, message: `"${field.name ?? field.payloadKey}" is required` });
      continue;
    }
    problems.push(...templates.check(source, schema, `${at}["${field.payloadKey}"]`));
  }
  return problems;
}
