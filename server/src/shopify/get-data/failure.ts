/**
 * What a failed Admin GraphQL request means for the step that made it:
 * throttling, Shopify's 5xx and the network are worth another try later;
 * a refused query (GraphQL errors, 4xx) is not.
 */
import { GraphqlQueryError, HttpMaxRetriesError, HttpRequestError, HttpResponseError, HttpRetriableError, HttpThrottlingError } from '@shopify/shopify-api';

export interface ShopifyFailure {
  message: string;
  retryable: boolean;
  throttled: boolean;
  statusCode?: number;
  /** How long Shopify asks us to wait (Retry-After, or the cost bucket's refill time). */
  retryAfterMs?: number;
}

interface GraphqlErrorBody {
  message?: string;
  extensions?: { code?: string };
}

interface ThrottleStatus {
  currentlyAvailable?: number;
  restoreRate?: number;
}

/** Codes Shopify puts in a 200 answer's errors that mean "try again later". */
const RETRYABLE_CODES = new Set(['THROTTLED', 'INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE']);

export function describeShopifyFailure(err: unknown): ShopifyFailure {
  if (err instanceof GraphqlQueryError) {
    const body = err.body as { errors?: { graphQLErrors?: GraphqlErrorBody[] }; extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } } } | undefined;
    const errors = body?.errors?.graphQLErrors ?? [];
    const codes = errors.map((e) => e.extensions?.code).filter((c): c is string => Boolean(c));
    const message = errors.map((e) => e.message).filter(Boolean).join('; ') || err.message;
    const throttled = codes.includes('THROTTLED');
    const retryable = codes.some((c) => RETRYABLE_CODES.has(c));
    return { message: throttled ? `Shopify is throttling requests: ${message}` : message, retryable, throttled, statusCode: 200, retryAfterMs: throttled ? refillMs(body?.extensions?.cost) : undefined };
  }
  if (err instanceof HttpThrottlingError) {
    const after = err.response.retryAfter;
    return { message: `Shopify is throttling requests (429)`, retryable: true, throttled: true, statusCode: 429, retryAfterMs: after !== undefined ? after * 1000 : undefined };
  }
  if (err instanceof HttpRetriableError) {
    return { message: `Shopify answered ${err.response.code} ${err.response.statusText}`.trim(), retryable: true, throttled: false, statusCode: err.response.code };
  }
  if (err instanceof HttpResponseError) {
    const status = err.response.code;
    const hint = status === 401 || status === 403 ? ': Switchboard may need to be reinstalled or granted more access' : '';
    return { message: `Shopify answered ${status} ${err.response.statusText}`.trim() + hint, retryable: status === 429 || status >= 500, throttled: status === 429, statusCode: status };
  }
  if (err instanceof HttpRequestError) return { message: `could not reach Shopify: ${err.message}`, retryable: true, throttled: false };
  if (err instanceof HttpMaxRetriesError) return { message: `Shopify kept failing: ${err.message}`, retryable: true, throttled: false };
  const e = err as Error;
  return { message: `could not reach Shopify: ${e?.message ?? String(err)}`, retryable: true, throttled: false };
}

/** Seconds until the bucket holds the points the refused query asked for. */
function refillMs(cost: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } | undefined): number | undefined {
  const status = cost?.throttleStatus;
  if (!status?.restoreRate || cost?.requestedQueryCost === undefined) return undefined;
  const missing = cost.requestedQueryCost - (status.currentlyAvailable ?? 0);
  return Math.max(0, Math.ceil((missing / status.restoreRate) * 1000));
}
