import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FieldError } from '../errors.js';
import { sendJson } from '../http/index.js';

/** A trigger event the platform accepted. */
export interface RecordedTrigger {
  shop: string;
  handle: string;
  payload: Record<string, unknown>;
  idempotencyKey: string | undefined;
  eventId: string;
}

/** A scripted error answer for the next trigger request. */
export interface TriggerFailure {
  status: number;
  code?: string;
  message?: string;
  fields?: FieldError[];
  /** Sent as `Retry-After` (seconds). */
  retryAfter?: number;
}

/** Everything the fake platform remembers, shared by its routes. */
export interface PlatformState {
  clientId: string;
  clientSecret: string;
  triggerHandles: readonly string[] | undefined;
  runsStarted: number;
  triggers: RecordedTrigger[];
  failures: TriggerFailure[];
  /** shop -> access token */
  tokens: Map<string, string>;
  shopIds: Map<string, number>;
  /** authorization code -> shop; each used once */
  codes: Map<string, string>;
  /** [shop, idempotency key] -> the first answer */
  answered: Map<string, { event_id: string; runs_started: number }>;
}

export function tokenFor(state: PlatformState, shop: string): string {
  let token = state.tokens.get(shop);
  if (token === undefined) {
    token = `sbt_${randomBytes(16).toString('hex')}`;
    state.tokens.set(shop, token);
  }
  return token;
}

export function shopIdFor(state: PlatformState, shop: string): number {
  let id = state.shopIds.get(shop);
  if (id === undefined) state.shopIds.set(shop, (id = 1000 + state.shopIds.size));
  return id;
}

/** Answers with Switchboard's error body. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  fields?: FieldError[],
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: fields ? { code, message, fields } : { code, message } }, headers);
}
