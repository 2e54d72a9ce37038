/**
 * The fake Klaviyo's check of a `POST /api/events` body, after Klaviyo's
 * documented schema (EventCreateQueryV2): the first problem found, with the
 * JSON pointer Klaviyo would name, or the event it describes.
 */

/** An event the fake accepted, as Klaviyo would store it. */
export interface FakeEvent {
  /** The private key it was sent with: the Klaviyo account. */
  apiKey: string;
  metric: string;
  profile: Record<string, unknown>;
  properties: Record<string, unknown>;
  /** ISO 8601: the event's time, or when the fake received it. */
  time: string;
  value?: number;
  valueCurrency?: string;
  uniqueId?: string;
}

export type BodyCheck = { ok: true; event: Omit<FakeEvent, 'apiKey'> } | { ok: false; pointer: string; detail: string };

const PROFILE_IDENTIFIERS = ['email', 'phone_number', 'external_id', 'anonymous_id'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const YEAR_MS = 366 * 24 * 3600 * 1000;

export function checkEventBody(body: unknown, now = Date.now()): BodyCheck {
  const fail = (pointer: string, detail: string): BodyCheck => ({ ok: false, pointer, detail });
  const data = objectAt(body, 'data');
  if (!data) return fail('/data', "'data' is a required object.");
  if (data.type !== 'event') return fail('/data/type', `'type' must be 'event', got ${JSON.stringify(data.type)}.`);
  const attributes = objectAt(data, 'attributes');
  if (!attributes) return fail('/data/attributes', "'attributes' is a required object.");

  const properties = objectAt(attributes, 'properties');
  if (!properties) return fail('/data/attributes/properties', "'properties' is a required object.");

  const metric = objectAt(objectAt(attributes, 'metric'), 'data');
  if (!metric) return fail('/data/attributes/metric/data', "'metric' must be {\"data\": {\"type\": \"metric\", ...}}.");
  if (metric.type !== 'metric') return fail('/data/attributes/metric/data/type', `'type' must be 'metric', got ${JSON.stringify(metric.type)}.`);
  const name = objectAt(metric, 'attributes')?.name;
  if (typeof name !== 'string' || name.trim() === '') return fail('/data/attributes/metric/data/attributes/name', "'name' is a required string.");
  if (name.length >= 128) return fail('/data/attributes/metric/data/attributes/name', 'Metric name must be less than 128 characters.');

  const profileData = objectAt(objectAt(attributes, 'profile'), 'data');
  if (!profileData) return fail('/data/attributes/profile/data', "'profile' must be {\"data\": {\"type\": \"profile\", ...}}.");
  if (profileData.type !== 'profile') return fail('/data/attributes/profile/data/type', `'type' must be 'profile', got ${JSON.stringify(profileData.type)}.`);
  const profile = objectAt(profileData, 'attributes') ?? {};
  const hasIdentifier = typeof profileData.id === 'string' || PROFILE_IDENTIFIERS.some((k) => typeof profile[k] === 'string' && profile[k] !== '');
  if (!hasIdentifier) return fail('/data/attributes/profile/data/attributes', 'A profile identifier (id, email, phone_number, external_id or anonymous_id) is required.');
  if (profile.email !== undefined && !(typeof profile.email === 'string' && EMAIL.test(profile.email))) {
    return fail('/data/attributes/profile/data/attributes/email', `Invalid email address ${JSON.stringify(profile.email)}.`);
  }

  let time = new Date(now).toISOString();
  if (attributes.time !== undefined && attributes.time !== null) {
    const ms = typeof attributes.time === 'string' ? Date.parse(attributes.time) : Number.NaN;
    if (Number.isNaN(ms)) return fail('/data/attributes/time', `'time' must be an ISO 8601 date-time, got ${JSON.stringify(attributes.time)}.`);
    if (ms < Date.UTC(2000, 0, 1) || ms > now + YEAR_MS) return fail('/data/attributes/time', "'time' must be after the year 2000 and at most one year in the future.");
    time = new Date(ms).toISOString();
  }
  const { value, value_currency: valueCurrency, unique_id: uniqueId } = attributes;
  if (value !== undefined && value !== null && !(typeof value === 'number' && Number.isFinite(value))) {
    return fail('/data/attributes/value', `'value' must be a number, got ${JSON.stringify(value)}.`);
  }
  if (valueCurrency !== undefined && valueCurrency !== null && !(typeof valueCurrency === 'string' && /^[A-Z]{3}$/.test(valueCurrency))) {
    return fail('/data/attributes/value_currency', `'value_currency' must be an ISO 4217 code such as USD, got ${JSON.stringify(valueCurrency)}.`);
  }
  if (uniqueId !== undefined && uniqueId !== null && typeof uniqueId !== 'string') {
    return fail('/data/attributes/unique_id', `'unique_id' must be a string, got ${JSON.stringify(uniqueId)}.`);
  }
  return {
    ok: true,
    event: {
      metric: name,
      profile: { ...profile, ...(typeof profileData.id === 'string' ? { id: profileData.id } : {}) },
      properties,
      time,
      ...(typeof value === 'number' ? { value } : {}),
      ...(typeof valueCurrency === 'string' ? { valueCurrency } : {}),
      ...(typeof uniqueId === 'string' ? { uniqueId } : {}),
    },
  };
}

function objectAt(parent: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof parent !== 'object' || parent === null) return undefined;
  const value = (parent as Record<string, unknown>)[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
