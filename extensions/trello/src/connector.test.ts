import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadManifestFiles, parseManifests } from '@switchboard/sdk/manifest';
import { createTestPlatform, type TestPlatform } from '@switchboard/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFake, type FakeTrello } from './fake.js';
import { RetryableServiceError, connector, createTrelloClient } from './index.js';

const SECRET = 'trello-connector-secret';
const SHOP = 'shop-a.myshopify.com';
const ORDERS_BOARD = '5f00000000000000000b0001';
const TODO_LIST = '5f00000000000000000a0001';
const INBOX_LIST = '5f00000000000000000a0003';

let fake: FakeTrello;
let platform: TestPlatform;
let app: Server;
let actionUrl: string;
let credentials: Map<string, Record<string, string>>;

beforeEach(async () => {
  fake = await startFake();
  platform = await createTestPlatform({ clientSecret: SECRET });
  credentials = new Map([[SHOP, { ...fake.credentials }]]);
  const handler = connector.createHandler({ clientSecret: SECRET, endpoints: fake.endpoints, credentials: async (shop) => credentials.get(shop) });
  app = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  actionUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/create-card`;
});

afterEach(async () => {
  app.closeAllConnections();
  await new Promise((resolve) => app.close(resolve));
  await platform.close();
  await fake.close();
});

const send = (properties: Record<string, unknown>, extra: { actionRunId?: string } = {}) =>
  platform.sendAction(actionUrl, { handle: 'create-card', properties, shop: SHOP, ...extra });
const messageOf = (response: { body: unknown }) => (response.body as { message: string }).message;

describe('Create Trello card', () => {
  it('creates the card in the list with key and token as query parameters, and returns its id and url', async () => {
    const response = await send({ list: TODO_LIST, name: 'Refund #1001', description: 'Customer asked for a refund' });

    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/1/cards');
    expect(request.query).toEqual({ idList: TODO_LIST, key: fake.credentials.api_key, token: fake.credentials.token });
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    expect(request.body).toEqual({ name: 'Refund #1001', desc: 'Customer asked for a refund' });

    expect(fake.cards).toHaveLength(1);
    const card = fake.cards[0]!;
    expect(card).toMatchObject({ name: 'Refund #1001', desc: 'Customer asked for a refund', idList: TODO_LIST, idBoard: ORDERS_BOARD });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ return_value: { id: card.id, url: card.url } });
    expect(card.url).toMatch(/^https:\/\/trello\.com\/c\/[\w-]{8}\/1-refund-1001$/);
  });

  it('sends no description when the field is empty', async () => {
    await send({ list: TODO_LIST, name: 'No notes', description: '' });
    expect(fake.requests[0]!.body).toEqual({ name: 'No notes' });
  });

  it.each([
    ['the board ID', ORDERS_BOARD],
    ['the board short link', 'Ord3rs01'],
    ['the board URL', 'https://trello.com/b/Ord3rs01/orders'],
  ])('checks the list is on the board given by %s, then creates the card', async (_what, board) => {
    const response = await send({ board, list: TODO_LIST, name: 'Checked' });
    expect(response.status).toBe(200);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /1/lists/${TODO_LIST}/board`, 'POST /1/cards']);
    expect(fake.requests[0]!.query).toEqual({ fields: 'id,name,shortLink', key: fake.credentials.api_key, token: fake.credentials.token });
    expect(fake.cards).toHaveLength(1);
  });

  it('fails for good, creating nothing, when the list is on another board', async () => {
    const response = await send({ board: ORDERS_BOARD, list: INBOX_LIST, name: 'Wrong board' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      message: `The list "${INBOX_LIST}" is on the board "Support" (5f00000000000000000b0002), not on board "${ORDERS_BOARD}": check the Board and List fields`,
      error: { code: 'list_not_on_board' },
    });
    expect(fake.cards).toHaveLength(0);
  });

  it.each([
    ['an unknown list', { list: '5f00000000000000000affff', name: 'x' }, 'Trello has no list "5f00000000000000000affff" that this token can see (The requested resource was not found.): check the List field'],
    ['a malformed list ID', { list: 'to-do', name: 'x' }, 'Trello has no list "to-do" that this token can see (invalid value for idList): check the List field'],
    ['a malformed list ID with a board', { board: ORDERS_BOARD, list: 'to-do', name: 'x' }, 'Trello has no list "to-do" that this token can see (invalid id): check the List field'],
  ])('fails for good on %s with Trello’s words', async (_what, properties, message) => {
    const response = await send(properties);
    expect(response.status).toBe(422);
    expect(messageOf(response)).toBe(message);
  });

  it.each([
    ['a wrong API key', { api_key: 'ffffffffffffffffffffffffffffffff' }, 'Trello refused the API key (invalid key): check the API key under Settings → Trello in Switchboard'],
    ['a wrong token', { token: 'ATTAwrong' }, 'Trello refused the token (invalid token): it may have been revoked or expired; paste a new one under Settings → Trello in Switchboard'],
  ])('fails for good with %s, pointing to Settings', async (_what, change, message) => {
    credentials.set(SHOP, { ...fake.credentials, ...change });
    const response = await send({ list: TODO_LIST, name: 'x' });
    expect(response.status).toBe(422);
    expect(messageOf(response)).toBe(message);
  });

  it('fails for good after the token is revoked', async () => {
    fake.revokeToken();
    const response = await send({ list: TODO_LIST, name: 'x' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ error: { code: 'invalid_token' } });
  });

  it('answers 429 with Trello’s Retry-After', async () => {
    fake.failNext({ status: 429, retryAfter: 7 });
    const response = await send({ list: TODO_LIST, name: 'x' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(messageOf(response)).toBe('Trello is rate limiting requests (Rate limit exceeded); Switchboard will try again');
  });

  it('retries a 5xx with a growing delay for the same run, then creates the card once', async () => {
    fake.failNext({ status: 503 });
    fake.failNext({ status: 500 });
    const first = await send({ list: TODO_LIST, name: 'x' }, { actionRunId: 'run-5xx' });
    const second = await send({ list: TODO_LIST, name: 'x' }, { actionRunId: 'run-5xx' });
    const third = await send({ list: TODO_LIST, name: 'x' }, { actionRunId: 'run-5xx' });
    expect(first.status).toBe(429);
    expect(messageOf(first)).toBe('Trello answered 503 (An unexpected error occurred); Switchboard will try again');
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
    expect(Number(first.headers.get('retry-after'))).toBeLessThanOrEqual(3);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(4);
    expect(Number(second.headers.get('retry-after'))).toBeLessThanOrEqual(5);
    expect(third.status).toBe(200);
    expect(fake.cards).toHaveLength(1);
  });

  it('answers 429 when Trello cannot be reached', async () => {
    fake.failNext({ drop: true });
    const response = await send({ list: TODO_LIST, name: 'x' });
    expect(response.status).toBe(429);
    expect(messageOf(response)).toMatch(/^Could not reach Trello: .+; Switchboard will try again$/);
  });

  it.each([
    [{ list: '', name: 'x' }, 'The "List" field is empty: give the ID of the list the card goes in'],
    [{ list: TODO_LIST, name: '  ' }, 'The "Card name" field is empty after Liquid rendering: a card needs a name'],
  ])('refuses empty fields before calling Trello (%o)', async (properties, message) => {
    const response = await send(properties);
    expect(response.status).toBe(422);
    expect(messageOf(response)).toBe(message);
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['no credentials saved', undefined, `Trello is not connected for ${SHOP}: add the API key and token under Settings → Trello in Switchboard`],
    ['no token', { api_key: '0123456789abcdef0123456789abcdef', token: '' }, `the Trello connection has no token for ${SHOP}: add the API key and token under Settings → Trello in Switchboard`],
  ])('fails for good with %s, naming the Settings page, without calling Trello', async (_what, saved, message) => {
    if (saved === undefined) credentials.delete(SHOP);
    else credentials.set(SHOP, saved);
    const response = await send({ list: TODO_LIST, name: 'x' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ message, error: { code: 'not_connected' } });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('createTrelloClient', () => {
  it('gives up on an answer that does not come within timeoutMs, as a retryable failure', async () => {
    fake.failNext({ hang: true });
    const client = createTrelloClient({ baseUrl: fake.endpoints.api, apiKey: fake.credentials.api_key, token: fake.credentials.token, timeoutMs: 150 });
    const error = await client.createCard({ idList: TODO_LIST, name: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableServiceError);
    expect((error as Error).message).toBe('Trello did not answer within 0.15 s');
  });

  it('is refused by the fake with the Authorization header form too when the token is wrong', async () => {
    const response = await fetch(`${fake.endpoints.api}/1/lists/${TODO_LIST}`, {
      headers: { authorization: `OAuth oauth_consumer_key="${fake.credentials.api_key}", oauth_token="wrong"` },
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('invalid token');
  });
});

describe('the Trello connector package', () => {
  it('has manifests that parse without problems, declaring create-card', async () => {
    const files = await loadManifestFiles(connector.appDir);
    expect(files.map((f) => f.path)).toEqual(['extensions/create-card/shopify.extension.toml']);
    const { extensions, problems } = parseManifests(files);
    expect(problems).toEqual([]);
    expect(extensions[0]).toMatchObject({
      type: 'flow_action',
      handle: 'create-card',
      name: 'Create Trello card',
      runtimeUrl: '/create-card',
      fields: [
        { key: 'board', required: false },
        { key: 'list', required: true },
        { key: 'name', required: true },
        { key: 'description', type: 'multi_line_text_field', required: false },
      ],
    });
  });

  it('describes itself as extensions/README.md asks', () => {
    expect(connector.id).toBe('trello');
    expect(connector.endpoints).toEqual({ api: 'https://api.trello.com' });
    expect(connector.credentialFields.map((f) => [f.key, f.secret])).toEqual([
      ['api_key', false],
      ['token', true],
    ]);
    expect(new RegExp(connector.credentialFields[0]!.pattern!).test(fake.credentials.api_key)).toBe(true);
  });
});
