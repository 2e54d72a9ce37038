import '@shopify/shopify-api/adapters/node';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApiVersion,
  GraphqlQueryError,
  HttpResponseError,
  LogSeverity,
  RequestedTokenType,
  shopifyApi,
  type Session,
} from '@shopify/shopify-api';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopifyFetchRewrite, fakeHttpAnswer, startFakeShopify, type FakeShopify } from './index.js';

const API_KEY = 'test-api-key';
const API_SECRET = 'test-api-secret';
const SHOP = 'test-shop.myshopify.com';
const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

let fake: FakeShopify;
let shopify: ReturnType<typeof makeShopify>;
let app: Server;
let appUrl: string;
let rewrite: ReturnType<typeof createShopifyFetchRewrite>;
/** The session the app's OAuth callback produced last. */
let callbackSession: Session | undefined;
/** What the app's webhook endpoint saw. */
const webhookResults: unknown[] = [];

function makeShopify() {
  return shopifyApi({
    apiKey: API_KEY,
    apiSecretKey: API_SECRET,
    scopes: ['write_orders'],
    hostName: 'localhost:3000',
    hostScheme: 'http',
    apiVersion: ApiVersion.July26,
    isEmbeddedApp: true,
    future: {},
    logger: { level: LogSeverity.Error },
  });
}

function readRaw(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A minimal app: OAuth begin and callback, and a webhook endpoint, all through the library's node adapter. */
async function handleApp(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/auth') {
    await shopify.auth.begin({
      shop: url.searchParams.get('shop') ?? '',
      callbackPath: '/auth/callback',
      isOnline: false,
      rawRequest: req,
      rawResponse: res,
    });
    return;
  }
  if (url.pathname === '/auth/callback') {
    const { session, headers } = await shopify.auth.callback({ rawRequest: req, rawResponse: res, expiring: true });
    callbackSession = session;
    res.writeHead(200, headers as Record<string, string>);
    res.end('installed');
    return;
  }
  if (url.pathname === '/webhooks') {
    const rawBody = await readRaw(req);
    const result = await shopify.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
    webhookResults.push(result);
    res.writeHead(result.valid ? 200 : 401, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(result));
    return;
  }
  res.writeHead(404);
  res.end();
}

function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function installViaOAuth(shop: string): Promise<Session> {
  callbackSession = undefined;
  // 1. The merchant's browser hits the app's /auth: the library redirects to Shopify.
  const begin = await fetch(`${appUrl}/auth?shop=${shop}`, { redirect: 'manual', headers: { 'User-Agent': BROWSER_UA } });
  expect(begin.status).toBe(302);
  const authorizeUrl = begin.headers.get('location')!;
  expect(authorizeUrl).toMatch(new RegExp(`^https://${shop}/admin/oauth/authorize\\?`));
  const cookies = cookieHeader(begin);
  // 2. The browser follows to Shopify (the fake, via the rewrite); consent is automatic.
  const authorize = await rewrite(authorizeUrl, { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  const callbackUrl = new URL(authorize.headers.get('location')!);
  expect(callbackUrl.origin).toBe('http://localhost:3000');
  // 3. Shopify sends the browser back to the app's callback (hostName is localhost:3000; the app listens elsewhere).
  const callback = await fetch(`${appUrl}${callbackUrl.pathname}${callbackUrl.search}`, {
    redirect: 'manual',
    headers: { 'User-Agent': BROWSER_UA, Cookie: cookies },
  });
  expect(callback.status).toBe(200);
  expect(callbackSession).toBeDefined();
  return callbackSession!;
}

beforeAll(async () => {
  fake = await startFakeShopify({ apiKey: API_KEY, apiSecret: API_SECRET });
  rewrite = createShopifyFetchRewrite(fake.url);
  setAbstractFetchFunc(rewrite);
  shopify = makeShopify();
  app = createServer((req, res) => {
    handleApp(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});

afterAll(async () => {
  setAbstractFetchFunc(globalThis.fetch);
  await new Promise<void>((resolve) => app.close(() => resolve()));
  await fake.close();
});

const TAGS_ADD = `mutation tagsAdd($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } }
}`;

describe('fake Shopify through @shopify/shopify-api', () => {
  it('installs by OAuth begin → authorize → callback, with an expiring offline token', async () => {
    const session = await installViaOAuth(SHOP);
    expect(session.isOnline).toBe(false);
    expect(session.id).toBe(`offline_${SHOP}`);
    expect(session.shop).toBe(SHOP);
    expect(session.scope).toBe('write_orders');
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const issued = fake.issuedTokens(SHOP);
    expect(issued.map((t) => t.accessToken)).toContain(session.accessToken);
    expect(issued.find((t) => t.accessToken === session.accessToken)!.grant).toBe('authorization_code');
  });

  it('refuses a used authorization code and a wrong client secret', async () => {
    const begin = await fetch(`${appUrl}/auth?shop=${SHOP}`, { redirect: 'manual', headers: { 'User-Agent': BROWSER_UA } });
    const authorize = await rewrite(begin.headers.get('location')!, { redirect: 'manual' });
    const code = new URL(authorize.headers.get('location')!).searchParams.get('code');
    const post = (secret: string) =>
      rewrite(`https://${SHOP}/admin/oauth/access_token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ client_id: API_KEY, client_secret: secret, code }),
      });
    const wrong = await post('nope');
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    expect((await post(API_SECRET)).status).toBe(200);
    const reused = await post(API_SECRET);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_request', error_description: expect.any(String) });
  });

  it('exchanges a session token for offline and online tokens', async () => {
    const shop = 'exchange-shop.myshopify.com';
    const sessionToken = fake.sessionToken(shop, { userId: 42 });
    const payload = await shopify.session.decodeSessionToken(sessionToken);
    expect(payload).toMatchObject({ iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: API_KEY, sub: '42' });

    const { session: offline } = await shopify.auth.tokenExchange({
      shop,
      sessionToken,
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    expect(offline.id).toBe(`offline_${shop}`);
    expect(offline.refreshToken).toBeTruthy();

    const { session: online } = await shopify.auth.tokenExchange({
      shop,
      sessionToken,
      requestedTokenType: RequestedTokenType.OnlineAccessToken,
    });
    expect(online.isOnline).toBe(true);
    expect(online.id).toBe(`${shop}_42`);
    expect(online.onlineAccessInfo?.associated_user.id).toBe(42);

    await expect(
      shopify.auth.tokenExchange({
        shop: 'other-shop.myshopify.com',
        sessionToken,
        requestedTokenType: RequestedTokenType.OfflineAccessToken,
      }),
    ).rejects.toBeInstanceOf(HttpResponseError);
  });

  it('refreshes a token; the old one is refused by GraphQL, the new one works', async () => {
    const shop = 'refresh-shop.myshopify.com';
    const { session } = await shopify.auth.tokenExchange({
      shop,
      sessionToken: fake.sessionToken(shop),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    const { session: refreshed } = await shopify.auth.refreshToken({ shop, refreshToken: session.refreshToken! });
    expect(refreshed.accessToken).not.toBe(session.accessToken);
    expect(refreshed.refreshToken).not.toBe(session.refreshToken);
    expect(fake.refreshCount(shop)).toBe(1);

    const query = '{ shop { name myshopifyDomain ianaTimezone currencyCode } }';
    const oldClient = new shopify.clients.Graphql({ session });
    const error = await oldClient.request(query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpResponseError);
    expect((error as HttpResponseError).response.code).toBe(401);

    const client = new shopify.clients.Graphql({ session: refreshed });
    const answer = await client.request(query);
    expect(answer.data).toEqual({
      shop: { name: 'Refresh Shop', myshopifyDomain: shop, ianaTimezone: 'America/New_York', currencyCode: 'USD' },
    });

    // The old refresh token is spent.
    await expect(shopify.auth.refreshToken({ shop, refreshToken: session.refreshToken! })).rejects.toBeInstanceOf(HttpResponseError);

    // Tokens expire on the fake's clock.
    const realNow = fake.now;
    fake.now = () => realNow() + 2 * 3600_000;
    try {
      await expect(client.request(query)).rejects.toBeInstanceOf(HttpResponseError);
    } finally {
      fake.now = realNow;
    }
  });

  it('records tagsAdd through the GraphQL client, and gives a userError for a bad id', async () => {
    const session = await installViaOAuth(SHOP);
    const client = new shopify.clients.Graphql({ session });
    const variables = { id: 'gid://shopify/Order/1001', tags: ['vip', 'flagged'] };
    const answer = await client.request(TAGS_ADD, { variables });
    expect(answer.data).toEqual({ tagsAdd: { node: { id: variables.id }, userErrors: [] } });
    expect(fake.mutations).toContainEqual(expect.objectContaining({ shop: SHOP, name: 'tagsAdd', variables }));

    const bad = await client.request(TAGS_ADD, { variables: { id: 'gid://shopify/Nope/1', tags: ['x'] } });
    expect(bad.data?.tagsAdd.node).toBeNull();
    expect(bad.data?.tagsAdd.userErrors).toHaveLength(1);

    await expect(client.request('mutation { orderDelete(orderId: "x") { userErrors { message } } }')).rejects.toThrow(/orderDelete/);
  });

  it('pages and searches orders, and rejects malformed search queries', async () => {
    const session = await installViaOAuth(SHOP);
    const client = new shopify.clients.Graphql({ session });
    fake.orders[SHOP] = Array.from({ length: 5 }, (_, i) => ({
      id: `gid://shopify/Order/${2000 + i}`,
      name: `#${1000 + i}`,
      createdAt: `2026-01-0${i + 1}T00:00:00Z`,
      tags: i % 2 === 0 ? ['even'] : ['odd'],
    }));
    const query = `query orders($first: Int!, $after: String, $query: String) {
      orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT, reverse: true) {
        edges { cursor node { id name } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const page1 = await client.request(query, { variables: { first: 2 } });
    expect(page1.data.orders.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['#1004', '#1003']);
    expect(page1.data.orders.pageInfo.hasNextPage).toBe(true);
    const page3 = await client.request(query, { variables: { first: 2, after: page1.data.orders.pageInfo.endCursor } });
    expect(page3.data.orders.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['#1002', '#1001']);

    const tagged = await client.request(query, { variables: { first: 10, query: 'tag:even AND created_at:>2026-01-02' } });
    expect(tagged.data.orders.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['#1004', '#1002']);

    for (const bad of ['name:"#1001', '(tag:even']) {
      await expect(client.request(query, { variables: { first: 1, query: bad } })).rejects.toBeInstanceOf(GraphqlQueryError);
    }

    // Like Shopify, an unknown field is left out of the search and reported in extensions.search.
    const unknown = await client.request(query, { variables: { first: 10, query: 'colour:red tag:even' } });
    expect(unknown.data.orders.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['#1004', '#1002', '#1000']);
    expect(unknown.extensions).toMatchObject({
      search: [{ path: ['orders'], query: 'colour:red tag:even', warnings: [{ field: 'colour', message: 'Invalid search field for this query.', code: 'invalid_field' }] }],
    });
  });

  it('registers webhook subscriptions', async () => {
    const session = await installViaOAuth(SHOP);
    const client = new shopify.clients.Graphql({ session });
    const answer = await client.request(
      `mutation create($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
        webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) { webhookSubscription { id } userErrors { message } }
      }`,
      { variables: { topic: 'ORDERS_CREATE', sub: { callbackUrl: 'https://example.test/webhooks', format: 'JSON' } } },
    );
    expect(answer.data.webhookSubscriptionCreate.webhookSubscription.id).toMatch(/^gid:\/\/shopify\/WebhookSubscription\/\d+$/);
    expect(fake.webhookSubscriptions(SHOP)).toEqual([
      expect.objectContaining({ topic: 'ORDERS_CREATE', callbackUrl: 'https://example.test/webhooks', format: 'JSON' }),
    ]);
  });

  it('lets a test answer GraphQL with onGraphql', async () => {
    const session = await installViaOAuth(SHOP);
    const client = new shopify.clients.Graphql({ session });
    fake.onGraphql = (_shop, document) => (document.includes('customCheck') ? { data: { customCheck: true } } : undefined);
    try {
      expect((await client.request('{ customCheck }')).data).toEqual({ customCheck: true });
    } finally {
      fake.onGraphql = undefined;
    }
  });

  it('answers like Shopify on the wire: 401 body, unknown fields, search errors', async () => {
    const session = await installViaOAuth(SHOP);
    const gql = (token: string, body: unknown) =>
      rewrite(`https://${SHOP}/admin/api/2026-07/graphql.json`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': token },
        body: JSON.stringify(body),
      });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json = async (r: Promise<Response>): Promise<any> => (await r).json();
    const unauthorized = await gql('shpat_nope', { query: '{ shop { name } }' });
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toEqual({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });

    const unknown = await json(gql(session.accessToken!, { query: 'mutation { orderDelete(orderId: "x") { userErrors { message } } }' }));
    expect(unknown.errors[0].message).toBe("Field 'orderDelete' doesn't exist on type 'Mutation'");

    fake.orders[SHOP] = [{ id: 'gid://shopify/Order/1', name: '#1001', tags: [] }];
    const byName = await json(gql(session.accessToken!, { query: '{ orders(first: 5, query: "name:#1001 OR -tag:x") { nodes { name } } }' }));
    expect(byName.data.orders.nodes).toEqual([{ name: '#1001' }]);
    const bad = await json(gql(session.accessToken!, { query: `{ orders(first: 5, query: "name:'#1001") { nodes { name } } }` }));
    expect(bad.data.orders).toBeNull();
    expect(bad.errors[0].message).toMatch(/Invalid search query/);
  });

  it('sends webhooks that shopify.webhooks.validate accepts, and bad signatures it refuses', async () => {
    const sent = await fake.sendWebhook({
      url: `${appUrl}/webhooks`,
      topic: 'orders/create',
      shop: SHOP,
      payload: { id: 1001, name: '#1001' },
    });
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.body)).toMatchObject({ valid: true, topic: 'ORDERS_CREATE', domain: SHOP, webhookId: sent.webhookId });

    const forged = await fake.sendWebhook({
      url: `${appUrl}/webhooks`,
      topic: 'orders/create',
      shop: SHOP,
      payload: { id: 1001 },
      badSignature: true,
    });
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.body)).toMatchObject({ valid: false, reason: 'invalid_hmac' });
  });

  it('seeds, searches, sorts, pages and counts products, customers and draft orders', async () => {
    const shop = 'catalog-shop.myshopify.com';
    const session = await installViaOAuth(shop);
    const client = new shopify.clients.Graphql({ session });
    const products = fake.seed(shop, 'products', 30, (i) => (i % 3 === 0 ? { vendor: 'Snowdevil', tags: ['winter'] } : {}));
    const customers = fake.seed(shop, 'customers', 12);
    const drafts = fake.seed(shop, 'draftOrders', 4, (i) => (i === 0 ? { status: 'COMPLETED' } : {}));
    expect(products.map((p) => p['title'])).toContain('Product 30');
    expect(new Set(products.map((p) => p.id)).size).toBe(30);

    const page = await client.request(
      `query($after: String) { products(first: 4, after: $after, query: "vendor:Snowdevil tag:winter", sortKey: TITLE, reverse: true) { nodes { title variants(first: 1) { nodes { sku } } } pageInfo { hasNextPage endCursor } } }`,
    );
    const snowdevil = products.filter((p) => p['vendor'] === 'Snowdevil').map((p) => String(p['title'])).sort().reverse();
    expect(page.data.products.nodes.map((n: { title: string }) => n.title)).toEqual(snowdevil.slice(0, 4));
    expect(page.data.products.nodes[0].variants).toEqual({ nodes: [{ sku: expect.stringMatching(/^SKU-\d+$/) }] });
    expect(page.data.products.pageInfo.hasNextPage).toBe(true);

    const counts = await client.request(`{
      all: productsCount(limit: null) { count precision }
      capped: productsCount(limit: 5) { count precision }
      open: draftOrdersCount(query: "status:open") { count }
      since: customersCount(query: "created_at:>'2026-01-01T06:30:00Z'") { count }
    }`);
    expect(counts.data).toEqual({
      all: { count: 30, precision: 'EXACT' },
      capped: { count: 5, precision: 'AT_LEAST' },
      open: { count: drafts.filter((d) => d['status'] === 'OPEN').length },
      since: { count: customers.filter((c) => Date.parse(String(c['createdAt'])) > Date.parse('2026-01-01T06:30:00Z')).length },
    });

    // customersCount accepts only created_at, id and updated_at: Shopify ignores other fields, with a warning.
    const email = await client.request(`{ customersCount(query: "email:customer1@example.com") { count } customers(first: 5, query: "email:customer1@example.com") { nodes { email } } }`);
    expect(email.data).toEqual({ customersCount: { count: 12 }, customers: { nodes: [{ email: 'customer1@example.com' }] } });
    expect(email.extensions?.search).toEqual([
      { path: ['customersCount'], query: 'email:customer1@example.com', warnings: [{ field: 'email', message: 'Invalid search field for this query.', code: 'invalid_field' }] },
    ]);

    await expect(client.request('{ customers(first: 1, sortKey: TITLE) { nodes { id } } }')).rejects.toThrow(/Expected type 'CustomerSortKeys'/);
  });

  it('lets a test answer with another status or drop the connection', async () => {
    const session = await installViaOAuth(SHOP);
    const client = new shopify.clients.Graphql({ session });
    fake.onGraphql = () => fakeHttpAnswer(503, { errors: 'Service Unavailable' });
    try {
      await expect(client.request('{ shop { name } }')).rejects.toMatchObject({ response: { code: 503 } });
      fake.onGraphql = () => fakeHttpAnswer('drop');
      await expect(client.request('{ shop { name } }')).rejects.toThrow(/no response available/);
    } finally {
      fake.onGraphql = undefined;
    }
  });
});
