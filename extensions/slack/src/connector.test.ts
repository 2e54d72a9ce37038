import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadManifestFiles, parseManifests } from '@switchboard/sdk/manifest';
import { createTestPlatform, type TestPlatform } from '@switchboard/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFake, type FakeSlack } from './fake.js';
import { connector } from './index.js';

const SECRET = 'slack-connector-secret';
const SHOP = 'shop-a.myshopify.com';

let fake: FakeSlack;
let platform: TestPlatform;
let app: Server;
let actionUrl: string;
let credentials: Map<string, Record<string, string>>;

beforeEach(async () => {
  fake = await startFake();
  platform = await createTestPlatform({ clientSecret: SECRET });
  credentials = new Map([[SHOP, { ...fake.credentials }]]);
  const handler = connector.createHandler({
    clientSecret: SECRET,
    endpoints: fake.endpoints,
    credentials: async (shop) => credentials.get(shop),
  });
  app = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  // As Switchboard resolves runtime_url "/send-message" against the connector's URL.
  actionUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/send-message`;
});

afterEach(async () => {
  app.closeAllConnections();
  await new Promise((resolve) => app.close(resolve));
  await platform.close();
  await fake.close();
});

const send = (properties: Record<string, unknown>, extra: { actionRunId?: string; shop?: string } = {}) =>
  platform.sendAction(actionUrl, { handle: 'send-message', properties, shop: SHOP, ...extra });

describe('Send Slack message', () => {
  it('posts the text to the channel with the bot token and returns the channel ID and ts', async () => {
    const response = await send({ channel: '#orders', text: 'New order #1001 from Ada' });

    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/chat.postMessage');
    expect(request.headers.authorization).toBe(`Bearer ${fake.credentials.bot_token}`);
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    expect(request.body).toEqual({ channel: '#orders', text: 'New order #1001 from Ada' });

    expect(fake.messages).toEqual([{ channel: 'C00000ORDERS', text: 'New order #1001 from Ada', ts: fake.messages[0]!.ts, token: fake.credentials.bot_token }]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ return_value: { channel: 'C00000ORDERS', ts: fake.messages[0]!.ts } });
  });

  it('uses the credentials of the shop the action runs for', async () => {
    fake.addToken('xoxb-shop-b');
    credentials.set('shop-b.myshopify.com', { bot_token: 'xoxb-shop-b' });
    const response = await send({ channel: 'C0000GENERAL', text: 'hi' }, { shop: 'shop-b.myshopify.com' });
    expect(response.status).toBe(200);
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer xoxb-shop-b');
  });

  it.each([
    ['#nowhere', 'channel_not_found', /no channel "#nowhere" that the bot can see/],
    ['#leadership', 'channel_not_found', /no channel "#leadership"/],
    ['#old-news', 'is_archived', /"#old-news" is archived/],
  ])('fails for good when Slack answers ok:false for %s (%s)', async (channel, code, explanation) => {
    const response = await send({ channel, text: 'hello' });
    expect(response.status).toBe(422);
    const body = response.body as { message: string; error: { code: string } };
    expect(body.message).toContain(`Slack refused the message (${code})`);
    expect(body.message).toMatch(explanation);
    expect(body.error.code).toBe(code);
    expect(fake.messages).toHaveLength(0);
  });

  it('says the bot is not in the channel when Slack answers not_in_channel', async () => {
    fake.channels.push({ id: 'C0000RETURNS', name: 'returns', isArchived: false, botIsMember: false });
    const response = await send({ channel: '#returns', text: 'hello' });
    expect(response.status).toBe(422);
    expect((response.body as { message: string }).message).toMatch(/\(not_in_channel\): the bot is not a member of "#returns"; invite it/);
  });

  it.each([
    ['an unknown token', 'xoxb-unknown', 'invalid_auth'],
    ['a revoked token', 'xoxb-revoked', 'token_revoked'],
  ])('fails for good with %s, pointing to Settings', async (_what, token, code) => {
    fake.addToken('xoxb-revoked');
    fake.revokeToken('xoxb-revoked');
    credentials.set(SHOP, { bot_token: token });
    const response = await send({ channel: '#orders', text: 'hello' });
    expect(response.status).toBe(422);
    expect((response.body as { message: string }).message).toBe(
      `Slack refused the message (${code}): the bot token was not accepted; paste a current one under Settings → Slack in Switchboard`,
    );
  });

  it('answers 429 with Slack’s Retry-After when Slack rate limits with HTTP 429', async () => {
    fake.failNext({ status: 429, retryAfter: 7 });
    const response = await send({ channel: '#orders', text: 'hello' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect((response.body as { message: string }).message).toBe('Slack is rate limiting this workspace (ratelimited); Switchboard will try again');
  });

  it('answers 429 with a backoff delay when Slack says ok:false ratelimited without Retry-After', async () => {
    fake.failNext({ status: 200, body: { ok: false, error: 'ratelimited' } });
    const response = await send({ channel: '#orders', text: 'hello' });
    expect(response.status).toBe(429);
    const delay = Number(response.headers.get('retry-after'));
    expect(delay).toBeGreaterThanOrEqual(2);
    expect(delay).toBeLessThanOrEqual(3);
  });

  it('retries a 5xx with a growing delay for the same run, then posts once Slack is back', async () => {
    fake.failNext({ status: 503 });
    fake.failNext({ status: 502 });
    const first = await send({ channel: '#orders', text: 'hello' }, { actionRunId: 'run-5xx' });
    const second = await send({ channel: '#orders', text: 'hello' }, { actionRunId: 'run-5xx' });
    const third = await send({ channel: '#orders', text: 'hello' }, { actionRunId: 'run-5xx' });

    expect(first.status).toBe(429);
    expect((first.body as { message: string }).message).toBe(
      'Slack answered 503: upstream connect error or disconnect/reset before headers; Switchboard will try again',
    );
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
    expect(Number(first.headers.get('retry-after'))).toBeLessThanOrEqual(3);
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(4);
    expect(Number(second.headers.get('retry-after'))).toBeLessThanOrEqual(5);
    expect(third.status).toBe(200);
    expect(fake.messages).toHaveLength(1);
  });

  it('paces its retries by the backoff Switchboard passes in', async () => {
    const handler = connector.createHandler({
      clientSecret: SECRET,
      endpoints: fake.endpoints,
      credentials: async (shop) => credentials.get(shop),
      retry: { baseSeconds: 10, maxSeconds: 15 },
    });
    const paced = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => paced.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(paced.address() as AddressInfo).port}/send-message`;
      fake.failNext({ status: 500 });
      fake.failNext({ status: 500 });
      const first = await platform.sendAction(url, { handle: 'send-message', properties: { channel: '#orders', text: 'x' }, shop: SHOP, actionRunId: 'paced' });
      const second = await platform.sendAction(url, { handle: 'send-message', properties: { channel: '#orders', text: 'x' }, shop: SHOP, actionRunId: 'paced' });
      expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(10);
      expect(Number(first.headers.get('retry-after'))).toBeLessThanOrEqual(12);
      expect(second.headers.get('retry-after')).toBe('15');
    } finally {
      paced.closeAllConnections();
      await new Promise((resolve) => paced.close(resolve));
    }
  });

  it('answers 429 when Slack cannot be reached', async () => {
    fake.failNext({ drop: true });
    const response = await send({ channel: '#orders', text: 'hello' });
    expect(response.status).toBe(429);
    expect((response.body as { message: string }).message).toMatch(/^Could not reach Slack: .+; Switchboard will try again$/);
  });

  it('answers a repeated action_run_id with the first answer, posting once', async () => {
    const first = await send({ channel: '#orders', text: 'once' }, { actionRunId: 'run-1' });
    const again = await send({ channel: '#orders', text: 'once' }, { actionRunId: 'run-1' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(fake.messages).toHaveLength(1);
  });

  it.each([
    ['no credentials saved', undefined],
    ['an empty bot token', { bot_token: '  ' }],
  ])('fails for good with %s, naming the Settings page, without calling Slack', async (_what, saved) => {
    if (saved === undefined) credentials.delete(SHOP);
    else credentials.set(SHOP, saved);
    const response = await send({ channel: '#orders', text: 'hello' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      message: `Slack is not connected for ${SHOP}: add a bot token under Settings → Slack in Switchboard`,
      error: { code: 'not_connected' },
    });
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    [{ channel: ' ', text: 'hello' }, 'The "Channel" field is empty: name a Slack channel, such as #orders'],
    [{ channel: '#orders', text: '' }, 'The "Message" field is empty after Liquid rendering: Slack needs some text to post'],
    [{ channel: '#orders' }, 'The "Message" field is empty after Liquid rendering: Slack needs some text to post'],
  ])('refuses empty fields before calling Slack (%o)', async (properties, message) => {
    const response = await send(properties);
    expect(response.status).toBe(422);
    expect((response.body as { message: string }).message).toBe(message);
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a request not signed with the connector’s secret', async () => {
    const other = await createTestPlatform({ clientSecret: 'another-secret' });
    try {
      const response = await other.sendAction(actionUrl, { handle: 'send-message', properties: { channel: '#orders', text: 'x' } });
      expect(response.status).toBe(401);
      expect(fake.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});

describe('the Slack connector package', () => {
  it('has manifests that parse without problems, declaring send-message', async () => {
    const files = await loadManifestFiles(connector.appDir);
    expect(files.map((f) => f.path)).toEqual(['extensions/send-message/shopify.extension.toml']);
    const { extensions, problems } = parseManifests(files);
    expect(problems).toEqual([]);
    expect(extensions).toHaveLength(1);
    expect(extensions[0]).toMatchObject({
      type: 'flow_action',
      handle: 'send-message',
      name: 'Send Slack message',
      runtimeUrl: '/send-message',
      fields: [
        { type: 'single_line_text_field', key: 'channel', name: 'Channel', required: true },
        { type: 'multi_line_text_field', key: 'text', name: 'Message', required: true },
      ],
    });
  });

  it('describes itself as extensions/README.md asks', () => {
    expect(connector.id).toBe('slack');
    expect(connector.endpoints).toEqual({ api: 'https://slack.com/api' });
    const [field] = connector.credentialFields;
    expect(field).toMatchObject({ key: 'bot_token', secret: true, pattern: '^xoxb-' });
    expect(new RegExp(field!.pattern).test('xoxb-123')).toBe(true);
    expect(new RegExp(field!.pattern).test('xoxp-123')).toBe(false);
  });
});
