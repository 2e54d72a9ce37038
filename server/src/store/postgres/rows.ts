/**
 * Row <-> record mapping for the PostgreSQL backend. The pool parses bigint
 * as number and json/jsonb into values (see pool.ts), so rows need renaming
 * and null -> undefined only.
 */
import type { StoredShopifySession } from '../types.js';
import { rowMappers, type Row } from '../rows.js';
import { JSON_NULL } from './pool.js';

export { toJson, type Row } from '../rows.js';

/** A json column: SQL NULL is undefined, a stored JSON null is null (as on SQLite). */
const json = (v: unknown): unknown => (v === JSON_NULL ? null : v === null ? undefined : v);
const opt = <T>(v: unknown): T | undefined => (v === null || v === undefined ? undefined : (v as T));

export const { toShop, toApp, toInstall, toWorkflow, toWorkflowVersion, toWorkflowShopState, toEvent, toRun, toRunStep, toDelivery, toAttempt, toReplay } = rowMappers({ json, bool: (v) => v as boolean });

export const toSession = (r: Row): StoredShopifySession => ({
  id: r.id as string,
  shop: r.shop as string,
  isOnline: r.is_online as boolean,
  data: json(r.data) as Record<string, unknown>,
  expiresAt: opt(r.expires_at),
});

/** PostgreSQL text cannot hold NUL; text from outside (response excerpts, errors) drops it. */
export const toText = (v: string | undefined | null): string | null => (v === undefined || v === null ? null : v.replaceAll('\u0000', ''));
