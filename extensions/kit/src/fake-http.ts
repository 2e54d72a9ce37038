/**
 * The HTTP side of a local fake service: a node:http server on loopback that
 * records every request, parses its body as the service would, and answers
 * scripted failures before the service's own logic runs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** JSON or form bodies parsed (a form as an object of strings), other bodies as text, no body as undefined. */
  body: unknown;
}

/** A scripted answer: an HTTP error, an answer that never comes, or a dropped connection. */
export type Failure =
  | { status: number; retryAfter?: number; body?: unknown }
  | { hang: true }
  | { drop: true };

export interface FakeAnswer {
  status: number;
  /** An object is sent as JSON, a string as text/plain. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  /** Makes the next request whose path starts with `pathPrefix` (any path if omitted) answer `failure`. */
  failNext(failure: Failure, pathPrefix?: string, defaultBody?: (status: number) => unknown): void;
  close(): Promise<void>;
}

interface Scripted {
  failure: Failure;
  pathPrefix: string | undefined;
  defaultBody: ((status: number) => unknown) | undefined;
}

export async function startFakeServer(route: (request: RecordedRequest) => FakeAnswer): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const scripted: Scripted[] = [];

  const server = createServer((req, res) => {
    void readRequest(req).then(
      (request) => {
        requests.push(request);
        const index = scripted.findIndex((s) => s.pathPrefix === undefined || request.path.startsWith(s.pathPrefix));
        if (index >= 0) {
          const [next] = scripted.splice(index, 1);
          if (next) return answerFailure(req, res, next);
        }
        let answer: FakeAnswer;
        try {
          answer = route(request);
        } catch (error) {
          answer = { status: 500, body: `fake failed: ${error instanceof Error ? error.message : String(error)}` };
        }
        send(res, answer);
      },
      () => send(res, { status: 400, body: 'could not read the request' }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(failure, pathPrefix, defaultBody) {
      scripted.push({ failure, pathPrefix, defaultBody });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Also ends requests left hanging on purpose.
        server.closeAllConnections();
      }),
  };
}

function answerFailure(req: IncomingMessage, res: ServerResponse, { failure, defaultBody }: Scripted): void {
  if ('hang' in failure) return; // never answered; close() ends it
  if ('drop' in failure) {
    req.socket.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
  const body = failure.body !== undefined ? failure.body : defaultBody?.(failure.status);
  send(res, { status: failure.status, body, headers });
}

function send(res: ServerResponse, answer: FakeAnswer): void {
  const json = answer.body !== undefined && typeof answer.body !== 'string';
  const text = answer.body === undefined ? '' : json ? JSON.stringify(answer.body) : String(answer.body);
  res.writeHead(answer.status, {
    'content-type': json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
    ...answer.headers,
  });
  res.end(text);
}

async function readRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://fake.invalid');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body: parseBody(raw, headers['content-type'] ?? ''),
  };
}

function parseBody(raw: string, contentType: string): unknown {
  if (raw === '') return undefined;
  if (contentType.includes('application/json')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  return raw;
}
