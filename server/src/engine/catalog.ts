import type { ActionExtension, TriggerExtension } from '@switchboard/sdk/manifest';
import type { DataSchema, GetDataResource } from './definition.js';

/** What a built-in action (a shop change, an HTTP request, an email) reports, in the shape of a delivery attempt. */
export interface BuiltinResult {
  outcome:
    | { kind: 'succeeded'; returnValue?: unknown }
    | { kind: 'retry'; reason: string; retryAfterMs?: number }
    | { kind: 'failed'; reason: string };
  statusCode?: number;
  latencyMs: number;
  responseExcerpt?: string;
  error?: string;
}

export interface BuiltinContext {
  shop: { id: number; domain: string };
  actionRunId: string;
}

/** A connector action as the engine needs it to send a request. */
export interface ActionTarget {
  appId: number;
  clientId: string;
  clientSecret: string;
  appName: string;
  extension: ActionExtension;
  /** runtime_url resolved against the app's URL; `builtin:<app>/<handle>` for built-ins. */
  runtimeUrl: string;
  /** Set for Switchboard's own actions: run in-process instead of an HTTP request to an app. */
  execute?: (properties: Record<string, unknown>, ctx: BuiltinContext) => Promise<BuiltinResult>;
  /** A built-in's own save-time check of field values written without Liquid (e.g. that a mutation parses). */
  check?: (fields: Record<string, string>) => string[];
}

export interface TriggerSource {
  /** Client id, or `shopify` / `switchboard` for built-ins. */
  app: string;
  appName: string;
  extension: TriggerExtension;
  /** The variables a workflow can read, when richer than the extension's fields (Shopify's payloads). */
  schema?: DataSchema;
  /** Example data for test runs and "Send test event". */
  sample?: Record<string, unknown>;
}

/**
 * What the engine may know about connector apps. The platform implements it;
 * the engine never reaches into apps or installs directly (data flows one way).
 */
export interface Catalog {
  trigger(app: string, handle: string): Promise<TriggerSource | undefined>;
  action(app: string, handle: string): Promise<ActionTarget | undefined>;
  /** Whether the app (client id) is installed in the shop; built-ins always are. */
  isInstalled(app: string, shopId: number): Promise<boolean>;
  /** The app's name for messages to merchants. */
  appName(app: string): Promise<string>;
}

/** A Get data request, after its query was rendered. */
export interface GetDataRequest {
  resource: GetDataResource;
  /** Shopify search syntax; empty: every record. */
  query: string;
  sort?: { key: string; reverse?: boolean };
  /** Most records read, 1 to 10,000. */
  limit: number;
  operation: 'list' | 'count' | 'sum';
  sumField?: string;
}

export interface GetDataResult {
  /** For `list` (and `sum`): the records, as the Admin API gives them. */
  items?: unknown[];
  count: number;
  sum?: number;
  /** Admin API requests made. */
  requests: number;
}

/** What Get data puts in `steps.<id>`: `{ items, count }`, `{ count }` or `{ sum, count }`. */
export function getDataOutput(operation: GetDataRequest['operation'], result: GetDataResult): { items?: unknown[]; count: number; sum?: number } {
  if (operation === 'count') return { count: result.count };
  if (operation === 'sum') return { sum: result.sum ?? 0, count: result.count };
  return { items: result.items ?? [], count: result.count };
}

/** The run page shows a list's first items; later steps read them all from the run's state. */
export function shownGetDataOutput(output: ReturnType<typeof getDataOutput>, first = 20): unknown {
  return output.items ? { ...output, items: output.items.slice(0, first), shown: Math.min(first, output.items.length) } : output;
}

/**
 * A step's failure with a message for merchants. `retryable` failures
 * (throttling, 5xx, network) are tried again later; others fail the step.
 */
export class StepError extends Error {
  override name = 'StepError';
  constructor(message: string, readonly retryable = false) {
    super(message);
  }
}

/** The shop's data through the Admin API, for Get data; Shopify's integration implements it. */
export interface ShopData {
  /** Pages through the API up to `limit`; throws StepError (a malformed query is an error, never "all results"). */
  getData(shop: { id: number; domain: string }, request: GetDataRequest): Promise<GetDataResult>;
  /** Problems of a query that has no Liquid in it, found at save time (syntax, unknown fields, sort keys). */
  checkQuery(resource: GetDataResource, query: string, sort?: { key: string }): string[];
  /** Problems of a Sum's field (not a numeric field of the resource's records). */
  checkSumField?(resource: GetDataResource, path: string | undefined): string[];
}
