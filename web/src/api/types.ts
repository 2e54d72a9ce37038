/** Shapes of the admin API (docs/api.md). */

export interface Shop {
  id: number;
  domain: string;
  name: string;
  mode: string;
  switchboard_installed?: boolean;
  /** Days of run history kept; 0: kept forever. */
  history_retention_days?: number;
  /** IANA time zone scheduled workflows run in. */
  timezone?: string;
}

// The workflow definition is the server's own type: one definition, shared by the engine, the API and the admin.
import type { DataSchema, ExtensionRef, WorkflowDefinition } from '@switchboard/server/definition';

export type {
  DataSchema,
  VarType,
  ActionStep,
  AdminApiStep,
  Comparison,
  Condition,
  ConditionStep,
  ErrorTriggerSettings,
  ExtensionRef,
  ForEachStep,
  GetDataResource,
  GetDataStep,
  ListTest,
  LogStep,
  Operator,
  OutputShape,
  RunCodeStep,
  ScheduleSpec,
  Step,
  TriggerRef,
  WaitStep,
  WorkflowDefinition,
} from '@switchboard/server/definition';

export interface Workflow {
  id: number;
  name: string;
  level: 'shop' | 'organization';
  version: number;
  trigger: ExtensionRef;
  enabled: boolean;
  disabled_reason: string | null;
  created_at: string | null;
  updated_at: string | null;
  last_run_at?: string | null;
  runs_24h?: number;
  failures_24h?: number;
  definition?: WorkflowDefinition;
}



export interface CatalogTrigger {
  handle: string;
  name: string;
  description?: string;
  schema?: DataSchema;
  sample?: Record<string, unknown>;
}
export interface ActionField {
  type: string;
  key: string;
  name?: string;
  description?: string;
  required?: boolean;
  payloadKey: string;
}
export interface CatalogAction {
  handle: string;
  name: string;
  description?: string;
  fields: ActionField[];
}
export interface CatalogGroup {
  app: string;
  name: string;
  kind: 'shopify' | 'switchboard' | 'connector';
  installed: boolean;
  triggers: CatalogTrigger[];
  actions: CatalogAction[];
}
export interface Catalog {
  groups: CatalogGroup[];
}

export type RunStatus = 'running' | 'waiting' | 'succeeded' | 'succeeded_no_actions' | 'has_errors' | 'failed' | 'skipped' | 'cancelled';

export interface Run {
  id: string;
  workflow_id: number;
  workflow_version: number;
  event_id: string;
  status: RunStatus;
  error: string | null;
  created_at: string | null;
  updated_at: string | null;
  finished_at: string | null;
  /** While the run waits on a Wait step: when it resumes (ISO). */
  resume_at?: string | null;
  /** Set for runs started by a replay or a re-run. */
  replay_id?: string | null;
}

export interface ConditionCheck {
  field: string;
  op: string;
  expected?: unknown;
  actual: unknown;
  result: boolean;
  item?: number;
}

export interface RunStep {
  seq: number;
  step_id: string;
  kind: string;
  status: string;
  input: unknown;
  output: unknown;
  error: string | null;
  started_at: string | null;
  finished_at: string | null;
}

export interface Attempt {
  n: number;
  started_at: string | null;
  latency_ms: number | null;
  status_code: number | null;
  response_excerpt: string | null;
  error: string | null;
  outcome: string;
  next_attempt_at: string | null;
}

export interface Delivery {
  id: string;
  action_run_id: string;
  run_id: string;
  step_id: string;
  handle: string;
  url: string;
  request: unknown;
  status: string;
  attempts: Attempt[];
  next_attempt_at: string | null;
  deadline_at: string | null;
  last_error: string | null;
  return_value: unknown;
}

export interface RunDetail extends Run {
  event?: { id: string; source: string; handle: string; payload: unknown; received_at: string | null } | null;
  steps: RunStep[];
  deliveries: Delivery[];
}

/** A field a connector's trigger sends or its action asks for, as its Flow manifest declares it. */
export interface ConnectorField {
  type: string;
  key?: string;
  name?: string;
  description?: string;
  required: boolean;
  payloadKey: string;
}

/** How an app sends a trigger, when not once per event (seed catalog). */
export type ConnectorDelivery = { kind: 'scheduled'; schedule: string } | { kind: 'batched'; batchSize: number; items: string };

export interface ConnectorTask {
  handle: string;
  name: string;
  description?: string;
  fields?: ConnectorField[];
  delivery?: ConnectorDelivery;
}

/**
 * An entry of GET /admin/api/connectors: a deployed app (`source: 'app'`), or
 * an app of the seed catalog no deployed app stands for yet (`source: 'seed'`,
 * never installed, cannot be used in workflows).
 */
export interface Connector {
  /** The client id of a deployed app; the seed handle of a seed entry. */
  id: string;
  client_id: string | null;
  name: string;
  description?: string;
  category?: string | null;
  source?: 'app' | 'seed';
  seed?: string | null;
  installed?: boolean;
  /** Ships with Switchboard and is installed in every shop. */
  bundled?: boolean;
  triggers: ConnectorTask[];
  actions: ConnectorTask[];
  examples?: Array<{ name: string; description: string; template_id: string | null }>;
}

export interface Organization {
  id?: number;
  name: string;
  shops: Array<{ domain: string; name: string; switchboard_installed?: boolean }>;
  installed: Array<{ client_id: string; name: string; installed_in: string[] }>;
  not_installed: Array<{ client_id: string; name: string; installed_in: string[] }>;
}

export interface Template {
  id: string;
  name: string;
  description: string;
  category: string;
  definition: WorkflowDefinition;
}

/** A step of a run without side effects (server/src/engine/dry-run.ts DryRunStep): test runs and replay dry runs. */
export interface TestRunStep {
  step_id: string;
  kind: string;
  result?: boolean;
  checks?: ConditionCheck[];
  handle?: string;
  app?: string;
  properties?: Record<string, unknown>;
  request?: { url: string; body: unknown };
  /** Inside a For each: the item's position. */
  index?: number;
  /** What a step other than an action gave: a wait's length, a message, data read, code's value and logs. */
  output?: unknown;
  error?: string;
}

/** A past event as a replay's dry run ran it. */
export interface ReplayDryRunEvent {
  event_id: string;
  received_at: string | null;
  steps: TestRunStep[];
}

/** A replay started: runs over `total` past events. */
export interface Replay {
  id: string;
  workflow_id: number;
  total: number;
  created_at: string | null;
}

/** GET /admin/api/replays/:id: the replay's runs counted by status. */
export interface ReplayProgress {
  id: string;
  workflow_id: number;
  total: number;
  finished: number;
  by_status: Record<string, number>;
}

export interface LiquidPreview {
  problems: Array<{ path: string; message: string }>;
  output?: string;
}

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  running: 'Running',
  waiting: 'Waiting',
  succeeded: 'Succeeded',
  succeeded_no_actions: 'Succeeded without actions',
  has_errors: 'Has errors',
  failed: 'Has errors',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
};

/** A field of a built-in connector's credentials (GET /admin/api/credentials). */
export interface CredentialField {
  key: string;
  label: string;
  secret: boolean;
  help?: string;
}

/** A built-in connector's credentials, kept by Switchboard per shop; secrets come back only as masked hints. */
export interface ConnectorCredentials {
  connector: 'slack' | 'google-sheets' | 'trello' | 'asana';
  name: string;
  description: string;
  fields: CredentialField[];
  configured: boolean;
  hints: Record<string, string>;
  updated_at: string | null;
}
