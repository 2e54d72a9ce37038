import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import { api, createAndDeploy, install, reviewWorkflow, waitForRun } from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';
import { openInspector, type Inspector } from '../support/database.js';

describe('admin tools: catalog, test run, Liquid preview, templates, export/import, test events', () => {
  let sb: Awaited<ReturnType<typeof startInProcess>>;
  let app: ConnectorApp;
  let other: ConnectorApp;
  let db: Inspector;
  const count = (table: string) => db.count(table);

  beforeAll(async () => {
    sb = await startInProcess();
    app = await startConnectorApp(() => sb.url);
    await createAndDeploy(sb.url, app);
    await install(sb.url, app);
    other = await startConnectorApp(() => sb.url);
    await createAndDeploy(sb.url, other, 'Stamped');
    db = await openInspector(sb.dbEnv);
  });
  afterAll(async () => {
    await db?.close();
    await sb?.close();
    await app?.close();
    await other?.close();
  });

  it('lists Shopify, Switchboard and connector triggers and actions, with install state and samples', async () => {
    const { groups } = (await api(sb.url, 'GET', '/admin/api/catalog')).json;
    const byName = Object.fromEntries(groups.map((g: { name: string }) => [g.name, g]));
    expect(byName.Shopify.triggers.map((t: { handle: string }) => t.handle)).toContain('order-created');
    expect(byName.Shopify.actions.map((a: { handle: string }) => a.handle)).toContain('add-order-tags');
    expect(byName.Switchboard.actions.map((a: { handle: string }) => a.handle)).toEqual(['send-http-request', 'send-internal-email']);
    expect(byName.Loyalty).toMatchObject({ kind: 'connector', installed: true });
    expect(byName.Loyalty.triggers[0].sample).toEqual({ customer_id: 1234567890, rating: 1.5, title: 'Example' });
    expect(byName.Stamped.installed).toBe(false);
  });

  it('a test run shows condition results and rendered requests, and stores and sends nothing', async () => {
    const before = { events: (await count('events')), runs: (await count('runs')), deliveries: (await count('deliveries')) };
    const res = await api(sb.url, 'POST', '/admin/api/test-run', { definition: reviewWorkflow(app.clientId), payload: { customer_id: 5, rating: 2 } });
    expect(res.status).toBe(200);
    expect(res.json.steps[0]).toMatchObject({ step_id: 'low-rating', kind: 'condition', result: true });
    expect(res.json.steps[1]).toMatchObject({ step_id: 'add-points', kind: 'action', properties: { customer_id: 5, points: 20 } });
    expect(res.json.steps[1].request.url).toBe(`${app.url}/actions/add-points`);
    expect({ events: (await count('events')), runs: (await count('runs')), deliveries: (await count('deliveries')) }).toEqual(before);
    expect(app.actions).toHaveLength(0);
    const held = await api(sb.url, 'POST', '/admin/api/test-run', { definition: reviewWorkflow(app.clientId), payload: { rating: 5 } });
    expect(held.json.steps).toEqual([expect.objectContaining({ step_id: 'low-rating', result: false })]);
  });

  it('previews Liquid against sample data and names an unknown variable', async () => {
    const trigger = { app: 'shopify', handle: 'order-created' };
    const ok = await api(sb.url, 'POST', '/admin/api/liquid/preview', { trigger, template: "Order {{ order.name | remove: '#' }}" });
    expect(ok.json.problems).toEqual([]);
    expect(ok.json.output).toMatch(/^Order \d+$/);
    const bad = await api(sb.url, 'POST', '/admin/api/liquid/preview', { trigger, template: '{{ order.nmae }}' });
    expect(bad.json.problems[0].message).toMatch(/nmae/);
    const syntax = await api(sb.url, 'POST', '/admin/api/liquid/preview', { trigger, template: '{{ order.name ' });
    expect(syntax.json.problems[0].message).toMatch(/syntax/i);
  });

  it('every template imports and validates, turned off', async () => {
    const { templates } = (await api(sb.url, 'GET', '/admin/api/templates')).json;
    expect(templates.length).toBeGreaterThanOrEqual(4);
    for (const t of templates) {
      const res = await api(sb.url, 'POST', `/admin/api/templates/${t.id}/import`);
      expect(res.status, `${t.id}: ${res.text}`).toBe(201);
      expect(res.json.enabled).toBe(false);
      const run = await api(sb.url, 'POST', '/admin/api/test-run', { definition: t.definition });
      expect(run.status, `${t.id}: ${run.text}`).toBe(200);
    }
  });

  it('exports a workflow and imports it back; a malformed file is refused and creates nothing', async () => {
    const created = await api(sb.url, 'POST', '/admin/api/workflows', reviewWorkflow(app.clientId));
    const file = await api(sb.url, 'GET', `/admin/api/workflows/${created.json.id}/export`);
    expect(file.headers.get('content-disposition')).toMatch(/attachment; filename=".*\.switchboard\.json"/);
    const imported = await api(sb.url, 'POST', '/admin/api/workflows/import', file.json);
    expect(imported.status).toBe(201);
    const back = await api(sb.url, 'GET', `/admin/api/workflows/${imported.json.id}`);
    expect(back.json.definition).toEqual(created.json.definition);

    const workflows = (await count('workflows'));
    for (const [body, message] of [
      ['not json at all', /not valid JSON/],
      [{ definition: created.json.definition }, /"switchboard_workflow": 1 is missing/],
      [{ switchboard_workflow: 1, definition: { name: 'X', trigger: { app: 'x' }, steps: [] } }, /trigger\.handle/],
      [[1, 2], /expected a JSON object/],
    ] as const) {
      const res = await api(sb.url, 'POST', '/admin/api/workflows/import', body);
      expect(res.status).toBe(400);
      expect(res.json.error.message).toMatch(message);
    }
    expect((await count('workflows'))).toBe(workflows);
  });

  it('duplicates a workflow as a new one, turned off', async () => {
    const created = await api(sb.url, 'POST', '/admin/api/workflows', reviewWorkflow(app.clientId));
    const copy = await api(sb.url, 'POST', `/admin/api/workflows/${created.json.id}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.json).toMatchObject({ name: 'Copy of Points for unhappy reviewers', enabled: false });
  });

  it('"Send test event" fires a trigger with sample data; the list shows runs in the last 24 hours', async () => {
    const created = await api(sb.url, 'POST', '/admin/api/workflows', reviewWorkflow(app.clientId));
    await api(sb.url, 'POST', `/admin/api/workflows/${created.json.id}/enable`);
    const sent = await api(sb.url, 'POST', '/admin/api/test-events', { trigger: { app: app.clientId, handle: 'review-created' }, payload: { customer_id: 1, rating: 1 } });
    expect(sent.status).toBe(202);
    expect(sent.json.runs_started).toBe(1);
    await waitForRun(sb.url, (r) => r.some((x) => x.workflow_id === created.json.id && x.status === 'succeeded'));
    const listed = (await api(sb.url, 'GET', '/admin/api/workflows')).json.workflows.find((w: { id: number }) => w.id === created.json.id);
    expect(listed).toMatchObject({ runs_24h: 1, failures_24h: 0, last_run_at: expect.any(String) });
    const refused = await api(sb.url, 'POST', '/admin/api/test-events', { trigger: { app: other.clientId, handle: 'review-created' } });
    expect(refused.status).toBe(409);
  });
});
