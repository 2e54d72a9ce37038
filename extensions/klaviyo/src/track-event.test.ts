import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadManifestFiles, parseManifests, type ActionExtension } from '@switchboard/sdk/manifest';
import { createTestPlatform, type TestPlatform } from '@switchboard/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connector, DEFAULT_RETRY_AFTER_SECONDS, KLAVIYO_REVISION } from './index.js';
import { startFake, type KlaviyoFake } from './fake.js';

const SHOP = 'northwind-outfitters.myshopify.com';
const KEY = 'pk_3f9a2c7e41b8d05e6a1c9f2b7d4e8a0c5b';

let fake: KlaviyoFake;
let platform: TestPlatform;
let credentials: Map<string, Record<string, string>>;
let app: { url: string; close(): Promise<void> };

/** Serves the connector's handler on loopback, as Switchboard mounts it. */
async function serveConnector(): Promise<{ url: string; close(): Promise<void> }> {
  const handler = connector.createHandler({
    clientSecret: platform.clientSecret,
    credentials: async (shop) => credentials.get(shop),
    endpoints: fake.endpoints,
  });
  const server: Server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/track-event`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

beforeEach(async () => {
  fake = await startFake({ apiKeys: [KEY] });
  platform = await createTestPlatform();
  credentials = new Map([[SHOP, { private_api_key: KEY }]]);
  app = await serveConnector();
});

afterEach(async () => {
  await app.close();
  await platform.close();
  await fake.close();
});

const VIP = { metric: 'Reached VIP tier', email: 'ana.lima@example.com', properties: '{"tier": "gold", "points": 1200, "order": "#1042"}', value: '127.92' };

function track(properties: Record<string, unknown>, actionRunId?: string) {
  return platform.sendAction(app.url, { handle: 'track-event', shop: SHOP, properties, ...(actionRunId ? { actionRunId } : {}) });
}

describe('track-event over HTTP, against the fake Klaviyo', () => {
  it('records the event with Klaviyo’s headers and JSON:API body, action_run_id as unique_id', async () => {
    const answer = await track(VIP);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ return_value: { metric: 'Reached VIP tier', email: 'ana.lima@example.com', unique_id: answer.actionRunId } });

    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/api/events' });
    expect(request?.headers).toMatchObject({
      authorization: `Klaviyo-API-Key ${KEY}`,
      revision: KLAVIYO_REVISION,
      accept: 'application/vnd.api+json',
      'content-type': 'application/vnd.api+json',
    });
    expect(request?.body).toEqual({
      data: {
        type: 'event',
        attributes: {
          properties: { tier: 'gold', points: 1200, order: '#1042' },
          metric: { data: { type: 'metric', attributes: { name: 'Reached VIP tier' } } },
          profile: { data: { type: 'profile', attributes: { email: 'ana.lima@example.com' } } },
          value: 127.92,
          unique_id: answer.actionRunId,
        },
      },
    });
    expect(fake.events).toMatchObject([{ apiKey: KEY, metric: 'Reached VIP tier', uniqueId: answer.actionRunId, value: 127.92 }]);
  });

  it('sends empty properties as {} and leaves out an empty value', async () => {
    expect((await track({ metric: 'Joined club', email: 'ana.lima@example.com', properties: '  ', value: '' })).status).toBe(200);
    const attributes = (fake.requests[0]?.body as { data: { attributes: Record<string, unknown> } }).data.attributes;
    expect(attributes.properties).toEqual({});
    expect(attributes).not.toHaveProperty('value');
  });

  it('records one event for a run Switchboard sends twice, even after the connector restarts', async () => {
    const first = await track(VIP);
    const again = await track(VIP, first.actionRunId);
    expect(again.body).toEqual(first.body);
    expect(fake.requests).toHaveLength(1); // the handler replayed its stored answer

    await app.close();
    app = await serveConnector(); // a fresh handler has no memory of the run...
    expect((await track(VIP, first.actionRunId)).status).toBe(200);
    expect(fake.requests).toHaveLength(2);
    expect(fake.events).toHaveLength(1); // ...and Klaviyo keeps the first event with that unique_id
  });
});

describe('track-event: Klaviyo’s failures become delivery outcomes', () => {
  it('429 with Retry-After: answers 429 with that Retry-After, then succeeds on the retry', async () => {
    fake.failNext({ status: 429, retryAfter: 7 });
    const limited = await track(VIP);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body).toMatchObject({ message: expect.stringContaining('Request was throttled. Expected available in 7 seconds.') });

    const retried = await track(VIP, limited.actionRunId);
    expect(retried.status).toBe(200);
    expect(fake.events).toHaveLength(1);
  });

  it('5xx: asks to be retried, with Klaviyo’s message and its Retry-After or a default delay', async () => {
    fake.failNext({ status: 503, code: 'service_unavailable', title: 'Service unavailable.', detail: 'Klaviyo is temporarily unavailable.' });
    const unavailable = await track(VIP);
    expect(unavailable.status).toBe(429);
    expect(unavailable.headers.get('retry-after')).toBe(String(DEFAULT_RETRY_AFTER_SECONDS));
    expect(unavailable.body).toMatchObject({ message: 'Klaviyo failed (503): Klaviyo is temporarily unavailable. (at /data/)' });

    fake.failNext({ status: 500, retryAfter: 12 });
    const failed = await track(VIP, unavailable.actionRunId);
    expect(failed.status).toBe(429);
    expect(failed.headers.get('retry-after')).toBe('12');
    expect(fake.events).toHaveLength(0);
  });

  it('no answer from Klaviyo: asks to be retried', async () => {
    fake.failNext({ noAnswer: true });
    const dropped = await track(VIP);
    expect(dropped.status).toBe(429);
    expect(dropped.body).toMatchObject({ message: expect.stringContaining('Klaviyo did not answer') });
  });

  it('400: fails for good with Klaviyo’s detail and the field it points at', async () => {
    fake.failNext({ status: 400, code: 'invalid', title: 'Invalid input.', detail: "'value' must be a number.", pointer: '/data/attributes/value' });
    const refused = await track(VIP);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      message: "Klaviyo refused the event (400): 'value' must be a number. (at /data/attributes/value)",
      error: { code: 'klaviyo_rejected' },
    });
  });

  it('a key Klaviyo does not accept: fails for good and points to Settings', async () => {
    credentials.set(SHOP, { private_api_key: 'pk_revoked0000000000000000000000000' });
    const refused = await track(VIP);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ message: expect.stringMatching(/Klaviyo refused the private API key \(401\): Incorrect authentication credentials\..*Settings → Klaviyo/) });
    expect(fake.requests).toHaveLength(1);
  });
});

describe('track-event: input it refuses before calling Klaviyo', () => {
  it.each([
    ['properties that are not JSON', { ...VIP, properties: '{"order": "#1042", }' }, /Event properties \("properties"\) is not valid JSON: .*\| json/],
    ['properties that are a JSON array', { ...VIP, properties: '["gold"]' }, /Event properties \("properties"\) must be a JSON object \(\{\.\.\.\}\), got an array/],
    ['properties that are a JSON string', { ...VIP, properties: '"gold"' }, /must be a JSON object .*got a string/],
    ['an empty metric', { ...VIP, metric: ' ' }, /Metric name \("metric"\) is empty/],
    ['a metric of 128 characters', { ...VIP, metric: 'm'.repeat(128) }, /under 128 characters/],
    ['no email', { ...VIP, email: '' }, /Customer email \("email"\) is empty/],
    ['an email that is not one', { ...VIP, email: 'ana.lima' }, /Customer email \("email"\) is not an email address: "ana.lima"/],
    ['a value that is not a number', { ...VIP, value: '12,50' }, /Value \("value"\) must be a number, got "12,50"/],
  ])('%s', async (_what, properties, message) => {
    const answer = await track(properties);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ message: expect.stringMatching(message), error: { code: 'invalid_field' } });
    expect(fake.requests).toHaveLength(0);
  });

  it('no credentials for the shop: names the Settings page', async () => {
    credentials.delete(SHOP);
    const answer = await track(VIP);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      message: 'Klaviyo is not connected for this shop: add a private API key in Switchboard Settings → Klaviyo.',
      error: { code: 'klaviyo_not_connected' },
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('a public key instead of a private one: names the Settings page', async () => {
    credentials.set(SHOP, { private_api_key: 'XyZ123' });
    const answer = await track(VIP);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ message: expect.stringContaining('is not a private API key (those start with pk_)') });
    expect(fake.requests).toHaveLength(0);
  });

  it('an unsigned request is refused before anything runs', async () => {
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(401);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('the connector package', () => {
  it('ships a Flow-format manifest for track-event that parses without problems', async () => {
    const files = await loadManifestFiles(connector.appDir);
    const { extensions, problems } = parseManifests(files, { local: true });
    expect(problems).toEqual([]);
    expect(extensions).toHaveLength(1);
    expect(extensions[0]).toMatchObject({ type: 'flow_action', handle: 'track-event', runtimeUrl: '/track-event' });
    const { fields } = extensions[0] as ActionExtension;
    expect(fields.map((f) => [f.key, f.type, f.required])).toEqual([
      ['metric', 'single_line_text_field', true],
      ['email', 'email', true],
      ['properties', 'multi_line_text_field', false],
      ['value', 'number_decimal', false],
    ]);
  });

  it('declares its id, endpoint and the private key Settings asks for', () => {
    expect(connector).toMatchObject({ id: 'klaviyo', endpoints: { api: 'https://a.klaviyo.com' } });
    expect(connector.credentialFields).toEqual([expect.objectContaining({ key: 'private_api_key', secret: true, pattern: '^pk_' })]);
  });
});
