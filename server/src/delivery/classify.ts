/**
 * What an action endpoint's answer means, as Shopify Flow treats it
 * (DESIGN section 4, "Actions out").
 */
export type AttemptOutcome =
  | { kind: 'succeeded'; returnValue?: unknown }
  | { kind: 'pending' }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'failed'; reason: string };

export interface HttpAnswer {
  status: number;
  body: string;
  retryAfter?: string | null;
}

export function classifyAnswer(answer: HttpAnswer): AttemptOutcome {
  const { status, body } = answer;
  if (status === 200) {
    const parsed = parseJson(body);
    const returnValue = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).return_value : undefined;
    return { kind: 'succeeded', returnValue };
  }
  if (status === 202) return { kind: 'pending' };
  if (status === 429) {
    return { kind: 'retry', reason: 'rate limited (429)', retryAfterMs: parseRetryAfter(answer.retryAfter) };
  }
  if (status >= 500) return { kind: 'retry', reason: `server error (${status})` };
  if (status >= 400) return { kind: 'failed', reason: messageFrom(body) ?? `rejected with ${status}` };
  // Only 200 is success: 201, 204, redirects... are failures, as in Flow.
  return { kind: 'failed', reason: `unexpected status ${status}: only 200 counts as success` };
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The app's own words for a failure: `message`, `error`, or `error.message`, else the text itself. */
function messageFrom(body: string): string | undefined {
  const parsed = parseJson(body) as Record<string, unknown> | undefined;
  if (parsed && typeof parsed === 'object') {
    const m = parsed.message ?? parsed.error;
    if (typeof m === 'string' && m) return m.slice(0, 1000);
    if (m && typeof m === 'object' && typeof (m as Record<string, unknown>).message === 'string') {
      return ((m as Record<string, unknown>).message as string).slice(0, 1000);
    }
  }
  const text = body.trim();
  return text ? text.slice(0, 1000) : undefined;
}
