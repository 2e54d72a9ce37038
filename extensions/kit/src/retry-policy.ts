/**
 * When to ask Switchboard to send an action again. The service's own
 * `Retry-After` wins; without one (a 5xx, no answer), the delay doubles per
 * action run, as Switchboard's own backoff would (Switchboard takes a 429's
 * `Retry-After` as given, so the connector has to do the doubling).
 */
import { RetryLaterError } from '@switchboard/sdk';

/** The service cannot take the request now; it may later. Becomes a `RetryLaterError`. */
export class RetryableServiceError extends Error {
  /** Seconds the service asked us to wait (its `Retry-After`), if it said. */
  readonly retryAfter: number | undefined;

  constructor(message: string, options: { retryAfter?: number | undefined } = {}) {
    super(message);
    this.name = 'RetryableServiceError';
    this.retryAfter = options.retryAfter;
  }
}

/** `Retry-After` in seconds (a number of seconds or an HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  if (/^\s*[-+]?[\d.]+\s*$/.test(value)) {
    const seconds = Number(value);
    return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

export interface RetryPolicyOptions {
  /** First delay without a `Retry-After`, in seconds. Default 2, as Switchboard's DELIVERY_RETRY_BASE_MS. */
  baseSeconds?: number;
  /** Longest delay, in seconds. Default 3600, as Switchboard's DELIVERY_RETRY_MAX_MS. */
  maxSeconds?: number;
  /** Action runs remembered at most (oldest forgotten first). Default 10,000. */
  maxRuns?: number;
}

export interface RetryPolicy {
  /**
   * Runs one attempt of an action run. A `RetryableServiceError` becomes a
   * `RetryLaterError` with the service's delay, or the next backoff delay
   * for this run; any other outcome ends the run's backoff.
   */
  run<T>(actionRunId: string, attempt: () => Promise<T>): Promise<T>;
}

export function createRetryPolicy(options: RetryPolicyOptions = {}): RetryPolicy {
  const base = options.baseSeconds ?? 2;
  const max = options.maxSeconds ?? 3600;
  const maxRuns = options.maxRuns ?? 10_000;
  // Retries so far per action_run_id; Switchboard sends the same id on every retry.
  const retries = new Map<string, number>();

  function nextDelay(actionRunId: string): number {
    const count = retries.get(actionRunId) ?? 0;
    retries.delete(actionRunId);
    retries.set(actionRunId, count + 1);
    if (retries.size > maxRuns) {
      const oldest = retries.keys().next();
      if (!oldest.done) retries.delete(oldest.value);
    }
    // Up to 20% jitter, so runs that failed together do not all come back together.
    const delay = base * 2 ** Math.min(count, 30) * (1 + Math.random() * 0.2);
    return Math.min(max, Math.ceil(delay));
  }

  return {
    async run(actionRunId, attempt) {
      try {
        const result = await attempt();
        retries.delete(actionRunId);
        return result;
      } catch (error) {
        if (error instanceof RetryableServiceError) {
          const backoff = nextDelay(actionRunId);
          throw new RetryLaterError(`${error.message}; Switchboard will try again`, { retryAfter: error.retryAfter ?? backoff });
        }
        retries.delete(actionRunId);
        throw error;
      }
    },
  };
}
