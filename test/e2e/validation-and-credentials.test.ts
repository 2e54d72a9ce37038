import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign, startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import { ADD_POINTS_ACTION, api, createAndDeploy, install, MANIFESTS, reviewWorkflow } from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';
import { openInspector } from '../support/database.js';

describe("an action's validation_url is asked before a save", () => {
  let sb: Awaited<ReturnType<typeof startInProcess>>;
  let app: ConnectorApp;
  beforeAll(async () => {
    sb = await startInProcess();
    app = await startConnectorApp(() => sb.url);
    const withValidation = ADD_POINTS_ACTION.replace('runtime_url = "/actions/add-points"', 'runtime_url = "/actions/add-points"\nvalidation_url = "/validate"');
    await createAndDeploy(sb.url, app, 'Loyalty', [MANIFESTS[0]!, { path: 'extensions/add-points/shopify.extension.toml', content: withValidation }]);
    await install(sb.url, app);
  });
  afterAll(async () => {
    await sb?.close();
    await app?.close();
  });

  it('sends the settings signed, and saves when the app finds no error', async () => {
    const res = await api(sb.url, 'POST', '/admin/api/workflows', reviewWorkflow(app.clientId, '{{ rating | times: 10 }}'));
    expect(res.status).toBe(201);
    const asked = app.validations.at(-1)!;
    expect(asked.body).toMatchObject({ handle: 'add-points', shopify_domain: 'dev-shop.myshopify.com', properties: { points: '{{ rating | times: 10 }}' } });
    expect(asked.headers['x-shopify-hmac-sha256']).toBe(sign(asked.raw, app.clientSecret));
  });

  it("refuses the save with the app's errors on the right field, and nothing is saved", async () => {
    app.validation = { status: 200, errors: [{ id: 'points', message: 'Points must be at most 1000' }] };
    const before = (await api(sb.url, 'GET', '/admin/api/workflows')).json.workflows.length;
    const res = await api(sb.url, 'POST', '/admin/api/workflows', reviewWorkflow(app.clientId, '5000'));
    expect(res.status).toBe(422);
    expect(res.json.error.problems).toEqual([{ path: 'steps[0].then[0].fields["points"]', message: 'Points must be at most 1000' }]);
    expect((await api(sb.url, 'GET', '/admin/api/workflows')).json.workflows.length).toBe(before);
  });

  it('refuses the save when the app cannot validate', async () => {
    app.validation = { status: 503, errors: [] };
    const res = await api(sb.url, 'POST', '/admin/api/workflows', reviewWorkflow(app.clientId));
    expect(res.status).toBe(422);
    expect(res.json.error.problems[0]).toMatchObject({ path: 'steps[0].then[0].action', message: expect.stringMatching(/Loyalty could not validate these settings \(answered 503\)/) });
    app.validation = { status: 200, errors: [] };
  });
});

describe("built-in connectors' credentials, per shop", () => {
  let sb: Awaited<ReturnType<typeof startInProcess>>;
  beforeAll(async () => {
    // Without the local fakes, the dev shop starts with no credentials.
    sb = await startInProcess({ SWITCHBOARD_FAKE_CONNECTORS: '0' });
  });
  afterAll(async () => {
    await sb?.close();
  });

  it('saves, never shows the secret back, stores it encrypted, and deletes', async () => {
    const list = (await api(sb.url, 'GET', '/admin/api/credentials')).json.connectors;
    expect(list.map((c: { connector: string }) => c.connector)).toEqual(['slack', 'google-sheets', 'trello', 'asana', 'klaviyo']);
    expect(list.every((c: { configured: boolean }) => !c.configured)).toBe(true);

    const missing = await api(sb.url, 'PUT', '/admin/api/credentials/slack', { values: {} });
    expect(missing.status).toBe(400);
    expect(missing.json.error.fields).toEqual([{ field: 'bot_token', message: 'Bot token is required' }]);
    const wrong = await api(sb.url, 'PUT', '/admin/api/credentials/slack', { values: { bot_token: 'xoxp-user-token' } });
    expect(wrong.json.error.fields[0].message).toMatch(/does not look right \(Starts with xoxb-/);

    const saved = await api(sb.url, 'PUT', '/admin/api/credentials/slack', { values: { bot_token: 'xoxb-1234-secret-3f9a' } });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ configured: true, hints: { bot_token: '••••3f9a' } });
    expect(JSON.stringify((await api(sb.url, 'GET', '/admin/api/credentials')).json)).not.toContain('xoxb-1234-secret');
    const db = await openInspector(sb.dbEnv);
    const row = (await db.get<{ sealed: string }>("SELECT sealed FROM connector_credentials WHERE connector = 'slack'"))!;
    await db.close();
    expect(row.sealed).not.toContain('xoxb');

    expect((await api(sb.url, 'PUT', '/admin/api/credentials/dropbox', { values: {} })).status).toBe(404);
    expect((await api(sb.url, 'DELETE', '/admin/api/credentials/slack')).status).toBe(204);
    expect((await api(sb.url, 'DELETE', '/admin/api/credentials/slack')).status).toBe(404);
  });

  it('cannot be changed while Switchboard is not installed in the shop', async () => {
    const shop = await sb.store.ensureShop('gone.myshopify.com');
    await sb.store.setSwitchboardInstalled(shop.id, false, 'Switchboard uninstalled');
    const res = await api(sb.url, 'PUT', '/admin/api/credentials/trello', { values: { api_key: 'k', token: 't' } }, { 'x-switchboard-shop': 'gone.myshopify.com' });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/Switchboard is not installed in gone\.myshopify\.com/);
  });
});
