import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopifyFetchRewrite, startFakeShopify, type FakeShopify } from '@switchboard/server';
import { SHOPIFY_TRIGGERS } from '../../server/src/shopify/triggers/index.js';
import { api, waitForRun } from '../support/journey.js';
import { freePort, startInProcess } from '../support/switchboard.js';
import { openInspector, testBackend, type Inspector } from '../support/database.js';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const SHOP = 'sunglass-emporium.myshopify.com';
const orderSample = SHOPIFY_TRIGGERS.find((t) => t.topic === 'orders/create')!.sample;

describe('Switchboard as a Shopify app, against a fake Shopify', () => {
  let fake: FakeShopify;
  let sb: Awaited<ReturnType<typeof startInProcess>>;
  let base: string;
  let db: Inspector;
  const rewrite = () => createShopifyFetchRewrite(fake.url);
  const as = (shop: string) => ({ 'x-switchboard-shop': shop });
  const webhookUrl = () => `${base}/webhooks/shopify`;
  const count = async (sql: string, ...args: unknown[]) => Number((await db.get<{ n: number | string }>(sql, ...args))!.n);
  /** A JSON column: text on SQLite, parsed already on PostgreSQL. */
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>;

  beforeAll(async () => {
    fake = await startFakeShopify({ apiKey: 'switchboard-test', apiSecret: 'shpss_test_secret' });
    const port = await freePort();
    base = `http://localhost:${port}`;
    sb = await startInProcess({
      PORT: String(port),
      SWITCHBOARD_PUBLIC_URL: base,
      SHOPIFY_API_KEY: 'switchboard-test',
      SHOPIFY_API_SECRET: 'shpss_test_secret',
      SHOPIFY_ADMIN_BASE_URL: fake.url,
      SWITCHBOARD_MODE: 'local',
      DELIVERY_RETRY_BASE_MS: '50',
    });
    db = await openInspector(sb.dbEnv);
  });
  afterAll(async () => {
    await db?.close();
    await sb?.close();
    await fake?.close();
  });

  /** The merchant installs Switchboard: /auth -> Shopify's consent -> /auth/callback, carrying the state cookie. */
  async function oauthInstall(shop: string, tamper?: (callback: URL) => void) {
    const begin = await fetch(`${base}/auth?shop=${shop}`, { redirect: 'manual', headers: { 'user-agent': BROWSER } });
    expect(begin.status).toBe(302);
    const cookies = begin.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const authorize = await rewrite()(begin.headers.get('location')!, { redirect: 'manual' });
    const callback = new URL(authorize.headers.get('location')!);
    tamper?.(callback);
    return fetch(`${base}${callback.pathname}${callback.search}`, { redirect: 'manual', headers: { 'user-agent': BROWSER, cookie: cookies } });
  }

  describe('install through OAuth', () => {
    it('stores an expiring offline session per shop and subscribes to webhooks', async () => {
      const done = await oauthInstall(SHOP);
      expect(done.status).toBe(302);
      const row = (await db.get<{ data: unknown; expires_at: number }>('SELECT * FROM shopify_sessions WHERE shop = ? AND NOT is_online', SHOP))!;
      const data = json(row.data);
      expect(data.accessToken).toMatch(/^shpat_/);
      expect(data.refreshToken).toMatch(/^shprt_/);
      expect(Number(row.expires_at)).toBeGreaterThan(Date.now());
      const topics = fake.webhookSubscriptions(SHOP).map((w) => w.topic);
      expect(topics).toEqual(expect.arrayContaining(['APP_UNINSTALLED', 'ORDERS_CREATE']));
      expect((await api(base, 'GET', '/admin/api/shop', undefined, as(SHOP))).json.switchboard_installed).toBe(true);
    });

    it('refuses a callback with a bad HMAC', async () => {
      const res = await oauthInstall('bad-hmac.myshopify.com', (cb) => cb.searchParams.set('hmac', '0'.repeat(64)));
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('oauth_failed');
      expect(body.error.message).toMatch(/Invalid OAuth callback/i);
      expect(await count('SELECT count(*) AS n FROM shopify_sessions WHERE shop = ?', 'bad-hmac.myshopify.com')).toBe(0);
    });

    it('refuses a callback whose state does not match the cookie, and a reused one', async () => {
      const res = await oauthInstall('bad-state.myshopify.com', (cb) => cb.searchParams.set('state', 'forged-state'));
      expect(res.status).toBe(400);
      const begin = await fetch(`${base}/auth?shop=reuse.myshopify.com`, { redirect: 'manual', headers: { 'user-agent': BROWSER } });
      const cookies = begin.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const cb = new URL((await rewrite()(begin.headers.get('location')!, { redirect: 'manual' })).headers.get('location')!);
      const first = await fetch(`${base}${cb.pathname}${cb.search}`, { redirect: 'manual', headers: { 'user-agent': BROWSER, cookie: cookies } });
      expect(first.status).toBe(302);
      const again = await fetch(`${base}${cb.pathname}${cb.search}`, { redirect: 'manual', headers: { 'user-agent': BROWSER, cookie: cookies } });
      expect(again.status).toBe(400);
    });

    it('authenticates the embedded admin with an App Bridge session token, and refuses a bad one', async () => {
      const ok = await api(base, 'GET', '/admin/api/shop', undefined, { authorization: `Bearer ${fake.sessionToken(SHOP, { userId: '42' })}` });
      expect(ok.status).toBe(200);
      expect(ok.json.domain).toBe(SHOP);
      expect(await count('SELECT count(*) AS n FROM shopify_sessions WHERE shop = ? AND is_online', SHOP)).toBe(1);
      const expired = await api(base, 'GET', '/admin/api/shop', undefined, { authorization: `Bearer ${fake.sessionToken(SHOP, { expiresInSeconds: -120 })}` });
      expect(expired.status).toBe(401);
      expect(expired.json.error.code).toBe('invalid_session_token');
      const otherApp = await api(base, 'GET', '/admin/api/shop', undefined, { authorization: `Bearer ${fake.sessionToken(SHOP, { audience: 'another-app' })}` });
      expect(otherApp.status).toBe(401);
    });
  });

  describe('Shopify triggers and shop actions', () => {
    let workflowId: number;
    beforeAll(async () => {
      const created = await api(base, 'POST', '/admin/api/workflows', {
        name: 'Tag new orders',
        trigger: { app: 'shopify', handle: 'order-created' },
        steps: [
          {
            id: 'tag',
            type: 'action',
            action: { app: 'shopify', handle: 'add-order-tags' },
            fields: { id: '{{ order.admin_graphql_api_id }}', tags: "first-order, {{ order.name | remove: '#' }}" },
          },
        ],
      }, as(SHOP));
      expect(created.status).toBe(201);
      workflowId = created.json.id;
      expect((await api(base, 'POST', `/admin/api/workflows/${workflowId}/enable`, undefined, as(SHOP))).json.enabled).toBe(true);
    });

    it('a signed orders/create webhook runs the workflow, which calls tagsAdd with the order GID and rendered tags', async () => {
      const before = fake.mutations.length;
      const sent = await fake.sendWebhook({ url: webhookUrl(), topic: 'orders/create', shop: SHOP, payload: orderSample });
      expect(sent.status).toBe(200);
      await expect.poll(() => fake.mutations.length, { timeout: 10_000 }).toBe(before + 1);
      const call = fake.mutations.at(-1)!;
      expect(call.name).toBe('tagsAdd');
      expect(call.shop).toBe(SHOP);
      expect(call.variables).toEqual({ id: 'gid://shopify/Order/820982911946154508', tags: ['first-order', String(orderSample.name).replace('#', '')] });
      const runs = await waitForRun(base, (r) => r.some((x) => x.workflow_id === workflowId && x.status === 'succeeded'), 10_000, `&workflow_id=${workflowId}`, as(SHOP));
      expect(runs.length).toBe(1);
    });

    it('a bad webhook HMAC gets 401 and runs nothing', async () => {
      const runs = await count('SELECT count(*) AS n FROM runs');
      const sent = await fake.sendWebhook({ url: webhookUrl(), topic: 'orders/create', shop: SHOP, payload: orderSample, badSignature: true });
      expect(sent.status).toBe(401);
      expect(await count('SELECT count(*) AS n FROM runs')).toBe(runs);
    });

    it('the same webhook id twice runs once', async () => {
      const events = await count('SELECT count(*) AS n FROM events');
      const first = await fake.sendWebhook({ url: webhookUrl(), topic: 'orders/create', shop: SHOP, payload: orderSample, webhookId: 'wh-dup-1' });
      const second = await fake.sendWebhook({ url: webhookUrl(), topic: 'orders/create', shop: SHOP, payload: orderSample, webhookId: 'wh-dup-1' });
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(JSON.parse(second.body)).toEqual({ duplicate: true });
      expect(await count('SELECT count(*) AS n FROM events')).toBe(events + 1);
    });

    it('refreshes the expiring offline token before it lapses, once for concurrent actions', async () => {
      // Earlier tests' runs finish first, so the mutations counted here are this test's.
      await waitForRun(base, (r) => r.every((x) => x.status !== 'running' && x.status !== 'waiting'), 10_000, '', as(SHOP));
      const refreshes = fake.refreshCount(SHOP);
      const before = fake.mutations.length;
      const realNow = fake.now;
      // Shopify's clock moves past the token's hour; our session says it expires within the refresh margin.
      const setExpiry = testBackend === 'postgres'
        ? "UPDATE shopify_sessions SET expires_at = ?, data = jsonb_set(data, '{expires}', to_jsonb(?::bigint)) WHERE shop = ? AND NOT is_online"
        : "UPDATE shopify_sessions SET expires_at = ?, data = json_set(data, '$.expires', ?) WHERE shop = ? AND NOT is_online";
      await db.run(setExpiry, Date.now() + 60_000, Date.now() + 60_000, SHOP);
      fake.now = () => realNow() + 3600_000 - 30_000;
      try {
        await Promise.all([1, 2, 3].map((i) => fake.sendWebhook({ url: webhookUrl(), topic: 'orders/create', shop: SHOP, payload: { ...orderSample, id: 1000 + i, admin_graphql_api_id: `gid://shopify/Order/${1000 + i}` } })));
        await expect.poll(() => fake.mutations.length, { timeout: 10_000 }).toBe(before + 3);
        expect(fake.refreshCount(SHOP)).toBe(refreshes + 1);
      } finally {
        fake.now = realNow;
      }
    });
  });

  describe('app/uninstalled', () => {
    it('turns the shop workflows off with the reason, keeps them, and they can be turned on after reinstalling', async () => {
      const list = async () => (await api(base, 'GET', '/admin/api/workflows', undefined, as(SHOP))).json.workflows;
      const before = await list();
      expect(before.some((w: { enabled: boolean }) => w.enabled)).toBe(true);
      const sent = await fake.sendWebhook({ url: webhookUrl(), topic: 'app/uninstalled', shop: SHOP, payload: { id: 1, domain: SHOP } });
      expect(sent.status).toBe(200);
      const after = await list();
      expect(after.length).toBe(before.length);
      expect(after.every((w: { enabled: boolean; disabled_reason: string | null }) => !w.enabled && w.disabled_reason === 'Switchboard uninstalled')).toBe(true);
      const refused = await api(base, 'POST', `/admin/api/workflows/${after[0].id}/enable`, undefined, as(SHOP));
      expect(refused.status).toBe(409);

      expect((await oauthInstall(SHOP)).status).toBe(302);
      const on = await api(base, 'POST', `/admin/api/workflows/${after[0].id}/enable`, undefined, as(SHOP));
      expect(on.json.enabled).toBe(true);
    });
  });

  describe('compliance webhooks', () => {
    const customer = (id: number, email: string) => ({ ...orderSample, id: id * 10, email, customer: { ...(orderSample.customer as object), id, email } });

    it('customers/redact deletes that customer data and leaves others; data_request produces it; shop/redact deletes the shop', async () => {
      const shop = 'privacy-shop.myshopify.com';
      expect((await oauthInstall(shop)).status).toBe(302);
      const wf = await api(base, 'POST', '/admin/api/workflows', {
        name: 'Tag', trigger: { app: 'shopify', handle: 'order-created' },
        steps: [{ id: 'tag', type: 'action', action: { app: 'shopify', handle: 'add-order-tags' }, fields: { id: '{{ order.admin_graphql_api_id }}', tags: 'seen' } }],
      }, as(shop));
      await api(base, 'POST', `/admin/api/workflows/${wf.json.id}/enable`, undefined, as(shop));
      await fake.sendWebhook({ url: webhookUrl(), topic: 'orders/create', shop, payload: customer(501, 'alice@example.com') });
      await fake.sendWebhook({ url: webhookUrl(), topic: 'orders/create', shop, payload: customer(502, 'bob@example.com') });
      await waitForRun(base, (r) => r.filter((x) => x.status === 'succeeded').length === 2, 10_000, `&workflow_id=${wf.json.id}`, as(shop));
      const shopId = Number((await db.get<{ id: number }>('SELECT id FROM shops WHERE domain = ?', shop))!.id);
      const eventsAbout = (email: string) => count("SELECT count(*) AS n FROM events WHERE shop_id = ? AND CAST(payload AS TEXT) LIKE '%' || ? || '%'", shopId, email);
      expect(await eventsAbout('alice@example.com')).toBe(1);

      const request = await fake.sendWebhook({ url: webhookUrl(), topic: 'customers/data_request', shop, payload: { shop_id: 1, shop_domain: shop, customer: { id: 501, email: 'alice@example.com' }, orders_requested: [5010], data_request: { id: 9999 } } });
      const requestId = JSON.parse(request.body).data_request_id;
      const doc = json((await db.get<{ document: unknown }>('SELECT document FROM data_requests WHERE id = ?', requestId))!.document);
      expect(doc.events).toHaveLength(1);
      expect(JSON.stringify(doc.events)).toContain('alice@example.com');
      expect(JSON.stringify(doc)).not.toContain('bob@example.com');

      const redact = await fake.sendWebhook({ url: webhookUrl(), topic: 'customers/redact', shop, payload: { shop_id: 1, shop_domain: shop, customer: { id: 501, email: 'alice@example.com' }, orders_to_redact: [5010] } });
      expect(redact.status).toBe(200);
      expect(await eventsAbout('alice@example.com')).toBe(0);
      expect(await count("SELECT count(*) AS n FROM runs r JOIN events e ON e.id = r.event_id WHERE CAST(e.payload AS TEXT) LIKE '%alice@example.com%'")).toBe(0);
      expect(await count("SELECT count(*) AS n FROM deliveries WHERE body LIKE '%5010%'")).toBe(0);
      expect(await eventsAbout('bob@example.com')).toBe(1);

      await fake.sendWebhook({ url: webhookUrl(), topic: 'shop/redact', shop, payload: { shop_id: 1, shop_domain: shop } });
      expect(await count('SELECT count(*) AS n FROM events WHERE shop_id = ?', shopId)).toBe(0);
      expect(await count('SELECT count(*) AS n FROM runs WHERE shop_id = ?', shopId)).toBe(0);
      expect(await count('SELECT count(*) AS n FROM shopify_sessions WHERE shop = ?', shop)).toBe(0);
      expect(await count('SELECT count(*) AS n FROM workflows WHERE shop_id = ?', shopId)).toBe(0);
      expect((await eventsAbout('alice@example.com')) + (await count('SELECT count(*) AS n FROM events WHERE shop_id != ?', shopId))).toBeGreaterThan(0);
    });
  });

  describe('Send HTTP request refuses private addresses', () => {
    it.each([
      ['http://127.0.0.1:9/hook', /127\.0\.0\.1 is a private, loopback or link-local address/],
      ['http://10.1.2.3/hook', /10\.1\.2\.3 is a private, loopback or link-local address/],
      ['http://169.254.169.254/latest/meta-data', /169\.254\.169\.254 is a private, loopback or link-local address/],
      ['http://localhost:9/hook', /localhost resolves to (127\.0\.0\.1|::1), a private, loopback or link-local address/],
    ])('%s', async (url, message) => {
      const wf = await api(base, 'POST', '/admin/api/workflows', {
        name: `Call ${url}`, trigger: { app: 'shopify', handle: 'order-created' },
        steps: [{ id: 'call', type: 'action', action: { app: 'switchboard', handle: 'send-http-request' }, fields: { method: 'POST', url, body: '{{ order.name }}' } }],
      }, as(SHOP));
      expect(wf.status).toBe(201);
      await api(base, 'POST', `/admin/api/workflows/${wf.json.id}/enable`, undefined, as(SHOP));
      await fake.sendWebhook({ url: webhookUrl(), topic: 'orders/create', shop: SHOP, payload: orderSample });
      const runs = await waitForRun(base, (r) => r.some((x) => x.workflow_id === wf.json.id && x.status === 'failed'), 10_000, `&workflow_id=${wf.json.id}`, as(SHOP));
      expect(runs[0].error).toMatch(message);
      await api(base, 'POST', `/admin/api/workflows/${wf.json.id}/disable`, undefined, as(SHOP));
    });
  });
});
