/**
 * Errors are part of the SDK's API: each one says what went wrong and what
 * Switchboard (or the app) will do next. The client throws the
 * `SwitchboardError` family; action handlers throw `ActionError` or
 * `RetryLaterError`, or return `pending()`.
 */

/** One invalid field, as named by the server (`{ field: "rating", message: "..." }`). */
export interface FieldError {
  field: string;
  message: string;
}

/** Options shared by every `SwitchboardError` constructor. */
export interface SwitchboardErrorOptions {
  /** Stable machine-readable code, e.g. `invalid_payload`. */
  code?: string;
  /** The HTTP status the server answered; undefined when no answer came. */
  status?: number;
  fields?: FieldError[];
  cause?: unknown;
}

/**
 * Base of every error the SDK throws about the Switchboard protocol.
 * `instanceof SwitchboardError` catches them all; `code` and `status` say which.
 */
export class SwitchboardError extends Error {
  /** Stable machine-readable code (the server's `error.code` when it sent one). */
  readonly code: string;
  /** HTTP status of the server's answer, or undefined when the error arose client-side. */
  readonly status: number | undefined;
  /** Invalid fields, when the server named them (empty otherwise). */
  readonly fields: FieldError[];

  constructor(message: string, options: SwitchboardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? 'switchboard_error';
    this.status = options.status;
    this.fields = options.fields ?? [];
  }
}

/** 400: the trigger payload does not match the trigger's declared fields. `fields` names each bad one. */
export class ValidationError extends SwitchboardError {
  constructor(message: string, options: SwitchboardErrorOptions = {}) {
    super(message, { code: 'invalid_payload', status: 400, ...options });
  }
}

/** 401: the access token is missing, wrong or revoked. Reinstalling the app in that shop issues a new one. */
export class AuthenticationError extends SwitchboardError {
  constructor(message: string, options: SwitchboardErrorOptions = {}) {
    super(message, { code: 'unauthorized', status: 401, ...options });
  }
}

/** 403 (or no stored token): the app is not installed in that shop, so nothing can be sent for it. */
export class NotInstalledError extends SwitchboardError {
  constructor(message: string, options: SwitchboardErrorOptions = {}) {
    super(message, { code: 'not_installed', status: 403, ...options });
  }
}

/** 404: no trigger with that handle is deployed for the app. Check the handle and run `switchboard deploy`. */
export class UnknownTriggerError extends SwitchboardError {
  constructor(message: string, options: SwitchboardErrorOptions = {}) {
    super(message, { code: 'unknown_trigger', status: 404, ...options });
  }
}

/** 413: the payload's JSON is over the limit (50,000 UTF-8 bytes). Thrown before sending when the client can tell. */
export class PayloadTooLargeError extends SwitchboardError {
  /** Size of the payload's JSON in UTF-8 bytes, when known. */
  readonly size: number | undefined;
  /** The limit in bytes. */
  readonly limit: number;

  constructor(message: string, options: SwitchboardErrorOptions & { size?: number; limit?: number } = {}) {
    super(message, { code: 'payload_too_large', status: 413, ...options });
    this.size = options.size;
    this.limit = options.limit ?? 50_000;
  }
}

/** 429 after every retry was spent. `retryAfter` is the server's last `Retry-After`, in seconds. */
export class RateLimitedError extends SwitchboardError {
  readonly retryAfter: number | undefined;

  constructor(message: string, options: SwitchboardErrorOptions & { retryAfter?: number } = {}) {
    super(message, { code: 'rate_limited', status: 429, ...options });
    this.retryAfter = options.retryAfter;
  }
}

/**
 * 5xx, a timeout or a network error after every retry was spent. `status` is
 * undefined when no answer came. Sending again later (with the same
 * idempotency key) is safe.
 */
export class ServerError extends SwitchboardError {
  readonly retryAfter: number | undefined;

  constructor(message: string, options: SwitchboardErrorOptions & { retryAfter?: number } = {}) {
    super(message, { code: 'server_error', ...options });
    this.retryAfter = options.retryAfter;
  }
}

/**
 * An install step failed. `code` names the check: `missing_parameter`,
 * `invalid_hmac`, `stale_timestamp`, `state_mismatch`, `shop_mismatch`,
 * `token_exchange_failed`.
 */
export class InstallError extends SwitchboardError {
  constructor(message: string, options: SwitchboardErrorOptions = {}) {
    super(message, { code: 'install_failed', ...options });
  }
}

/**
 * Throw from an action to fail it for good: Switchboard does not retry, and
 * shows `message` to the merchant in the run history. The handler answers
 * `status` (a 4xx other than 429; default 422) with `{"message": ...}`.
 *
 * @example
 * throw new ActionError('Customer has no loyalty account');
 */
export class ActionError extends Error {
  /** The 4xx status answered to Switchboard. */
  readonly status: number;
  /** Machine-readable code, sent beside the message. */
  readonly code: string;

  constructor(message: string, options: { status?: number; code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const status = options.status ?? 422;
    // A 429 or non-4xx would make Switchboard retry, which contradicts "failed for good".
    if (!Number.isInteger(status) || status < 400 || status > 499 || status === 429) {
      throw new RangeError(`ActionError status must be a 4xx other than 429, got ${status}`);
    }
    this.name = 'ActionError';
    this.status = status;
    this.code = options.code ?? 'action_failed';
  }
}

/**
 * Throw from an action when it cannot run now but will later (an upstream
 * rate limit, say): the handler answers 429 with `Retry-After`, and
 * Switchboard sends the same request again after that many seconds.
 */
export class RetryLaterError extends Error {
  /** Seconds Switchboard should wait before sending again. */
  readonly retryAfter: number;

  constructor(message: string, options: { retryAfter: number }) {
    super(message);
    this.name = 'RetryLaterError';
    this.retryAfter = Math.max(0, Math.ceil(options.retryAfter));
  }
}

/** Key of the marker `pending()` returns; `Symbol.for` so two copies of the SDK agree. */
export const PENDING: unique symbol = Symbol.for('switchboard.pending') as never;

/** The marker `pending()` returns. */
export interface Pending {
  readonly [PENDING]: true;
}

/**
 * Return from an action that has started but not finished: the handler
 * answers 202, and Switchboard sends the same request (same
 * `actionRunId`) again later until the action answers with a result.
 *
 * @example
 * if (!job.done) return pending();
 * return { points: job.points };
 */
export function pending(): Pending {
  return { [PENDING]: true };
}

/** True when `value` is the marker returned by `pending()`. */
export function isPending(value: unknown): value is Pending {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PENDING] === true;
}
