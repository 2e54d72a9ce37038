import { ActionError, RetryLaterError, isPending } from '../errors.js';
import { errorBody } from '../http/index.js';

/** An answer to send, and whether it is final (kept for replay). */
export interface Outcome {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  final: boolean;
}

/** The answer to an action function's return value. */
export function outcomeOfReturn(value: unknown): Outcome {
  if (isPending(value)) return { status: 202, body: {}, final: false };
  const body = value === undefined ? {} : { return_value: value };
  JSON.stringify(body); // throws now (-> 500) rather than after the status is chosen
  return { status: 200, body, final: true };
}

/** The answer to what an action function threw; undefined for an unexpected error. */
export function outcomeOfThrow(error: unknown): Outcome | undefined {
  if (isPending(error)) return { status: 202, body: {}, final: false };
  if (error instanceof ActionError) {
    return { status: error.status, body: errorBody(error.code, error.message), final: true };
  }
  if (error instanceof RetryLaterError) {
    return {
      status: 429,
      body: errorBody('retry_later', error.message),
      headers: { 'retry-after': String(error.retryAfter) },
      final: false,
    };
  }
  return undefined;
}

/** The answer to an unexpected error: 500 so Switchboard retries, with nothing of the error leaked. */
export const INTERNAL_ERROR: Outcome = {
  status: 500,
  body: errorBody('internal_error', 'The action failed with an unexpected error; Switchboard will retry it'),
  final: false,
};
