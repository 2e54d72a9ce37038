/**
 * What a Klaviyo failure means for Switchboard (extensions/README.md, "How
 * service answers become delivery outcomes"), and the credentials check.
 */
import { ActionError, RetryLaterError } from '@switchboard/sdk';
import { KlaviyoApiError } from './klaviyo-client.js';

/**
 * Seconds to wait after a 5xx or no answer when Klaviyo gave no
 * `Retry-After`: long enough for a blip to pass, short enough that the event
 * still lands close to when it happened.
 */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;

const SETTINGS = 'Switchboard Settings → Klaviyo';

/**
 * The error to throw for a failed Klaviyo call: `RetryLaterError` for 429,
 * 5xx and no answer (Switchboard sends again), `ActionError` with Klaviyo's
 * detail for any other 4xx (fails for good). Anything else is returned as is.
 */
export function toDeliveryError(error: unknown): unknown {
  if (!(error instanceof KlaviyoApiError)) return error;
  const { status } = error;
  if (status === undefined) {
    return new RetryLaterError(error.message, { retryAfter: DEFAULT_RETRY_AFTER_SECONDS });
  }
  if (status === 429) {
    return new RetryLaterError(`Klaviyo is rate limiting this account: ${error.message}`, {
      retryAfter: error.retryAfter ?? DEFAULT_RETRY_AFTER_SECONDS,
    });
  }
  if (status >= 500) {
    return new RetryLaterError(`Klaviyo failed (${status}): ${error.message}`, {
      retryAfter: error.retryAfter ?? DEFAULT_RETRY_AFTER_SECONDS,
    });
  }
  if (status === 401 || status === 403) {
    return new ActionError(`Klaviyo refused the private API key (${status}): ${error.message}. Check the key in ${SETTINGS}; it needs the events:write scope.`, {
      code: 'klaviyo_unauthorized',
    });
  }
  return new ActionError(`Klaviyo refused the event (${status}): ${error.message}`, { code: 'klaviyo_rejected' });
}

/** The name of the credential that holds the shop's Klaviyo private API key. */
export const PRIVATE_API_KEY = 'private_api_key';

/**
 * The shop's private API key from its credentials; undefined when none is
 * set. A key that is not a private key (`pk_...`) is an `ActionError` naming
 * Settings, since every call with it would fail.
 */
export function privateKeyOf(credentials: Record<string, string> | undefined): string | undefined {
  const key = credentials?.[PRIVATE_API_KEY]?.trim();
  if (!key) return undefined;
  if (!key.startsWith('pk_')) {
    throw new ActionError(`The Klaviyo key in ${SETTINGS} is not a private API key (those start with pk_); public keys cannot record events.`, {
      code: 'klaviyo_key_invalid',
    });
  }
  return key;
}

/** The shop's private API key, or an `ActionError` that sends the merchant to Settings. */
export function requirePrivateKey(credentials: Record<string, string> | undefined): string {
  const key = privateKeyOf(credentials);
  if (key === undefined) {
    throw new ActionError(`Klaviyo is not connected for this shop: add a private API key in ${SETTINGS}.`, {
      code: 'klaviyo_not_connected',
    });
  }
  return key;
}
