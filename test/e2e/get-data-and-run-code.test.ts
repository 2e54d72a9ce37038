/**
 * Get data pages through the fake Shopify's orders over real HTTP (250 of
 * them, past Flow's 100), a malformed query is an error and never "all
 * results"; Run code's runaway loop, 1 GB allocation and fetch each fail the
 * run with their own message, and the server stays healthy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, waitForRun } from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;

describe('Get data and Run code in real runs', () => {
  let sb: Server;
  beforeAll(async () => {
    sb = await startInProcess({ QUEUE_POLL_MS: '50' });
    sb.fakeShopify!.seed(sb.devShop!.domain, 'orders', 250);
  });
  afterAll(async () => {
    await sb.close();
  });

  /** Creates and turns on a workflow on "Order created", fires it once, and returns its finished run with steps. */
  async function runOnce(name: string, steps: unknown[]) {
    const created = await api(sb.url, 'POST', '/admin/api/workflows', { name, trigger: { app: 'shopify', handle: 'order-created' }, steps });
    expect(created.status, created.text).toBe(201);
    expect((await api(sb.url, 'POST', `/admin/api/workflows/${created.json.id}/enable`)).status).toBe(200);
    expect((await api(sb.url, 'POST', '/admin/api/test-events', { trigger: { app: 'shopify', handle: 'order-created' } })).status).toBe(202);
    const [run] = await waitForRun(sb.url, (runs) => ['succeeded', 'succeeded_no_actions', 'failed'].includes(runs[0]?.status), 30_000, `&workflow_id=${created.json.id}`);
    await api(sb.url, 'POST', `/admin/api/workflows/${created.json.id}/disable`);
    return (await api(sb.url, 'GET', `/admin/api/runs/${run.id}`)).json;
  }

  it('reads all 250 orders by paging through cursors, and later steps see the list', async () => {
    const run = await runOnce('Count my orders', [
      { id: 'orders', type: 'get_data', resource: 'orders', query: '', sort: { key: 'CREATED_AT' }, limit: 1000 },
      { id: 'tally', type: 'run_code', code: 'export default function main(input) {\n  return { n: input.orders.length, first: input.orders[0].name };\n}', input: { orders: 'steps.orders.items' }, output: { n: 'number', first: 'string' } },
      { id: 'say', type: 'log', message: '{{ steps.orders.count }} orders, {{ steps.tally.n }} counted by code' },
    ]);
    expect(run.status).toBe('succeeded_no_actions');
    const byId = Object.fromEntries(run.steps.map((s: any) => [s.step_id, s]));
    expect(byId.orders.output.count).toBe(250);
    // Shopify caps a query's cost, so pages are smaller than 250: several requests, not one.
    expect(byId.orders.input.requests).toBeGreaterThan(1);
    expect(byId.tally.output.value.n).toBe(250);
    expect(byId.say.output.message).toBe('250 orders, 250 counted by code');
  });

  it('Send Admin API request runs a mutation with Liquid variables; its response is a variable, and its change is visible to Get data', async () => {
    const run = await runOnce('Tag the newest order', [
      { id: 'newest', type: 'get_data', resource: 'orders', query: '', sort: { key: 'CREATED_AT', reverse: true }, limit: 1 },
      {
        id: 'tag',
        type: 'admin_api',
        mutation: 'mutation tag($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }',
        variables: '{ "id": "{{ steps.newest.items[0].id }}", "tags": ["vip-{{ shop.id }}"] }',
      },
      { id: 'tagged', type: 'get_data', resource: 'orders', query: 'tag:vip-{{ shop.id }}', limit: 10 },
      { id: 'say', type: 'log', message: 'tagged {{ steps.tag.tagsAdd.node.id }}; {{ steps.tagged.count }} order has the tag' },
    ]);
    expect(run.status).toBe('succeeded');
    const byId = Object.fromEntries(run.steps.map((s: any) => [s.step_id, s]));
    const newestId = byId.newest.output.items[0].id;
    expect(byId.tag).toMatchObject({ kind: 'action', status: 'succeeded', output: { tagsAdd: { node: { id: newestId }, userErrors: [] } } });
    expect(byId.tagged.output.items.map((o: any) => o.id)).toEqual([newestId]);
    expect(byId.say.output.message).toBe(`tagged ${newestId}; 1 order has the tag`);
    // Sent like an action: one delivery with its attempt.
    expect(run.deliveries).toHaveLength(1);
    expect(run.deliveries[0].attempts).toHaveLength(1);
  });

  it('a malformed query is refused at save time, and one made malformed by Liquid fails the run, never returning all orders', async () => {
    const saved = await api(sb.url, 'POST', '/admin/api/workflows', {
      name: 'Broken query',
      trigger: { app: 'shopify', handle: 'order-created' },
      steps: [{ id: 'orders', type: 'get_data', resource: 'orders', query: '(financial_status:paid', limit: 10 }],
    });
    expect(saved.status).toBe(422);
    expect(saved.json.error.problems).toEqual([expect.objectContaining({ path: 'steps[0].query', message: expect.stringMatching(/parenthes/i) })]);

    const run = await runOnce('Query broken by its data', [
      { id: 'orders', type: 'get_data', resource: 'orders', query: '{{ "(" }}financial_status:paid', limit: 10 },
      { id: 'after', type: 'log', message: 'not reached' },
    ]);
    expect(run.status).toBe('failed');
    expect(run.steps.map((s: any) => [s.step_id, s.status])).toEqual([['orders', 'failed']]);
    expect(run.error).toMatch(/not sent.*parenthes/i);
  });

  it("later steps are checked against Run code's declared output and Get data's shape at save time", async () => {
    const save = (steps: unknown[]) => api(sb.url, 'POST', '/admin/api/workflows', { name: 'Typed outputs', trigger: { app: 'shopify', handle: 'order-created' }, steps });
    const code = { id: 'code', type: 'run_code', code: 'export default function main(input) {\n  return { total: 1 };\n}', input: {}, output: { total: 'number' } };
    const typo = await save([code, { id: 'say', type: 'log', message: '{{ steps.code.totl }}' }]);
    expect(typo.status).toBe(422);
    expect(typo.json.error.problems).toEqual([expect.objectContaining({ path: 'steps[1].message', message: expect.stringContaining('steps.code.totl') })]);
    const early = await save([{ id: 'say', type: 'log', message: '{{ steps.code.total }}' }, code]);
    expect(early.status).toBe(422);
    expect(early.json.error.problems).toEqual([expect.objectContaining({ path: 'steps[0].message' })]);
    const fine = await save([
      code,
      { id: 'orders', type: 'get_data', resource: 'orders', query: '', limit: 5 },
      { id: 'say', type: 'log', message: '{{ steps.code.total }} and {{ steps.orders.count }}' },
    ]);
    expect(fine.status, fine.text).toBe(201);
  });

  it.each([
    ['an endless loop', 'while (true) {}', /time limit of 1000 ms/],
    ['a 1 GB allocation', 'const a = new Uint8Array(1024 * 1024 * 1024); a[0] = 1;', /memory limit/],
    ['a fetch', 'fetch("https://example.com");', /fetch is not available in Run code: it has no network access/],
  ])('Run code with %s fails with its own message and the server stays healthy', async (_what, body, message) => {
    const rssBefore = process.memoryUsage().rss;
    const run = await runOnce(`Run code: ${_what}`, [
      { id: 'code', type: 'run_code', code: `export default function main(input) {\n  ${body}\n  return { done: true };\n}`, input: {}, output: { done: 'boolean' } },
    ]);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(message);
    expect(run.steps[0]).toMatchObject({ step_id: 'code', kind: 'run_code', status: 'failed' });
    expect((await api(sb.url, 'GET', '/healthz')).status).toBe(200);
    // The allocation happened inside the sandbox's bounded memory, not the server's.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
    const ok = await runOnce('Run code after the failure', [
      { id: 'code', type: 'run_code', code: 'export default function main(input) {\n  return { ok: true };\n}', input: {}, output: { ok: 'boolean' } },
    ]);
    expect(ok.status).toBe('succeeded_no_actions');
    expect(ok.steps[0].output.value).toEqual({ ok: true });
  });
});
