import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';

const DAY = 24 * 3600_000;

describe('history retention', () => {
  let sb: Awaited<ReturnType<typeof startInProcess>> | undefined;
  afterEach(async () => {
    await sb?.close();
    sb = undefined;
  });

  it('the admin says history is kept 30 days by default', async () => {
    sb = await startInProcess();
    const shop = await api(sb.url, 'GET', '/admin/api/shop');
    expect(shop.status).toBe(200);
    expect(shop.json).toMatchObject({ domain: 'dev-shop.myshopify.com', history_retention_days: 30 });
    expect(sb.pruner?.enabled).toBe(true);
  });

  it('HISTORY_RETENTION_DAYS=0 keeps history forever, and the admin says 0', async () => {
    sb = await startInProcess({ HISTORY_RETENTION_DAYS: '0' });
    expect((await api(sb.url, 'GET', '/admin/api/shop')).json.history_retention_days).toBe(0);
    expect(sb.pruner?.enabled).toBe(false);
  });

  it('a web-only process serves the figure and prunes nothing itself', async () => {
    sb = await startInProcess({ SWITCHBOARD_ROLE: 'web', HISTORY_RETENTION_DAYS: '14' });
    expect((await api(sb.url, 'GET', '/admin/api/shop')).json.history_retention_days).toBe(14);
    expect(sb.pruner).toBeUndefined();
  });

  it('the running server prunes runs older than the retention period and keeps recent ones', async () => {
    sb = await startInProcess({ HISTORY_RETENTION_DAYS: '7', RETENTION_INTERVAL_MS: '1000' });
    const shop = await sb.store.getShopByDomain('dev-shop.myshopify.com');
    const wf = await sb.store.createWorkflow({ shopId: shop!.id, name: 'Old', triggerApp: 'app', triggerHandle: 't', definition: { steps: [] } });
    // History written as it was 10 days and 1 day ago: runs skipped at once, so finished then.
    for (const [id, age] of [['old', 10 * DAY], ['recent', DAY]] as const) {
      await sb.store.acceptEvent({
        event: { id: `event-${id}`, shopId: shop!.id, source: 'app', handle: 't', payload: {}, receivedAt: Date.now() - age },
        planRuns: () => [{ id: `run-${id}`, workflowId: wf.id, workflowVersion: 1, skippedReason: 'seeded' }],
        answer: () => ({}),
      });
    }
    expect((await api(sb.url, 'GET', '/admin/api/runs/run-old')).status).toBe(200);
    // The first pass comes one interval after start.
    await vi.waitFor(async () => expect((await api(sb!.url, 'GET', '/admin/api/runs/run-old')).status).toBe(404), { timeout: 10_000, interval: 100 });
    expect(await sb.store.getEvent('event-old')).toBeUndefined();
    expect((await api(sb.url, 'GET', '/admin/api/runs/run-recent')).status).toBe(200);
  });
});
