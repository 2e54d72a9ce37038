/**
 * The trigger route runs on plain node:http ahead of express (server/src/http/trigger-route.ts);
 * what it does not read itself (chunked, compressed, other content types) express answers.
 * Both must answer alike: the same request through each gives the same status and body.
 */
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import { createAndDeploy, createEnabledWorkflow, install, reviewWorkflow } from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';
import { openInspector, type Inspector } from '../support/database.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;
interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: any;
}

/** POSTs `body` with a Content-Length (the plain route) or chunked (express). */
function post(base: string, body: string | Buffer, headers: Record<string, string>, chunked: boolean): Promise<Answer> {
  const url = new URL('/connector-api/v1/triggers', base);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(Buffer.byteLength(body)) }) } });
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode!, headers: res.headers, json: text ? JSON.parse(text) : undefined });
      });
    });
    req.end(body);
  });
}

describe('the plain trigger route answers as the express route does', () => {
  let sb: Server;
  let app: ConnectorApp;
  let db: Inspector;
  let token: string;

  beforeAll(async () => {
    sb = await startInProcess({ TRIGGER_RATE_PER_SECOND: '0' });
    app = await startConnectorApp(() => sb.url);
    await createAndDeploy(sb.url, app);
    await install(sb.url, app);
    token = app.tokens.get('dev-shop.myshopify.com')!;
    await createEnabledWorkflow(sb.url, reviewWorkflow(app.clientId));
    db = await openInspector(sb.dbEnv);
  });
  afterAll(async () => {
    await db?.close();
    await sb?.close();
    await app?.close();
  });

  const json = { 'content-type': 'application/json' };
  const cases: Array<{ name: string; body: string; headers?: () => Record<string, string>; status: number; code?: string }> = [
    { name: 'a good trigger', body: JSON.stringify({ handle: 'review-created', payload: { rating: 4 } }), status: 202 },
    { name: 'no token', body: JSON.stringify({ handle: 'review-created', payload: { rating: 4 } }), headers: () => ({}), status: 401, code: 'missing_token' },
    { name: 'malformed JSON', body: '{"handle": "review-created", "payload": {', status: 400, code: 'malformed_json' },
    { name: 'a number, not an object', body: '42', status: 400, code: 'malformed_json' },
    { name: 'an empty body', body: '', status: 400, code: 'invalid_request' },
    { name: 'an unknown handle', body: JSON.stringify({ handle: 'nope', payload: {} }), status: 404, code: 'unknown_trigger' },
    { name: 'a bad payload', body: JSON.stringify({ handle: 'review-created', payload: { rating: 'five' } }), status: 400, code: 'invalid_payload' },
    { name: "the shop's token sent as X-Shopify-Access-Token", body: JSON.stringify({ handle: 'review-created', payload: { rating: 2 } }), headers: () => ({ 'x-shopify-access-token': token }), status: 202 },
  ];

  it.each(cases)('$name: $status through both', async (c) => {
    const headers = { ...json, ...(c.headers ? c.headers() : { authorization: `Bearer ${token}` }) };
    const events = await db.count('events');
    const plain = await post(sb.url, c.body, headers, false);
    const viaExpress = await post(sb.url, c.body, headers, true);
    expect(plain.status).toBe(c.status);
    expect(viaExpress.status).toBe(c.status);
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    if (c.status === 202) {
      expect(plain.json).toEqual({ event_id: expect.any(String), runs_started: 1 });
      expect(viaExpress.json).toEqual({ event_id: expect.any(String), runs_started: 1 });
      expect(await db.count('events')).toBe(events + 2);
    } else {
      expect(plain.json.error.code).toBe(c.code);
      // The parser's own words may differ; the rest of the answer does not.
      if (c.code === 'malformed_json') expect(viaExpress.json.error.code).toBe(c.code);
      else expect(plain.json).toEqual(viaExpress.json);
      expect(await db.count('events')).toBe(events);
    }
  });

  it('an Idempotency-Key replays the first answer on both', async () => {
    const headers = { ...json, authorization: `Bearer ${token}`, 'idempotency-key': 'route-parity-1' };
    const body = JSON.stringify({ handle: 'review-created', payload: { rating: 3 } });
    const first = await post(sb.url, body, headers, false);
    const again = await post(sb.url, body, headers, false);
    const viaExpress = await post(sb.url, body, headers, true);
    expect(first.status).toBe(202);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    for (const r of [again, viaExpress]) {
      expect(r.status).toBe(202);
      expect(r.headers['idempotent-replayed']).toBe('true');
      expect(r.json).toEqual(first.json);
    }
  });

  it('leaves to express what it does not read: a gzip body, other charsets, another content type', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const body = JSON.stringify({ handle: 'review-created', payload: { rating: 5 } });
    const gzipped = await post(sb.url, gzipSync(body), { ...json, ...auth, 'content-encoding': 'gzip' }, false);
    expect(gzipped.status).toBe(202);
    const utf16 = await post(sb.url, Buffer.from(body, 'utf16le'), { 'content-type': 'application/json; charset=utf-16le', ...auth }, false);
    expect(utf16.status).toBe(202);
    const latin1 = await post(sb.url, body, { 'content-type': 'application/json; charset=latin1', ...auth }, false);
    expect(latin1.status).toBe(415);
    expect(latin1.json.error.code).toBe('unsupported_encoding');
    // Not JSON to express either: no body is read, so the handle is missing.
    const text = await post(sb.url, body, { 'content-type': 'text/plain', ...auth }, false);
    expect(text.status).toBe(400);
    expect(text.json.error.code).toBe('invalid_request');
  });

  it('refuses a body over 1 MB with 413 before reading it', async () => {
    const big = JSON.stringify({ handle: 'review-created', payload: { rating: 1, title: 'x'.repeat(1024 * 1024) } });
    const r = await post(sb.url, big, { ...json, authorization: `Bearer ${token}` }, false);
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('payload_too_large');
  });
});
