/** The "Track event" action (extensions/track-event): one event on one Klaviyo profile. */
import { ActionError, type ActionContext } from '@switchboard/sdk';
import { requirePrivateKey, toDeliveryError } from './failures.js';
import { createKlaviyoClient, type KlaviyoEvent } from './klaviyo-client.js';

/** What the action needs besides the request: the shop's credentials and Klaviyo's URL. */
export interface TrackEventOptions {
  credentials(shop: string): Promise<Record<string, string> | undefined>;
  apiUrl: string;
  fetch?: typeof fetch;
}

/** What the action returns (`return_value`), for later steps. */
export interface TrackedEvent {
  metric: string;
  email: string;
  unique_id: string;
}

/** The action function for `actionHandler`. */
export function trackEventAction(options: TrackEventOptions) {
  return async ({ shop, properties, actionRunId }: ActionContext): Promise<TrackedEvent> => {
    const privateKey = requirePrivateKey(await options.credentials(shop));
    const fields = readTrackEventFields(properties);
    // action_run_id is the same on every retry of this run: Klaviyo keeps the first event with it.
    const event: KlaviyoEvent = { ...fields, uniqueId: actionRunId };
    const client = createKlaviyoClient({ privateKey, baseUrl: options.apiUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
    try {
      await client.createEvent(event);
    } catch (error) {
      throw toDeliveryError(error);
    }
    return { metric: event.metric, email: event.profile.email, unique_id: actionRunId };
  };
}

// Deliberately loose: Klaviyo has the last word, this catches the obvious slips with a clearer message.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The action's fields (rendered by Switchboard) as an event, or an `ActionError` naming the bad field. */
export function readTrackEventFields(properties: Record<string, unknown>): Omit<KlaviyoEvent, 'uniqueId'> {
  const metric = text(properties.metric);
  if (!metric) throw fieldError('Metric name ("metric") is empty: name the event, e.g. Reached VIP tier.');
  if (metric.length >= 128) throw fieldError(`Metric name ("metric") must be under 128 characters; it has ${metric.length}.`);

  const email = text(properties.email);
  if (!email) throw fieldError('Customer email ("email") is empty: Klaviyo needs the profile\'s email, e.g. {{ order.email }}.');
  if (!EMAIL.test(email)) throw fieldError(`Customer email ("email") is not an email address: "${email.slice(0, 100)}".`);

  const value = readValue(properties.value);
  return {
    metric,
    profile: { email },
    properties: readProperties(properties.properties),
    ...(value === undefined ? {} : { value }),
  };
}

function readProperties(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return {};
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw fieldError(
        `Event properties ("properties") is not valid JSON: ${why}. Write a JSON object such as {"tier": "gold"}; ` +
          'output Liquid values with the json filter ({{ order.name | json }}) so quotes stay valid.',
      );
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const got = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`;
    throw fieldError(`Event properties ("properties") must be a JSON object ({...}), got ${got}.`);
  }
  return parsed as Record<string, unknown>;
}

function readValue(raw: unknown): number | undefined {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return undefined;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN;
  if (!Number.isFinite(value)) throw fieldError(`Value ("value") must be a number, got ${JSON.stringify(raw).slice(0, 100)}.`);
  return value;
}

function text(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
}

function fieldError(message: string): ActionError {
  return new ActionError(message, { code: 'invalid_field' });
}
