import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import { api, createAndDeploy, createEnabledWorkflow, install, reviewWorkflow, sendTrigger } from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';

describe('uninstalling a connector app from a shop', () => {
  let sb: Awaited<ReturnType<typeof startInProcess>>;
  let app: ConnectorApp;
  beforeAll(async () => {
    sb = await startInProcess();
    app = await startConnectorApp(() => sb.url);
    await createAndDeploy(sb.url, app);
    await install(sb.url, app);
  });
  afterAll(async () => {
    await sb?.close();
    await app?.close();
  });

  it('turns its workflows off with the reason, keeps them, and they can be turned on after reinstalling', async () => {
    const wf = await createEnabledWorkflow(sb.url, reviewWorkflow(app.clientId));
    const oldToken = app.tokens.get('dev-shop.myshopify.com')!;
    expect((await api(sb.url, 'DELETE', `/admin/api/connectors/${app.clientId}/install`)).status).toBe(204);

    const after = (await api(sb.url, 'GET', `/admin/api/workflows/${wf.id}`)).json;
    expect(after).toMatchObject({ enabled: false, disabled_reason: 'Loyalty was uninstalled', version: 1 });
    expect((await sendTrigger(sb.url, oldToken, { handle: 'review-created', payload: { rating: 1 } })).status).toBe(403);
    const refused = await api(sb.url, 'POST', `/admin/api/workflows/${wf.id}/enable`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/Loyalty is not installed in this shop/);
    expect((await api(sb.url, 'DELETE', `/admin/api/connectors/${app.clientId}/install`)).status).toBe(404);

    await install(sb.url, app);
    const on = await api(sb.url, 'POST', `/admin/api/workflows/${wf.id}/enable`);
    expect(on.json).toMatchObject({ enabled: true, disabled_reason: null });
    const res = await sendTrigger(sb.url, app.tokens.get('dev-shop.myshopify.com'), { handle: 'review-created', payload: { rating: 1 } });
    expect(res.json.runs_started).toBe(1);
    expect((await sendTrigger(sb.url, oldToken, { handle: 'review-created', payload: { rating: 1 } })).status).toBe(401);
  });
});
