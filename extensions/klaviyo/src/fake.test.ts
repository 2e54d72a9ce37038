import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFake, type KlaviyoFake } from './fake.js';

const KEY = 'pk_3f9a2c7e41b8d05e6a1c9f2b7d4e8a0c5b';
const HEADERS = {
  authorization: `Klaviyo-API-Key ${KEY}`,
  revision: '2024-10-15',
  accept: 'application/vnd.api+json',
  'content-type': 'application/vnd.api+json',
};

let fake: KlaviyoFake;
beforeEach(async () => {
  fake = await startFake();
});
afterEach(() => fake.close());

function event(attributes: Record<string, unknown> = {}) {
  return {
    data: {
      type: 'event',
      attributes: {
        properties: { tier: 'gold' },
        metric: { data: { type: 'metric', attributes: { name: 'Reached VIP tier' } } },
        profile: { data: { type: 'profile', attributes: { email: 'ana.lima@example.com' } } },
        ...attributes,
      },
    },
  };
}

async function post(body: unknown, headers: Record<string, string | undefined> = {}) {
  const merged = Object.fromEntries(Object.entries({ ...HEADERS, ...headers }).filter((e): e is [string, string] => e[1] !== undefined));
  const response = await fetch(`${fake.endpoints.api}/api/events`, {
    method: 'POST',
    headers: merged,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as { errors: Array<Record<string, any>> }) : undefined;
  return { status: response.status, error: json?.errors[0], headers: response.headers, text };
}

describe('the fake Klaviyo Events API', () => {
  it('accepts a valid event with 202 and no body, and records it', async () => {
    const answer = await post(event({ value: 9.5, value_currency: 'USD', unique_id: 'run-1', time: '2024-11-05T19:32:05Z' }));
    expect(answer).toMatchObject({ status: 202, text: '' });
    expect(fake.events).toEqual([
      {
        apiKey: KEY,
        metric: 'Reached VIP tier',
        profile: { email: 'ana.lima@example.com' },
        properties: { tier: 'gold' },
        time: '2024-11-05T19:32:05.000Z',
        value: 9.5,
        valueCurrency: 'USD',
        uniqueId: 'run-1',
      },
    ]);
  });

  it('answers 401 without the Klaviyo-API-Key scheme or with a key it does not know', async () => {
    expect((await post(event(), { authorization: undefined })).error).toMatchObject({ status: 401, code: 'not_authenticated' });
    expect((await post(event(), { authorization: `Bearer ${KEY}` })).error).toMatchObject({ status: 401, code: 'not_authenticated' });
    expect((await post(event(), { authorization: 'Klaviyo-API-Key AbC123' })).error).toMatchObject({ status: 401, code: 'authentication_failed' });
    const strict = await startFake({ apiKeys: ['pk_only_this_one'] });
    const refused = await fetch(`${strict.endpoints.api}/api/events`, { method: 'POST', headers: HEADERS, body: JSON.stringify(event()) });
    await strict.close();
    expect(refused.status).toBe(401);
    expect(fake.events).toEqual([]);
  });

  it('answers 400 naming the revision header when it is missing or not a date', async () => {
    expect(await post(event(), { revision: undefined })).toMatchObject({ status: 400, error: { source: { header: 'revision' } } });
    expect(await post(event(), { revision: 'latest' })).toMatchObject({ status: 400, error: { source: { header: 'revision' } } });
  });

  it('answers 415 to a body that is not JSON:API, 400 to one that is not JSON', async () => {
    expect((await post(event(), { 'content-type': 'text/plain' })).status).toBe(415);
    expect(await post('{"data":', {})).toMatchObject({ status: 400, error: { code: 'parse_error' } });
  });

  it.each([
    ['no data', { nope: true }, '/data'],
    ['a wrong resource type', { data: { ...event().data, type: 'events' } }, '/data/type'],
    ['no properties', event({ properties: undefined }), '/data/attributes/properties'],
    ['no metric name', event({ metric: { data: { type: 'metric', attributes: {} } } }), '/data/attributes/metric/data/attributes/name'],
    ['a wrong metric type', event({ metric: { data: { type: 'metrics', attributes: { name: 'x' } } } }), '/data/attributes/metric/data/type'],
    ['a profile without identifier', event({ profile: { data: { type: 'profile', attributes: { first_name: 'Ana' } } } }), '/data/attributes/profile/data/attributes'],
    ['an invalid email', event({ profile: { data: { type: 'profile', attributes: { email: 'ana.lima' } } } }), '/data/attributes/profile/data/attributes/email'],
    ['a time that is not a date', event({ time: 'yesterday' }), '/data/attributes/time'],
    ['a time before 2000', event({ time: '1999-12-31T23:59:59Z' }), '/data/attributes/time'],
    ['a value that is a string', event({ value: '9.50' }), '/data/attributes/value'],
    ['a lower-case currency', event({ value: 9.5, value_currency: 'usd' }), '/data/attributes/value_currency'],
    ['a numeric unique_id', event({ unique_id: 42 }), '/data/attributes/unique_id'],
  ])('answers 400 pointing at the field for %s', async (_what, body, pointer) => {
    const answer = await post(body);
    expect(answer.status).toBe(400);
    expect(answer.error).toMatchObject({ status: 400, code: 'invalid', source: { pointer } });
    expect(answer.error?.detail).toEqual(expect.any(String));
    expect(fake.events).toEqual([]);
  });

  it('keeps the first event per profile, metric and unique_id, as Klaviyo does', async () => {
    await post(event({ unique_id: 'order-1' }));
    await post(event({ unique_id: 'order-1', properties: { tier: 'platinum' } }));
    await post(event({ unique_id: 'order-1', metric: { data: { type: 'metric', attributes: { name: 'Other metric' } } } }));
    await post(event({ unique_id: 'order-1', profile: { data: { type: 'profile', attributes: { email: 'ben@example.com' } } } }));
    expect(fake.requests).toHaveLength(4);
    expect(fake.events.map((e) => [e.metric, e.profile.email, e.properties.tier])).toEqual([
      ['Reached VIP tier', 'ana.lima@example.com', 'gold'],
      ['Other metric', 'ana.lima@example.com', 'gold'],
      ['Reached VIP tier', 'ben@example.com', 'gold'],
    ]);
  });

  it('without unique_id, keeps one event per profile and metric per second', async () => {
    await post(event({ time: '2024-11-05T19:32:05.100Z' }));
    await post(event({ time: '2024-11-05T19:32:05.900Z' }));
    await post(event({ time: '2024-11-05T19:32:06.000Z' }));
    expect(fake.events.map((e) => e.time)).toEqual(['2024-11-05T19:32:05.100Z', '2024-11-05T19:32:06.000Z']);
  });

  it('answers scripted failures in order, letting `after` requests through first, then normally', async () => {
    fake.failNext({ status: 429, retryAfter: 3 });
    fake.failNext({ status: 503, after: 1 });
    const throttled = await post(event({ unique_id: 'a' }));
    expect(throttled).toMatchObject({ status: 429, error: { code: 'throttled', detail: 'Request was throttled. Expected available in 3 seconds.' } });
    expect(throttled.headers.get('retry-after')).toBe('3');
    expect((await post(event({ unique_id: 'b' }))).status).toBe(202);
    expect((await post(event({ unique_id: 'c' }))).status).toBe(503);
    expect((await post(event({ unique_id: 'd' }))).status).toBe(202);
    expect(fake.events.map((e) => e.uniqueId)).toEqual(['b', 'd']);
    expect(fake.requests).toHaveLength(4);
  });

  it('answers 404 for an endpoint it does not implement', async () => {
    const response = await fetch(`${fake.endpoints.api}/api/profiles`, { headers: HEADERS });
    expect(response.status).toBe(404);
  });
});
