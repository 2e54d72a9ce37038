import type { ActionExtension } from '@switchboard/sdk/manifest';
import type { Catalog } from './catalog.js';
import type { ActionStep, DataSchema, DefinitionProblem, Step, VarType, WorkflowDefinition } from './definition.js';
import type { ShopData } from './catalog.js';
import { describeType, lookupPath, parsePath } from './data-schema.js';
import { checkCode, checkOutputShape, outputSchema } from './sandbox/index.js';
import { checkSchedule } from './schedule/index.js';
import { SCHEDULED_TIME, WORKFLOW_ERROR } from './triggers/index.js';
import { ADMIN_API_ACTION } from './runner.js';

/** The longest Wait. */
export const MAX_WAIT_DAYS = 90;
const UNIT_DAYS = { minutes: 1 / 1440, hours: 1 / 24, days: 1 } as const;

type Deps = { catalog: Catalog; templates: TemplateEngine; shopId: number; remote?: RemoteValidator; shopData?: ShopData };
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
  deps: Deps,
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
  problems.push(...checkTriggerSettings(def));
  const schema = runSchema(trigger.extension.fields, trigger.schema);

  const ids = new Set<string>();
  // `steps.<id>` is typed by the steps met so far: a later step's output, or a typo, is an unknown variable.
  const outputs: Record<string, VarType> = {};
  const walk = async (steps: Step[], path: string, outer: DataSchema): Promise<void> => {
    for (const [i, step] of steps.entries()) {
      const at = `${path}[${i}]`;
      const schema: DataSchema = { ...outer, steps: { kind: 'object', fields: { ...outputs } } };
      if (ids.has(step.id)) problems.push({ path: `${at}.id`, message: `step id "${step.id}" is used twice` });
      ids.add(step.id);
      switch (step.type) {
        case 'condition':
          problems.push(...checkCondition(step.condition, schema, `${at}.condition`));
          await walk(step.then, `${at}.then`, outer);
          await walk(step.otherwise, `${at}.otherwise`, outer);
          break;
        case 'action':
          problems.push(...(await checkAction(step, at, schema, deps)));
          break;
        case 'wait': {
          const days = step.duration.amount * UNIT_DAYS[step.duration.unit];
          if (days > MAX_WAIT_DAYS) {
            const { amount, unit } = step.duration;
            // In the step's own unit, so 2,161 hours never reads as "90 days".
            const inDays = unit === 'days' ? '' : ` (${days.toFixed(2)} days)`;
            problems.push({ path: `${at}.duration`, message: `a Wait is at most ${MAX_WAIT_DAYS} days; this one is ${amount.toLocaleString('en-US')} ${unit}${inDays}` });
          }
          break;
        }
        case 'for_each': {
          const listType = checkVariable(step.list, schema, `${at}.list`, problems);
          if (listType && listType.kind !== 'list' && listType.kind !== 'any') {
            problems.push({ path: `${at}.list`, message: `For each needs a list, but "${step.list}" is ${describeType(listType)}` });
          }
          const item = listType?.kind === 'list' ? listType.of : { kind: 'any' as const };
          await walk(step.steps, `${at}.steps`, { ...outer, item, index: { kind: 'number', integer: true } });
          break;
        }
        case 'get_data':
          problems.push(...checkGetData(step, at, schema, deps));
          break;
        case 'run_code': {
          problems.push(...checkCode(step.code).map((message) => ({ path: `${at}.code`, message })));
          // Its messages start with the path inside the declaration (`output.total: ...`).
          for (const message of checkOutputShape(step.output)) {
            const i = message.indexOf(': ');
            problems.push(i > 0 ? { path: `${at}.${message.slice(0, i)}`, message: message.slice(i + 2) } : { path: `${at}.output`, message });
          }
          for (const [name, variable] of Object.entries(step.input)) checkVariable(variable, schema, `${at}.input.${name}`, problems);
          break;
        }
        case 'admin_api': {
          const target = await deps.catalog.action('shopify', ADMIN_API_ACTION);
          if (!target) {
            problems.push({ path: at, message: 'Send Admin API request needs Switchboard to be connected to Shopify' });
            break;
          }
          problems.push(...(target.check?.({ mutation: step.mutation }) ?? []).map((message) => ({ path: `${at}.mutation`, message })));
          problems.push(...deps.templates.check(step.variables, schema, `${at}.variables`));
          break;
        }
        case 'log':
          problems.push(...deps.templates.check(step.message, schema, `${at}.message`));
          break;
      }
      const output = outputType(step);
      if (output) outputs[step.id] = output;
    }
  };
  await walk(def.steps, 'steps', schema);
  return problems.length ? { problems } : { definition: def, problems };
}

/** The type of what a step leaves in `steps.<id>`, when it leaves something. */
function outputType(step: Step): VarType | undefined {
  const INT = { kind: 'number', integer: true } as const;
  switch (step.type) {
    case 'run_code':
      return checkOutputShape(step.output).length ? { kind: 'any' } : outputSchema(step.output);
    case 'get_data':
      return { kind: 'object', fields: { items: { kind: 'list', of: { kind: 'any' } }, count: INT, sum: { kind: 'number' } } };
    case 'action':
    case 'admin_api':
      // An app's return value (or the Admin API's data) has no declared shape.
      return { kind: 'any' };
    default:
      return undefined;
  }
}

function checkTriggerSettings(def: WorkflowDefinition): DefinitionProblem[] {
  const { trigger } = def;
  const own = trigger.app === 'switchboard';
  const problems: DefinitionProblem[] = [];
  if (own && trigger.handle === SCHEDULED_TIME) {
    if (!trigger.schedule) problems.push({ path: 'trigger.schedule', message: 'a scheduled workflow needs a schedule: a start date and time and how often it repeats' });
    else problems.push(...checkSchedule(trigger.schedule, 'trigger.schedule'));
  } else if (trigger.schedule) {
    problems.push({ path: 'trigger.schedule', message: 'only the Scheduled time trigger takes a schedule' });
  }
  if (trigger.errors && !(own && trigger.handle === WORKFLOW_ERROR)) {
    problems.push({ path: 'trigger.errors', message: 'only the Workflow error trigger takes error settings' });
  }
  return problems;
}

/** Checks that a variable path exists in the schema; its type, or undefined (with a problem). */
function checkVariable(path: string, schema: DataSchema, at: string, problems: DefinitionProblem[]) {
  if (!parsePath(path)) {
    problems.push({ path: at, message: `"${path}" is not a variable path (e.g. order.lineItems)` });
    return undefined;
  }
  const type = lookupPath(schema, path);
  if (!type) problems.push({ path: at, message: `unknown variable "${path}"` });
  return type;
}

function checkGetData(step: Extract<Step, { type: 'get_data' }>, at: string, schema: DataSchema, deps: Deps): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const operation = step.operation ?? 'list';
  if (operation === 'sum' && !step.sum_field) problems.push({ path: `${at}.sum_field`, message: 'Sum needs the field to add up, e.g. totalPriceSet.shopMoney.amount' });
  if (operation !== 'sum' && step.sum_field) problems.push({ path: `${at}.sum_field`, message: 'only Sum takes a field to add up' });
  const liquid = deps.templates.check(step.query, schema, `${at}.query`);
  problems.push(...liquid);
  if (!deps.shopData) {
    problems.push({ path: at, message: 'Get data needs Switchboard to be connected to Shopify' });
  } else if (!liquid.length) {
    // A query with Liquid in it is checked once rendered, at run time; a plain one now.
    const plain = !/{{|{%/.test(step.query);
    const found = deps.shopData.checkQuery(step.resource, plain ? step.query : '', step.sort);
    problems.push(...found.map((message) => ({ path: `${at}.${/sort/i.test(message) && step.sort ? 'sort' : 'query'}`, message })));
    if (operation === 'sum' && step.sum_field) {
      problems.push(...(deps.shopData.checkSumField?.(step.resource, step.sum_field) ?? []).map((message) => ({ path: `${at}.sum_field`, message })));
    }
  }
  return problems;
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
