/**
 * The connectors that ship with Switchboard, end to end: registered at start,
 * installed in every shop, credentials from Settings, Liquid rendered by the
 * engine, signed delivery over HTTP to the SDK handler, and the service's
 * answers (here its local fake) turned into the run's outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlack } from '@switchboard/connector-slack/fake';
import type { KlaviyoFake } from '@switchboard/connector-klaviyo/fake';
import { api, createEnabledWorkflow, waitForRun } from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';

type Run = { id: string; status: string; workflow_id: number };

describe('bundled connectors', () => {
  let sb: Awaited<ReturnType<typeof startInProcess>>;
  let slack: FakeSlack;
  let klaviyo: KlaviyoFake;

  beforeAll(async () => {
    sb = await startInProcess();
    slack = sb.connectorFakes!.get('slack') as unknown as FakeSlack;
    klaviyo = sb.connectorFakes!.get('klaviyo') as unknown as KlaviyoFake;
  });
  afterAll(async () => {
    await sb?.close();
  });

  /** A workflow on Shopify's "Order created" sending one Slack message; returns the finished run. */
  async function orderToSlack(channel: string, status: string) {
    const wf = await createEnabledWorkflow(sb.url, {
      name: `Slack ${channel}`,
      trigger: { app: 'shopify', handle: 'order-created' },
      steps: [{ id: 'tell', type: 'action', action: { app: 'slack', handle: 'send-message' }, fields: { channel, text: 'New order {{ order.name }} from {{ order.email }}' } }],
    });
    const fired = await api(sb.url, 'POST', '/admin/api/test-events', { trigger: { app: 'shopify', handle: 'order-created' } });
    expect(fired.status).toBe(202);
    const runs = await waitForRun(sb.url, (r: Run[]) => r.some((x) => x.workflow_id === wf.id && x.status === status), 20_000);
    const run = runs.find((x: Run) => x.workflow_id === wf.id)!;
    await api(sb.url, 'POST', `/admin/api/workflows/${wf.id}/disable`);
    return (await api(sb.url, 'GET', `/admin/api/runs/${run.id}`)).json;
  }

  it('lists every bundled connector as installed, with its actions, and asks Settings for each one’s credentials', async () => {
    const { groups } = (await api(sb.url, 'GET', '/admin/api/catalog')).json;
    const byApp = Object.fromEntries(groups.map((g: { app: string }) => [g.app, g]));
    for (const [app, handle] of [['slack', 'send-message'], ['google-sheets', 'add-row'], ['trello', 'create-card'], ['asana', 'create-task'], ['klaviyo', 'track-event']]) {
      expect(byApp[app!], app).toMatchObject({ installed: true });
      expect(byApp[app!].actions.map((a: { handle: string }) => a.handle)).toEqual([handle]);
    }
    const settings = (await api(sb.url, 'GET', '/admin/api/credentials')).json.connectors;
    expect(settings.map((c: { connector: string }) => c.connector)).toEqual(['slack', 'google-sheets', 'trello', 'asana', 'klaviyo']);
  });

  it('starts the local dev shop connected to the fakes', async () => {
    const settings = (await api(sb.url, 'GET', '/admin/api/credentials')).json.connectors;
    const configured = Object.fromEntries(settings.map((c: { connector: string; configured: boolean }) => [c.connector, c.configured]));
    expect(configured).toEqual({ slack: true, 'google-sheets': true, trello: true, asana: true, klaviyo: false });
  });

  it('fails for good, naming Settings, while the shop has no Slack token', async () => {
    expect((await api(sb.url, 'DELETE', '/admin/api/credentials/slack')).status).toBe(204);
    const run = await orderToSlack('#orders', 'failed');
    expect(run.deliveries[0].attempts.at(-1).response_excerpt).toMatch(/Settings/);
    expect(slack.messages).toHaveLength(0);
  });

  it('posts the rendered message with the shop’s bot token', async () => {
    expect((await api(sb.url, 'PUT', '/admin/api/credentials/slack', { values: slack.credentials })).status).toBe(200);
    const run = await orderToSlack('#orders', 'succeeded');
    const posted = slack.messages.at(-1)!;
    expect(posted).toMatchObject({ channel: 'C00000ORDERS', text: expect.stringMatching(/^New order #\d+ from \S+@\S+$/), token: slack.credentials.bot_token });
    const request = slack.requests.at(-1)!;
    expect(request.path).toBe('/chat.postMessage');
    expect(request.headers.authorization).toBe(`Bearer ${slack.credentials.bot_token}`);
    expect(run.deliveries[0].return_value ?? run.steps.at(-1).output).toBeTruthy();
  });

  it("fails for good with Slack's own error when Slack answers ok: false", async () => {
    const run = await orderToSlack('#no-such-channel', 'failed');
    expect(run.deliveries[0].attempts).toHaveLength(1);
    expect(run.deliveries[0].attempts[0].response_excerpt).toMatch(/channel_not_found/);
  });

  it('retries when Slack answers 503, and delivers once it recovers', async () => {
    const before = slack.messages.length;
    slack.failNext({ status: 503 });
    const run = await orderToSlack('#general', 'succeeded');
    expect(run.deliveries[0].attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['retry', 'succeeded']);
    expect(slack.messages.length).toBe(before + 1);
  });

  it('turns a Shopify order into Klaviyo events for a shop with a Klaviyo key, one Ordered Product per line item', async () => {
    expect((await api(sb.url, 'PUT', '/admin/api/credentials/klaviyo', { values: { private_api_key: 'pk_local_test_key' } })).status).toBe(200);
    const order = {
      id: 820982911946154500,
      name: '#9999',
      email: 'ann@example.com',
      total_price: '30.00',
      currency: 'USD',
      created_at: '2026-11-24T10:00:00Z',
      financial_status: 'paid',
      fulfillment_status: null,
      customer: { id: 115310627314723950, email: 'ann@example.com', first_name: 'Ann' },
      line_items: [1, 2, 3].map((n) => ({ id: 1000 + n, product_id: 2000 + n, variant_id: 3000 + n, title: `Item ${n}`, quantity: 1, price: '10.00', sku: `SKU-${n}` })),
    };
    const sent = await sb.fakeShopify!.sendWebhook({ url: `${sb.url}/webhooks/shopify`, topic: 'orders/create', shop: sb.devShop!.domain, payload: order });
    expect(sent.status).toBe(200);
    await expect.poll(() => klaviyo.events.length, { timeout: 10_000 }).toBe(4);
    expect(klaviyo.events.map((e) => e.metric).sort()).toEqual(['Ordered Product', 'Ordered Product', 'Ordered Product', 'Placed Order']);
    expect(klaviyo.events.every((e) => e.profile.email === 'ann@example.com' && e.apiKey === 'pk_local_test_key')).toBe(true);
    expect(klaviyo.requests.at(-1)!.headers.authorization).toBe('Klaviyo-API-Key pk_local_test_key');
  });
});
