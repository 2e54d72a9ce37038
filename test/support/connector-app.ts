/**
 * A connector app written with node:http only (not the SDK), so the core is
 * checked against the protocol as written, independently of our SDK. It does
 * the install handshake, records every request, and answers action requests
 * as each test programs it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
  at: number;
}

export type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang';

export interface ConnectorApp {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Tokens received per shop through the OAuth exchange. */
  tokens: Map<string, string>;
  actions: RecordedRequest[];
  notices: RecordedRequest[];
  lifecycle: RecordedRequest[];
  /** Answers for the next action requests, in order; 200 {} when empty. */
  script: Answer[];
  lifecycleStatus: number;
  /** What POST /validate answers: status and `errors`. */
  validation: { status: number; errors: Array<{ id?: string; message: string }> };
  validations: RecordedRequest[];
  setCredentials(clientId: string, clientSecret: string): void;
  /** Resolves once `n` action requests have arrived. */
  waitForActions(n: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

export const sign = (raw: string, secret: string) => createHmac('sha256', secret).update(raw).digest('base64');

export function signQuery(params: URLSearchParams, secret: string): string {
  const message = [...params.entries()]
    .filter(([k]) => k !== 'hmac')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return createHmac('sha256', secret).update(message).digest('hex');
}

export async function startConnectorApp(serverUrl: () => string): Promise<ConnectorApp> {
  const waiters: Array<() => void> = [];
  const app: ConnectorApp = {
    url: '',
    clientId: '',
    clientSecret: '',
    tokens: new Map(),
    actions: [],
    notices: [],
    lifecycle: [],
    script: [],
    lifecycleStatus: 200,
    validation: { status: 200, errors: [] },
    validations: [],
    setCredentials(id, secret) {
      app.clientId = id;
      app.clientSecret = secret;
    },
    waitForActions(n, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${n} action requests, got ${app.actions.length}`)), timeoutMs);
        const check = () => {
          if (app.actions.length >= n) {
            clearTimeout(timer);
            resolve(app.actions);
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const hung: http.ServerResponse[] = [];

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const record = (): RecordedRequest => ({ path: url.pathname, headers: req.headers, raw, body: raw ? JSON.parse(raw) : {}, at: Date.now() });

    if (req.method === 'GET' && url.pathname === '/') {
      // Install request from Switchboard: check its signature, then ask for authorization.
      const hmac = url.searchParams.get('hmac') ?? '';
      if (signQuery(url.searchParams, app.clientSecret) !== hmac) return void res.writeHead(401).end('bad hmac');
      const auth = new URL('/oauth/authorize', serverUrl());
      auth.searchParams.set('client_id', app.clientId);
      auth.searchParams.set('redirect_uri', `${app.url}/callback`);
      auth.searchParams.set('state', 'state-123');
      auth.searchParams.set('shop', url.searchParams.get('shop')!);
      return void res.writeHead(302, { location: auth.toString() }).end();
    }
    if (req.method === 'GET' && url.pathname === '/callback') {
      const hmac = url.searchParams.get('hmac') ?? '';
      if (signQuery(url.searchParams, app.clientSecret) !== hmac) return void res.writeHead(401).end('bad hmac');
      if (url.searchParams.get('state') !== 'state-123') return void res.writeHead(400).end('bad state');
      const r = await fetch(new URL('/oauth/access_token', serverUrl()), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: app.clientId, client_secret: app.clientSecret, code: url.searchParams.get('code') }),
      });
      const body = (await r.json()) as { access_token: string; shop: string };
      if (r.status !== 200) return void res.writeHead(502).end(JSON.stringify(body));
      app.tokens.set(body.shop, body.access_token);
      return void res.writeHead(200).end('installed');
    }
    if (req.method === 'POST' && url.pathname === '/webhooks') {
      app.notices.push(record());
      return void res.writeHead(200).end();
    }
    if (req.method === 'POST' && url.pathname === '/lifecycle') {
      app.lifecycle.push(record());
      return void res.writeHead(app.lifecycleStatus).end();
    }
    if (req.method === 'POST' && url.pathname === '/validate') {
      app.validations.push(record());
      res.writeHead(app.validation.status, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ errors: app.validation.errors }));
    }
    if (req.method === 'POST' && url.pathname.startsWith('/actions/')) {
      app.actions.push(record());
      for (const w of waiters.splice(0)) w();
      const answer = app.script.shift() ?? { status: 200, body: {} };
      if (answer === 'hang') return void hung.push(res);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      return void res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  app.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return app;
}

export function verifySignature(req: RecordedRequest, secret: string): boolean {
  const expected = Buffer.from(sign(req.raw, secret));
  const given = Buffer.from(String(req.headers['x-shopify-hmac-sha256'] ?? ''));
  return expected.length === given.length && timingSafeEqual(expected, given);
}
