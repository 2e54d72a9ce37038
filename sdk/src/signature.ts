/**
 * The two signatures of the protocol, as Shopify does them:
 * - request bodies (actions, notices): base64 HMAC-SHA256 of the raw body;
 * - redirect query strings (install): hex HMAC-SHA256 of the sorted query.
 * Comparisons are constant-time so a forger learns nothing from timing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Query parameters as express (`req.query`), `URLSearchParams` or a plain object give them. */
export type QueryParams = URLSearchParams | Readonly<Record<string, unknown>>;

/**
 * Signs a raw request body: base64 HMAC-SHA256 with the app's client secret,
 * the value of `x-shopify-hmac-sha256` / `x-switchboard-hmac-sha256`.
 */
export function signBody(rawBody: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/**
 * True when `header` is the body signature of exactly these bytes under
 * `secret`. Pass the raw body as received, never re-serialized JSON.
 * Missing or repeated headers are false.
 */
export function verifySignature(
  rawBody: string | Buffer,
  header: string | readonly string[] | undefined,
  secret: string,
): boolean {
  if (typeof header !== 'string' || header === '') return false;
  return safeEqual(signBody(rawBody, secret), header.trim());
}

/**
 * Signs query parameters the way Shopify signs redirects: every parameter
 * except `hmac`, sorted by key, joined as `k=v&k2=v2` with raw (not
 * URL-encoded) values; hex HMAC-SHA256 with the client secret.
 */
export function signQuery(params: QueryParams, secret: string): string {
  const message = queryMessage(params);
  if (message === undefined) throw new TypeError('signQuery: a parameter is repeated; each key must appear once');
  return createHmac('sha256', secret).update(message).digest('hex');
}

/** Options of `verifyQuery`. */
export interface VerifyQueryOptions {
  /**
   * Also require a `timestamp` parameter (Unix seconds) no further than this
   * many seconds from now, in either direction, so an old redirect cannot be
   * replayed.
   */
  maxAgeSeconds?: number;
  /** The current time, for tests. Default `Date.now()`. */
  now?: () => number;
}

/**
 * True when the query's `hmac` matches the other parameters under `secret`
 * (and, with `maxAgeSeconds`, its `timestamp` is fresh). Repeated keys are
 * refused.
 */
export function verifyQuery(params: QueryParams, secret: string, options: VerifyQueryOptions = {}): boolean {
  const hmac = queryValue(params, 'hmac');
  if (hmac === undefined) return false;
  const message = queryMessage(params);
  if (message === undefined) return false;
  const expected = createHmac('sha256', secret).update(message).digest('hex');
  if (!safeEqual(expected, hmac.toLowerCase())) return false;
  if (options.maxAgeSeconds !== undefined) {
    return timestampIsFresh(queryValue(params, 'timestamp'), options.maxAgeSeconds, options.now);
  }
  return true;
}

/** True when `timestamp` (Unix seconds, as a string) is within `maxAgeSeconds` of now. */
export function timestampIsFresh(
  timestamp: string | undefined,
  maxAgeSeconds: number,
  now: () => number = Date.now,
): boolean {
  if (timestamp === undefined || !/^\d+$/.test(timestamp)) return false;
  return Math.abs(now() / 1000 - Number(timestamp)) <= maxAgeSeconds;
}

/** A single-valued parameter, or undefined when absent or repeated. */
export function queryValue(params: QueryParams, key: string): string | undefined {
  if (params instanceof URLSearchParams) {
    const all = params.getAll(key);
    return all.length === 1 ? all[0] : undefined;
  }
  const value = params[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** The signed message, or undefined when a key is repeated (ambiguous to sign). */
function queryMessage(params: QueryParams): string | undefined {
  const keys =
    params instanceof URLSearchParams ? [...new Set(params.keys())] : Object.keys(params).filter((k) => params[k] !== undefined);
  const parts: string[] = [];
  for (const key of keys.filter((k) => k !== 'hmac').sort()) {
    const value = queryValue(params, key);
    if (value === undefined) return undefined;
    parts.push(`${key}=${value}`);
  }
  return parts.join('&');
}

function safeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  // timingSafeEqual throws on unequal lengths; the length itself is not secret.
  return a.length === b.length && timingSafeEqual(a, b);
}
