/**
 * The shape of a workflow as merchants build it and the admin API accepts it:
 * a trigger and a tree of steps. One definition, shared by the engine, the
 * admin API and (later) the admin UI.
 */

/** Where a trigger or an action comes from: a connector app (by client id) or `shopify`/`switchboard` built-ins. */
export interface ExtensionRef {
  app: string;
  handle: string;
}

/**
 * When a `switchboard/scheduled_time` workflow starts, in the shop's time zone.
 * `start` is a local date and time without offset (`2026-12-01T09:00`);
 * `minutely` needs an interval of at least 10. Compiled to an RRULE.
 */
export interface ScheduleSpec {
  start: string;
  frequency: 'once' | 'minutely' | 'hourly' | 'daily' | 'weekly' | 'monthly';
  /** Every N units (default 1). */
  interval?: number;
}

/** Which failures start a `switchboard/workflow_error` workflow. */
export interface ErrorTriggerSettings {
  /** Only failures of these workflows; absent: every workflow of the shop (except error workflows). */
  workflow_ids?: number[];
  /** At most this many runs per hour; further failures are recorded as skipped runs (default 60). */
  max_per_hour?: number;
}

/** The trigger of a workflow, with the settings of Switchboard's own triggers. */
export interface TriggerRef extends ExtensionRef {
  schedule?: ScheduleSpec;
  errors?: ErrorTriggerSettings;
}

export type Operator =
  | 'equals'
  | 'not_equals'
  | 'greater_than'
  | 'greater_than_or_equal'
  | 'less_than'
  | 'less_than_or_equal'
  | 'contains'
  | 'not_contains'
  | 'starts_with'
  | 'ends_with'
  | 'is_empty'
  | 'is_not_empty'
  | 'is_one_of'
  | 'before'
  | 'after'
  | 'within_last_days';

/** A typed comparison of one variable (dotted path into the run's data) with a value. */
export interface Comparison {
  field: string;
  op: Operator;
  /** Absent for is_empty / is_not_empty; an array for is_one_of; a number of days for within_last_days. */
  value?: unknown;
}

/** A test over a list variable: at least one / every / no item satisfies `where` (paths relative to the item). */
export interface ListTest {
  list: string;
  quantifier: 'any' | 'all' | 'none';
  where: Condition;
}

export type Condition = { all: Condition[] } | { any: Condition[] } | Comparison | ListTest;

export interface ConditionStep {
  id: string;
  type: 'condition';
  condition: Condition;
  then: Step[];
  otherwise: Step[];
}

export interface ActionStep {
  id: string;
  type: 'action';
  action: ExtensionRef;
  /** Field payloadKey -> Liquid template. */
  fields: Record<string, string>;
}

/** Pauses the run; it resumes on the workflow version it started on. At most 90 days. */
export interface WaitStep {
  id: string;
  type: 'wait';
  duration: { amount: number; unit: 'minutes' | 'hours' | 'days' };
}

/**
 * Runs `steps` once per item of the list at `list` (a variable path), then
 * goes on. Inside, `item` is the current item and `index` its position (0-based).
 */
export interface ForEachStep {
  id: string;
  type: 'for_each';
  list: string;
  steps: Step[];
}

export type GetDataResource = 'orders' | 'products' | 'customers' | 'draft_orders';

/**
 * Reads the Admin GraphQL API. `query` is Liquid rendering Shopify's search
 * syntax. Output `steps.<id>`: `{ items, count }` (list), `{ count }` (count)
 * or `{ sum, count }` (sum of `sum_field` over the matches).
 */
export interface GetDataStep {
  id: string;
  type: 'get_data';
  resource: GetDataResource;
  query: string;
  sort?: { key: string; reverse?: boolean };
  /** Most results read (list and sum); 1 to 10,000, default 100. */
  limit?: number;
  operation?: 'list' | 'count' | 'sum';
  /** For `sum`: a numeric path in each item, e.g. `totalPriceSet.shopMoney.amount`. */
  sum_field?: string;
}

/**
 * A declared output shape for Run code: a type name, a one-element array for
 * a list of that shape, or an object of shapes.
 */
export type OutputShape = 'string' | 'number' | 'boolean' | 'date' | 'any' | [OutputShape] | { [key: string]: OutputShape };

/**
 * JavaScript `export default function main(input)` in a sandbox. `input`
 * maps each input name to a variable path of the run's data; the returned
 * value must match `output` and is `steps.<id>`.
 */
export interface RunCodeStep {
  id: string;
  type: 'run_code';
  code: string;
  input: Record<string, string>;
  output: { [key: string]: OutputShape };
}

/** Any Admin GraphQL mutation; `variables` is Liquid rendering a JSON object. The response data is `steps.<id>`. */
export interface AdminApiStep {
  id: string;
  type: 'admin_api';
  mutation: string;
  variables: string;
}

/** Writes rendered Liquid to the run log. */
export interface LogStep {
  id: string;
  type: 'log';
  message: string;
}

export type Step = ConditionStep | ActionStep | WaitStep | ForEachStep | GetDataStep | RunCodeStep | AdminApiStep | LogStep;

export interface WorkflowDefinition {
  name: string;
  trigger: TriggerRef;
  steps: Step[];
}

/** Types of the variables a workflow can read: conditions and Liquid are checked against this at save time. */
export type VarType =
  | { kind: 'string' }
  | { kind: 'number'; integer?: boolean }
  | { kind: 'boolean' }
  | { kind: 'date' }
  | { kind: 'list'; of: VarType }
  | { kind: 'object'; fields: Record<string, VarType> }
  /** Shape not declared (e.g. `schema.<Type>` payloads): any path below it is accepted. */
  | { kind: 'any' };

export type DataSchema = Record<string, VarType>;

/** A problem found when a workflow is saved; `path` points into the definition, e.g. `steps[0].condition.field`. */
export interface DefinitionProblem {
  path: string;
  message: string;
}
