import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SwitchboardError } from '../errors.js';
import { listen, type RunningServer } from '../http/index.js';
import { signBody } from '../signature.js';
import { createTestPlatform, type TestPlatform } from '../testing/index.js';
import { createClient, type LifecycleNotice, type SwitchboardClient } from './index.js';

const shop = 'shop-a.myshopify.com';
let platform: TestPlatform;
let client: SwitchboardClient;
let app: RunningServer;
let seen: LifecycleNotice[];

beforeEach(async () => {
  platform = await createTestPlatform();
  client = createClient({
    serverUrl: platform.serverUrl,
    clientId: platform.clientId,
    clientSecret: platform.clientSecret,
    tokens: { [shop]: platform.tokenFor(shop) },
  });
  seen = [];
  app = await listen(client.lifecycleHandler({ onNotice: (notice) => void seen.push(notice) }));
});
afterEach(async () => {
  await app.close();
  await platform.close();
});

describe('trigger lifecycle', () => {
  it('records whether a trigger has an enabled workflow per (shop, trigger)', async () => {
    expect(await client.hasEnabledWorkflow(shop, 'review-created')).toBeUndefined();
    const response = await platform.sendLifecycleNotice(app.url, { shop, handle: 'review-created', hasEnabledFlow: true });
    expect(response.status).toBe(200);
    expect(await client.hasEnabledWorkflow(shop, 'review-created')).toBe(true);
    expect(await client.hasEnabledWorkflow(shop, 'other-trigger')).toBeUndefined();
    expect(await client.hasEnabledWorkflow('shop-b.myshopify.com', 'review-created')).toBeUndefined();
    expect(seen).toMatchObject([{ shop, handle: 'review-created', hasEnabledFlow: true, shopId: platform.shopIdFor(shop) }]);
  });

  it('ignores a notice older than the last one seen, still answering 2xx', async () => {
    const send = (hasEnabledFlow: boolean, timestamp: string) =>
      platform.sendLifecycleNotice(app.url, { shop, handle: 'review-created', hasEnabledFlow, timestamp });
    await send(true, '2025-01-01T10:00:05Z');
    const stale = await send(false, '2025-01-01T10:00:01Z');
    expect(stale.status).toBe(200);
    expect(stale.body).toEqual({ applied: false });
    expect(await client.hasEnabledWorkflow(shop, 'review-created')).toBe(true);
    expect(seen).toHaveLength(1);

    await send(false, '2025-01-01T10:00:09Z');
    expect(await client.hasEnabledWorkflow(shop, 'review-created')).toBe(false);
  });

  it('refuses a notice signed with another secret', async () => {
    const stranger = await createTestPlatform({ clientSecret: 'not-the-apps-secret' });
    const response = await stranger.sendLifecycleNotice(app.url, { shop, handle: 'review-created', hasEnabledFlow: true });
    await stranger.close();
    expect(response.status).toBe(401);
    expect(await client.hasEnabledWorkflow(shop, 'review-created')).toBeUndefined();
  });

  it('answers 400 naming the missing fields', async () => {
    const raw = JSON.stringify({ flow_trigger_definition_id: 'review-created', shop_id: 1 });
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'x-shopify-hmac-sha256': signBody(raw, platform.clientSecret) },
      body: raw,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { fields: { field: string }[] } };
    expect(body.error.fields.map((f) => f.field)).toEqual(['has_enabled_flow', 'shopify_domain', 'timestamp']);
  });

  it('handles a raw notice without the HTTP handler, throwing on a bad signature', async () => {
    const raw = JSON.stringify({
      flow_trigger_definition_id: 'review-created',
      has_enabled_flow: false,
      shop_id: 7,
      shopify_domain: shop,
      timestamp: new Date().toISOString(),
    });
    await expect(client.handleLifecycleNotice(raw, 'forged')).rejects.toMatchObject({ status: 401, code: 'invalid_signature' });
    await expect(client.handleLifecycleNotice(raw, undefined)).rejects.toBeInstanceOf(SwitchboardError);
    const result = await client.handleLifecycleNotice(Buffer.from(raw), signBody(raw, platform.clientSecret));
    expect(result).toMatchObject({ applied: true, notice: { shopId: 7, hasEnabledFlow: false } });
  });

  it('skips sendTrigger with onlyIfUsed when no enabled workflow uses the trigger', async () => {
    // Nothing known yet: send.
    await expect(client.sendTrigger(shop, 'review-created', { rating: 5 }, { onlyIfUsed: true })).resolves.toMatchObject({ skipped: false });
    await platform.sendLifecycleNotice(app.url, { shop, handle: 'review-created', hasEnabledFlow: false });
    await expect(client.sendTrigger(shop, 'review-created', { rating: 4 }, { onlyIfUsed: true })).resolves.toEqual({ skipped: true });
    await expect(client.sendTriggers(shop, 'review-created', [{ rating: 3 }], { onlyIfUsed: true })).resolves.toEqual({ skipped: true });
    // Without the option, the app's choice stands.
    await client.sendTrigger(shop, 'review-created', { rating: 2 });
    await platform.sendLifecycleNotice(app.url, { shop, handle: 'review-created', hasEnabledFlow: true });
    await client.sendTrigger(shop, 'review-created', { rating: 1 }, { onlyIfUsed: true });
    expect(platform.triggers.map((t) => t.payload.rating)).toEqual([5, 2, 1]);
  });
});
