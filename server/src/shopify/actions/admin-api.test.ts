import { RequestedTokenType, type Shopify } from '@shopify/shopify-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeHttpAnswer, startFakeShopify, type FakeShopify } from '../../dev/fake-shopify/index.js';
import type { ActionTarget } from '../../engine/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createShopifyClient } from '../client.js';
import { OfflineSessions } from '../offline-session.js';
import { StoreSessionStorage } from '../session-storage.js';
import { adminApiRequestAction, checkMutation } from './admin-api.js';

const SHOP = 'admin-api-shop.myshopify.com';
const ctx = { shop: { id: 1, domain: SHOP }, actionRunId: 'run-1' };
const TAGS_ADD = `mutation AddTags($id: ID!, $tags: [String!]!) {
  tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } }
}`;

let fake: FakeShopify;
let store: Store;
let shopify: Shopify;
let action: ActionTarget;

beforeAll(async () => {
  fake = await startFakeShopify({ apiKey: 'admin-key', apiSecret: 'admin-secret' });
  shopify = createShopifyClient({ apiKey: 'admin-key', apiSecret: 'admin-secret', scopes: ['write_orders'], appUrl: 'http://localhost:3000', adminBaseUrl: fake.url });
  store = openSqliteStore(':memory:');
  const sessions = new StoreSessionStorage(store);
  const { session } = await shopify.auth.tokenExchange({ shop: SHOP, sessionToken: fake.sessionToken(SHOP), requestedTokenType: RequestedTokenType.OfflineAccessToken });
  await sessions.storeSession(session);
  action = adminApiRequestAction(shopify, new OfflineSessions(shopify, sessions));
});

afterAll(async () => {
  await store?.close();
  await fake?.close();
});

beforeEach(() => {
  fake.onGraphql = undefined;
});

describe('Send Admin API request', () => {
  it('is a Shopify built-in with a mutation and JSON variables', () => {
    expect(action.runtimeUrl).toBe('builtin:shopify/admin_api_request');
    expect(action.extension).toMatchObject({ handle: 'admin_api_request', name: 'Send Admin API request' });
    expect(action.extension.fields.map((f) => [f.key, f.type, f.required])).toEqual([
      ['mutation', 'multi_line_text_field', true],
      ['variables', 'multi_line_text_field', false],
    ]);
  });

  it('runs the mutation with its variables; the response data is the return value', async () => {
    const [order] = fake.seed(SHOP, 'orders', 1);
    const variables = { id: order!.id, tags: ['vip', 'rush'] };
    const result = await action.execute!({ mutation: TAGS_ADD, variables: JSON.stringify(variables) }, ctx);
    expect(result.outcome).toEqual({ kind: 'succeeded', returnValue: { tagsAdd: { node: { id: order!.id }, userErrors: [] } } });
    expect(result.statusCode).toBe(200);
    expect(fake.mutations.at(-1)).toMatchObject({ shop: SHOP, name: 'tagsAdd', variables });
    expect(fake.orders[SHOP]![0]!.tags).toEqual(['vip', 'rush']);
  });

  it('fails listing the userErrors of the payload', async () => {
    const result = await action.execute!({ mutation: TAGS_ADD, variables: '{ "id": "gid://shopify/Nope/1", "tags": ["x"] }' }, ctx);
    expect(result.outcome).toEqual({ kind: 'failed', reason: 'Shopify refused the change: id: Invalid id: gid://shopify/Nope/1' });
  });

  it('fails on variables that are not a JSON object, before sending', async () => {
    const before = fake.graphqlRequests.length;
    const bad = await action.execute!({ mutation: TAGS_ADD, variables: '{ "id": "gid://shopify/Order/1", tags: [] }' }, ctx);
    expect(bad.outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/^variables is not valid JSON: .*position 33/) });
    const array = await action.execute!({ mutation: TAGS_ADD, variables: '[1, 2]' }, ctx);
    expect(array.outcome).toEqual({ kind: 'failed', reason: 'variables must be a JSON object ({ "name": value, ... }), got an array' });
    const syntax = await action.execute!({ mutation: 'mutation { tagsAdd(id: "x", tags: ["y"]) { userErrors { message } }', variables: '' }, ctx);
    expect(syntax.outcome).toEqual({ kind: 'failed', reason: 'mutation: line 1, column 68: Expected Name, found <EOF>.' });
    expect(fake.graphqlRequests.length).toBe(before);
  });

  it('fails with the messages of GraphQL errors', async () => {
    const result = await action.execute!({ mutation: 'mutation { orderDelete(orderId: "gid://shopify/Order/1") { userErrors { message } } }' }, ctx);
    expect(result.outcome).toEqual({ kind: 'failed', reason: "Shopify refused the mutation: Field 'orderDelete' doesn't exist on type 'Mutation'" });
  });

  it.each([
    ['throttled', () => ({ errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }] }), /throttling/],
    ['a 503', () => fakeHttpAnswer(503, { errors: 'Service Unavailable' }), /Shopify answered 503/],
    ['a 429', () => fakeHttpAnswer(429, { errors: 'Too many' }, { 'Retry-After': '3' }), /throttling requests \(429\)/],
    ['a dropped connection', () => fakeHttpAnswer('drop'), /could not reach Shopify/],
  ])('%s is retried', async (_name, answer, reason) => {
    fake.onGraphql = answer;
    const result = await action.execute!({ mutation: TAGS_ADD, variables: '{ "id": "gid://shopify/Order/1", "tags": ["x"] }' }, ctx);
    expect(result.outcome).toMatchObject({ kind: 'retry', reason: expect.stringMatching(reason) });
  });

  it('a 429 passes on how long Shopify asks us to wait', async () => {
    fake.onGraphql = () => fakeHttpAnswer(429, { errors: 'Too many' }, { 'Retry-After': '3' });
    const result = await action.execute!({ mutation: TAGS_ADD, variables: '{ "id": "gid://shopify/Order/1", "tags": ["x"] }' }, ctx);
    expect(result.outcome).toMatchObject({ kind: 'retry', retryAfterMs: 3000 });
  });
});

describe('checkMutation', () => {
  it('accepts one mutation, with fragments', () => {
    expect(checkMutation(TAGS_ADD)).toEqual([]);
    expect(checkMutation('mutation($id: ID!) { tagsRemove(id: $id, tags: ["a"]) { ...Errors } } fragment Errors on TagsRemovePayload { userErrors { message } }')).toEqual([]);
  });

  it('gives syntax errors with line and column', () => {
    expect(checkMutation('mutation {\n  tagsAdd(id: "1" tags: ["a"]) {\n    userErrors { message }\n  }\n')).toEqual(['mutation: line 5, column 1: Expected Name, found <EOF>.']);
    expect(checkMutation('mutation { tagsAdd(id: ) { node { id } } }')).toEqual(['mutation: line 1, column 24: Unexpected ")".']);
  });

  it('refuses queries, several operations and empty text', () => {
    expect(checkMutation('{ shop { name } }')).toEqual(['mutation: line 1, column 1: the operation is a query, not a mutation (use Get data to read)']);
    expect(checkMutation('mutation A { a } mutation B { b }')).toEqual(['mutation: the document must hold exactly one operation, found 2']);
    expect(checkMutation('fragment F on Order { id }')).toEqual(['mutation: the document must hold exactly one operation, found 0']);
    expect(checkMutation('  ')).toEqual(['mutation: the mutation is empty']);
  });
});
