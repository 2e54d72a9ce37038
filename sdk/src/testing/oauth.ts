import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRawBody, sendJson } from '../http/index.js';
import { signQuery } from '../signature.js';
import { sendError, tokenFor, type PlatformState } from './state.js';

/** `GET /oauth/authorize`: the fake merchant always consents, so it redirects back at once with a code. */
export function authorize(state: PlatformState, url: URL, res: ServerResponse): void {
  const get = (key: string) => url.searchParams.get(key) ?? '';
  if (get('client_id') !== state.clientId) return sendError(res, 400, 'invalid_client', 'Unknown client_id');
  const missing = ['redirect_uri', 'state', 'shop'].filter((key) => get(key) === '');
  if (missing.length > 0) return sendError(res, 400, 'invalid_request', `Missing ${missing.join(', ')}`);
  const code = randomBytes(16).toString('hex');
  state.codes.set(code, get('shop'));
  const params = { code, shop: get('shop'), state: get('state'), timestamp: String(Math.floor(Date.now() / 1000)) };
  res.writeHead(302, { location: withSignedParams(get('redirect_uri'), params, state.clientSecret) }).end();
}

/** `POST /oauth/access_token`: a code, once, for the right client, gives the shop's token. */
export async function exchangeCode(state: PlatformState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const read = await readRawBody(req);
  let body: Record<string, unknown>;
  try {
    body = read.ok ? (JSON.parse(read.body.toString('utf8')) as Record<string, unknown>) : {};
  } catch {
    return sendError(res, 400, 'malformed_json', 'The body is not valid JSON');
  }
  if (body.client_id !== state.clientId || body.client_secret !== state.clientSecret) {
    return sendError(res, 400, 'invalid_client', 'Wrong client_id or client_secret');
  }
  const code = typeof body.code === 'string' ? body.code : '';
  const shop = state.codes.get(code);
  if (shop === undefined) return sendError(res, 400, 'invalid_grant', 'Unknown or already used code');
  state.codes.delete(code);
  sendJson(res, 200, { access_token: tokenFor(state, shop), scope: 'triggers,actions', shop });
}

/** `base` with `params` added and signed (`hmac`), as Switchboard's redirects are. */
export function withSignedParams(base: string, params: Record<string, string>, clientSecret: string): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  url.searchParams.set('hmac', signQuery(params, clientSecret));
  return url.toString();
}
