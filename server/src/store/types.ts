/**
 * The storage interface the rest of the server uses. It is asynchronous even
 * though SQLite is synchronous, so a PostgreSQL backend fits behind it
 * unchanged. Methods that change several tables are units of work: each is
 * one transaction in every backend.
 */
import type { Extension } from '@switchboard/sdk/manifest';

/** Milliseconds since the epoch; every timestamp in the store. */
export type Millis = number;

export interface Shop {
  id: number;
  domain: string;
  name: string;
  /** False after Switchboard itself was uninstalled from the shop. */
  switchboardInstalled: boolean;
  organizationId?: number;
  /** IANA time zone of the shop (scheduled workflows run in it); 'UTC' until known. */
  timezone: string;
  createdAt: Millis;
}

export interface Organization {
  id: number;
  name: string;
  createdAt: Millis;
}

/** A Shopify session as @shopify/shopify-api serialises it, kept per shop (offline) or user (online). */
export interface StoredShopifySession {
  id: string;
  shop: string;
  isOnline: boolean;
  /** The library's own serialisation (Session.toObject()). */
  data: Record<string, unknown>;
  expiresAt?: Millis;
}

/** Everything stored about one customer in one shop (customers/data_request). */
export interface CustomerData {
  events: TriggerEvent[];
  runs: Run[];
  deliveries: Delivery[];
}

export interface App {
  id: number;
  clientId: string;
  clientSecret: string;
  name: string;
  applicationUrl: string;
  redirectUrls: string[];
  /** Where signed notices (app/uninstalled) go; defaults to `<applicationUrl>/webhooks`. */
  webhooksUrl?: string;
  /** Latest deployed extensions version; 0 before the first deploy. */
  version: number;
  createdAt: Millis;
}

export interface AppVersion {
  appId: number;
  version: number;
  extensions: Extension[];
  createdAt: Millis;
}

export interface Install {
  appId: number;
  shopId: number;
  scope: string;
  installedAt: Millis;
  /** Set once uninstalled: the token is revoked but still recognised. */
  uninstalledAt?: Millis;
}

export interface OAuthCode {
  appId: number;
  shopId: number;
  redirectUri: string;
  expiresAt: Millis;
  usedAt?: Millis;
}

export type RunStatus =
  | 'running'
  | 'waiting'
  | 'succeeded'
  | 'succeeded_no_actions'
  /** Finished, but a step failed inside a For each (the other items went on). */
  | 'has_errors'
  | 'failed'
  | 'skipped'
  | 'cancelled';

export interface Workflow {
  id: number;
  /** The shop it was made in. */
  shopId: number;
  /** Set for an organization-level workflow: it can be turned on in every shop of the organization. */
  organizationId?: number;
  name: string;
  /** Current (latest) version number. */
  version: number;
  triggerApp: string;
  triggerHandle: string;
  createdAt: Millis;
  updatedAt: Millis;
}

export interface WorkflowVersion {
  workflowId: number;
  version: number;
  definition: unknown;
  createdAt: Millis;
}

export interface WorkflowShopState {
  workflowId: number;
  shopId: number;
  enabled: boolean;
  /** Why it is off when turned off by the system (e.g. "Switchboard uninstalled"). */
  reason?: string;
  updatedAt: Millis;
}

export interface TriggerEvent {
  id: string;
  shopId: number;
  /** Client id of the connector app, or `shopify` / `switchboard`. */
  source: string;
  handle: string;
  payload: unknown;
  receivedAt: Millis;
}

export interface Run {
  id: string;
  workflowId: number;
  workflowVersion: number;
  shopId: number;
  eventId: string;
  status: RunStatus;
  /** Engine-owned position in the step tree and step outputs; opaque to the store. */
  state: unknown;
  error?: string;
  /** Set while the run waits on a Wait step: when it resumes. */
  resumeAt?: Millis;
  /** Set for runs started by a replay (or a re-run of a failed run). */
  replayId?: string;
  createdAt: Millis;
  updatedAt: Millis;
  finishedAt?: Millis;
}

/** A batch of runs started over past events (a replay), or one re-run of a failed run. */
export interface Replay {
  id: string;
  workflowId: number;
  shopId: number;
  total: number;
  /** The failed run a re-run repeats. */
  sourceRunId?: string;
  createdAt: Millis;
}

export interface RunStep {
  runId: string;
  seq: number;
  stepId: string;
  kind: string;
  status: 'succeeded' | 'failed' | 'skipped' | 'waiting';
  input?: unknown;
  output?: unknown;
  error?: string;
  startedAt: Millis;
  finishedAt?: Millis;
}

export type DeliveryStatus = 'sending' | 'waiting' | 'succeeded' | 'failed';

export interface Delivery {
  /** The action_run_id: the same on every attempt. */
  id: string;
  runId: string;
  stepId: string;
  appId: number;
  shopId: number;
  handle: string;
  url: string;
  /** The exact JSON body sent on every attempt. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt?: Millis;
  deadlineAt: Millis;
  lastError?: string;
  returnValue?: unknown;
  createdAt: Millis;
  updatedAt: Millis;
}

export interface DeliveryAttempt {
  deliveryId: string;
  n: number;
  startedAt: Millis;
  latencyMs: number;
  statusCode?: number;
  responseExcerpt?: string;
  error?: string;
  outcome: 'succeeded' | 'pending' | 'retry' | 'failed';
  nextAttemptAt?: Millis;
}

export type JobKind = 'run' | 'notice' | 'workflow_error';

export interface Job {
  /** The queue's id for the job, opaque to its users: an integer on SQLite, a pg-boss uuid on PostgreSQL. */
  id: string;
  kind: JobKind;
  /** Run id for `run`; JSON of the notice for `notice`. */
  ref: string;
  runAt: Millis;
  attempts: number;
}

export interface NewRun {
  id: string;
  workflowId: number;
  workflowVersion: number;
  /** Runs recorded as skipped (with a reason) are stored finished and get no job. */
  skippedReason?: string;
  replayId?: string;
}

export interface AcceptEventInput {
  event: TriggerEvent;
  /** Trigger source app, for idempotency keys and listener lookup. */
  idempotency?: { appId: number; key: string };
  /** Customers the event is about (`id:123`, `email:a@b.c`, `order:456`), so their data can be redacted. */
  customerKeys?: string[];
  /** Decides which listening workflows start a run; called inside the transaction. */
  planRuns(listeners: Array<{ workflowId: number; version: number }>): NewRun[];
  /** The answer to remember for the idempotency key, given how many runs started. */
  answer(runsStarted: number): unknown;
  /**
   * A scheduled slot: the schedule row of (workflow, shop) moves from `from`
   * to `to` (null: no more slots) in the same transaction, and only if it was
   * still at `from`; otherwise nothing is stored (another process fired the
   * slot) and the result is `replayed` with an undefined answer.
   */
  schedule?: { workflowId: number; shopId: number; from: Millis; to: Millis | null };
  /** A re-run or replay batch to record with the event's runs. */
  replay?: Replay;
}

export type AcceptEventResult =
  | { replayed: false; runsStarted: number; answer: unknown }
  | { replayed: true; answer: unknown };

/** Everything one step of the engine changes, written in one transaction. */
export interface RunProgress {
  runId: string;
  status: RunStatus;
  state: unknown;
  error?: string | null;
  finished?: boolean;
  steps?: RunStep[];
  newDelivery?: Delivery;
  deliveryUpdate?: {
    id: string;
    status: DeliveryStatus;
    attempts: number;
    nextAttemptAt?: Millis;
    lastError?: string;
    returnValue?: unknown;
  };
  attempt?: DeliveryAttempt;
  /** The job being worked: completed, or moved to `rescheduleAt`, or kept leased for `extendLeaseMs`. */
  job?: { id: string; complete?: boolean; rescheduleAt?: Millis; extendLeaseMs?: number };
  /** Further jobs to enqueue (e.g. notices). */
  enqueue?: Array<{ kind: JobKind; ref: string; runAt: Millis }>;
  /** The run waits (a Wait step) until then: no job until `wakeDueRuns` finds it. Absent: not waiting. */
  resumeAt?: Millis;
}

export interface EventFilter {
  shopId: number;
  source: string;
  handle: string;
  since?: Millis;
  until?: Millis;
  /** Only these events (chosen runs' events). */
  ids?: string[];
  limit: number;
}

export interface RunFilter {
  shopId: number;
  workflowId?: number;
  status?: RunStatus;
  /** Runs waiting on a Wait step. */
  waiting?: boolean;
  replayId?: string;
  since?: Millis;
  until?: Millis;
  limit?: number;
  /** Runs created strictly before this id (pagination). */
  before?: string;
}

/** What one batch of history pruning deleted, per table. */
export interface PruneResult {
  runs: number;
  events: number;
  deliveries: number;
  attempts: number;
  steps: number;
  idempotencyKeys: number;
  webhookReceipts: number;
}

export interface Store {
  readonly backend: 'sqlite' | 'postgres';
  close(): Promise<void>;

  // settings
  getSetting(key: string): Promise<string | undefined>;
  setSettingIfAbsent(key: string, value: string): Promise<string>;

  // shops
  ensureShop(domain: string, name?: string): Promise<Shop>;
  setShopTimezone(shopId: number, timezone: string): Promise<void>;
  getShop(id: number): Promise<Shop | undefined>;
  getShopByDomain(domain: string): Promise<Shop | undefined>;

  // organizations
  createOrganization(name: string): Promise<Organization>;
  getOrganization(id: number): Promise<Organization | undefined>;
  setShopOrganization(shopId: number, organizationId: number | null): Promise<void>;
  listShopsInOrganization(organizationId: number): Promise<Shop[]>;

  // Switchboard's own install in a shop (Shopify OAuth)
  /** Marks Switchboard installed; on uninstall also turns off every workflow in the shop with the reason, keeping them. */
  setSwitchboardInstalled(shopId: number, installed: boolean, reason?: string): Promise<void>;
  saveShopifySession(session: StoredShopifySession): Promise<void>;
  loadShopifySession(id: string): Promise<StoredShopifySession | undefined>;
  deleteShopifySessions(ids: string[]): Promise<void>;
  findShopifySessionsByShop(shop: string): Promise<StoredShopifySession[]>;
  /** Records a webhook id; false when it was seen before (Shopify retries). */
  recordWebhook(webhookId: string, shop: string, topic: string, now: Millis): Promise<boolean>;
  /**
   * Takes one token from the bucket `key`, refilled at `ratePerSecond` up to
   * `burst`: 0 when allowed, else the seconds to wait. On PostgreSQL the
   * bucket is a row, so every web process draws from the same one.
   */
  takeRateToken(key: string, ratePerSecond: number, burst: number, now: Millis): Promise<number>;
  /**
   * Runs `work` while holding the lock `name` across every process sharing
   * the database (a PostgreSQL advisory lock); on SQLite, one process, it
   * only serialises callers in this process.
   */
  withLock<T>(name: string, work: () => Promise<T>): Promise<T>;
  /**
   * PostgreSQL: calls `listener` when another process queues a due job
   * (LISTEN/NOTIFY), so workers need not wait for their next poll. Absent
   * on SQLite, where the one process wakes its worker itself.
   */
  onJobsQueued?(listener: () => void): Promise<() => Promise<void>>;
  /** Deletes the events about these customers and everything their runs produced. */
  redactCustomer(shopId: number, customerKeys: string[]): Promise<{ events: number; runs: number }>;
  /** Deletes everything stored for the shop except the shop row itself, which is anonymised. */
  redactShop(shopId: number): Promise<void>;
  collectCustomerData(shopId: number, customerKeys: string[]): Promise<CustomerData>;
  saveDataRequest(shopId: number, customerKeys: string[], document: unknown): Promise<number>;
  getDataRequest(id: number): Promise<{ id: number; shopId: number; document: unknown; createdAt: Millis } | undefined>;

  // built-in connectors' credentials (sealed by the caller)
  saveCredentials(shopId: number, connector: string, sealed: string): Promise<void>;
  listCredentials(shopId: number): Promise<Array<{ connector: string; sealed: string; updatedAt: Millis }>>;
  deleteCredentials(shopId: number, connector: string): Promise<boolean>;

  // connector apps
  createApp(input: Omit<App, 'id' | 'version' | 'createdAt'>): Promise<App>;
  updateApp(id: number, patch: Partial<Pick<App, 'name' | 'applicationUrl' | 'redirectUrls' | 'webhooksUrl'>>): Promise<App>;
  getApp(id: number): Promise<App | undefined>;
  getAppByClientId(clientId: string): Promise<App | undefined>;
  listApps(): Promise<App[]>;
  saveAppVersion(appId: number, extensions: Extension[]): Promise<AppVersion>;
  getAppVersion(appId: number, version?: number): Promise<AppVersion | undefined>;

  // installs and the OAuth grant
  saveOAuthCode(codeHash: string, code: OAuthCode): Promise<void>;
  /** Marks the code used and returns it, atomically; a used or unknown code returns what is known. */
  consumeOAuthCode(codeHash: string, now: Millis): Promise<{ code?: OAuthCode; alreadyUsed: boolean }>;
  /** Creates or replaces the install of (app, shop) with a new token hash; older tokens stop working. */
  saveInstall(install: Install, tokenHash: string): Promise<void>;
  /** The install a token was issued for, including revoked ones (uninstalledAt set). */
  findInstallByToken(tokenHash: string): Promise<Install | undefined>;
  getInstall(appId: number, shopId: number): Promise<Install | undefined>;
  listInstallsForShop(shopId: number): Promise<Install[]>;
  /** Marks the install uninstalled (revoking its token), turns off the shop's workflows that use the app, and enqueues the notice. */
  uninstallApp(input: {
    appId: number;
    shopId: number;
    reason: string;
    workflowIds: number[];
    notice: { ref: string; runAt: Millis };
  }): Promise<boolean>;

  // workflows
  createWorkflow(input: { shopId: number; organizationId?: number; name: string; triggerApp: string; triggerHandle: string; definition: unknown }): Promise<Workflow>;
  saveWorkflowVersion(workflowId: number, input: { name: string; triggerApp: string; triggerHandle: string; definition: unknown }): Promise<Workflow>;
  getWorkflow(id: number): Promise<Workflow | undefined>;
  /** The shop's own workflows and its organization's. */
  listWorkflows(shopId: number): Promise<Workflow[]>;
  listWorkflowVersions(workflowId: number): Promise<WorkflowVersion[]>;
  getWorkflowVersion(workflowId: number, version: number): Promise<WorkflowVersion | undefined>;
  deleteWorkflow(id: number): Promise<void>;
  getWorkflowShopState(workflowId: number, shopId: number): Promise<WorkflowShopState | undefined>;
  /**
   * Turns the workflow on or off in a shop, maintaining the (shop, trigger)
   * listener index and, for scheduled workflows, the schedule row
   * (`nextSlotAt`). Turning it off cancels its runs waiting on a Wait step
   * (returned) and drops its schedule.
   */
  setWorkflowEnabled(input: {
    workflowId: number;
    shopId: number;
    enabled: boolean;
    reason?: string;
    enqueue?: Array<{ kind: JobKind; ref: string; runAt: Millis }>;
    nextSlotAt?: Millis | null;
  }): Promise<{ cancelledRuns: number }>;
  /** Sets (or with null removes) the next slot of a scheduled workflow in a shop. */
  setSchedule(workflowId: number, shopId: number, nextSlotAt: Millis | null): Promise<void>;
  /** Schedules whose next slot is due (at or before `now`), oldest first. */
  listDueSchedules(now: Millis, limit: number): Promise<Array<{ workflowId: number; shopId: number; nextSlotAt: Millis }>>;
  /** Number of enabled workflows listening to a trigger in a shop. */
  countListeners(shopId: number, source: string, handle: string): Promise<number>;
  /** Enabled (workflow, shop) pairs whose workflow uses the app (trigger or action). */
  listEnabledWorkflowsUsingApp(clientId: string): Promise<Array<{ workflow: Workflow; shopId: number }>>;

  // events and runs
  /** Stores the event, its idempotency key and its runs with their jobs, in one transaction. */
  acceptEvent(input: AcceptEventInput): Promise<AcceptEventResult>;
  getEvent(id: string): Promise<TriggerEvent | undefined>;
  /** Past events of a trigger in a shop, oldest first (replay). */
  listEvents(filter: EventFilter): Promise<TriggerEvent[]>;
  /**
   * Records a replay and starts its runs, with their jobs, in one transaction:
   * over existing events, or over `newEvents` stored with them (a re-run with
   * an edited payload).
   */
  startReplay(replay: Replay, runs: Array<{ id: string; workflowId: number; workflowVersion: number; eventId: string }>, newEvents?: TriggerEvent[]): Promise<void>;
  /** A replay with its runs counted by status. */
  getReplay(id: string): Promise<(Replay & { byStatus: Record<string, number> }) | undefined>;
  /**
   * Runs whose Wait is over (resume_at at or before `now`): each is set
   * running with a job due now, in one transaction; returns how many. Safe
   * from several processes (each run is woken once).
   */
  wakeDueRuns(now: Millis, limit: number): Promise<number>;
  /** Moves a waiting run to another version of its workflow with its position mapped; false if it is no longer waiting on `fromVersion`. */
  moveWaitingRun(runId: string, fromVersion: number, toVersion: number, state: unknown): Promise<boolean>;
  getRun(id: string): Promise<Run | undefined>;
  listRuns(filter: RunFilter): Promise<Run[]>;
  listRunSteps(runId: string): Promise<RunStep[]>;
  saveRunProgress(progress: RunProgress): Promise<void>;
  /** Per workflow in the shop: last run time, and runs and failed runs since `since`. */
  workflowStats(shopId: number, since: Millis): Promise<Map<number, { lastRunAt?: Millis; runs: number; failures: number }>>;
  countRunsByStatus(): Promise<Record<string, number>>;

  // deliveries
  getDelivery(id: string): Promise<Delivery | undefined>;
  listDeliveriesForRun(runId: string): Promise<Delivery[]>;
  listAttempts(deliveryId: string): Promise<DeliveryAttempt[]>;
  /** Puts a failed delivery back in line: status waiting, a new deadline, run waiting, a job now. */
  retryDelivery(id: string, now: Millis, deadlineAt: Millis): Promise<boolean>;

  // the queue: a table with leases on SQLite, pg-boss on PostgreSQL
  enqueueJob(kind: JobKind, ref: string, runAt: Millis): Promise<void>;
  /**
   * Claims up to `limit` due jobs, each leased for `leaseMs`: a job whose lease
   * lapses is due again (PostgreSQL: due times and leases follow the database's
   * clock, not `now`).
   */
  claimJobs(owner: string, limit: number, now: Millis, leaseMs: number): Promise<Job[]>;
  completeJob(id: string): Promise<void>;
  /** Moves the job to `runAt`, keeping its attempts (PostgreSQL: under a new id). */
  rescheduleJob(id: string, runAt: Millis): Promise<void>;
  /** Earliest run_at of a job not leased, for the worker's timer. */
  nextJobAt(): Promise<Millis | undefined>;

  // retention
  /**
   * Deletes one small batch of history older than `before`: up to `batchSize`
   * finished runs (finished before it, none with a delivery still sending or
   * waiting) with their steps, deliveries and attempts; up to `batchSize`
   * events no run refers to any more, with their customer index; and up to
   * `batchSize` idempotency keys and webhook receipts each. One short
   * transaction; callers loop while a count reaches `batchSize`. Safe to run
   * from several processes at once.
   */
  pruneHistory(before: Millis, batchSize: number): Promise<PruneResult>;
}
