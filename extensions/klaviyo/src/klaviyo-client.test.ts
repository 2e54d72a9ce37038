import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createKlaviyoClient, KlaviyoApiError } from './klaviyo-client.js';

const EVENT = { metric: 'Reached VIP tier', profile: { email: 'ana.lima@example.com' }, properties: {} };
const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

/** A loopback server answering as something in front of Klaviyo might (a proxy, a stalled connection). */
async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => (server.closeAllConnections(), server.close()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function failure(baseUrl: string, timeoutMs?: number): Promise<KlaviyoApiError> {
  const client = createKlaviyoClient({ privateKey: 'pk_test', baseUrl, ...(timeoutMs ? { timeoutMs } : {}) });
  try {
    await client.createEvent(EVENT);
  } catch (error) {
    if (error instanceof KlaviyoApiError) return error;
    throw error;
  }
  throw new Error('expected a KlaviyoApiError');
}

describe('createKlaviyoClient failures', () => {
  it('gives up on a connection that never answers, as no answer (retryable)', async () => {
    const url = await serve(() => {}); // reads nothing, answers nothing
    const error = await failure(url, 200);
    expect(error).toMatchObject({ status: undefined, retryable: true, message: 'Klaviyo did not answer: no answer within 200 ms' });
  });

  it('reports a refused connection as no answer', async () => {
    const url = await serve(() => {});
    closers.splice(0).forEach((close) => close()); // nothing listens there any more
    const error = await failure(url);
    expect(error).toMatchObject({ status: undefined, retryable: true, message: expect.stringContaining('ECONNREFUSED') });
  });

  it('keeps the text of a non-JSON error page and reads Retry-After given as a date', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html', 'retry-after': new Date(Date.now() + 90_000).toUTCString() });
      res.end('<html><body>Bad Gateway</body></html>');
    });
    const error = await failure(url);
    expect(error).toMatchObject({ status: 502, retryable: true, message: 'HTTP 502: <html><body>Bad Gateway</body></html>' });
    expect(error.retryAfter).toBeGreaterThanOrEqual(88);
    expect(error.retryAfter).toBeLessThanOrEqual(90);
  });

  it('joins several JSON:API errors, each with the field it points at', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/vnd.api+json' });
      res.end(JSON.stringify({ errors: [
        { status: 400, code: 'invalid', title: 'Invalid input.', detail: 'Bad email.', source: { pointer: '/data/attributes/profile/data/attributes/email' } },
        { status: 400, code: 'invalid', title: 'Invalid input.' },
      ] }));
    });
    const error = await failure(url);
    expect(error).toMatchObject({ status: 400, retryable: false, message: 'Bad email. (at /data/attributes/profile/data/attributes/email); Invalid input.' });
    expect(error.errors).toHaveLength(2);
  });
});
