/**
 * `switchboard-server` as `npm start` runs it in local mode: the worker on its
 * own thread reaches what the main thread started (the in-process fake
 * Shopify, the dev shop's stored session) for Get data and Admin API
 * requests, and a SIGTERM stops both threads cleanly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitForRun } from '../support/journey.js';
import { startChild, type ChildServer } from '../support/switchboard.js';

describe('the worker thread of switchboard-server in local mode', () => {
  let server: ChildServer;
  beforeAll(async () => {
    // The fake Shopify starts with 50 orders (the suite's other tests start it empty).
    server = await startChild({ SWITCHBOARD_FAKE_SHOPIFY_SEED: '1', QUEUE_POLL_MS: '50' });
  });
  afterAll(async () => {
    await server?.kill('SIGKILL');
  });

  it("runs Get data and an Admin API request against the main thread's fake Shopify", async () => {
    const created = await api(server.url, 'POST', '/admin/api/workflows', {
      name: 'Tag the newest order',
      trigger: { app: 'shopify', handle: 'order-created' },
      steps: [
        { id: 'count', type: 'get_data', resource: 'orders', query: '', operation: 'count' },
        { id: 'newest', type: 'get_data', resource: 'orders', query: '', sort: { key: 'CREATED_AT', reverse: true }, limit: 1 },
        {
          id: 'tag',
          type: 'admin_api',
          mutation: 'mutation tag($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }',
          variables: '{ "id": "{{ steps.newest.items[0].id }}", "tags": ["from-the-worker-thread"] }',
        },
      ],
    });
    expect(created.status, created.text).toBe(201);
    expect((await api(server.url, 'POST', `/admin/api/workflows/${created.json.id}/enable`)).status).toBe(200);
    expect((await api(server.url, 'POST', '/admin/api/test-events', { trigger: { app: 'shopify', handle: 'order-created' } })).status).toBe(202);
    const [run] = await waitForRun(server.url, (runs) => ['succeeded', 'failed'].includes(runs[0]?.status), 30_000, `&workflow_id=${created.json.id}`);
    const detail = (await api(server.url, 'GET', `/admin/api/runs/${run.id}`)).json;
    expect(detail.status, JSON.stringify(detail.steps)).toBe('succeeded');
    const byId = Object.fromEntries(detail.steps.map((s: any) => [s.step_id, s]));
    expect(byId.count.output.count).toBe(50);
    expect(byId.tag.output.tagsAdd).toEqual({ node: { id: byId.newest.output.items[0].id }, userErrors: [] });
  });

  it('stops both threads on SIGTERM and exits 0', async () => {
    await server.kill('SIGTERM');
    expect(server.process.exitCode).toBe(0);
  });
});
