import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  NotInstalledError,
  PayloadTooLargeError,
  RateLimitedError,
  ServerError,
  SwitchboardError,
  UnknownTriggerError,
  ValidationError,
} from '../errors.js';
import { listen, type RunningServer } from '../http/index.js';
import { createTestPlatform, type TestPlatform } from '../testing/index.js';
import { createClient, MAX_PAYLOAD_BYTES, type ClientOptions } from './index.js';

const shop = 'shop-a.myshopify.com';

interface Answer {
  status: number;
  body?: unknown;
  retryAfter?: string;
}

/** A Switchboard stand-in answering from a script, recording what it received. */
async function scriptedServer(answers: Answer[]) {
  const requests: { headers: IncomingHttpHeaders; body: unknown; url: string | undefined }[] = [];
  const server = await listen(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    requests.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), url: req.url });
    const answer = answers.shift() ?? { status: 500 };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (answer.retryAfter !== undefined) headers['retry-after'] = answer.retryAfter;
    res.writeHead(answer.status, headers).end(JSON.stringify(answer.body ?? {}));
  });
  open.push(server);
  return { ...server, requests };
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function clientFor(serverUrl: string, delays: number[] = [], overrides: Partial<ClientOptions> = {}) {
  return createClient({
    serverUrl,
    clientId: 'id',
    clientSecret: 'secret',
    tokens: { [shop]: 'token-a' },
    retry: { attempts: 4, baseDelayMs: 8, maxDelayMs: 2000, sleep: async (ms) => void delays.push(ms) },
    ...overrides,
  });
}

const accepted: Answer = { status: 202, body: { event_id: 'evt_1', runs_started: 2 } };

describe('sendTrigger', () => {
  it('posts the handle and payload with the bearer token and answers the event', async () => {
    const server = await scriptedServer([accepted]);
    const result = await clientFor(server.url).sendTrigger(shop, 'review-created', { rating: 5 });
    expect(result).toEqual({ skipped: false, eventId: 'evt_1', runsStarted: 2 });
    const [request] = server.requests;
    expect(request?.url).toBe('/connector-api/v1/triggers');
    expect(request?.headers.authorization).toBe('Bearer token-a');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({ handle: 'review-created', payload: { rating: 5 } });
  });

  it('retries a 429 and a 503 honouring Retry-After, then returns the 202, with one idempotency key', async () => {
    const server = await scriptedServer([
      { status: 429, retryAfter: '0', body: { error: { code: 'rate_limited', message: 'slow down' } } },
      { status: 503, retryAfter: '1' },
      accepted,
    ]);
    const delays: number[] = [];
    const result = await clientFor(server.url, delays).sendTrigger(shop, 'review-created', { rating: 5 }, { idempotencyKey: 'k-1' });
    expect(result.eventId).toBe('evt_1');
    expect(delays).toEqual([0, 1000]);
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['k-1', 'k-1', 'k-1']);
  });

  it('keeps one generated idempotency key across retries when none is given', async () => {
    const server = await scriptedServer([{ status: 500 }, accepted]);
    await clientFor(server.url).sendTrigger(shop, 'review-created', {});
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('backs off exponentially with jitter when no Retry-After is given', async () => {
    const server = await scriptedServer([{ status: 502 }, { status: 503 }, { status: 504 }, accepted]);
    const delays: number[] = [];
    await clientFor(server.url, delays).sendTrigger(shop, 'review-created', {});
    expect(delays).toHaveLength(3);
    [8, 16, 32].forEach((cap, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(cap / 2);
      expect(delays[i]).toBeLessThanOrEqual(cap);
    });
  });

  it('throws ServerError after the last attempt of 5xx answers', async () => {
    const server = await scriptedServer(Array.from({ length: 4 }, () => ({ status: 503, body: { error: { code: 'down', message: 'maintenance' } } })));
    const error = await clientFor(server.url).sendTrigger(shop, 'review-created', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503, code: 'down', message: 'maintenance' });
    expect(server.requests).toHaveLength(4);
  });

  it('throws RateLimitedError with retryAfter once 429s outlast the attempts', async () => {
    const server = await scriptedServer(Array.from({ length: 4 }, () => ({ status: 429, retryAfter: '1' })));
    const error = await clientFor(server.url).sendTrigger(shop, 'review-created', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfter).toBe(1);
    expect(server.requests).toHaveLength(4);
  });

  it('does not wait out a Retry-After longer than maxDelayMs', async () => {
    const server = await scriptedServer([{ status: 429, retryAfter: '120' }, accepted]);
    const delays: number[] = [];
    const error = await clientFor(server.url, delays).sendTrigger(shop, 'review-created', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfter).toBe(120);
    expect(delays).toEqual([]);
  });

  it('retries network errors and then throws ServerError without a status', async () => {
    const server = await listen((_req, res) => res.end());
    const url = server.url;
    await server.close();
    const delays: number[] = [];
    const error = await clientFor(url, delays).sendTrigger(shop, 'review-created', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: 'network_error', status: undefined });
    expect(delays).toHaveLength(3);
  });

  it('throws ValidationError naming each bad field from a 400, without retrying', async () => {
    const server = await scriptedServer([
      {
        status: 400,
        body: { error: { code: 'invalid_payload', message: 'Payload does not match the trigger', fields: [{ field: 'rating', message: 'must be a number' }] } },
      },
    ]);
    const error = await clientFor(server.url).sendTrigger(shop, 'review-created', { rating: 'five' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([{ field: 'rating', message: 'must be a number' }]);
    expect((error as ValidationError).message).toContain('rating: must be a number');
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    [401, AuthenticationError],
    [403, NotInstalledError],
    [404, UnknownTriggerError],
    [413, PayloadTooLargeError],
    [409, SwitchboardError],
  ])('maps a %i to its typed error with the server message, without retrying', async (status, type) => {
    const server = await scriptedServer([{ status, body: { error: { code: `c${status}`, message: `m${status}` } } }]);
    const error = await clientFor(server.url).sendTrigger(shop, 'review-created', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ status, code: `c${status}`, message: `m${status}` });
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a payload over 50,000 UTF-8 bytes before sending', async () => {
    const server = await scriptedServer([accepted, accepted]);
    const client = clientFor(server.url);
    // {"t":"..."} is 8 bytes of framing; each é is two bytes.
    const atLimit = { t: 'é'.repeat((MAX_PAYLOAD_BYTES - 8) / 2) };
    await expect(client.sendTrigger(shop, 'big', atLimit)).resolves.toMatchObject({ eventId: 'evt_1' });
    const error = await client.sendTrigger(shop, 'big', { t: `${atLimit.t}x` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error).toMatchObject({ size: 50_001, limit: 50_000, status: undefined });
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a payload that is not an object', async () => {
    const client = clientFor('http://127.0.0.1:9');
    await expect(client.sendTrigger(shop, 'x', [] as unknown as object)).rejects.toBeInstanceOf(ValidationError);
  });

  it('throws NotInstalledError when no token is stored for the shop', async () => {
    const client = clientFor('http://127.0.0.1:9', [], { tokens: {} });
    await expect(client.sendTrigger(shop, 'x', {})).rejects.toMatchObject({ name: 'NotInstalledError', code: 'no_token' });
  });
});

describe('sendTriggers', () => {
  let platform: TestPlatform;
  afterEach(async () => platform.close());

  it('sends one event per payload, in order, keyed by the prefix', async () => {
    platform = await createTestPlatform();
    const client = clientFor(platform.serverUrl, [], { tokens: { [shop]: platform.tokenFor(shop) } });
    const batches = Array.from({ length: 5 }, (_, i) => ({ codes: [`CODE-${i}`] }));
    const results = await client.sendTriggers(shop, 'discounts-created', batches, { concurrency: 2, idempotencyKeyPrefix: 'run-7' });
    expect(results.map((r) => r.eventId)).toEqual(
      batches.map((b) => platform.triggers.find((t) => JSON.stringify(t.payload) === JSON.stringify(b))?.eventId),
    );
    expect(platform.triggers.map((t) => t.idempotencyKey).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `run-7:${i}`));

    // Sending the same batch again with the same prefix starts nothing new.
    const again = await client.sendTriggers(shop, 'discounts-created', batches, { idempotencyKeyPrefix: 'run-7' });
    expect(again.map((r) => r.eventId)).toEqual(results.map((r) => r.eventId));
    expect(platform.triggers).toHaveLength(5);
  });

  it('checks every payload before sending any', async () => {
    platform = await createTestPlatform();
    const client = clientFor(platform.serverUrl, [], { tokens: { [shop]: platform.tokenFor(shop) } });
    const payloads = [{ ok: 1 }, { big: 'x'.repeat(MAX_PAYLOAD_BYTES) }];
    await expect(client.sendTriggers(shop, 'discounts-created', payloads)).rejects.toThrow(/payload 1/);
    expect(platform.triggers).toHaveLength(0);
  });

  it('stops starting new sends after a failure and throws it', async () => {
    platform = await createTestPlatform();
    const client = clientFor(platform.serverUrl, [], { tokens: { [shop]: platform.tokenFor(shop) } });
    platform.failNextTrigger({ status: 400, message: 'bad', fields: [{ field: 'codes', message: 'required' }] });
    const payloads = Array.from({ length: 4 }, (_, i) => ({ i }));
    await expect(client.sendTriggers(shop, 'discounts-created', payloads, { concurrency: 1 })).rejects.toBeInstanceOf(ValidationError);
    expect(platform.triggers).toHaveLength(0);
  });
});
