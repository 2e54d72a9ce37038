/**
 * A local Slack that speaks the part of the Web API the connector uses
 * (`chat.postMessage`), for tests and Switchboard's local mode. It checks the
 * bot token, resolves channels by name or ID, and answers with Slack's own
 * shapes: HTTP 200 `{ ok: false, error }` for errors, 429 with `Retry-After`
 * when rate limited.
 *
 * Seeded with one bot token (`credentials.bot_token`) and the channels
 * #general and #orders; #old-news is archived and the bot is not in
 * #leadership.
 */
import { startFakeServer, type Failure, type FakeAnswer, type RecordedRequest } from '@switchboard/connector-kit/fake-http';

export type { Failure, RecordedRequest } from '@switchboard/connector-kit/fake-http';

export interface FakeChannel {
  id: string;
  name: string;
  isArchived: boolean;
  botIsMember: boolean;
}

export interface PostedFakeMessage {
  channel: string;
  text: string;
  ts: string;
  /** The bot token it was posted with. */
  token: string;
}

export interface FakeSlack {
  endpoints: { api: string };
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  /** Credentials the fake accepts, in the shape Settings saves them. */
  credentials: { bot_token: string };
  channels: FakeChannel[];
  /** Messages posted successfully, oldest first. */
  messages: PostedFakeMessage[];
  /** Accepts another bot token. */
  addToken(token: string): void;
  /** Stops accepting a token: Slack then answers `token_revoked`. */
  revokeToken(token: string): void;
  /**
   * Makes the next API request answer `failure` instead: `{ status: 503 }`,
   * `{ status: 429, retryAfter: 7 }`, `{ status: 200, body: { ok: false, error: 'ratelimited' } }`,
   * `{ hang: true }` (no answer) or `{ drop: true }` (connection closed).
   */
  failNext(failure: Failure): void;
  close(): Promise<void>;
}

const MAX_TEXT = 40_000;

export async function startFake(options: { botToken?: string } = {}): Promise<FakeSlack> {
  const botToken = options.botToken ?? 'xoxb-fake-0000-bot-token';
  const tokens = new Map<string, 'active' | 'revoked'>([[botToken, 'active']]);
  const channels: FakeChannel[] = [
    { id: 'C0000GENERAL', name: 'general', isArchived: false, botIsMember: true },
    { id: 'C00000ORDERS', name: 'orders', isArchived: false, botIsMember: true },
    { id: 'C0000OLDNEWS', name: 'old-news', isArchived: true, botIsMember: true },
    { id: 'G0LEADERSHIP', name: 'leadership', isArchived: false, botIsMember: false },
  ];
  const messages: PostedFakeMessage[] = [];
  let clock = 1_700_000_000;

  function postMessage(request: RecordedRequest): FakeAnswer {
    const token = bearer(request.headers.authorization) ?? stringField(request.body, 'token');
    if (token === undefined) return slackError('not_authed');
    const state = tokens.get(token);
    if (state === undefined) return slackError('invalid_auth');
    if (state === 'revoked') return slackError('token_revoked');

    const channelArg = stringField(request.body, 'channel');
    const text = stringField(request.body, 'text');
    const name = channelArg?.replace(/^#/, '');
    const channel = channels.find((c) => c.id === channelArg || c.name === name);
    // Slack hides private channels the bot is not in: they are "not found".
    if (channel === undefined || (channel.id.startsWith('G') && !channel.botIsMember)) return slackError('channel_not_found');
    if (!channel.botIsMember) return slackError('not_in_channel');
    if (channel.isArchived) return slackError('is_archived');
    if (text === undefined || text.trim() === '') return slackError('no_text');
    if (text.length > MAX_TEXT) return slackError('msg_too_long');

    clock += 1;
    const ts = `${clock}.000100`;
    messages.push({ channel: channel.id, text, ts, token });
    return {
      status: 200,
      body: { ok: true, channel: channel.id, ts, message: { type: 'message', text, user: 'U0FAKEBOT', bot_id: 'B0FAKEBOT', ts } },
    };
  }

  const server = await startFakeServer((request) => {
    if (request.method === 'POST' && request.path === '/chat.postMessage') return postMessage(request);
    return slackError('unknown_method', 404);
  });

  return {
    endpoints: { api: server.url },
    requests: server.requests,
    credentials: { bot_token: botToken },
    channels,
    messages,
    addToken: (token) => void tokens.set(token, 'active'),
    revokeToken: (token) => void tokens.set(token, 'revoked'),
    failNext: (failure) =>
      server.failNext(failure, undefined, (status) =>
        status === 429 ? { ok: false, error: 'ratelimited' } : status >= 500 ? 'upstream connect error or disconnect/reset before headers' : undefined,
      ),
    close: server.close,
  };
}

function slackError(error: string, status = 200): FakeAnswer {
  return { status, body: { ok: false, error } };
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function stringField(body: unknown, key: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}
