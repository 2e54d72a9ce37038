/**
 * A small client for Klaviyo's Events API (`POST /api/events`, JSON:API).
 * https://developers.klaviyo.com/en/reference/create_event
 */

/** Klaviyo's API host; tests and local mode pass a fake's URL instead. */
export const KLAVIYO_API_URL = 'https://a.klaviyo.com';

/** The dated API revision every request names (Klaviyo requires the `revision` header). */
export const KLAVIYO_REVISION = '2024-10-15';

/** An event to record on a profile, in our words; `createEvent` turns it into Klaviyo's JSON:API body. */
export interface KlaviyoEvent {
  /** The metric's name, e.g. `Placed Order` (under 128 characters). */
  metric: string;
  /** The profile's identifiers and attributes; `email` identifies it. */
  profile: { email: string; first_name?: string; last_name?: string };
  properties: Record<string, unknown>;
  /** ISO 8601; Klaviyo uses the time it received the event when absent. */
  time?: string;
  /** A monetary value, e.g. an order's total. */
  value?: number;
  /** ISO 4217 currency of `value`. */
  valueCurrency?: string;
  /** Klaviyo records only the first event with this id for the same profile and metric. */
  uniqueId?: string;
}

/** One JSON:API error object as Klaviyo sends it. */
export interface KlaviyoErrorObject {
  id?: string;
  status?: number | string;
  code?: string;
  title?: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string; header?: string };
}

/**
 * Klaviyo refused the request, or did not answer. `status` is undefined when
 * no answer came (network error, timeout); `retryAfter` is Klaviyo's
 * `Retry-After` in seconds, when it sent one.
 */
export class KlaviyoApiError extends Error {
  readonly status: number | undefined;
  readonly errors: KlaviyoErrorObject[];
  readonly retryAfter: number | undefined;

  constructor(message: string, options: { status?: number; errors?: KlaviyoErrorObject[]; retryAfter?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KlaviyoApiError';
    this.status = options.status;
    this.errors = options.errors ?? [];
    this.retryAfter = options.retryAfter;
  }

  /** True when sending the same request later may succeed: no answer, 429 or 5xx. */
  get retryable(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500;
  }
}

export interface KlaviyoClientOptions {
  /** The account's private API key (`pk_...`) with the `events:write` scope. */
  privateKey: string;
  /** Default `https://a.klaviyo.com`. */
  baseUrl?: string;
  /** Default `KLAVIYO_REVISION`. */
  revision?: string;
  /** How long to wait for an answer. Default 8 s, under the 10 s Switchboard gives an action. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface KlaviyoClient {
  /** Records one event. Resolves on Klaviyo's 202; throws `KlaviyoApiError` otherwise. */
  createEvent(event: KlaviyoEvent): Promise<void>;
}

export function createKlaviyoClient(options: KlaviyoClientOptions): KlaviyoClient {
  const baseUrl = (options.baseUrl ?? KLAVIYO_API_URL).replace(/\/+$/, '');
  const revision = options.revision ?? KLAVIYO_REVISION;
  const timeoutMs = options.timeoutMs ?? 8_000;
  const send = options.fetch ?? fetch;

  return {
    async createEvent(event) {
      let response: Response;
      let text: string;
      try {
        response = await send(`${baseUrl}/api/events`, {
          method: 'POST',
          headers: {
            authorization: `Klaviyo-API-Key ${options.privateKey}`,
            revision,
            accept: 'application/vnd.api+json',
            'content-type': 'application/vnd.api+json',
          },
          body: JSON.stringify(eventBody(event)),
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        const why = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describeNetworkError(error);
        throw new KlaviyoApiError(`Klaviyo did not answer: ${why}`, { cause: error });
      }
      if (response.status >= 200 && response.status < 300) return;
      const errors = parseErrors(text);
      throw new KlaviyoApiError(messageOf(response.status, errors, text), {
        status: response.status,
        errors,
        retryAfter: parseRetryAfter(response.headers.get('retry-after')),
      });
    },
  };
}

/** The JSON:API body of `POST /api/events`. */
export function eventBody(event: KlaviyoEvent): unknown {
  return {
    data: {
      type: 'event',
      attributes: {
        properties: event.properties,
        metric: { data: { type: 'metric', attributes: { name: event.metric } } },
        profile: { data: { type: 'profile', attributes: event.profile } },
        ...(event.time === undefined ? {} : { time: event.time }),
        ...(event.value === undefined ? {} : { value: event.value }),
        ...(event.valueCurrency === undefined ? {} : { value_currency: event.valueCurrency }),
        ...(event.uniqueId === undefined ? {} : { unique_id: event.uniqueId }),
      },
    },
  };
}

function parseErrors(text: string): KlaviyoErrorObject[] {
  try {
    const body = JSON.parse(text) as { errors?: unknown };
    return Array.isArray(body.errors) ? body.errors.filter((e): e is KlaviyoErrorObject => typeof e === 'object' && e !== null) : [];
  } catch {
    return [];
  }
}

/** Klaviyo's own words: each error's detail (or title), with the field it points at. */
function messageOf(status: number, errors: KlaviyoErrorObject[], text: string): string {
  const parts = errors.map((e) => {
    const words = e.detail ?? e.title ?? e.code ?? 'unknown error';
    const where = e.source?.pointer ?? e.source?.parameter ?? e.source?.header;
    return where ? `${words} (at ${where})` : words;
  });
  if (parts.length > 0) return parts.join('; ');
  const snippet = text.trim().slice(0, 200);
  return snippet ? `HTTP ${status}: ${snippet}` : `HTTP ${status}`;
}

/** `Retry-After` as seconds or an HTTP date, in whole seconds from now. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}
