/**
 * Trigger events from connector apps (DESIGN section 4, "Triggers in"):
 * authenticate the per-shop token, check size, rate and payload, then store
 * the event and start its runs before answering.
 */
import type { Store } from '../store/index.js';
import { acceptEvent, type AcceptAnswer } from '../engine/index.js';
import type { AppCatalog } from './catalog.js';
import { PlatformError } from './errors.js';
import { hashSecret } from './secrets.js';
import { tokenCache, type ResolvedToken } from './token-cache.js';
import { validatePayload } from './payload.js';
import type { RateLimiter } from './rate-limit.js';
import type { ManifestField } from '@switchboard/sdk/manifest';

/** The customers a connector event is about (customer references, email fields), so compliance requests find them. */
function customerKeysOf(fields: ManifestField[], payload: Record<string, unknown>): string[] {
  const keys: string[] = [];
  for (const f of fields) {
    const v = payload[f.payloadKey];
    if (v === undefined || v === null) continue;
    if (f.type === 'customer_reference') keys.push(`id:${String(v).replace(/^gid:\/\/shopify\/Customer\//, '')}`);
    else if (f.type === 'order_reference') keys.push(`order:${String(v).replace(/^gid:\/\/shopify\/Order\//, '')}`);
    else if (f.type === 'email' && typeof v === 'string') keys.push(`email:${v.toLowerCase()}`);
  }
  return keys;
}

/** Flow's limit: the UTF-8 bytes of the payload's JSON. */
export const MAX_PAYLOAD_BYTES = 50_000;
const MAX_IDEMPOTENCY_KEY = 255;

export interface TriggerRequest {
  token?: string;
  /** The shop the app means, when it says so (body `shop` or X-Shopify-Shop-Domain); must match the token's. */
  shop?: string;
  handle: unknown;
  payload: unknown;
  idempotencyKey?: string;
}

export interface TriggerDeps {
  store: Store;
  catalog: AppCatalog;
  limiter: RateLimiter;
  /** Called after an event started runs, so an in-process worker picks them up at once. */
  onAccepted?: () => void;
}

async function resolveToken(store: Store, token: string): Promise<ResolvedToken> {
  const hash = hashSecret(token);
  // Only one process serves an SQLite install; with several (PostgreSQL) an
  // uninstall in one must be seen by all at once, so nothing is cached.
  const cache = store.backend === 'sqlite' ? tokenCache : undefined;
  const cached = cache?.get(hash);
  if (cached) return cached;
  const install = await store.findInstallByToken(hash);
  if (!install) throw new PlatformError(401, 'invalid_token', 'The access token is not valid: install the app again to get a new one');
  const [app, shop] = await Promise.all([store.getApp(install.appId), store.getShop(install.shopId)]);
  if (!app || !shop) throw new PlatformError(401, 'invalid_token', 'The access token is not valid');
  const resolved = { install, app, shop };
  cache?.set(hash, resolved);
  return resolved;
}

export async function receiveTrigger(deps: TriggerDeps, req: TriggerRequest): Promise<{ answer: AcceptAnswer; replayed: boolean }> {
  if (!req.token) throw new PlatformError(401, 'missing_token', 'Send the shop access token as "Authorization: Bearer <token>"');
  const { install, app, shop } = await resolveToken(deps.store, req.token);
  if (install.uninstalledAt !== undefined) {
    throw new PlatformError(403, 'app_not_installed', `${app.name} is not installed in ${shop.domain} (it was uninstalled): triggers are refused`);
  }
  if (req.shop !== undefined && req.shop !== shop.domain) {
    throw new PlatformError(403, 'app_not_installed', `This token is for ${shop.domain}; ${app.name} has no install in ${req.shop} under it`, {
      fields: [{ field: 'shop', message: `the token belongs to ${shop.domain}` }],
    });
  }
  if (!shop.switchboardInstalled) throw new PlatformError(403, 'switchboard_not_installed', `Switchboard is not installed in ${shop.domain}`);
  if (typeof req.handle !== 'string' || req.handle === '') {
    throw new PlatformError(400, 'invalid_request', 'handle is required: the trigger extension handle', { fields: [{ field: 'handle', message: 'required string' }] });
  }
  if (req.payload === undefined) {
    throw new PlatformError(400, 'invalid_request', 'payload is required: an object of the trigger fields', { fields: [{ field: 'payload', message: 'required object' }] });
  }
  const size = Buffer.byteLength(JSON.stringify(req.payload), 'utf8');
  if (size > MAX_PAYLOAD_BYTES) {
    throw new PlatformError(413, 'payload_too_large', `The payload is ${size} bytes of JSON; the limit is ${MAX_PAYLOAD_BYTES}`);
  }
  if (req.idempotencyKey !== undefined && (req.idempotencyKey === '' || req.idempotencyKey.length > MAX_IDEMPOTENCY_KEY)) {
    throw new PlatformError(400, 'invalid_idempotency_key', `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY} characters`);
  }
  const wait = await deps.limiter.take(`${app.id}:${shop.id}`);
  if (wait > 0) throw new PlatformError(429, 'rate_limited', `Too many triggers from ${app.name} for ${shop.domain}: retry in ${wait} s`, { retryAfter: wait });

  const trigger = await deps.catalog.triggerOf(app, req.handle);
  if (!trigger) {
    throw new PlatformError(404, 'unknown_trigger', `${app.name} has no trigger with handle "${req.handle}" (deploy its extension first)`, {
      fields: [{ field: 'handle', message: 'unknown trigger handle' }],
    });
  }
  const problems = validatePayload(trigger.extension.fields, req.payload);
  if (problems.length) {
    throw new PlatformError(400, 'invalid_payload', `The payload does not match trigger "${req.handle}": ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, {
      fields: problems,
    });
  }
  const result = await acceptEvent(deps.store, {
    shopId: shop.id,
    source: app.clientId,
    handle: req.handle,
    payload: req.payload,
    idempotency: req.idempotencyKey !== undefined ? { appId: app.id, key: req.idempotencyKey } : undefined,
    customerKeys: customerKeysOf(trigger.extension.fields, req.payload as Record<string, unknown>),
  });
  if (!result.replayed && result.runsStarted > 0) deps.onAccepted?.();
  return { answer: result.answer, replayed: result.replayed };
}
