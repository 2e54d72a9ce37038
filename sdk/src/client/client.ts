import { randomUUID } from 'node:crypto';
import { createLifecycle, memoryLifecycleStore, type Lifecycle, type LifecycleStore } from './lifecycle.js';
import { resolveRetry, type RetryOptions } from './retry.js';
import { toTokenStore, type TokenSource, type TokenStore } from './token-store.js';
import { checkPayload, postTrigger, type SentTrigger, type TriggerTransport } from './trigger-request.js';

export { MAX_PAYLOAD_BYTES, type SentTrigger } from './trigger-request.js';

/** Options of `createClient`. */
export interface ClientOptions {
  /** Base URL of the Switchboard server, e.g. `https://switchboard.example.com`. */
  serverUrl: string;
  clientId: string;
  /** The app's client secret: verifies lifecycle notices. Never sent with triggers. */
  clientSecret: string;
  /** Each shop's access token (from `completeInstall`): a `TokenStore` or a plain `{ [shop]: token }` object. */
  tokens: TokenSource;
  /** Where the newest lifecycle notice per (shop, trigger) is kept. Default: in memory. */
  lifecycle?: LifecycleStore;
  /** A `fetch` implementation. Default: the global one. */
  fetch?: typeof fetch;
  retry?: RetryOptions;
  /** Abort one attempt after this long (then it is retried like a network error). Default 10,000 ms. */
  timeoutMs?: number;
}

/** Options of `sendTrigger`. */
export interface SendTriggerOptions {
  /**
   * Makes the send safe to repeat: Switchboard answers a repeated key with the
   * first answer and starts nothing new. Default: a random key per call, kept
   * across that call's retries.
   */
  idempotencyKey?: string;
  /**
   * Skip the send (answer `{ skipped: true }`) when a lifecycle notice said no
   * enabled workflow in the shop uses this trigger. Sends when nothing is known.
   */
  onlyIfUsed?: boolean;
}

/** Options of `sendTriggers`. */
export interface SendTriggersOptions {
  /** Sends in flight at once. Default 4. */
  concurrency?: number;
  /**
   * Item `i` is sent with idempotency key `${prefix}:${i}`, so a failed batch
   * can be sent again whole without starting any event twice. Default: random.
   */
  idempotencyKeyPrefix?: string;
  /** As in `sendTrigger`: skip the whole batch when the trigger is known unused. */
  onlyIfUsed?: boolean;
}

/** A send skipped by `onlyIfUsed` because no enabled workflow uses the trigger in that shop. */
export interface SkippedTrigger {
  skipped: true;
}

/** The Switchboard client: sends trigger events and knows which triggers are in use. */
/**
 * `T` maps trigger handles to payload types (the `TriggerPayloads` that
 * `switchboard generate types` writes); by default any handle and object.
 */
export interface SwitchboardClient<T extends object = Record<string, object>> extends Lifecycle {
  /**
   * Sends one trigger event for a shop. Retries 429, 5xx, timeouts and network
   * errors (honouring `Retry-After`); throws `ValidationError` (with `fields`),
   * `AuthenticationError`, `NotInstalledError`, `UnknownTriggerError`,
   * `PayloadTooLargeError` (checked before sending), `RateLimitedError` or
   * `ServerError`.
   *
   * @example
   * await client.sendTrigger('shop.myshopify.com', 'review-created', { rating: 5, customer_id: 123 });
   */
  sendTrigger<H extends keyof T & string>(shop: string, handle: H, payload: T[H], options?: SendTriggerOptions & { onlyIfUsed?: false }): Promise<SentTrigger>;
  sendTrigger<H extends keyof T & string>(shop: string, handle: H, payload: T[H], options?: SendTriggerOptions): Promise<SentTrigger | SkippedTrigger>;
  /**
   * Sends one event per payload (Bulk Discounts: one per batch of 100 codes),
   * a few at a time, results in order. Every payload is checked before any is
   * sent. On the first failure no new sends start and that error is thrown;
   * call again with the same `idempotencyKeyPrefix` to finish safely.
   */
  sendTriggers(shop: string, handle: string, payloads: readonly object[], options?: SendTriggersOptions & { onlyIfUsed?: false }): Promise<SentTrigger[]>;
  sendTriggers(shop: string, handle: string, payloads: readonly object[], options?: SendTriggersOptions): Promise<SentTrigger[] | SkippedTrigger>;
  /** The token store the client reads (the one given, or the wrapper of a plain object). */
  readonly tokens: TokenStore;
}

/**
 * Creates the client a connector app uses to talk to Switchboard.
 *
 * @example
 * const client = createClient({ serverUrl, clientId, clientSecret, tokens: memoryTokenStore() });
 * await client.sendTrigger(shop, 'review-created', { rating: 5 });
 */
export function createClient<T extends object = Record<string, object>>(options: ClientOptions): SwitchboardClient<T> {
  const tokens = toTokenStore(options.tokens);
  const lifecycle = createLifecycle(options.clientSecret, options.lifecycle ?? memoryLifecycleStore());
  const transport: TriggerTransport = {
    url: new URL('/connector-api/v1/triggers', options.serverUrl).toString(),
    tokens,
    retry: resolveRetry(options.retry),
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 10_000,
  };
  const post = (shop: string, handle: string, payload: object, key: string) => postTrigger(transport, shop, handle, payload, key);

  async function isUnused(shop: string, handle: string): Promise<boolean> {
    return (await lifecycle.hasEnabledWorkflow(shop, handle)) === false;
  }

  async function sendTrigger(shop: string, handle: string, payload: object, sendOptions: SendTriggerOptions = {}) {
    checkPayload(handle, payload);
    if (sendOptions.onlyIfUsed && (await isUnused(shop, handle))) return { skipped: true } as const;
    return post(shop, handle, payload, sendOptions.idempotencyKey ?? randomUUID());
  }

  async function sendTriggers(shop: string, handle: string, payloads: readonly object[], batchOptions: SendTriggersOptions = {}) {
    payloads.forEach((payload, index) => checkPayload(handle, payload, index));
    if (batchOptions.onlyIfUsed && (await isUnused(shop, handle))) return { skipped: true } as const;
    const prefix = batchOptions.idempotencyKeyPrefix ?? randomUUID();
    const results: SentTrigger[] = new Array(payloads.length);
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (!failed && next < payloads.length) {
        const index = next++;
        try {
          results[index] = await post(shop, handle, payloads[index] as object, `${prefix}:${index}`);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    const concurrency = Math.max(1, Math.min(batchOptions.concurrency ?? 4, payloads.length));
    const outcomes = await Promise.allSettled(Array.from({ length: concurrency }, worker));
    const rejection = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (rejection) throw rejection.reason;
    return results;
  }

  return {
    ...lifecycle,
    tokens,
    sendTrigger: sendTrigger as SwitchboardClient['sendTrigger'],
    sendTriggers: sendTriggers as SwitchboardClient['sendTriggers'],
  };
}
