import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFake, type FakeSlack } from './fake.js';
import { RetryableServiceError, createSlackClient } from './index.js';
import { ActionError } from '@switchboard/sdk';

let fake: FakeSlack;
beforeEach(async () => {
  fake = await startFake();
});
afterEach(async () => {
  await fake.close();
});

describe('createSlackClient', () => {
  it('gives up on an answer that does not come within timeoutMs, as a retryable failure', async () => {
    fake.failNext({ hang: true });
    const client = createSlackClient({ baseUrl: fake.endpoints.api, token: fake.credentials.bot_token, timeoutMs: 150 });
    const error = await client.postMessage({ channel: '#orders', text: 'hi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableServiceError);
    expect((error as Error).message).toBe('Slack did not answer within 0.15 s');
  });

  it('reports a refused connection as retryable', async () => {
    const url = fake.endpoints.api;
    await fake.close();
    const client = createSlackClient({ baseUrl: url, token: 'xoxb-x' });
    const error = await client.postMessage({ channel: '#orders', text: 'hi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableServiceError);
    expect((error as Error).message).toMatch(/^Could not reach Slack: .*ECONNREFUSED/);
    fake = await startFake(); // for afterEach
  });

  it('reports not_authed when the token is empty, as Slack does', async () => {
    const client = createSlackClient({ baseUrl: fake.endpoints.api, token: '' });
    const error = await client.postMessage({ channel: '#orders', text: 'hi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).code).toBe('not_authed');
  });

  it('fails for good on a 4xx other than 429, with the status in the message', async () => {
    fake.failNext({ status: 400, body: { ok: false, error: 'invalid_json' } });
    const client = createSlackClient({ baseUrl: fake.endpoints.api, token: fake.credentials.bot_token });
    const error = await client.postMessage({ channel: '#orders', text: 'hi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as Error).message).toBe('Slack refused the request with HTTP 400 (invalid_json)');
  });

  it('refuses a message over 40,000 characters as Slack does (msg_too_long)', async () => {
    const client = createSlackClient({ baseUrl: fake.endpoints.api, token: fake.credentials.bot_token });
    const error = await client.postMessage({ channel: '#orders', text: 'x'.repeat(40_001) }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('Slack refused the message (msg_too_long): the message is longer than Slack allows (40,000 characters)');
  });
});
