import express from 'express';
import type { IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionError, RetryLaterError, pending } from '../errors.js';
import { listen, type RunningServer } from '../http/index.js';
import { signBody } from '../signature.js';
import { createTestPlatform, type TestPlatform } from '../testing/index.js';
import { actionHandler, type ActionContext, type ActionHandlerOptions } from './index.js';

let platform: TestPlatform;
const servers: RunningServer[] = [];
let reported: unknown[];

beforeEach(async () => {
  platform = await createTestPlatform({ clientSecret: 'action-secret' });
  reported = [];
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await platform.close();
});

async function serve(options: Partial<ActionHandlerOptions> & Pick<ActionHandlerOptions, 'actions'>): Promise<string> {
  const handler = actionHandler({ clientSecret: 'action-secret', onError: (e) => void reported.push(e), ...options });
  const server = await listen(handler);
  servers.push(server);
  return server.url;
}

function signedPost(url: string, raw: string, signature: string | undefined) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== undefined) headers['x-shopify-hmac-sha256'] = signature;
  return fetch(url, { method: 'POST', headers, body: raw });
}

const request = {
  shop_id: 1,
  shopify_domain: 'shop-a.myshopify.com',
  action_run_id: 'run-1',
  action_definition_id: 'def-1',
  handle: 'add-points',
  properties: { points: 5 },
};

describe('actionHandler over plain node http', () => {
  it('runs the action for its handle and answers 200 with return_value', async () => {
    const calls: ActionContext[] = [];
    const url = await serve({
      actions: {
        'add-points': async (context) => {
          calls.push(context);
          return { balance: 105 };
        },
      },
    });
    const response = await platform.sendAction(url, { handle: 'add-points', properties: { points: 5 }, shop: 'shop-a.myshopify.com', actionRunId: 'r1' });
    expect(response).toMatchObject({ status: 200, body: { return_value: { balance: 105 } } });
    expect(calls).toEqual([
      {
        shop: 'shop-a.myshopify.com',
        shopId: platform.shopIdFor('shop-a.myshopify.com'),
        properties: { points: 5 },
        actionRunId: 'r1',
        actionDefinitionId: 'add-points-definition',
        handle: 'add-points',
      },
    ]);
  });

  it('answers {} when the action returns nothing', async () => {
    const url = await serve({ actions: { 'add-points': async () => undefined } });
    expect(await platform.sendAction(url, { handle: 'add-points' })).toMatchObject({ status: 200, body: {} });
  });

  it('accepts the signature in either header name', async () => {
    const url = await serve({ actions: { 'add-points': () => ({ ok: true }) } });
    const raw = JSON.stringify(request);
    const response = await fetch(url, { method: 'POST', headers: { 'x-switchboard-hmac-sha256': signBody(raw, 'action-secret') }, body: raw });
    expect(response.status).toBe(200);
  });

  it('answers 401 for a missing signature, a changed body, a wrong secret or another request’s signature', async () => {
    let runs = 0;
    const url = await serve({ actions: { 'add-points': () => void runs++ } });
    const raw = JSON.stringify(request);
    const changed = raw.replace('"points":5', '"points":6');
    const other = JSON.stringify({ ...request, action_run_id: 'run-2' });
    const answers = await Promise.all([
      signedPost(url, raw, undefined),
      signedPost(url, changed, signBody(raw, 'action-secret')),
      signedPost(url, raw, signBody(raw, 'wrong-secret')),
      signedPost(url, raw, signBody(other, 'action-secret')),
    ]);
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { error: { code: string } }[];
    expect(bodies.map((b) => b.error.code)).toEqual(['missing_signature', 'invalid_signature', 'invalid_signature', 'invalid_signature']);
    expect(runs).toBe(0);
  });

  it('answers 400 for malformed JSON and names missing fields', async () => {
    const url = await serve({ actions: { 'add-points': () => ({}) } });
    const malformed = await signedPost(url, '{"shop_id":', signBody('{"shop_id":', 'action-secret'));
    expect(malformed.status).toBe(400);
    const partial = JSON.stringify({ shop_id: 1, handle: 'add-points', properties: {} });
    const missing = await signedPost(url, partial, signBody(partial, 'action-secret'));
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as { error: { fields: { field: string }[] } };
    expect(body.error.fields.map((f) => f.field)).toEqual(['shopify_domain', 'action_run_id', 'action_definition_id']);
  });

  it('answers 404 naming an unknown handle', async () => {
    const url = await serve({ actions: { 'add-points': () => ({}) } });
    const response = await platform.sendAction(url, { handle: 'remove-points' });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ message: expect.stringContaining('"remove-points"') });
    expect((response.body as { message: string }).message).toContain('"add-points"');
  });

  it('answers a thrown ActionError with its 4xx and message', async () => {
    const url = await serve({
      actions: {
        'add-points': () => {
          throw new ActionError('Customer has no loyalty account');
        },
        'remove-points': () => {
          throw new ActionError('Not enough points', { status: 409, code: 'insufficient_points' });
        },
      },
    });
    expect(await platform.sendAction(url, { handle: 'add-points' })).toMatchObject({
      status: 422,
      body: { message: 'Customer has no loyalty account' },
    });
    expect(await platform.sendAction(url, { handle: 'remove-points' })).toMatchObject({
      status: 409,
      body: { message: 'Not enough points', error: { code: 'insufficient_points' } },
    });
    expect(reported).toEqual([]);
  });

  it('answers 500 for any other error, without leaking it, and reports it', async () => {
    const url = await serve({
      actions: {
        'add-points': () => {
          throw new Error('db password is hunter2');
        },
      },
    });
    const response = await platform.sendAction(url, { handle: 'add-points' });
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('hunter2');
    expect(JSON.stringify(response.body)).not.toContain('at ');
    expect(reported).toHaveLength(1);
  });

  it('answers 202 for pending() and runs again when the same run is re-sent', async () => {
    let runs = 0;
    const url = await serve({ actions: { 'add-points': () => (++runs < 3 ? pending() : { done: runs }) } });
    const first = await platform.sendAction(url, { handle: 'add-points', actionRunId: 'slow-run' });
    expect(first).toMatchObject({ status: 202, body: {} });
    expect((await platform.sendAction(url, { handle: 'add-points', actionRunId: 'slow-run' })).status).toBe(202);
    expect(await platform.sendAction(url, { handle: 'add-points', actionRunId: 'slow-run' })).toMatchObject({ status: 200, body: { return_value: { done: 3 } } });
    expect(await platform.sendAction(url, { handle: 'add-points', actionRunId: 'slow-run' })).toMatchObject({ status: 200, body: { return_value: { done: 3 } } });
    expect(runs).toBe(3);
  });

  it('answers 429 with Retry-After for RetryLaterError, and runs again later', async () => {
    let runs = 0;
    const url = await serve({
      actions: {
        'add-points': () => {
          if (++runs === 1) throw new RetryLaterError('Upstream rate limit', { retryAfter: 30 });
          return { ok: true };
        },
      },
    });
    const first = await platform.sendAction(url, { handle: 'add-points', actionRunId: 'r' });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('30');
    expect((await platform.sendAction(url, { handle: 'add-points', actionRunId: 'r' })).status).toBe(200);
  });

  it('answers 405 to anything but POST', async () => {
    const url = await serve({ actions: {} });
    expect((await fetch(url)).status).toBe(405);
  });
});

describe('actionHandler deduplication by action_run_id', () => {
  it('runs the action once for a repeated run and answers the same', async () => {
    let runs = 0;
    const url = await serve({ actions: { 'add-points': () => ({ run: ++runs }) } });
    const first = await platform.sendAction(url, { handle: 'add-points', actionRunId: 'same' });
    const second = await platform.sendAction(url, { handle: 'add-points', actionRunId: 'same' });
    expect(runs).toBe(1);
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    await platform.sendAction(url, { handle: 'add-points', actionRunId: 'another' });
    expect(runs).toBe(2);
  });

  it('replays a permanent failure but runs again after a 500', async () => {
    let runs = 0;
    const url = await serve({
      actions: {
        'add-points': () => {
          runs++;
          throw new ActionError('No account');
        },
        flaky: () => {
          if (++runs === 2) throw new Error('transient');
          return { ok: true };
        },
      },
    });
    await platform.sendAction(url, { handle: 'add-points', actionRunId: 'f' });
    expect(await platform.sendAction(url, { handle: 'add-points', actionRunId: 'f' })).toMatchObject({ status: 422, body: { message: 'No account' } });
    expect(runs).toBe(1);

    expect((await platform.sendAction(url, { handle: 'flaky', actionRunId: 'g' })).status).toBe(500);
    expect((await platform.sendAction(url, { handle: 'flaky', actionRunId: 'g' })).status).toBe(200);
    expect(runs).toBe(3);
  });

  it('shares one execution between concurrent duplicates', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handler = actionHandler({
      clientSecret: 'action-secret',
      dedupe: false, // only in-flight sharing can make this run once
      actions: {
        'add-points': async () => {
          runs++;
          await gate;
          return { runs };
        },
      },
    });
    let bodiesRead = 0;
    const server = await listen((req: IncomingMessage, res) => {
      // Once both bodies are read, only microtasks stand between the handler and its in-flight check.
      req.on('end', () => {
        if (++bodiesRead === 2) setImmediate(release);
      });
      void handler(req, res);
    });
    servers.push(server);
    const [a, b] = await Promise.all([
      platform.sendAction(server.url, { handle: 'add-points', actionRunId: 'twin' }),
      platform.sendAction(server.url, { handle: 'add-points', actionRunId: 'twin' }),
    ]);
    expect(runs).toBe(1);
    expect(a).toMatchObject({ status: 200, body: { return_value: { runs: 1 } } });
    expect(b.body).toEqual(a.body);
  });

  it('runs every time when dedupe is off', async () => {
    let runs = 0;
    const url = await serve({ dedupe: false, actions: { 'add-points': () => ({ run: ++runs }) } });
    await platform.sendAction(url, { handle: 'add-points', actionRunId: 'same' });
    await platform.sendAction(url, { handle: 'add-points', actionRunId: 'same' });
    expect(runs).toBe(2);
  });
});

describe('actionHandler as express middleware', () => {
  async function serveExpress(setup: (app: express.Express) => void): Promise<string> {
    const app = express();
    setup(app);
    const server = await listen(app);
    servers.push(server);
    return server.url;
  }
  const options = () => ({
    clientSecret: 'action-secret',
    onError: (e: unknown) => void reported.push(e),
    actions: { 'add-points': ({ properties }: ActionContext<{ points: number }>) => ({ doubled: properties.points * 2 }) },
  });

  it('works mounted before express.json()', async () => {
    const url = await serveExpress((app) => {
      app.post('/actions', actionHandler(options()));
      app.use(express.json());
    });
    const response = await platform.sendAction(`${url}/actions`, { handle: 'add-points', properties: { points: 4 } });
    expect(response).toMatchObject({ status: 200, body: { return_value: { doubled: 8 } } });
  });

  it('uses req.rawBody kept by express.json({ verify }) and a Buffer body from express.raw()', async () => {
    const url = await serveExpress((app) => {
      app.use(
        '/json',
        express.json({ verify: (req, _res, buf) => void ((req as IncomingMessage & { rawBody?: Buffer }).rawBody = buf) }),
      );
      app.post('/json', actionHandler(options()));
      app.post('/raw', express.raw({ type: '*/*' }), actionHandler(options()));
    });
    for (const path of ['/json', '/raw']) {
      const response = await platform.sendAction(`${url}${path}`, { handle: 'add-points', properties: { points: 1 } });
      expect(response).toMatchObject({ status: 200, body: { return_value: { doubled: 2 } } });
    }
  });

  it('says clearly when express.json() consumed the raw body', async () => {
    const url = await serveExpress((app) => {
      app.use(express.json());
      app.post('/actions', actionHandler(options()));
    });
    const response = await platform.sendAction(`${url}/actions`, { handle: 'add-points', properties: { points: 1 } });
    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({ error: { code: 'raw_body_unavailable', message: expect.stringContaining('express.json()') } });
    expect(reported).toHaveLength(1);
  });
});
