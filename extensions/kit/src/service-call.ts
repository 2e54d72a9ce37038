/** One HTTP request to the service, within a deadline; no answer is a temporary failure. */
import { RetryableServiceError } from './retry-policy.js';

export interface ServiceAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/**
 * Sends the request and reads the whole answer. A network error or no answer
 * within `timeoutMs` throws `RetryableServiceError` naming `service`.
 */
export async function callService(service: string, url: URL | string, init: RequestInit, timeoutMs: number): Promise<ServiceAnswer> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: parseJson(text) };
  } catch (error) {
    if (error instanceof Error && error.name === 'TimeoutError') {
      throw new RetryableServiceError(`${service} did not answer within ${timeoutMs / 1000} s`);
    }
    throw new RetryableServiceError(`Could not reach ${service}: ${networkReason(error)}`);
  }
}

/** The first words of a body, for messages about answers that are not what the API documents. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, ...) is in its cause. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { message?: unknown; code?: unknown } | undefined) : undefined;
  if (cause && typeof cause.message === 'string' && cause.message !== '') return cause.message;
  if (cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}
