/**
 * A local Trello for the Trello connector, for tests and Switchboard's local
 * mode: `GET /1/lists/{id}`, `GET /1/lists/{id}/board` and `POST /1/cards`,
 * authenticated by `key` and `token` query parameters (or Trello's
 * `Authorization: OAuth oauth_consumer_key="…", oauth_token="…"` header), with
 * Trello's plain-text errors (`invalid key`, `invalid token`,
 * `invalid value for idList`).
 *
 * Seeded with one API key and token (`credentials`) and two boards: "Orders"
 * (lists "To do", "Done") and "Support" (list "Inbox").
 */
import { randomBytes } from 'node:crypto';
import { startFakeServer, type Failure, type FakeAnswer, type RecordedRequest } from '@switchboard/connector-kit/fake-http';

export type { Failure, RecordedRequest } from '@switchboard/connector-kit/fake-http';

export interface FakeList {
  id: string;
  name: string;
  idBoard: string;
}

export interface FakeBoard {
  id: string;
  name: string;
  shortLink: string;
}

export interface FakeCard {
  id: string;
  name: string;
  desc: string;
  idList: string;
  idBoard: string;
  idShort: number;
  shortLink: string;
  url: string;
  shortUrl: string;
}

export interface FakeTrello {
  endpoints: { api: string };
  /** Every request received, oldest first (`query` holds key and token). */
  requests: RecordedRequest[];
  /** Credentials the fake accepts, in the shape Settings saves them. */
  credentials: { api_key: string; token: string };
  boards: FakeBoard[];
  lists: FakeList[];
  /** Cards created, oldest first. */
  cards: FakeCard[];
  /** Stops accepting a token (Trello then answers 401 `invalid token`). */
  revokeToken(token?: string): void;
  /** Scripts the next request's answer (`{ status: 503 }`, `{ status: 429, retryAfter: 7 }`, `{ hang: true }`, `{ drop: true }`). */
  failNext(failure: Failure): void;
  close(): Promise<void>;
}

const MAX_TEXT = 16_384;
const ID = /^[0-9a-f]{24}$/;

export async function startFake(): Promise<FakeTrello> {
  const credentials = { api_key: '0123456789abcdef0123456789abcdef', token: `ATTA${'f'.repeat(64)}` };
  const tokens = new Map([[credentials.token, 'active' as 'active' | 'revoked']]);
  const boards: FakeBoard[] = [
    { id: '5f00000000000000000b0001', name: 'Orders', shortLink: 'Ord3rs01' },
    { id: '5f00000000000000000b0002', name: 'Support', shortLink: 'Supp0rt2' },
  ];
  const lists: FakeList[] = [
    { id: '5f00000000000000000a0001', name: 'To do', idBoard: boards[0]!.id },
    { id: '5f00000000000000000a0002', name: 'Done', idBoard: boards[0]!.id },
    { id: '5f00000000000000000a0003', name: 'Inbox', idBoard: boards[1]!.id },
  ];
  const cards: FakeCard[] = [];

  /** Undefined when the request may go on, else Trello's 401. */
  function unauthorized(request: RecordedRequest): FakeAnswer | undefined {
    const oauth = /^OAuth\s+(.*)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const fromHeader = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(oauth)?.[1];
    const key = request.query.key ?? fromHeader('oauth_consumer_key');
    const token = request.query.token ?? fromHeader('oauth_token');
    if (key !== credentials.api_key) return { status: 401, body: 'invalid key' };
    if (token === undefined || tokens.get(token) !== 'active') return { status: 401, body: 'invalid token' };
    return undefined;
  }

  function listById(id: string): FakeList | FakeAnswer {
    if (!ID.test(id)) return { status: 400, body: 'invalid id' };
    return lists.find((l) => l.id === id) ?? { status: 404, body: 'The requested resource was not found.' };
  }

  function createCard(request: RecordedRequest): FakeAnswer {
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const param = (name: string) => {
      const value = body[name] ?? request.query[name];
      return value === undefined ? undefined : String(value);
    };
    const idList = param('idList');
    if (idList === undefined || !ID.test(idList)) return { status: 400, body: 'invalid value for idList' };
    const list = lists.find((l) => l.id === idList);
    if (list === undefined) return { status: 404, body: 'The requested resource was not found.' };
    const name = param('name') ?? '';
    const desc = param('desc') ?? '';
    if (name.length > MAX_TEXT) return { status: 400, body: 'invalid value for name' };
    if (desc.length > MAX_TEXT) return { status: 400, body: 'invalid value for desc' };
    const idShort = cards.filter((c) => c.idBoard === list.idBoard).length + 1;
    const shortLink = randomBytes(6).toString('base64url').slice(0, 8);
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    const card: FakeCard = {
      id: randomBytes(12).toString('hex'),
      name,
      desc,
      idList,
      idBoard: list.idBoard,
      idShort,
      shortLink,
      url: `https://trello.com/c/${shortLink}/${idShort}-${slug}`,
      shortUrl: `https://trello.com/c/${shortLink}`,
    };
    cards.push(card);
    return { status: 200, body: { ...card, closed: false, pos: 16384 * idShort, idMembers: [], idLabels: [], badges: {} } };
  }

  const server = await startFakeServer((request) => {
    const denied = unauthorized(request);
    if (denied) return denied;
    if (request.method === 'POST' && request.path === '/1/cards') return createCard(request);
    const listMatch = /^\/1\/lists\/([^/]+)(\/board)?$/.exec(request.path);
    if (request.method === 'GET' && listMatch) {
      const list = listById(decodeURIComponent(listMatch[1]!));
      if ('status' in list) return list;
      if (listMatch[2] === undefined) return { status: 200, body: { ...list, closed: false, pos: 16384 } };
      const board = boards.find((b) => b.id === list.idBoard)!;
      const full: Record<string, unknown> = { ...board, closed: false, url: `https://trello.com/b/${board.shortLink}`, shortUrl: `https://trello.com/b/${board.shortLink}` };
      const fields = request.query.fields;
      return { status: 200, body: fields ? Object.fromEntries(['id', ...fields.split(',')].map((f) => [f, full[f]])) : full };
    }
    return { status: 404, body: `Cannot ${request.method} ${request.path}` };
  });

  return {
    endpoints: { api: server.url },
    requests: server.requests,
    credentials,
    boards,
    lists,
    cards,
    revokeToken: (token = credentials.token) => void tokens.set(token, 'revoked'),
    failNext: (failure) =>
      server.failNext(failure, undefined, (status) =>
        status === 429 ? { error: 'API_TOKEN_LIMIT_EXCEEDED', message: 'Rate limit exceeded' } : status >= 500 ? 'An unexpected error occurred' : undefined,
      ),
    close: server.close,
  };
}
