/**
 * `POST /connector-api/v1/triggers` on plain node:http, ahead of express.
 * This is the one hot route (every trigger of every app): express's router,
 * body-parser and response helpers cost a quarter of its CPU (bench/README).
 * It answers exactly as the express route does; a request it does not read
 * the plain way (another content type, a compressed or chunked body, a body
 * over the limit) is left to express, which keeps the same route.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PlatformError, receiveTrigger, type TriggerDeps } from '../platform/index.js';
import { errorAnswer } from './errors.js';

const PATH = '/connector-api/v1/triggers';
/** express.json's limit on the express route. */
const MAX_BODY_BYTES = 1024 * 1024;

/** The route's handler, or undefined when express should take the request. */
export function fastTriggerRoute(deps: TriggerDeps, log: (err: unknown) => void) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'POST' || (req.url !== PATH && !req.url?.startsWith(`${PATH}?`))) return false;
    const length = Number(req.headers['content-length']);
    if (!plainJson(req) || !Number.isInteger(length) || length > MAX_BODY_BYTES) return false;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      handle(deps, req, res, raw).catch((err: unknown) => answerError(res, err, log));
    });
    req.on('error', () => res.destroy());
    return true;
  };
}

/** application/json in UTF-8, uncompressed: what the express route's parser would read (others go to it). */
function plainJson(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  if (!type) return false;
  const [media, ...params] = type.split(';');
  if (media!.trim().toLowerCase() !== 'application/json') return false;
  for (const p of params) {
    const [k, v] = p.split('=');
    if (k!.trim().toLowerCase() === 'charset' && !/^"?utf-?8"?$/i.test(v?.trim() ?? '')) return false;
  }
  const encoding = req.headers['content-encoding'];
  return !encoding || encoding.toLowerCase() === 'identity';
}

async function handle(deps: TriggerDeps, req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
  const body = parseBody(raw);
  const header = (name: string) => {
    const v = req.headers[name];
    return (Array.isArray(v) ? v[0] : v) || undefined;
  };
  const { answer, replayed } = await receiveTrigger(deps, {
    token: bearerToken(header('authorization'), header('x-shopify-access-token')),
    shop: typeof body.shop === 'string' ? body.shop : header('x-shopify-shop-domain'),
    handle: body.handle,
    payload: body.payload,
    idempotencyKey: header('idempotency-key'),
  });
  sendJson(res, 202, answer, replayed ? { 'Idempotent-Replayed': 'true' } : undefined);
}

/** As express.json (strict): an empty body is `{}`, the top level must be an object or an array. */
function parseBody(raw: string): Record<string, unknown> {
  if (raw.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(raw)?.[1];
  if (first !== '{' && first !== '[') throw malformed(`Unexpected token ${first ?? 'end'} in JSON: the body must be an object`);
  try {
    return (JSON.parse(raw) ?? {}) as Record<string, unknown>;
  } catch (err) {
    throw malformed((err as Error).message);
  }
}

const malformed = (detail: string) => new PlatformError(400, 'malformed_json', `The request body is not valid JSON: ${detail}`);

export function bearerToken(authorization: string | undefined, shopifyToken: string | undefined): string | undefined {
  if (authorization?.toLowerCase().startsWith('bearer ')) return authorization.slice(7).trim() || undefined;
  // Flow connectors call Shopify's GraphQL with this header: accepted so they move over with a change of URL.
  return shopifyToken || undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json), ...headers });
  res.end(json);
}

function answerError(res: ServerResponse, err: unknown, log: (err: unknown) => void): void {
  if (res.headersSent) return;
  const a = errorAnswer(err);
  if (a.unexpected) log(err);
  sendJson(res, a.status, a.body, a.headers);
}
