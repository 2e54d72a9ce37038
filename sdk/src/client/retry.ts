/** How the client retries 429, 5xx, timeouts and network errors. */
export interface RetryOptions {
  /** Total attempts, the first included. Default 5; 1 disables retries. */
  attempts?: number;
  /** First backoff delay; doubles per retry, with jitter. Default 500 ms. */
  baseDelayMs?: number;
  /**
   * Longest single wait. Default 30,000 ms. A `Retry-After` longer than this
   * is not waited out: the error is thrown at once, carrying `retryAfter`.
   */
  maxDelayMs?: number;
  /** How to wait; replace it in tests to run without real delays. */
  sleep?: (ms: number) => Promise<void>;
  /** Called before each wait, e.g. for logging. */
  onRetry?: (info: RetryInfo) => void;
}

/** What `onRetry` is told. */
export interface RetryInfo {
  /** The attempt that just failed (1-based). */
  attempt: number;
  delayMs: number;
  /** The HTTP status, or undefined after a network error or timeout. */
  status: number | undefined;
  error?: unknown;
}

export interface ResolvedRetry {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  onRetry: ((info: RetryInfo) => void) | undefined;
}

export function resolveRetry(options: RetryOptions = {}): ResolvedRetry {
  return {
    attempts: Math.max(1, Math.floor(options.attempts ?? 5)),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? 500),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? 30_000),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    onRetry: options.onRetry,
  };
}

/**
 * Exponential backoff with "equal jitter": half the capped delay fixed, half
 * random, so many clients failing together do not retry together.
 */
export function backoffDelay(failedAttempt: number, retry: ResolvedRetry, random: () => number = Math.random): number {
  const capped = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.round(capped / 2 + (random() * capped) / 2);
}

/** `Retry-After` in seconds (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}
