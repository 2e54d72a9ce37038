/**
 * Row -> record mapping shared by both backends: the columns have the same
 * names; what differs is how a JSON column and a boolean come back from the
 * driver (SQLite: JSON text and 0/1; PostgreSQL: parsed values and booleans).
 */
import type { App, Delivery, DeliveryAttempt, Install, Replay, Run, RunStep, Shop, TriggerEvent, Workflow, WorkflowShopState, WorkflowVersion } from './types.js';

export type Row = Record<string, unknown>;

export interface ColumnDecoding {
  /** A JSON column: SQL NULL is undefined, a stored JSON null is null. */
  json(v: unknown): unknown;
  bool(v: unknown): boolean;
}

const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));

/**
 * A JSON parameter: the text JSON.stringify gives, or SQL NULL for undefined.
 * (Given as is, node-postgres would send an array as a PostgreSQL array.)
 */
export const toJson = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

export function rowMappers(decode: ColumnDecoding) {
  const json = decode.json;
  const toShop = (r: Row): Shop => ({
    id: r.id as number,
    domain: r.domain as string,
    name: r.name as string,
    switchboardInstalled: decode.bool(r.switchboard_installed),
    organizationId: opt(r.organization_id),
    timezone: (r.timezone as string | undefined) ?? 'UTC',
    createdAt: r.created_at as number,
  });

  const toApp = (r: Row): App => ({
    id: r.id as number,
    clientId: r.client_id as string,
    clientSecret: r.client_secret as string,
    name: r.name as string,
    applicationUrl: r.application_url as string,
    redirectUrls: json(r.redirect_urls) as string[],
    webhooksUrl: opt(r.webhooks_url),
    version: r.version as number,
    createdAt: r.created_at as number,
  });

  const toInstall = (r: Row): Install => ({
    appId: r.app_id as number,
    shopId: r.shop_id as number,
    scope: r.scope as string,
    installedAt: r.installed_at as number,
    uninstalledAt: opt(r.uninstalled_at),
  });

  const toWorkflow = (r: Row): Workflow => ({
    id: r.id as number,
    shopId: r.shop_id as number,
    organizationId: opt(r.organization_id),
    name: r.name as string,
    version: r.version as number,
    triggerApp: r.trigger_app as string,
    triggerHandle: r.trigger_handle as string,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  });

  const toWorkflowVersion = (r: Row): WorkflowVersion => ({
    workflowId: r.workflow_id as number,
    version: r.version as number,
    definition: json(r.definition),
    createdAt: r.created_at as number,
  });

  const toWorkflowShopState = (r: Row): WorkflowShopState => ({
    workflowId: r.workflow_id as number,
    shopId: r.shop_id as number,
    enabled: decode.bool(r.enabled),
    reason: opt(r.reason),
    updatedAt: r.updated_at as number,
  });

  const toEvent = (r: Row): TriggerEvent => ({
    id: r.id as string,
    shopId: r.shop_id as number,
    source: r.source as string,
    handle: r.handle as string,
    payload: json(r.payload),
    receivedAt: r.received_at as number,
  });

  const toRun = (r: Row): Run => ({
    id: r.id as string,
    workflowId: r.workflow_id as number,
    workflowVersion: r.workflow_version as number,
    shopId: r.shop_id as number,
    eventId: r.event_id as string,
    status: r.status as Run['status'],
    state: json(r.state),
    error: opt(r.error),
    resumeAt: opt(r.resume_at),
    replayId: opt(r.replay_id),
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    finishedAt: opt(r.finished_at),
  });

  const toRunStep = (r: Row): RunStep => ({
    runId: r.run_id as string,
    seq: r.seq as number,
    stepId: r.step_id as string,
    kind: r.kind as string,
    status: r.status as RunStep['status'],
    input: json(r.input),
    output: json(r.output),
    error: opt(r.error),
    startedAt: r.started_at as number,
    finishedAt: opt(r.finished_at),
  });

  const toDelivery = (r: Row): Delivery => ({
    id: r.id as string,
    runId: r.run_id as string,
    stepId: r.step_id as string,
    appId: r.app_id as number,
    shopId: r.shop_id as number,
    handle: r.handle as string,
    url: r.url as string,
    body: r.body as string,
    status: r.status as Delivery['status'],
    attempts: r.attempts as number,
    nextAttemptAt: opt(r.next_attempt_at),
    deadlineAt: r.deadline_at as number,
    lastError: opt(r.last_error),
    returnValue: json(r.return_value),
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  });

  const toAttempt = (r: Row): DeliveryAttempt => ({
    deliveryId: r.delivery_id as string,
    n: r.n as number,
    startedAt: r.started_at as number,
    latencyMs: r.latency_ms as number,
    statusCode: opt(r.status_code),
    responseExcerpt: opt(r.response_excerpt),
    error: opt(r.error),
    outcome: r.outcome as DeliveryAttempt['outcome'],
    nextAttemptAt: opt(r.next_attempt_at),
  });

  const toReplay = (r: Row): Replay => ({
    id: r.id as string,
    workflowId: r.workflow_id as number,
    shopId: r.shop_id as number,
    total: r.total as number,
    sourceRunId: opt(r.source_run_id),
    createdAt: r.created_at as number,
  });

  return { toShop, toApp, toInstall, toWorkflow, toWorkflowVersion, toWorkflowShopState, toEvent, toRun, toRunStep, toDelivery, toAttempt, toReplay };
}
