import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import { api, createAndDeploy, createEnabledWorkflow, install, reviewWorkflow, sendTrigger, waitForRun } from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;

describe('connector journey: trigger in, workflow runs, signed action out', () => {
  let sb: Server;
  let app: ConnectorApp;
  let token: string;
  let workflowId: number;
  const shop = 'dev-shop.myshopify.com';

  beforeAll(async () => {
    sb = await startInProcess({ DELIVERY_TIMEOUT_MS: '1000' });
    app = await startConnectorApp(() => sb.url);
    await createAndDeploy(sb.url, app);
    await install(sb.url, app);
    token = app.tokens.get(shop)!;
    const wf = await createEnabledWorkflow(sb.url, reviewWorkflow(app.clientId));
    workflowId = wf.id;
  });
  afterAll(async () => {
    await sb?.close();
    await app?.close();
  });
  beforeEach(() => {
    app.actions.length = 0;
    app.script.length = 0;
  });

  it('installs through OAuth and gets a token for the dev shop', () => {
    expect(token).toMatch(/^sbat_/);
  });

  it('tells the app its trigger gained an enabled workflow, signed', () => {
    expect(app.lifecycle).toHaveLength(1);
    const notice = app.lifecycle[0]!;
    expect(notice.body).toMatchObject({ flow_trigger_definition_id: 'review-created', has_enabled_flow: true, shopify_domain: shop });
    expect(notice.headers['x-shopify-hmac-sha256']).toBe(createHmac('sha256', app.clientSecret).update(notice.raw).digest('base64'));
  });

  it('a rating of 1 sends exactly one signed action request with Flow body fields', async () => {
    const res = await sendTrigger(sb.url, token, { handle: 'review-created', payload: { customer_id: 42, rating: 1, title: 'Broken' } });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ runs_started: 1 });
    expect(res.json.event_id).toMatch(/^[0-9a-f-]{36}$/);

    const [request] = await app.waitForActions(1);
    const body = request!.body as Record<string, any>;
    expect(body.shopify_domain).toBe(shop);
    expect(typeof body.shop_id).toBe('number');
    expect(body.handle).toBe('add-points');
    expect(body.action_definition_id).toBe('add-points');
    expect(body.action_run_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.properties).toEqual({ customer_id: 42, points: 10 });
    // Independently of our code: HMAC-SHA256 of the raw body, base64, with the client secret.
    const expected = createHmac('sha256', app.clientSecret).update(request!.raw, 'utf8').digest('base64');
    expect(request!.headers['x-shopify-hmac-sha256']).toBe(expected);
    expect(request!.headers['x-switchboard-hmac-sha256']).toBe(expected);

    const runs = await waitForRun(sb.url, (r) => r.some((x) => x.event_id === res.json.event_id && x.status === 'succeeded'));
    const run = runs.find((x) => x.event_id === res.json.event_id);
    const detail = await api(sb.url, 'GET', `/admin/api/runs/${run.id}`);
    expect(detail.json.steps.map((s: any) => [s.step_id, s.status])).toEqual([
      ['low-rating', 'succeeded'],
      ['add-points', 'succeeded'],
    ]);
    expect(detail.json.steps[0].output.result).toBe(true);
    expect(detail.json.deliveries[0].attempts).toHaveLength(1);
    expect(detail.json.deliveries[0].attempts[0].status_code).toBe(200);
    expect(app.actions).toHaveLength(1);
  });

  it('a rating of 5 sends nothing and the run succeeds without actions', async () => {
    const res = await sendTrigger(sb.url, token, { handle: 'review-created', payload: { customer_id: 42, rating: 5 } });
    expect(res.status).toBe(202);
    const runs = await waitForRun(sb.url, (r) => r.some((x) => x.event_id === res.json.event_id && x.status !== 'running'));
    expect(runs.find((x) => x.event_id === res.json.event_id).status).toBe('succeeded_no_actions');
    expect(app.actions).toHaveLength(0);
  });

  async function runFor(eventId: string, statuses: string[]) {
    const runs = await waitForRun(sb.url, (r) => r.some((x) => x.event_id === eventId && statuses.includes(x.status)));
    const run = runs.find((x) => x.event_id === eventId);
    return (await api(sb.url, 'GET', `/admin/api/runs/${run.id}`)).json;
  }

  const lowReview = () => sendTrigger(sb.url, token, { handle: 'review-created', payload: { customer_id: 7, rating: 2 } });

  it('retries a 503 twice, then succeeds, with one action_run_id over three attempts', async () => {
    app.script.push({ status: 503 }, { status: 503 }, { status: 200, body: { return_value: { balance: 20 } } });
    const res = await lowReview();
    const run = await runFor(res.json.event_id, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(app.actions).toHaveLength(3);
    expect(new Set(app.actions.map((a) => a.body.action_run_id)).size).toBe(1);
    expect(new Set(app.actions.map((a) => a.raw)).size).toBe(1);
    expect(run.deliveries[0].attempts.map((a: any) => [a.status_code, a.outcome])).toEqual([
      [503, 'retry'],
      [503, 'retry'],
      [200, 'succeeded'],
    ]);
    expect(run.deliveries[0].return_value).toEqual({ balance: 20 });
  });

  it('fails a 400 for good with the app message and does not retry', async () => {
    app.script.push({ status: 400, body: { message: 'Customer 7 has no loyalty account' } });
    const res = await lowReview();
    const run = await runFor(res.json.event_id, ['failed']);
    expect(run.error).toContain('Customer 7 has no loyalty account');
    expect(run.deliveries[0].status).toBe('failed');
    expect(run.deliveries[0].attempts).toHaveLength(1);
    expect(app.actions).toHaveLength(1);
  });

  it('waits at least Retry-After seconds after a 429', async () => {
    app.script.push({ status: 429, headers: { 'retry-after': '1' } }, { status: 200, body: {} });
    const res = await lowReview();
    const run = await runFor(res.json.event_id, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(app.actions).toHaveLength(2);
    expect(app.actions[1]!.at - app.actions[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(app.actions[1]!.body.action_run_id).toBe(app.actions[0]!.body.action_run_id);
  });

  it('sends a 202 again until it answers 200', async () => {
    app.script.push({ status: 202 }, { status: 200, body: {} });
    const res = await lowReview();
    const run = await runFor(res.json.event_id, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(run.deliveries[0].attempts.map((a: any) => a.outcome)).toEqual(['pending', 'succeeded']);
  });

  it('times out an endpoint that never answers and retries it', async () => {
    app.script.push('hang', { status: 200, body: {} });
    const res = await lowReview();
    const run = await runFor(res.json.event_id, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(run.deliveries[0].attempts[0].error).toMatch(/no answer within 1 seconds/);
    expect(run.deliveries[0].attempts[0].outcome).toBe('retry');
    expect(app.actions).toHaveLength(2);
  });

  it('treats another 2xx as a failure, as Flow does', async () => {
    app.script.push({ status: 204 });
    const res = await lowReview();
    const run = await runFor(res.json.event_id, ['failed']);
    expect(run.error).toMatch(/only 200 counts as success/);
  });

  it('retries a failed delivery by hand with the same action_run_id', async () => {
    app.script.push({ status: 422, body: { message: 'not yet' } });
    const res = await lowReview();
    const failed = await runFor(res.json.event_id, ['failed']);
    const delivery = failed.deliveries[0];
    const retried = await api(sb.url, 'POST', `/admin/api/deliveries/${delivery.id}/retry`);
    expect(retried.status).toBe(202);
    const run = await runFor(res.json.event_id, ['succeeded']);
    expect(run.status).toBe('succeeded');
    expect(app.actions.map((a) => a.body.action_run_id)).toEqual([delivery.action_run_id, delivery.action_run_id]);
    const again = await api(sb.url, 'POST', `/admin/api/deliveries/${delivery.id}/retry`);
    expect(again.status).toBe(409);
  });

  it('accepts the GraphQL form flowTriggerReceive(handle, payload)', async () => {
    const res = await api(
      sb.url,
      'POST',
      '/connector-api/v1/graphql',
      {
        query: 'mutation Send($handle: String!, $payload: JSON!) { flowTriggerReceive(handle: $handle, payload: $payload) { userErrors { field message } } }',
        variables: { handle: 'review-created', payload: { customer_id: 9, rating: 1 } },
      },
      { 'x-shopify-access-token': token },
    );
    expect(res.status).toBe(200);
    expect(res.json.data.flowTriggerReceive.userErrors).toEqual([]);
    const [request] = await app.waitForActions(1);
    expect(request!.body.properties).toEqual({ customer_id: 9, points: 10 });

    const bad = await api(sb.url, 'POST', '/connector-api/v1/graphql', {
      query: 'mutation { flowTriggerReceive(handle: "review-created", payload: {rating: "high"}) { userErrors { field message } } }',
    }, { authorization: `Bearer ${token}` });
    expect(bad.json.data.flowTriggerReceive.userErrors[0]).toMatchObject({ field: ['payload', 'rating'] });
  });

  it('turning the workflow off tells the app its trigger lost its last workflow', async () => {
    const off = await api(sb.url, 'POST', `/admin/api/workflows/${workflowId}/disable`);
    expect(off.json.enabled).toBe(false);
    await expect.poll(() => app.lifecycle.length, { timeout: 10_000 }).toBe(2);
    expect(app.lifecycle[1]!.body).toMatchObject({ has_enabled_flow: false, flow_trigger_definition_id: 'review-created' });
    const res = await lowReview();
    expect(res.json.runs_started).toBe(0);
    app.lifecycleStatus = 500;
    const on = await api(sb.url, 'POST', `/admin/api/workflows/${workflowId}/enable`);
    expect(on.status).toBe(424);
    expect(on.json.error.message).toMatch(/did not accept the trigger lifecycle callback/);
    app.lifecycleStatus = 200;
    expect((await api(sb.url, 'POST', `/admin/api/workflows/${workflowId}/enable`)).json.enabled).toBe(true);
  });
});
