import { NotInstalledError, PayloadTooLargeError, ServerError, ValidationError } from '../errors.js';
import { triggerError } from './response-error.js';
import { backoffDelay, parseRetryAfter, type ResolvedRetry } from './retry.js';
import type { TokenStore } from './token-store.js';

/** Switchboard's limit on a trigger payload: UTF-8 bytes of its JSON. */
export const MAX_PAYLOAD_BYTES = 50_000;

/** A trigger event Switchboard accepted. */
export interface SentTrigger {
  skipped: false;
  /** Switchboard's id for the event. */
  eventId: string;
  /** How many workflow runs the event started (0 is normal: no workflow matched). */
  runsStarted: number;
}

/** What a trigger request needs from the client. */
export interface TriggerTransport {
  url: string;
  tokens: TokenStore;
  retry: ResolvedRetry;
  fetch: typeof fetch;
  timeoutMs: number;
}

/**
 * POSTs one trigger event, retrying 429, 5xx, timeouts and network errors
 * with one idempotency key, and throws the typed error for any other answer.
 */
export async function postTrigger(
  transport: TriggerTransport,
  shop: string,
  handle: string,
  payload: object,
  idempotencyKey: string,
): Promise<SentTrigger> {
  const { url, tokens, retry, timeoutMs } = transport;
  const token = await tokens.get(shop);
  if (token === undefined) {
    throw new NotInstalledError(`No access token stored for ${shop}: install the app there first (completeInstall stores it)`, {
      code: 'no_token',
      status: undefined,
    });
  }
  const body = JSON.stringify({ handle, payload });
  for (let attempt = 1; ; attempt++) {
    let status: number | undefined;
    let answer: unknown;
    let retryAfter: number | undefined;
    let networkError: unknown;
    try {
      const response = await transport.fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
          // Lets Switchboard refuse (403) a token stored under the wrong shop instead of acting on another shop.
          'x-shopify-shop-domain': shop,
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      answer = await readJson(response);
      retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    } catch (error) {
      networkError = error;
    }

    if (status !== undefined && status >= 200 && status < 300) return sentTrigger(answer);
    const retryable = status === undefined || status === 429 || status >= 500;
    if (status !== undefined && !retryable) throw triggerError(status, answer, { shop, handle });

    const delayMs = retryAfter !== undefined ? retryAfter * 1000 : backoffDelay(attempt, retry);
    // A Retry-After longer than maxDelayMs is not waited out here; the caller gets it in the error.
    if (attempt >= retry.attempts || delayMs > retry.maxDelayMs) {
      if (status === undefined) {
        throw new ServerError(`Could not reach Switchboard at ${url} after ${attempt} attempt(s)`, {
          code: 'network_error',
          cause: networkError,
        });
      }
      throw triggerError(status, answer, { shop, handle, ...(retryAfter === undefined ? {} : { retryAfter }) });
    }
    retry.onRetry?.({ attempt, delayMs, status, ...(networkError === undefined ? {} : { error: networkError }) });
    await retry.sleep(delayMs);
  }
}

/** Client-side checks, so a bad payload fails before any network round trip. */
export function checkPayload(handle: string, payload: unknown, index?: number): void {
  const where = index === undefined ? `Trigger "${handle}"` : `Trigger "${handle}", payload ${index}`;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new ValidationError(`${where}: the payload must be a JSON object`, { status: undefined, fields: [{ field: 'payload', message: 'must be an object' }] });
  }
  const size = Buffer.byteLength(JSON.stringify(payload), 'utf8');
  if (size > MAX_PAYLOAD_BYTES) {
    throw new PayloadTooLargeError(`${where}: the payload's JSON is ${size} bytes, over the ${MAX_PAYLOAD_BYTES}-byte limit`, {
      status: undefined,
      size,
      limit: MAX_PAYLOAD_BYTES,
    });
  }
}

function sentTrigger(answer: unknown): SentTrigger {
  const body = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  return {
    skipped: false,
    eventId: typeof body.event_id === 'string' ? body.event_id : String(body.event_id ?? ''),
    runsStarted: typeof body.runs_started === 'number' ? body.runs_started : 0,
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
