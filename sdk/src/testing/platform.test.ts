import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listen } from '../http/index.js';
import { createTestPlatform, type TestPlatform } from './index.js';

const shop = 'shop-a.myshopify.com';
let platform: TestPlatform;

beforeEach(async () => {
  platform = await createTestPlatform({ triggerHandles: ['review-created'], runsStarted: 1 });
});
afterEach(async () => platform.close());

function postTrigger(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${platform.serverUrl}/connector-api/v1/triggers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${platform.tokenFor(shop)}`, ...headers },
    body: JSON.stringify(body),
  });
}

describe('createTestPlatform', () => {
  it('records accepted triggers and answers a repeated idempotency key with the first answer', async () => {
    const first = await postTrigger({ handle: 'review-created', payload: { rating: 5 } }, { 'idempotency-key': 'k' });
    const again = await postTrigger({ handle: 'review-created', payload: { rating: 5 } }, { 'idempotency-key': 'k' });
    expect(first.status).toBe(202);
    const answer = (await first.json()) as { event_id: string; runs_started: number };
    expect(answer.runs_started).toBe(1);
    expect(await again.json()).toEqual(answer);
    expect(platform.triggers).toEqual([{ shop, handle: 'review-created', payload: { rating: 5 }, idempotencyKey: 'k', eventId: answer.event_id }]);
  });

  it('answers 401 for an unknown token, 404 for an unknown handle, 413 for a large payload', async () => {
    const statuses = await Promise.all([
      postTrigger({ handle: 'review-created', payload: {} }, { authorization: 'Bearer nope' }),
      postTrigger({ handle: 'nope', payload: {} }),
      postTrigger({ handle: 'review-created', payload: { t: 'x'.repeat(50_000) } }),
      postTrigger({ handle: 'review-created', payload: 'not an object' }),
    ]);
    expect(statuses.map((r) => r.status)).toEqual([401, 404, 413, 400]);
    expect(platform.triggers).toEqual([]);
  });

  it('answers scripted failures in order, then normally', async () => {
    platform.failNextTrigger({ status: 429, retryAfter: 3 });
    platform.failNextTrigger({ status: 400, message: 'bad', fields: [{ field: 'rating', message: 'required' }] });
    const limited = await postTrigger({ handle: 'review-created', payload: {} });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    const invalid = await postTrigger({ handle: 'review-created', payload: {} });
    expect(await invalid.json()).toEqual({ error: { code: 'http_400', message: 'bad', fields: [{ field: 'rating', message: 'required' }] } });
    expect((await postTrigger({ handle: 'review-created', payload: {} })).status).toBe(202);
  });

  it('exchanges a code once, only for the right client', async () => {
    const authorize = new URL(`${platform.serverUrl}/oauth/authorize`);
    Object.entries({ client_id: platform.clientId, redirect_uri: 'http://127.0.0.1:1/cb', state: 's', shop }).forEach(([k, v]) =>
      authorize.searchParams.set(k, v),
    );
    const redirect = await fetch(authorize, { redirect: 'manual' });
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code');
    const exchange = (secret: string) =>
      fetch(`${platform.serverUrl}/oauth/access_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: platform.clientId, client_secret: secret, code }),
      });
    expect((await exchange('wrong')).status).toBe(400);
    const granted = await exchange(platform.clientSecret);
    expect(await granted.json()).toMatchObject({ access_token: platform.tokenFor(shop), shop });
    const reused = await exchange(platform.clientSecret);
    expect(await reused.json()).toMatchObject({ error: { code: 'invalid_grant' } });
  });

  it('revokes the token when it sends an uninstall notice', async () => {
    const app = await listen((_req, res) => res.writeHead(200).end('{}'));
    const token = platform.tokenFor(shop);
    await platform.sendUninstall(app.url, { shop });
    await app.close();
    const response = await postTrigger({ handle: 'review-created', payload: {} }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
  });
});
