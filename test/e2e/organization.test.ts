import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import { api, createAndDeploy, install, sendTrigger, waitForRun } from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';

// The seeds' example: a loyalty connector installed in one of four stores of an organization.
describe('organization: four stores, a connector installed in one', () => {
  let sb: Awaited<ReturnType<typeof startInProcess>>;
  let loyalty: ConnectorApp;
  const shops = ['north.myshopify.com', 'south.myshopify.com', 'east.myshopify.com', 'west.myshopify.com'];
  const as = (shop: string) => ({ 'x-switchboard-shop': shop });

  beforeAll(async () => {
    sb = await startInProcess();
    for (const d of shops) await sb.store.ensureShop(d);
    const org = await api(sb.url, 'POST', '/admin/api/organizations', { name: 'Compass Group', shops: shops.slice(1) }, as(shops[0]!));
    expect(org.status).toBe(201);
    expect(org.json.shops.sort()).toEqual([...shops].sort());
    loyalty = await startConnectorApp(() => sb.url);
    await createAndDeploy(sb.url, loyalty, 'LoyaltyLion');
  });
  afterAll(async () => {
    await sb?.close();
    await loyalty?.close();
  });

  // An organization workflow on a Shopify trigger whose action is the loyalty connector's.
  const orgWorkflow = () => ({
    name: 'Points for every order',
    trigger: { app: 'shopify', handle: 'order-created' },
    steps: [{ id: 'points', type: 'action', action: { app: loyalty.clientId, handle: 'add-points' }, fields: { customer_id: '{{ order.customer.id }}', points: '10' } }],
  });

  it('before any install the connector is "Not installed" and cannot be chosen', async () => {
    const view = (await api(sb.url, 'GET', '/admin/api/organization', undefined, as(shops[0]!))).json;
    expect(view.not_installed.map((c: { name: string }) => c.name)).toEqual(['LoyaltyLion']);
    // Only the connectors that ship with Switchboard, in every store.
    expect(view.installed.every((c: { bundled: boolean; installed_in: string[] }) => c.bundled && c.installed_in.length === shops.length)).toBe(true);
    const refused = await api(sb.url, 'POST', '/admin/api/workflows?level=organization', orgWorkflow(), as(shops[0]!));
    expect(refused.status).toBe(422);
    expect(refused.json.error.problems[0].message).toMatch(/LoyaltyLion is not installed/);
  });

  it('installed in one store, it counts as installed for the organization; the workflow runs there and is skipped elsewhere', async () => {
    await install(sb.url, loyalty, shops[1]);
    const view = (await api(sb.url, 'GET', '/admin/api/organization', undefined, as(shops[0]!))).json;
    expect(view.installed.filter((c: { bundled: boolean }) => !c.bundled)).toEqual([expect.objectContaining({ name: 'LoyaltyLion', installed_in: [shops[1]] })]);

    const created = await api(sb.url, 'POST', '/admin/api/workflows?level=organization', orgWorkflow(), as(shops[0]!));
    expect(created.status).toBe(201);
    expect(created.json.level).toBe('organization');
    for (const shop of shops) {
      const on = await api(sb.url, 'POST', `/admin/api/workflows/${created.json.id}/enable`, undefined, as(shop));
      expect(on.json.enabled).toBe(true);
    }
    // Every store receives an order (as a Shopify webhook would deliver it).
    const sample = (await import('../../server/src/shopify/triggers/index.js')).SHOPIFY_TRIGGERS.find((t) => t.handle === 'order-created')!;
    const { acceptEvent } = await import('../../server/src/engine/accept.js');
    for (const shop of shops) {
      const s = (await sb.store.getShopByDomain(shop))!;
      await acceptEvent(sb.store, { shopId: s.id, source: 'shopify', handle: 'order-created', payload: sample.toData(sample.sample) });
    }
    sb.worker?.wake();
    await loyalty.waitForActions(1);
    for (const [i, shop] of shops.entries()) {
      const runs = await waitForRun(sb.url, (r) => r.length === 1 && r[0].status !== 'running', 10_000, `&workflow_id=${created.json.id}`, as(shop));
      if (i === 1) {
        expect(runs[0].status).toBe('succeeded');
      } else {
        expect(runs[0].status).toBe('skipped');
        expect(runs[0].error).toBe(`Not run in ${shop}: LoyaltyLion is not installed there`);
      }
    }
    expect(loyalty.actions).toHaveLength(1);
    expect(loyalty.actions[0]!.body.shopify_domain).toBe(shops[1]);
  });

  it('a connector trigger still needs the app installed in the shop that sends it', async () => {
    const token = loyalty.tokens.get(shops[1]!)!;
    const res = await sendTrigger(sb.url, token, { handle: 'review-created', payload: { rating: 1 }, shop: shops[2] });
    expect(res.status).toBe(403);
  });
});
