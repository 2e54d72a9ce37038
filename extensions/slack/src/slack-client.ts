/**
 * The part of Slack's Web API this connector uses: `chat.postMessage`
 * (https://api.slack.com/methods/chat.postMessage), with a bot token.
 * Slack answers HTTP 200 with `{ ok: false, error }` for most failures; this
 * client turns every answer into a result, an `ActionError` (fails for good,
 * with Slack's error code in the message) or a `RetryableServiceError`.
 */
import { ActionError } from '@switchboard/sdk';
import { RetryableServiceError, parseRetryAfter } from '@switchboard/connector-kit';
import { callService, excerpt } from '@switchboard/connector-kit';

export const SLACK_API = 'https://slack.com/api';

export interface SlackClientOptions {
  /** The workspace's bot token (`xoxb-...`). */
  token: string;
  /** Base URL of the Web API. Default `https://slack.com/api`. */
  baseUrl?: string;
  /** Longest wait for one answer, in ms. Default 8000 (Switchboard waits 10 s for the action). */
  timeoutMs?: number;
}

export interface PostedMessage {
  /** The channel's ID (Slack answers with the ID even when given a name). */
  channel: string;
  /** The message's timestamp, its ID within the channel. */
  ts: string;
}

export interface SlackClient {
  postMessage(message: { channel: string; text: string }): Promise<PostedMessage>;
}

// Slack's `error` codes that mean "try later" rather than "this will never work".
const TEMPORARY = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
const BAD_TOKEN = new Set(['not_authed', 'invalid_auth', 'token_revoked', 'token_expired', 'account_inactive', 'not_allowed_token_type']);

export function createSlackClient(options: SlackClientOptions): SlackClient {
  const base = (options.baseUrl ?? SLACK_API).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 8000;
  return {
    async postMessage({ channel, text }) {
      const answer = await callService(
        'Slack',
        `${base}/chat.postMessage`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify({ channel, text }),
        },
        timeoutMs,
      );
      const body = (answer.json ?? {}) as { ok?: unknown; error?: unknown; needed?: unknown; channel?: unknown; ts?: unknown };
      const error = typeof body.error === 'string' ? body.error : undefined;
      if (answer.status === 429 || error === 'ratelimited') {
        throw new RetryableServiceError(`Slack is rate limiting this workspace (ratelimited)`, {
          retryAfter: parseRetryAfter(answer.headers.get('retry-after')),
        });
      }
      if (answer.status >= 500) {
        throw new RetryableServiceError(`Slack answered ${answer.status}${error ? ` (${error})` : `: ${excerpt(answer.text) || 'no details'}`}`);
      }
      if (answer.status !== 200) {
        throw new ActionError(`Slack refused the request with HTTP ${answer.status}${error ? ` (${error})` : `: ${excerpt(answer.text)}`}`, {
          code: error ?? 'slack_http_error',
        });
      }
      if (answer.json === undefined) {
        throw new RetryableServiceError(`Slack answered something that is not JSON: ${excerpt(answer.text) || 'an empty body'}`);
      }
      if (body.ok === true && typeof body.channel === 'string' && typeof body.ts === 'string') {
        return { channel: body.channel, ts: body.ts };
      }
      const code = error ?? 'unknown_error';
      if (TEMPORARY.has(code)) throw new RetryableServiceError(`Slack could not post the message now (${code})`);
      throw new ActionError(`Slack refused the message (${code}): ${explain(code, channel, body.needed)}`, { code });
    },
  };
}

/** What the merchant can do about a Slack error code. */
function explain(code: string, channel: string, needed: unknown): string {
  if (BAD_TOKEN.has(code)) return 'the bot token was not accepted; paste a current one under Settings → Slack in Switchboard';
  switch (code) {
    case 'channel_not_found':
      return `there is no channel "${channel}" that the bot can see; check the name, and invite the bot to a private channel`;
    case 'not_in_channel':
      return `the bot is not a member of "${channel}"; invite it there (/invite @your-bot)`;
    case 'is_archived':
      return `the channel "${channel}" is archived`;
    case 'msg_too_long':
      return 'the message is longer than Slack allows (40,000 characters)';
    case 'no_text':
      return 'the message is empty';
    case 'missing_scope':
      return `the bot token lacks a permission${typeof needed === 'string' ? ` (${needed})` : ''}; add it to your Slack app and reinstall it`;
    case 'restricted_action':
      return 'the workspace does not let this bot post in that channel';
    default:
      return 'see https://api.slack.com/methods/chat.postMessage#errors';
  }
}
