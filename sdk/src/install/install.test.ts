import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, memoryTokenStore, type TokenStore } from '../client/index.js';
import { InstallError } from '../errors.js';
import { listen, type RunningServer } from '../http/index.js';
import { signQuery } from '../signature.js';
import { createTestPlatform, type TestPlatform } from '../testing/index.js';
import { beginInstall, completeInstall, uninstallHandler, verifyInstallRequest } from './index.js';

const shop = 'shop-a.myshopify.com';
let platform: TestPlatform;
let tokens: TokenStore;
const servers: RunningServer[] = [];

beforeEach(async () => {
  platform = await createTestPlatform();
  tokens = memoryTokenStore();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await platform.close();
});

/** A connector app's install routes, written as a partner would, keeping state in a cookie. */
async function startApp(): Promise<string> {
  const fail = (res: ServerResponse, error: unknown) =>
    res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: (error as InstallError).code }));
  const server = await listen(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://app');
    try {
      if (url.pathname === '/install') {
        const { shop: installing } = verifyInstallRequest(req.url ?? '', platform.clientSecret);
        const { url: consent, state } = beginInstall({
          serverUrl: platform.serverUrl,
          clientId: platform.clientId,
          redirectUri: `${appUrl}/callback`,
          shop: installing,
        });
        res.writeHead(302, { location: consent, 'set-cookie': `state=${state}; HttpOnly` }).end();
      } else if (url.pathname === '/callback') {
        const expectedState = /state=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
        const installed = await completeInstall({
          serverUrl: platform.serverUrl,
          clientId: platform.clientId,
          clientSecret: platform.clientSecret,
          query: url.searchParams,
          expectedState,
          tokens,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ shop: installed.shop }));
      }
    } catch (error) {
      fail(res, error);
    }
  });
  servers.push(server);
  const appUrl = server.url;
  return appUrl;
}

describe('install round trip', () => {
  it('installs through the platform, stores the token and can send triggers with it', async () => {
    const app = await startApp();
    const toConsent = await fetch(platform.installUrl(`${app}/install`, shop), { redirect: 'manual' });
    expect(toConsent.status).toBe(302);
    const cookie = toConsent.headers.get('set-cookie')?.split(';')[0] ?? '';
    const consent = new URL(toConsent.headers.get('location') ?? '');
    expect(consent.origin + consent.pathname).toBe(`${platform.serverUrl}/oauth/authorize`);
    expect(consent.searchParams.get('client_id')).toBe(platform.clientId);
    expect(consent.searchParams.get('shop')).toBe(shop);

    const back = await fetch(consent, { redirect: 'manual' });
    expect(back.status).toBe(302);
    const done = await fetch(back.headers.get('location') ?? '', { headers: { cookie } });
    expect(done.status).toBe(200);
    expect(await done.json()).toEqual({ shop });
    expect(await tokens.get(shop)).toBe(platform.tokenFor(shop));

    const client = createClient({ serverUrl: platform.serverUrl, clientId: platform.clientId, clientSecret: platform.clientSecret, tokens });
    await client.sendTrigger(shop, 'review-created', { rating: 5 });
    expect(platform.triggers).toMatchObject([{ shop, handle: 'review-created', payload: { rating: 5 } }]);
  });

  it('refuses a callback whose state is not the one the install began with', async () => {
    const app = await startApp();
    const toConsent = await fetch(platform.installUrl(`${app}/install`, shop), { redirect: 'manual' });
    const back = await fetch(toConsent.headers.get('location') ?? '', { redirect: 'manual' });
    const done = await fetch(back.headers.get('location') ?? '', { headers: { cookie: 'state=someone-elses' } });
    expect(await done.json()).toEqual({ code: 'state_mismatch' });
    expect(await tokens.get(shop)).toBeUndefined();
  });
});

describe('verifyInstallRequest', () => {
  const secret = 'test-client-secret';
  const now = () => 1_700_000_000_000;
  const signed = (params: Record<string, string>) => ({ ...params, hmac: signQuery(params, secret) });

  it('returns the shop and timestamp of a valid request', () => {
    const query = signed({ shop, timestamp: '1700000000' });
    expect(verifyInstallRequest(query, secret, { now })).toEqual({ shop, timestamp: 1_700_000_000 });
  });

  it.each([
    ['missing_parameter', () => signed({ timestamp: '1700000000' })],
    ['invalid_hmac', () => ({ ...signed({ shop, timestamp: '1700000000' }), shop: 'evil.myshopify.com' })],
    ['stale_timestamp', () => signed({ shop, timestamp: String(1_700_000_000 - 301) })],
  ])('throws InstallError %s', (code, query) => {
    const error = (() => {
      try {
        verifyInstallRequest(query(), secret, { now });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InstallError);
    expect(error).toMatchObject({ code });
  });
});

describe('beginInstall', () => {
  it('builds the authorize URL with a fresh random state', () => {
    const options = { serverUrl: 'https://sb.example', clientId: 'cid', redirectUri: 'https://app.example/cb?x=1', shop };
    const a = beginInstall(options);
    const b = beginInstall(options);
    expect(a.state).toMatch(/^[0-9a-f]{32}$/);
    expect(a.state).not.toBe(b.state);
    const url = new URL(a.url);
    expect(url.pathname).toBe('/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: 'cid', redirect_uri: 'https://app.example/cb?x=1', state: a.state, shop });
    expect(beginInstall({ ...options, state: 'mine' }).state).toBe('mine');
  });
});

describe('completeInstall', () => {
  const callback = (params: Record<string, string>, secret = platform.clientSecret) => ({ ...params, hmac: signQuery(params, secret) });
  const complete = (query: Record<string, string>, expectedState = 's1') =>
    completeInstall({
      serverUrl: platform.serverUrl,
      clientId: platform.clientId,
      clientSecret: platform.clientSecret,
      query,
      expectedState,
      tokens,
    }).catch((e: unknown) => e);
  const timestamp = () => String(Math.floor(Date.now() / 1000));

  it('names the check that failed', async () => {
    const base = { code: 'c', shop, state: 's1', timestamp: timestamp() };
    expect(await complete({ shop, state: 's1', timestamp: timestamp(), hmac: 'x' })).toMatchObject({ code: 'missing_parameter', message: expect.stringContaining('"code"') });
    expect(await complete(callback(base), 's2')).toMatchObject({ code: 'state_mismatch' });
    expect(await complete(callback(base, 'other-secret'))).toMatchObject({ code: 'invalid_hmac' });
    expect(await complete(callback({ ...base, timestamp: '1000' }))).toMatchObject({ code: 'stale_timestamp' });
    const refused = await complete(callback(base));
    expect(refused).toBeInstanceOf(InstallError);
    expect(refused).toMatchObject({ code: 'token_exchange_failed', status: 400, message: expect.stringContaining('invalid_grant') });
    expect(await tokens.get(shop)).toBeUndefined();
  });
});

describe('uninstallHandler', () => {
  it('deletes the shop’s token on a signed notice and calls onUninstall', async () => {
    await tokens.set(shop, platform.tokenFor(shop));
    await tokens.set('shop-b.myshopify.com', 'other');
    const uninstalled: unknown[] = [];
    const server = await listen(uninstallHandler({ clientSecret: platform.clientSecret, tokens, onUninstall: (n) => void uninstalled.push(n) }));
    servers.push(server);
    const response = await platform.sendUninstall(server.url, { shop });
    expect(response.status).toBe(200);
    expect(await tokens.get(shop)).toBeUndefined();
    expect(await tokens.get('shop-b.myshopify.com')).toBe('other');
    expect(uninstalled).toMatchObject([{ shop, shopId: platform.shopIdFor(shop) }]);
  });

  it('refuses an unsigned or wrongly signed notice and keeps the token', async () => {
    const map: Record<string, string> = { [shop]: 'token' };
    const server = await listen(uninstallHandler({ clientSecret: platform.clientSecret, tokens: map }));
    servers.push(server);
    const stranger = await createTestPlatform({ clientSecret: 'wrong' });
    const forged = await stranger.sendUninstall(server.url, { shop });
    await stranger.close();
    const unsigned = await fetch(server.url, { method: 'POST', body: JSON.stringify({ shopify_domain: shop }) });
    expect([forged.status, unsigned.status]).toEqual([401, 401]);
    expect(map[shop]).toBe('token');
  });
});
