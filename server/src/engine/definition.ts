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

export type Step = ConditionStep | ActionStep;

export interface WorkflowDefinition {
  name: string;
  trigger: ExtensionRef;
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
