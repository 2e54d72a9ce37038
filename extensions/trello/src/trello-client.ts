/**
 * The part of Trello's REST API this connector uses
 * (https://developer.atlassian.com/cloud/trello/rest/): the board a list is
 * on, and creating a card. The API key and token travel as the `key` and
 * `token` query parameters, as Trello documents. Trello answers errors as
 * plain text (`invalid token`, `invalid value for idList`).
 */
import { ActionError } from '@switchboard/sdk';
import { RetryableServiceError, parseRetryAfter } from '@switchboard/connector-kit';
import { callService, excerpt, type ServiceAnswer } from '@switchboard/connector-kit';

export const TRELLO_API = 'https://api.trello.com';

export interface TrelloClientOptions {
  apiKey: string;
  token: string;
  /** Base URL of the REST API. Default `https://api.trello.com`. */
  baseUrl?: string;
  /** Longest wait for one answer, in ms. Default 8000. */
  timeoutMs?: number;
}

export interface TrelloBoard {
  id: string;
  name: string;
  shortLink: string;
}

export interface CreatedCard {
  id: string;
  url: string;
}

export interface TrelloClient {
  /** The board the list is on (`GET /1/lists/{id}/board`). */
  boardOfList(listId: string): Promise<TrelloBoard>;
  /** Creates a card at the bottom of the list (`POST /1/cards`). */
  createCard(card: { idList: string; name: string; desc?: string }): Promise<CreatedCard>;
}

const SETTINGS = 'Settings → Trello in Switchboard';

export function createTrelloClient(options: TrelloClientOptions): TrelloClient {
  const base = (options.baseUrl ?? TRELLO_API).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 8000;
  const url = (path: string, params: Record<string, string>) => {
    const u = new URL(`${base}${path}`);
    for (const [k, v] of Object.entries({ ...params, key: options.apiKey, token: options.token })) u.searchParams.set(k, v);
    return u;
  };

  return {
    async boardOfList(listId) {
      const answer = await callService(
        'Trello',
        url(`/1/lists/${encodeURIComponent(listId)}/board`, { fields: 'id,name,shortLink' }),
        { method: 'GET', headers: { accept: 'application/json' } },
        timeoutMs,
      );
      if (answer.status === 404 || (answer.status === 400 && /invalid id/i.test(answer.text))) {
        throw new ActionError(`Trello has no list "${listId}" that this token can see (${reasonOf(answer)}): check the List field`, { code: 'list_not_found' });
      }
      const board = ok(answer, 'look up the list') as Partial<TrelloBoard>;
      if (typeof board.id !== 'string') throw new RetryableServiceError(`Trello answered the list lookup without a board: ${excerpt(answer.text)}`);
      return { id: board.id, name: String(board.name ?? ''), shortLink: String(board.shortLink ?? '') };
    },

    async createCard({ idList, name, desc }) {
      const answer = await callService(
        'Trello',
        url('/1/cards', { idList }),
        {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/json; charset=utf-8' },
          // Name and description in the body: a long description would not fit in a URL.
          body: JSON.stringify(desc === undefined ? { name } : { name, desc }),
        },
        timeoutMs,
      );
      if (answer.status === 404 || (answer.status === 400 && /idList/i.test(answer.text))) {
        throw new ActionError(`Trello has no list "${idList}" that this token can see (${reasonOf(answer)}): check the List field`, { code: 'list_not_found' });
      }
      const card = ok(answer, 'create the card') as { id?: unknown; url?: unknown; shortUrl?: unknown };
      if (typeof card.id !== 'string') throw new RetryableServiceError(`Trello answered without the new card: ${excerpt(answer.text)}`);
      return { id: card.id, url: typeof card.url === 'string' ? card.url : String(card.shortUrl ?? '') };
    },
  };
}

/** The parsed body of a 200, or the error its status means. */
function ok(answer: ServiceAnswer, what: string): object {
  const reason = reasonOf(answer);
  if (answer.status === 200 && typeof answer.json === 'object' && answer.json !== null) return answer.json;
  if (answer.status === 429) {
    throw new RetryableServiceError(`Trello is rate limiting requests (${reason})`, { retryAfter: parseRetryAfter(answer.headers.get('retry-after')) });
  }
  if (answer.status >= 500 || answer.status === 200) throw new RetryableServiceError(`Trello answered ${answer.status} (${reason})`);
  if (answer.status === 401 && /invalid key/i.test(reason)) {
    throw new ActionError(`Trello refused the API key (${reason}): check the API key under ${SETTINGS}`, { code: 'invalid_key' });
  }
  if (answer.status === 401 && /invalid token|expired token/i.test(reason)) {
    throw new ActionError(`Trello refused the token (${reason}): it may have been revoked or expired; paste a new one under ${SETTINGS}`, {
      code: 'invalid_token',
    });
  }
  if (answer.status === 401 || answer.status === 403) {
    throw new ActionError(`Trello did not allow this token to ${what} (${reason}): the token needs read and write access to the board`, {
      code: 'not_allowed',
    });
  }
  throw new ActionError(`Trello refused to ${what} (${reason})`, { code: 'trello_refused' });
}

/** Trello's words: plain text, or `message` of a JSON body (as its 429 sends). */
function reasonOf(answer: ServiceAnswer): string {
  const message = (answer.json as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string' && message !== '') return message;
  return excerpt(answer.text) || `HTTP ${answer.status}`;
}
