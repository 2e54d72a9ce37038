import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailAction } from './email.js';
import { httpRequestAction, isPublicAddress } from './http-request.js';

const ctx = { shop: { id: 1, domain: 'dev-shop.myshopify.com' }, actionRunId: 'run-1' };

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['10.0.0.1', false],
    ['172.16.5.4', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['::1', false],
    ['fe80::1', false],
    ['fc00::1', false],
    ['::ffff:127.0.0.1', false],
    ['0.0.0.0', false],
    ['not-an-ip', false],
  ])('%s -> %s', (address, expected) => expect(isPublicAddress(address)).toBe(expected));
});

describe('Send HTTP request', () => {
  let server: http.Server;
  let url: string;
  const received: Array<{ method: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  let status = 200;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ method: req.method!, headers: req.headers, body });
        res.writeHead(status).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends method, headers and body when private targets are allowed by configuration', async () => {
    const action = httpRequestAction({ allowPrivate: true, timeoutMs: 5000 });
    const result = await action.execute!({ method: 'post', url, headers: 'X-Token: abc\nContent-Type: text/plain', body: 'hello' }, ctx);
    expect(result.outcome).toEqual({ kind: 'succeeded', returnValue: { status: 200, body: 'ok' } });
    expect(received.at(-1)).toMatchObject({ method: 'POST', body: 'hello', headers: expect.objectContaining({ 'x-token': 'abc', 'content-type': 'text/plain' }) });
  });

  it('maps answers: 5xx and 429 retried, other 4xx failed', async () => {
    const action = httpRequestAction({ allowPrivate: true, timeoutMs: 5000 });
    status = 503;
    expect((await action.execute!({ method: 'GET', url }, ctx)).outcome.kind).toBe('retry');
    status = 404;
    expect((await action.execute!({ method: 'GET', url }, ctx)).outcome).toEqual({ kind: 'failed', reason: 'answered 404' });
    status = 200;
  });

  it('refuses bad input with a message naming it', async () => {
    const action = httpRequestAction({ allowPrivate: false, timeoutMs: 5000 });
    expect((await action.execute!({ method: 'TRACE', url: 'https://example.com' }, ctx)).outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/method must be/) });
    expect((await action.execute!({ method: 'GET', url: 'example.com/x' }, ctx)).outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/not an absolute URL/) });
    expect((await action.execute!({ method: 'GET', url: 'file:///etc/passwd' }, ctx)).outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/only http and https/) });
    expect((await action.execute!({ method: 'GET', url: 'https://example.com', headers: 'no colon here' }, ctx)).outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/not "Name: value"/) });
    expect((await action.execute!({ method: 'GET', url: 'http://[::1]:9/' }, ctx)).outcome).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/private, loopback or link-local/) });
  });
});

describe('Send internal email', () => {
  it('in local mode (no SMTP) logs the email instead of sending it', async () => {
    const logged: object[] = [];
    const action = emailAction({ from: 'Switchboard <no-reply@example.com>', log: (entry) => logged.push(entry) });
    const result = await action.execute!({ to: 'team@example.com', subject: 'Sold out', body: 'Item 1' }, ctx);
    expect(result.outcome).toMatchObject({ kind: 'succeeded', returnValue: { message_id: expect.any(String) } });
    expect(logged).toEqual([{ shop: 'dev-shop.myshopify.com', to: 'team@example.com', subject: 'Sold out', body: 'Item 1' }]);
  });

  it('a mail server that cannot be reached is retried', async () => {
    const action = emailAction({ smtpUrl: 'smtp://127.0.0.1:1', from: 'x@example.com', log: () => {} });
    const result = await action.execute!({ to: 'team@example.com', subject: 's', body: 'b' }, ctx);
    expect(result.outcome).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/could not send the email/) });
  });
});
