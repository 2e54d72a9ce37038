/**
 * A local stand-in for Klaviyo's Events API, for tests and Switchboard's
 * local mode. It answers `POST /api/events` as Klaviyo documents it: the
 * `Authorization: Klaviyo-API-Key` and `revision` headers are required, the
 * JSON:API body is checked (400 with `source.pointer`), an accepted event
 * gets 202 with no body, and a repeated unique_id for the same profile and
 * metric is accepted but not recorded again. Failures can be scripted.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkEventBody, type FakeEvent } from './fake-event-body.js';

export type { FakeEvent } from './fake-event-body.js';

/** A request the fake received, whatever it answered. */
export interface FakeRequest {
  method: string;
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON, the raw text when it is not JSON, undefined when empty. */
  body: unknown;
}

/**
 * An answer to script: an error status, or no answer at all (the connection
 * drops). `after` lets that many requests through first (default 0).
 */
export type FakeFailure = (
  | { status: number; retryAfter?: number; code?: string; title?: string; detail?: string; pointer?: string }
  | { noAnswer: true }
) & { after?: number };

export interface FakeOptions {
  /** Private keys the fake accepts; others get 401. Default: any key starting with `pk_`. */
  apiKeys?: readonly string[];
}

export interface KlaviyoFake {
  /** `{ api }`, the same keys as `connector.endpoints`. */
  endpoints: { api: string };
  /** Every request, oldest first. */
  requests: FakeRequest[];
  /** Events recorded, oldest first: duplicates by unique_id are not here. */
  events: FakeEvent[];
  /** Makes the next request (after any already scripted, and `after` more) fail this way. */
  failNext(failure: FakeFailure): void;
  close(): Promise<void>;
}

const JSON_API = 'application/vnd.api+json';
const REVISION = /^\d{4}-\d{2}-\d{2}(\.(pre|beta))?$/;

/** Starts the fake on 127.0.0.1 at a free port. */
export async function startFake(options: FakeOptions = {}): Promise<KlaviyoFake> {
  const requests: FakeRequest[] = [];
  const events: FakeEvent[] = [];
  const failures: Array<{ failure: FakeFailure; after: number }> = [];
  const seen = new Set<string>();
  const accepts = (key: string) => (options.apiKeys ? options.apiKeys.includes(key) : key.startsWith('pk_'));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const body = parseJson(raw);
    requests.push({ method: req.method ?? '', path, headers, body: body.ok ? body.value : raw === '' ? undefined : raw });

    let failure: FakeFailure | undefined;
    const next = failures[0];
    if (next !== undefined && next.after > 0) next.after -= 1;
    else failure = failures.shift()?.failure;
    if (failure !== undefined) {
      if ('noAnswer' in failure) return void req.socket.destroy();
      const { status, retryAfter, code, title, detail, pointer } = failure;
      const defaults = status === 429 ? throttled(retryAfter ?? 1) : { code: `http_${status}`, title: 'Scripted failure.', detail: `Scripted ${status}.` };
      return sendErrors(res, status, { code: code ?? defaults.code, title: title ?? defaults.title, detail: detail ?? defaults.detail, pointer: pointer ?? '/data/' },
        retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) });
    }

    if (path !== '/api/events' && path !== '/api/events/') {
      return sendErrors(res, 404, { code: 'not_found', title: 'Not found.', detail: `The fake Klaviyo answers only POST /api/events, not ${req.method} ${path}.` });
    }
    if (req.method !== 'POST') {
      return sendErrors(res, 405, { code: 'method_not_allowed', title: 'Method not allowed.', detail: `The fake Klaviyo answers only POST /api/events, not ${req.method}.` });
    }
    const auth = /^Klaviyo-API-Key\s+(\S+)$/.exec(headers.authorization ?? '');
    if (!auth) {
      return sendErrors(res, 401, {
        code: 'not_authenticated',
        title: 'Authentication credentials were not provided.',
        detail: 'Missing or invalid authorization scheme. Please use Klaviyo-API-Key.',
      });
    }
    const apiKey = auth[1] as string;
    if (!accepts(apiKey)) {
      return sendErrors(res, 401, { code: 'authentication_failed', title: 'Incorrect authentication credentials.', detail: 'Incorrect authentication credentials.' });
    }
    const revision = headers.revision;
    if (!revision) return sendErrors(res, 400, { code: 'invalid', title: 'Invalid input.', detail: 'The revision header is required.', header: 'revision' });
    if (!REVISION.test(revision)) {
      return sendErrors(res, 400, { code: 'invalid', title: 'Invalid input.', detail: `Invalid revision ${JSON.stringify(revision)}: use a date such as 2024-10-15.`, header: 'revision' });
    }
    const type = (headers['content-type'] ?? '').split(';')[0]?.trim();
    if (type !== JSON_API && type !== 'application/json') {
      return sendErrors(res, 415, { code: 'unsupported_media_type', title: 'Unsupported media type.', detail: `Unsupported media type "${type}" in request: use ${JSON_API}.` });
    }
    if (!body.ok) return sendErrors(res, 400, { code: 'parse_error', title: 'Malformed request.', detail: 'JSON parse error.', pointer: '/data' });

    const checked = checkEventBody(body.value);
    if (!checked.ok) return sendErrors(res, 400, { code: 'invalid', title: 'Invalid input.', detail: checked.detail, pointer: checked.pointer });
    const event: FakeEvent = { apiKey, ...checked.event };
    // As Klaviyo: one event per (profile, metric, unique_id); without a unique_id, per second.
    const key = JSON.stringify([apiKey, profileKey(event.profile), event.metric, event.uniqueId ?? event.time.slice(0, 19)]);
    if (!seen.has(key)) {
      seen.add(key);
      events.push(event);
    }
    res.writeHead(202).end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => sendErrors(res, 500, { code: 'error', title: 'A server error occurred.', detail: 'The fake Klaviyo failed.' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoints: { api: `http://127.0.0.1:${port}` },
    requests,
    events,
    failNext: (failure) => void failures.push({ failure, after: failure.after ?? 0 }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function throttled(seconds: number) {
  return { code: 'throttled', title: 'Request was throttled.', detail: `Request was throttled. Expected available in ${seconds} second${seconds === 1 ? '' : 's'}.` };
}

function sendErrors(
  res: ServerResponse,
  status: number,
  error: { code: string; title: string; detail: string; pointer?: string; header?: string },
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const source = error.header !== undefined ? { header: error.header } : { pointer: error.pointer ?? '/data/' };
  const text = JSON.stringify({ errors: [{ id: randomUUID(), status, code: error.code, title: error.title, detail: error.detail, source }] });
  res.writeHead(status, { 'content-type': JSON_API, 'content-length': String(Buffer.byteLength(text)), ...headers }).end(text);
}

function profileKey(profile: Record<string, unknown>): string {
  const id = profile.id ?? (typeof profile.email === 'string' ? profile.email.toLowerCase() : undefined) ?? profile.phone_number ?? profile.external_id ?? profile.anonymous_id;
  return String(id);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
