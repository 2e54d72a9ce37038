/**
 * The shape of a built-in Shopify trigger, the schema builders the trigger
 * modules use, and the helpers that turn a webhook payload into run data.
 */
import type { DataSchema, VarType } from '../../engine/definition.js';

export interface ShopifyTrigger {
  /** Kebab-case, unique: 'order-created'. */
  handle: string;
  /** 'Order created'. */
  name: string;
  description: string;
  /** Shopify webhook topic in header form: 'orders/create'. */
  topic: string;
  /** The variables a workflow can read. */
  schema: DataSchema;
  /** Shopify's sample webhook payload for the topic; every schema path resolves in toData(sample). */
  sample: Record<string, unknown>;
  /** Webhook payload -> the run's variables. */
  toData(payload: Record<string, unknown>): Record<string, unknown>;
  /** The Admin GraphQL id of the subject, used by shop actions, e.g. gid://shopify/Order/820982911946154508 */
  subjectGid?(payload: Record<string, unknown>): string | undefined;
  /** Customer identity in the payload (for GDPR redaction): numeric customer id and/or email */
  customer?(payload: Record<string, unknown>): { id?: number; email?: string } | undefined;
}

// --- schema builders ---------------------------------------------------------

export const str: VarType = { kind: 'string' };
/** Whole numbers: ids, counts, quantities. */
export const int: VarType = { kind: 'number', integer: true };
export const num: VarType = { kind: 'number' };
export const bool: VarType = { kind: 'boolean' };
export const date: VarType = { kind: 'date' };
export const listOf = (of: VarType): VarType => ({ kind: 'list', of });
export const obj = (fields: Record<string, VarType>): VarType => ({ kind: 'object', fields });

// --- payload -> data ---------------------------------------------------------

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Keeps the parts of `value` that `type` declares (what a workflow can read),
 * so undeclared payload fields are neither stored with the event nor shown.
 * Values are kept as Shopify sent them: a declared field that is missing stays
 * missing, a null stays null, a value of another kind is not coerced.
 */
export function shape(type: VarType, value: unknown): unknown {
  if (type.kind === 'object') {
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, t] of Object.entries(type.fields)) {
      if (Object.hasOwn(value, key)) out[key] = shape(t, value[key]);
    }
    return out;
  }
  if (type.kind === 'list') return Array.isArray(value) ? value.map((item) => shape(type.of, item)) : value;
  return value;
}

/** `shape` for a subject object at the top of the payload, given its object type. */
export function shapeObject(type: VarType, value: unknown): Record<string, unknown> {
  const shaped = shape(type, value);
  return isRecord(shaped) ? shaped : {};
}

/** The fields of an object type (the type itself when it is not one). */
export function fieldsOf(type: VarType): Record<string, VarType> {
  return type.kind === 'object' ? type.fields : {};
}

/**
 * The payload's own `admin_graphql_api_id`, else one built from its numeric id.
 * Prefer the string Shopify sends: ids above 2^53 (as in Shopify's samples) lose
 * digits in JSON.parse, the string keeps them.
 */
export function gidOf(payload: Record<string, unknown>, resource: string, idKey = 'id'): string | undefined {
  const sent = payload.admin_graphql_api_id;
  if (typeof sent === 'string' && sent.startsWith(`gid://shopify/${resource}/`)) return sent;
  return gidFromId(resource, payload[idKey]);
}

export function gidFromId(resource: string, id: unknown): string | undefined {
  if (typeof id === 'number' && Number.isInteger(id) && id > 0) return `gid://shopify/${resource}/${id}`;
  if (typeof id === 'string' && /^\d+$/.test(id)) return `gid://shopify/${resource}/${id}`;
  return undefined;
}

/** A customer identity from a customer object, with a fallback email (the order's or checkout's). */
export function customerIdentity(customer: unknown, fallbackEmail?: unknown): { id?: number; email?: string } | undefined {
  const c = isRecord(customer) ? customer : {};
  const out: { id?: number; email?: string } = {};
  if (typeof c.id === 'number' && Number.isFinite(c.id)) out.id = c.id;
  const email = nonEmpty(c.email) ?? nonEmpty(fallbackEmail);
  if (email !== undefined) out.email = email;
  return out.id === undefined && out.email === undefined ? undefined : out;
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
