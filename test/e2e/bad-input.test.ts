import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign, signQuery, startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import {
  ADD_POINTS_ACTION,
  api,
  basic,
  createAndDeploy,
  createEnabledWorkflow,
  install,
  MANIFESTS,
  REVIEW_TRIGGER,
  reviewWorkflow,
  sendTrigger,
} from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';
import { openInspector, type Inspector } from '../support/database.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;
const DEV = 'dev-shop.myshopify.com';
const OTHER = 'other-shop.myshopify.com';

describe('bad input is refused clearly and stores nothing', () => {
  let sb: Server;
  let app: ConnectorApp;
  let uninstalled: ConnectorApp;
  let db: Inspector;
  const count = (table: string) => db.count(table);

  beforeAll(async () => {
    sb = await startInProcess({ TRIGGER_RATE_PER_SECOND: '0' });
    await sb.store.ensureShop(OTHER);
    app = await startConnectorApp(() => sb.url);
    await createAndDeploy(sb.url, app);
    await install(sb.url, app);
    await install(sb.url, app, OTHER);
    await createEnabledWorkflow(sb.url, reviewWorkflow(app.clientId));
    uninstalled = await startConnectorApp(() => sb.url);
    await createAndDeploy(sb.url, uninstalled, 'Gone');
    await install(sb.url, uninstalled);
    expect((await api(sb.url, 'DELETE', `/admin/api/connectors/${uninstalled.clientId}/install`)).status).toBe(204);
    db = await openInspector(sb.dbEnv);
  });
  afterAll(async () => {
    await db?.close();
    await sb?.close();
    await app?.close();
    await uninstalled?.close();
  });

  describe('POST /connector-api/v1/triggers', () => {
    const good = { handle: 'review-created', payload: { customer_id: 1, rating: 1 } };
    const cases: Array<{ name: string; token: () => string | undefined; body: () => unknown; headers?: Record<string, string>; status: number; code: string; message: RegExp; field?: string }> = [
      { name: 'no token', token: () => undefined, body: () => good, status: 401, code: 'missing_token', message: /Authorization: Bearer/ },
      { name: 'bad token', token: () => 'sbat_not-a-token', body: () => good, status: 401, code: 'invalid_token', message: /not valid/ },
      { name: "another shop's token", token: () => app.tokens.get(OTHER), body: () => ({ ...good, shop: DEV }), status: 403, code: 'app_not_installed', message: /This token is for other-shop/ },
      { name: 'uninstalled app', token: () => uninstalled.tokens.get(DEV), body: () => good, status: 403, code: 'app_not_installed', message: /Gone is not installed in dev-shop.*uninstalled/ },
      { name: 'unknown handle', token: () => app.tokens.get(DEV), body: () => ({ ...good, handle: 'review-deleted' }), status: 404, code: 'unknown_trigger', message: /no trigger with handle "review-deleted"/ },
      { name: 'missing required field', token: () => app.tokens.get(DEV), body: () => ({ handle: 'review-created', payload: { customer_id: 1 } }), status: 400, code: 'invalid_payload', message: /rating is required/, field: 'rating' },
      { name: 'wrong field type', token: () => app.tokens.get(DEV), body: () => ({ handle: 'review-created', payload: { rating: 'five' } }), status: 400, code: 'invalid_payload', message: /rating must be a number, got "five"/, field: 'rating' },
      { name: 'unknown field', token: () => app.tokens.get(DEV), body: () => ({ handle: 'review-created', payload: { rating: 1, ratting: 2 } }), status: 400, code: 'invalid_payload', message: /ratting is not a field of this trigger/, field: 'ratting' },
      { name: '50,001-byte payload', token: () => app.tokens.get(DEV), body: () => ({ handle: 'review-created', payload: { rating: 1, title: 'x'.repeat(50_001 - JSON.stringify({ rating: 1, title: '' }).length) } }), status: 413, code: 'payload_too_large', message: /50001 bytes of JSON; the limit is 50000/ },
      { name: 'malformed JSON', token: () => app.tokens.get(DEV), body: () => '{"handle": "review-created", "payload": {', status: 400, code: 'malformed_json', message: /not valid JSON/ },
      { name: 'missing handle', token: () => app.tokens.get(DEV), body: () => ({ payload: {} }), status: 400, code: 'invalid_request', message: /handle is required/, field: 'handle' },
    ];

    it.each(cases)('$name: $status $code', async (c) => {
      const before = { events: (await count('events')), runs: (await count('runs')) };
      const res = await sendTrigger(sb.url, c.token(), c.body(), c.headers);
      expect(res.status).toBe(c.status);
      expect(res.json.error.code).toBe(c.code);
      expect(res.json.error.message).toMatch(c.message);
      if (c.field) expect(res.json.error.fields.map((f: { field: string }) => f.field)).toContain(c.field);
      expect({ events: (await count('events')), runs: (await count('runs')) }).toEqual(before);
    });

    it('a payload of exactly 50,000 bytes is accepted', async () => {
      const payload = { rating: 5, title: 'x'.repeat(50_000 - JSON.stringify({ rating: 5, title: '' }).length) };
      expect(Buffer.byteLength(JSON.stringify(payload))).toBe(50_000);
      expect((await sendTrigger(sb.url, app.tokens.get(DEV), { handle: 'review-created', payload })).status).toBe(202);
    });

    it('a replayed idempotency key returns the first answer and starts nothing new', async () => {
      const headers = { 'idempotency-key': 'review-991' };
      const first = await sendTrigger(sb.url, app.tokens.get(DEV), good, headers);
      expect(first.status).toBe(202);
      expect(first.json.runs_started).toBe(1);
      const before = { events: (await count('events')), runs: (await count('runs')) };
      const again = await sendTrigger(sb.url, app.tokens.get(DEV), good, headers);
      expect(again.status).toBe(202);
      expect(again.json).toEqual(first.json);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect({ events: (await count('events')), runs: (await count('runs')) }).toEqual(before);
    });

    it('answers 429 with Retry-After over the per app and shop rate', async () => {
      sb.limiter = new (sb.limiter.constructor as new (rate: number, burst: number) => typeof sb.limiter)(1, 2);
      // The in-process limiter is read per request through the router's deps, so restart with a strict one instead.
      const strict = await startInProcess({ ...sb.dbEnv, TRIGGER_RATE_PER_SECOND: '1', TRIGGER_RATE_BURST: '2' });
      try {
        const statuses: number[] = [];
        let retryAfter: string | null = null;
        for (let i = 0; i < 4; i++) {
          const res = await sendTrigger(strict.url, app.tokens.get(DEV), { ...good, payload: { rating: 5 } });
          statuses.push(res.status);
          if (res.status === 429) {
            retryAfter = res.headers.get('retry-after');
            expect(res.json.error.code).toBe('rate_limited');
          }
        }
        expect(statuses.slice(0, 2)).toEqual([202, 202]);
        expect(statuses.slice(2)).toEqual([429, 429]);
        expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      } finally {
        await strict.close();
      }
    });
  });

  it('uninstalling notified the app with a signed app/uninstalled notice', async () => {
    await expect.poll(() => uninstalled.notices.length, { timeout: 10_000 }).toBe(1);
    const notice = uninstalled.notices[0]!;
    expect(notice.headers['x-shopify-topic']).toBe('app/uninstalled');
    expect(notice.headers['x-shopify-shop-domain']).toBe(DEV);
    expect(notice.body).toMatchObject({ shopify_domain: DEV, shop_id: expect.any(Number) });
    expect(notice.headers['x-shopify-hmac-sha256']).toBe(sign(notice.raw, uninstalled.clientSecret));
    const connectors = (await api(sb.url, 'GET', '/admin/api/connectors')).json;
    expect(connectors.not_installed.map((c: { name: string }) => c.name)).toContain('Gone');
    // Installed beside the connectors that ship with Switchboard.
    expect(connectors.installed.filter((c: { bundled?: boolean }) => !c.bundled).map((c: { name: string }) => c.name)).toEqual(['Loyalty']);
  });

  it('a workflow using an app that is not installed cannot be saved', async () => {
    const res = await api(sb.url, 'POST', '/admin/api/workflows', reviewWorkflow(uninstalled.clientId));
    expect(res.status).toBe(422);
    expect(res.json.error.problems).toContainEqual({ path: 'trigger.app', message: 'Gone is not installed in this shop: install it before using its trigger' });
  });

  describe('OAuth endpoints', () => {
    const authorizeUrl = (params: Record<string, string>) => {
      const url = new URL('/oauth/authorize', sb.url);
      for (const [k, v] of Object.entries({ client_id: app.clientId, redirect_uri: `${app.url}/callback`, state: 's1', shop: DEV, ...params })) url.searchParams.set(k, v);
      return url.toString();
    };

    it('refuses a redirect_uri that is not on the allowed list, without redirecting', async () => {
      const res = await fetch(authorizeUrl({ redirect_uri: 'https://evil.example/callback' }), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/redirect_uri &quot;https:\/\/evil.example\/callback&quot; is not one of the app&#39;s allowed redirect URLs/);
    });

    it('refuses an unknown client_id and a missing state', async () => {
      expect((await fetch(authorizeUrl({ client_id: 'sb_nope' }))).status).toBe(400);
      const res = await fetch(authorizeUrl({ state: '' }));
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/state is missing/);
    });

    async function freshCode(): Promise<string> {
      const consent = await (await fetch(authorizeUrl({}))).text();
      const form = new URLSearchParams();
      for (const m of consent.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, m[2]!.replace(/&amp;/g, '&'));
      form.set('decision', 'approve');
      const approved = await fetch(new URL('/oauth/authorize', sb.url), { method: 'POST', body: form, redirect: 'manual' });
      const location = new URL(approved.headers.get('location')!);
      expect(location.searchParams.get('hmac')).toBe(signQuery(location.searchParams, app.clientSecret));
      return location.searchParams.get('code')!;
    }

    const exchange = (body: Record<string, string>) => api(sb.url, 'POST', '/oauth/access_token', { client_id: app.clientId, client_secret: app.clientSecret, ...body });

    it('refuses a forged consent form', async () => {
      const form = new URLSearchParams({ client_id: app.clientId, redirect_uri: `${app.url}/callback`, state: 's1', shop: DEV, consent: `${Date.now() + 60_000}.forged`, decision: 'approve' });
      const res = await fetch(new URL('/oauth/authorize', sb.url), { method: 'POST', body: form, redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/consent form is not valid/);
    });

    it('a code works once; reusing it is refused', async () => {
      const code = await freshCode();
      const first = await exchange({ code });
      expect(first.status).toBe(200);
      expect(first.json).toMatchObject({ shop: DEV, scope: expect.any(String) });
      const again = await exchange({ code });
      expect(again.status).toBe(400);
      expect(again.json.error).toMatchObject({ code: 'invalid_grant', message: expect.stringMatching(/already used/) });
      // The new token replaced the old one: the test app's stored token no longer works.
      expect((await sendTrigger(sb.url, app.tokens.get(DEV), { handle: 'review-created', payload: { rating: 5 } })).status).toBe(401);
      app.tokens.set(DEV, first.json.access_token);
    });

    it('refuses a bad client_secret and keeps the code unused', async () => {
      const code = await freshCode();
      const bad = await exchange({ code, client_secret: 'sbs_wrong' });
      expect(bad.status).toBe(401);
      expect(bad.json.error.code).toBe('invalid_client');
      const good = await exchange({ code });
      expect(good.status).toBe(200);
      app.tokens.set(DEV, good.json.access_token);
    });

    it('refuses an expired code', async () => {
      const short = await startInProcess({ ...sb.dbEnv, OAUTH_CODE_TTL_MS: '0' });
      try {
        const consent = await (await fetch(authorizeUrl({}).replace(sb.url, short.url))).text();
        const form = new URLSearchParams();
        for (const m of consent.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) form.set(m[1]!, m[2]!.replace(/&amp;/g, '&'));
        form.set('decision', 'approve');
        const approved = await fetch(new URL('/oauth/authorize', short.url), { method: 'POST', body: form, redirect: 'manual' });
        const code = new URL(approved.headers.get('location')!).searchParams.get('code')!;
        await expect.poll(async () => (await api(short.url, 'POST', '/oauth/access_token', { client_id: app.clientId, client_secret: app.clientSecret, code })).json.error?.message).toMatch(/expired/);
      } finally {
        await short.close();
      }
    });

    it('refuses an unknown code', async () => {
      const res = await exchange({ code: 'sbc_made-up' });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_grant');
    });
  });

  describe('deploying manifests', () => {
    const deploy = (files: unknown) => api(sb.url, 'PUT', `/partner-api/v1/apps/${app.clientId}/extensions`, { files }, basic(app));

    it('refuses a bad manifest with the file, line and field, and keeps the old version', async () => {
      const before = (await api(sb.url, 'GET', `/partner-api/v1/apps/${app.clientId}`, undefined, basic(app))).json.version;
      const bad = REVIEW_TRIGGER.replace('type = "number_decimal"', 'type = "number_integer"');
      const res = await deploy([{ path: 'extensions/review-created/shopify.extension.toml', content: bad }]);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_manifest');
      const problem = res.json.error.problems.find((p: { severity: string }) => p.severity === 'error');
      expect(problem).toMatchObject({ file: 'extensions/review-created/shopify.extension.toml', field: expect.stringContaining('settings.fields[1].type'), line: expect.any(Number) });
      expect(res.json.error.message).toMatch(/extensions\/review-created\/shopify\.extension\.toml:\d+/);
      expect((await api(sb.url, 'GET', `/partner-api/v1/apps/${app.clientId}`, undefined, basic(app))).json.version).toBe(before);
    });

    it('refuses a TOML syntax error with its line', async () => {
      const res = await deploy([{ path: 'extensions/x/shopify.extension.toml', content: 'name = "X"\ntype = \n' }]);
      expect(res.status).toBe(400);
      expect(res.json.error.problems[0]).toMatchObject({ code: 'toml_syntax', line: 2 });
    });

    it('refuses removing a field an enabled workflow uses, naming the workflow', async () => {
      const withoutRating = REVIEW_TRIGGER.replace(/\[\[settings\.fields\]\]\s+type = "number_decimal"\s+key = "rating"\s+required = true/, '');
      expect(withoutRating).not.toContain('"rating"');
      const res = await deploy([
        { path: 'extensions/review-created/shopify.extension.toml', content: withoutRating },
        { path: 'extensions/add-points/shopify.extension.toml', content: ADD_POINTS_ACTION },
      ]);
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe('breaking_change');
      expect(res.json.error.message).toMatch(/"Points for unhappy reviewers"/);
      expect(res.json.error.workflows[0].problems[0].message).toMatch(/rating/);
    });

    it('refuses retyping a field an enabled workflow uses', async () => {
      const retyped = ADD_POINTS_ACTION.replace('type = "number_integer"', 'type = "boolean"');
      const res = await deploy([MANIFESTS[0], { path: 'extensions/add-points/shopify.extension.toml', content: retyped }, MANIFESTS[2]]);
      expect(res.status).toBe(409);
      expect(res.json.error.workflows[0].problems.map((p: { message: string }) => p.message)).toContain(
        'action "add-points" field "points" changes from number_integer to boolean',
      );
    });

    it('refuses retyping a trigger field a condition uses', async () => {
      const retyped = REVIEW_TRIGGER.replace('type = "number_decimal"', 'type = "single_line_text_field"');
      const res = await deploy([{ path: 'extensions/review-created/shopify.extension.toml', content: retyped }, MANIFESTS[1], MANIFESTS[2]]);
      expect(res.status).toBe(409);
      expect(JSON.stringify(res.json.error.workflows[0].problems)).toMatch(/rating/);
    });

    it('accepts a compatible change as a new version', async () => {
      const extra = REVIEW_TRIGGER + '\n  [[settings.fields]]\n  type = "single_line_text_field"\n  key = "product name"\n';
      const res = await deploy([{ path: 'extensions/review-created/shopify.extension.toml', content: extra }, MANIFESTS[1], MANIFESTS[2]]);
      expect(res.status).toBe(200);
      expect(res.json.version).toBeGreaterThan(1);
    });

    it('refuses wrong app credentials', async () => {
      const res = await api(sb.url, 'PUT', `/partner-api/v1/apps/${app.clientId}/extensions`, { files: [] }, { authorization: `Basic ${Buffer.from(`${app.clientId}:nope`).toString('base64')}` });
      expect(res.status).toBe(401);
    });
  });
});
