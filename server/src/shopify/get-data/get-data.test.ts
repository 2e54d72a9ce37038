import { RequestedTokenType, type Shopify } from '@shopify/shopify-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeHttpAnswer, startFakeShopify, type FakeRecord, type FakeShopify } from '../../dev/fake-shopify/index.js';
import { StepError, type GetDataRequest, type ShopData } from '../../engine/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createShopifyClient } from '../client.js';
import { OfflineSessions } from '../offline-session.js';
import { StoreSessionStorage } from '../session-storage.js';
import { createShopData, pageSizeFor, RESOURCES } from './index.js';

const SHOP = { id: 1, domain: 'data-shop.myshopify.com' };
let fake: FakeShopify;
let store: Store;
let shopify: Shopify;
let offline: OfflineSessions;
let data: ShopData;
const waits: number[] = [];

const request = (r: Partial<GetDataRequest>): GetDataRequest => ({ resource: 'orders', query: '', limit: 100, operation: 'list', ...r });
const amount = (r: unknown) => (r as { totalPriceSet: { shopMoney: { amount: string } } }).totalPriceSet.shopMoney.amount;
const cents = (text: string) => Math.round(Number(text) * 100);
/** The GraphQL requests the fake received for this shop since `from`. */
const sentSince = (from: number) => fake.graphqlRequests.slice(from).filter((r) => r.shop === SHOP.domain);

async function stepError(promise: Promise<unknown>): Promise<StepError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StepError);
  return error as StepError;
}

beforeAll(async () => {
  fake = await startFakeShopify({ apiKey: 'data-key', apiSecret: 'data-secret' });
  shopify = createShopifyClient({ apiKey: 'data-key', apiSecret: 'data-secret', scopes: ['read_orders'], appUrl: 'http://localhost:3000', adminBaseUrl: fake.url });
  store = openSqliteStore(':memory:');
  const sessions = new StoreSessionStorage(store);
  offline = new OfflineSessions(shopify, sessions);
  const { session } = await shopify.auth.tokenExchange({
    shop: SHOP.domain,
    sessionToken: fake.sessionToken(SHOP.domain),
    requestedTokenType: RequestedTokenType.OfflineAccessToken,
  });
  await sessions.storeSession(session);
  data = createShopData(shopify, offline, { sleep: async (ms) => void waits.push(ms) });
});

afterAll(async () => {
  await store?.close();
  await fake?.close();
});

beforeEach(() => {
  fake.orders[SHOP.domain] = [];
  fake.products[SHOP.domain] = [];
  fake.customers[SHOP.domain] = [];
  fake.draftOrders[SHOP.domain] = [];
  fake.onGraphql = undefined;
  waits.length = 0;
});

describe('Get data: orders', () => {
  it('pages through 250 orders within Shopify\'s page and cost limits', async () => {
    const seeded = fake.seed(SHOP.domain, 'orders', 250);
    const pageSize = pageSizeFor(RESOURCES.orders.item);
    const from = fake.graphqlRequests.length;
    const result = await data.getData(SHOP, request({ limit: 250 }));
    expect(result.count).toBe(250);
    expect(result.items!.map((o) => (o as FakeRecord).id)).toEqual(seeded.map((o) => o.id));
    expect(result.requests).toBe(Math.ceil(250 / pageSize));
    const sent = sentSince(from);
    expect(sent).toHaveLength(result.requests);
    expect(sent.every((r) => (r.variables.first as number) <= Math.min(250, pageSize))).toBe(true);
    // Items carry the documented fields, nested lists as their first page.
    expect(result.items![0]).toMatchObject({
      id: seeded[0]!.id,
      name: '#1001',
      totalPriceSet: { shopMoney: { amount: amount(seeded[0]), currencyCode: 'USD' } },
      lineItems: { nodes: [{ sku: 'SKU-1', quantity: expect.any(Number) }], pageInfo: { hasNextPage: false } },
    });
  });

  it('stops at the limit, and at the last record', async () => {
    fake.seed(SHOP.domain, 'orders', 250);
    expect((await data.getData(SHOP, request({ limit: 1000 }))).count).toBe(250);
    const hundred = await data.getData(SHOP, request({ limit: 100 }));
    expect(hundred.items).toHaveLength(100);
    expect(hundred.requests).toBe(Math.ceil(100 / pageSizeFor(RESOURCES.orders.item)));
  });

  it('sorts and reverses', async () => {
    const seeded = fake.seed(SHOP.domain, 'orders', 40);
    const newest = await data.getData(SHOP, request({ sort: { key: 'CREATED_AT', reverse: true }, limit: 3 }));
    expect(newest.items!.map((o) => (o as FakeRecord)['name'])).toEqual(['#1040', '#1039', '#1038']);
    const byTotal = await data.getData(SHOP, request({ sort: { key: 'total_price' }, limit: 40 }));
    const totals = byTotal.items!.map((o) => cents(amount(o)));
    expect(totals).toEqual([...seeded.map((o) => cents(amount(o)))].sort((a, b) => a - b));
  });

  it('filters with the query', async () => {
    const seeded = fake.seed(SHOP.domain, 'orders', 30, (i) => (i % 4 === 0 ? { tags: ['vip'] } : {}));
    const since = String(seeded[9]!['createdAt']);
    const expected = seeded.filter((o) => (o['tags'] as string[]).includes('vip') && Date.parse(String(o['createdAt'])) >= Date.parse(since));
    const from = fake.graphqlRequests.length;
    const result = await data.getData(SHOP, request({ query: `tag:vip AND created_at:>='${since}'` }));
    expect(result.items!.map((o) => (o as FakeRecord).id)).toEqual(expected.map((o) => o.id));
    expect(sentSince(from)[0]!.variables.query).toBe(`tag:vip AND created_at:>='${since}'`);
  });

  it('counts with ordersCount, in one request, beyond the list limit', async () => {
    const seeded = fake.seed(SHOP.domain, 'orders', 120, (i) => (i < 110 ? { displayFinancialStatus: 'PAID' } : { displayFinancialStatus: 'PENDING' }));
    const from = fake.graphqlRequests.length;
    const result = await data.getData(SHOP, request({ operation: 'count', query: 'financial_status:paid', limit: 10 }));
    expect(result).toEqual({ count: seeded.filter((o) => o['displayFinancialStatus'] === 'PAID').length, requests: 1 });
    expect(sentSince(from)[0]!.query).toMatch(/ordersCount\(query: \$query, limit: null\)/);
  });

  it('sums a decimal field exactly, reading only that field', async () => {
    const seeded = fake.seed(SHOP.domain, 'orders', 260);
    const from = fake.graphqlRequests.length;
    const result = await data.getData(SHOP, request({ operation: 'sum', sumField: 'totalPriceSet.shopMoney.amount', limit: 255 }));
    const expectedCents = seeded.slice(0, 255).reduce((s, o) => s + cents(amount(o)), 0);
    expect(result.sum).toBe(expectedCents / 100);
    expect(result.count).toBe(255);
    expect(result.requests).toBe(2);
    expect(result.items![0]).toEqual({ id: seeded[0]!.id, name: '#1001', totalPriceSet: { shopMoney: { amount: amount(seeded[0]) } } });
    expect(sentSince(from)[0]!.query).not.toMatch(/lineItems/);
  });

  it('a non-numeric value in the summed field fails naming the path and the item', async () => {
    fake.seed(SHOP.domain, 'orders', 3, (i) => (i === 1 ? { totalPriceSet: { shopMoney: { amount: null, currencyCode: 'USD' } } } : {}));
    const error = await stepError(data.getData(SHOP, request({ operation: 'sum', sumField: 'totalPriceSet.shopMoney.amount' })));
    expect(error.message).toMatch(/^sum_field "totalPriceSet\.shopMoney\.amount" of order #1002 \(gid:\/\/shopify\/Order\/\d+\) is null, not a number$/);
    expect(error.retryable).toBe(false);
  });
});

describe('Get data: products, customers, draft orders', () => {
  it('reads products', async () => {
    const seeded = fake.seed(SHOP.domain, 'products', 70, (i) => (i % 2 ? { vendor: 'Snowdevil' } : {}));
    const result = await data.getData(SHOP, request({ resource: 'products', query: 'vendor:Snowdevil', sort: { key: 'TITLE' }, limit: 100 }));
    const expected = seeded.filter((p) => p['vendor'] === 'Snowdevil').map((p) => String(p['title'])).sort();
    expect(result.items!.map((p) => (p as FakeRecord)['title'])).toEqual(expected);
    expect(result.items![0]).toMatchObject({ handle: expect.any(String), priceRangeV2: { minVariantPrice: { amount: expect.any(String) } }, variants: { nodes: [{ sku: expect.any(String) }] } });
    expect(await data.getData(SHOP, request({ resource: 'products', operation: 'count', query: 'vendor:Snowdevil' }))).toEqual({ count: expected.length, requests: 1 });
    const inventory = await data.getData(SHOP, request({ resource: 'products', operation: 'sum', sumField: 'totalInventory', limit: 10_000 }));
    expect(inventory.sum).toBe(seeded.reduce((s, p) => s + Number(p['totalInventory']), 0));
  });

  it('reads customers, counting by paging when customersCount cannot filter', async () => {
    const seeded = fake.seed(SHOP.domain, 'customers', 30, (i) => (i < 7 ? { tags: ['wholesale'] } : {}));
    const result = await data.getData(SHOP, request({ resource: 'customers', query: 'tag:wholesale', limit: 5 }));
    expect(result.items!.map((c) => (c as FakeRecord).id)).toEqual(seeded.slice(0, 5).map((c) => c.id));
    expect(result.items![0]).toMatchObject({ displayName: 'Customer 1', amountSpent: { amount: expect.any(String) }, defaultEmailAddress: { emailAddress: 'customer1@example.com' } });

    let from = fake.graphqlRequests.length;
    expect(await data.getData(SHOP, request({ resource: 'customers', operation: 'count', query: 'tag:wholesale' }))).toEqual({ count: 7, requests: 1 });
    expect(sentSince(from)[0]!.query).toMatch(/customers\(first: \$first/);

    const since = String(seeded[20]!['createdAt']);
    from = fake.graphqlRequests.length;
    expect(await data.getData(SHOP, request({ resource: 'customers', operation: 'count', query: `created_at:>='${since}'` }))).toEqual({ count: 10, requests: 1 });
    expect(sentSince(from)[0]!.query).toMatch(/customersCount/);

    const spent = await data.getData(SHOP, request({ resource: 'customers', operation: 'sum', sumField: 'amountSpent.amount', limit: 1000 }));
    expect(Math.round(spent.sum! * 100)).toBe(seeded.reduce((s, c) => s + cents((c['amountSpent'] as { amount: string }).amount), 0));
  });

  it('reads draft orders', async () => {
    const seeded = fake.seed(SHOP.domain, 'draftOrders', 20, (i) => (i % 5 === 0 ? { status: 'COMPLETED' } : {}));
    const open = seeded.filter((d) => d['status'] === 'OPEN');
    const result = await data.getData(SHOP, request({ resource: 'draft_orders', query: 'status:open', sort: { key: 'NUMBER', reverse: true } }));
    expect(result.items!.map((d) => (d as FakeRecord)['name'])).toEqual(open.map((d) => d['name']).reverse());
    expect(result.items![0]).toMatchObject({ status: 'OPEN', totalPriceSet: { shopMoney: { currencyCode: 'USD' } }, lineItems: { nodes: [expect.objectContaining({ sku: expect.any(String) })] } });
    expect(await data.getData(SHOP, request({ resource: 'draft_orders', operation: 'count', query: 'status:open' }))).toEqual({ count: open.length, requests: 1 });
  });
});

describe('Get data: a malformed query is an error, never "all results"', () => {
  it.each([
    ['an unbalanced parenthesis', { query: '(tag:vip OR tag:wholesale' }, /unbalanced parentheses: the '\(' at character 1 is never closed/],
    ['an unknown field', { query: 'colour:red' }, /"colour" \(character 1\) is not a search field of orders/],
    ['a misspelt field', { query: 'finacial_status:paid' }, /did you mean "financial_status"\?/],
    ['a bad sort key', { sort: { key: 'PRICE' } }, /sort: "PRICE" is not a sort key of orders; use one of CREATED_AT/],
    ['an unterminated quote', { query: 'name:"#1001' }, /the quote " at character 6 is never closed/],
    ['a limit out of range', { limit: 10_001 }, /limit must be a whole number from 1 to 10,000, got 10001/],
    ['a sum of a text field', { operation: 'sum' as const, sumField: 'email' }, /sum_field: "email" is not a numeric field of orders/],
  ])('%s fails before anything is sent', async (_name, r, message) => {
    fake.seed(SHOP.domain, 'orders', 5);
    const from = fake.graphqlRequests.length;
    const error = await stepError(data.getData(SHOP, request(r)));
    expect(error.message).toMatch(message);
    expect(error.retryable).toBe(false);
    expect(fake.graphqlRequests.length).toBe(from);
  });

  it("fails on Shopify's own search warnings", async () => {
    fake.seed(SHOP.domain, 'orders', 5);
    // A field this version of Shopify does not take (the fake takes them all, so the answer is Shopify's, replayed).
    fake.onGraphql = (_shop, _doc, variables) => ({
      data: { orders: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } },
      extensions: { search: [{ path: ['orders'], query: variables.query, warnings: [{ field: 'sales_channel', message: 'Invalid search field for this query.', code: 'invalid_field' }] }] },
    });
    const error = await stepError(data.getData(SHOP, request({ query: 'sales_channel:pos' })));
    expect(error.message).toBe(
      'Shopify did not understand part of the orders query "sales_channel:pos" ("sales_channel": Invalid search field for this query.); its answer was not used, since it would hold records the query did not mean',
    );
    expect(error.retryable).toBe(false);
  });

  it('GraphQL errors fail the step', async () => {
    fake.onGraphql = () => ({ errors: [{ message: "Field 'orders' doesn't accept argument 'foo'", extensions: { code: 'argumentNotAccepted' } }] });
    const error = await stepError(data.getData(SHOP, request({})));
    expect(error.message).toBe("Shopify refused the orders query: Field 'orders' doesn't accept argument 'foo'");
    expect(error.retryable).toBe(false);
  });
});

describe('Get data: Shopify unavailable', () => {
  it('waits when throttled and carries on paging', async () => {
    const seeded = fake.seed(SHOP.domain, 'orders', 30);
    let calls = 0;
    fake.onGraphql = () =>
      ++calls === 2
        ? { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }], extensions: { cost: { requestedQueryCost: 900, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 400, restoreRate: 100 } } } }
        : undefined;
    const result = await data.getData(SHOP, request({ limit: 30 }));
    expect(result.items!.map((o) => (o as FakeRecord).id)).toEqual(seeded.map((o) => o.id));
    expect(waits).toEqual([5000]);
    expect(result.requests).toBe(Math.ceil(30 / pageSizeFor(RESOURCES.orders.item)) + 1);
  });

  it.each([
    ['still throttled', () => ({ errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }] }), /throttling/],
    ['a 503', () => fakeHttpAnswer(503, { errors: 'Service Unavailable' }), /Shopify answered 503/],
    ['a 429', () => fakeHttpAnswer(429, { errors: 'Too many' }, { 'Retry-After': '2' }), /throttling requests \(429\)/],
    ['a dropped connection', () => fakeHttpAnswer('drop'), /could not reach Shopify/],
  ])('%s is a retryable StepError', async (_name, answer, message) => {
    fake.onGraphql = answer;
    const error = await stepError(data.getData(SHOP, request({})));
    expect(error.message).toMatch(message);
    expect(error.retryable).toBe(true);
  });

  it('a shop without access fails, not retried', async () => {
    const error = await stepError(data.getData({ id: 2, domain: 'never-installed.myshopify.com' }, request({})));
    expect(error.message).toBe('Switchboard has no access to never-installed.myshopify.com: reinstall it');
    expect(error.retryable).toBe(false);
  });
});
