/**
 * The seed catalog seen through a running server: seed apps are listed as
 * Not installed, a real app with the same identity takes their place (no
 * duplicate), seed apps cannot be used in a workflow, and every template
 * imports and validates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import { api, createAndDeploy, install, REVIEW_TRIGGER } from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';

interface Entry {
  id: string;
  client_id: string | null;
  name: string;
  description: string;
  source: 'app' | 'seed';
  seed: string | null;
  installed: boolean;
  bundled: boolean;
  triggers: Array<{ handle: string; name: string; description?: string; fields: Array<{ payloadKey: string; type: string }>; delivery?: unknown }>;
  actions: Array<{ handle: string; name: string; description?: string }>;
  examples: Array<{ name: string; description: string; template_id: string | null }>;
}
interface Listing {
  installed: Entry[];
  not_installed: Entry[];
}

const all = (l: Listing) => [...l.installed, ...l.not_installed];
const withSeed = (l: Listing, seed: string) => all(l).filter((c) => c.seed === seed);

describe('seed catalog in the connectors listing', () => {
  let sb: Awaited<ReturnType<typeof startInProcess>>;
  let loox: ConnectorApp;
  const listing = async (): Promise<Listing> => {
    const res = await api(sb.url, 'GET', '/admin/api/connectors');
    expect(res.status).toBe(200);
    return res.json;
  };

  beforeAll(async () => {
    sb = await startInProcess();
    loox = await startConnectorApp(() => sb.url);
  });
  afterAll(async () => {
    await sb?.close();
    await loox?.close();
  });

  it('lists every seed app once, as Not installed, with its triggers, actions and examples', async () => {
    const l = await listing();
    const seeds = all(l).filter((c) => c.source === 'seed');
    expect(seeds.length).toBeGreaterThanOrEqual(60);
    expect(seeds.every((c) => !c.installed && c.client_id === null)).toBe(true);
    expect(l.installed.filter((c) => c.source === 'seed')).toEqual([]);
    // Each seed handle is listed once: as its seed entry, or (bundled connectors once wired) as the real app.
    const counts = new Map<string, number>();
    for (const c of all(l)) if (c.seed) counts.set(c.seed, (counts.get(c.seed) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);

    const entry = l.not_installed.find((c) => c.id === 'loox')!;
    expect(entry).toMatchObject({ name: 'Loox', source: 'seed', seed: 'loox', installed: false, client_id: null });
    expect(entry.description).toMatch(/reviews/i);
    const review = entry.triggers.find((t) => t.handle === 'review-created')!;
    expect(review.name).toBe('Review created');
    expect(review.fields.map((f) => f.payloadKey)).toEqual(expect.arrayContaining(['Rating', 'Review text', 'Customer email', 'customer_id', 'product_id']));
    expect(entry.actions.map((a) => a.handle)).toEqual(['send-review-request']);
    expect(entry.examples.length).toBeGreaterThan(0);

    const bulk = l.not_installed.find((c) => c.id === 'bulk-discounts')!;
    expect(bulk.triggers[0]!.delivery).toEqual({ kind: 'batched', batchSize: 100, items: 'codes' });
  });

  it('lists the bundled connectors as Installed in place of their seed entries', async () => {
    const l = await listing();
    const bundled = ['asana', 'google-sheets', 'klaviyo', 'slack', 'trello'];
    expect(l.installed.filter((c) => c.bundled).map((c) => c.seed)).toEqual(bundled);
    for (const id of bundled) {
      expect(withSeed(l, id)).toEqual([expect.objectContaining({ id, client_id: id, source: 'app', installed: true, bundled: true })]);
    }
    const slack = (await api(sb.url, 'GET', '/admin/api/connectors/slack')).json as Entry;
    expect(slack.actions.map((a) => a.handle)).toEqual(['send-message']);
    expect(slack.examples.every((e) => e.template_id)).toBe(true);
  });

  it('answers one connector by id, and names what is wrong for an unknown one', async () => {
    const one = await api(sb.url, 'GET', '/admin/api/connectors/loyaltylion');
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({ id: 'loyaltylion', name: 'LoyaltyLion', source: 'seed' });
    expect(one.json.triggers.find((t: { handle: string }) => t.handle === 'birthday-today').delivery).toEqual({ kind: 'scheduled', schedule: 'At 9 a.m. on the customer’s birthday' });

    const missing = await api(sb.url, 'GET', '/admin/api/connectors/no-such-app');
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: 'not_found' });
    expect(missing.json.error.message).toContain('"no-such-app"');
  });

  it('refuses a workflow that uses a seed app: it is not an app the engine knows', async () => {
    const res = await api(sb.url, 'POST', '/admin/api/workflows', {
      name: 'Thank happy reviewers',
      trigger: { app: 'loox', handle: 'review-created' },
      steps: [{ id: 'tag', type: 'action', action: { app: 'shopify', handle: 'add-customer-tags' }, fields: { id: '{{ customer_id }}', tags: 'reviewer' } }],
    });
    expect(res.status).toBe(422);
    expect(res.json.error.problems).toEqual([{ path: 'trigger', message: 'unknown trigger "review-created" of app "loox"' }]);
  });

  it('shows a deployed app with the seed identity instead of the seed entry, Not installed then Installed, never twice', async () => {
    await createAndDeploy(sb.url, loox, 'Loox', [{ path: 'extensions/review-created/shopify.extension.toml', content: REVIEW_TRIGGER }]);

    let l = await listing();
    expect(withSeed(l, 'loox')).toHaveLength(1);
    expect(l.not_installed.find((c) => c.seed === 'loox')).toMatchObject({ id: loox.clientId, client_id: loox.clientId, name: 'Loox', source: 'app', installed: false });
    expect(all(l).some((c) => c.id === 'loox')).toBe(false);
    expect((await api(sb.url, 'GET', '/admin/api/connectors/loox')).status).toBe(404);

    await install(sb.url, loox);
    l = await listing();
    expect(withSeed(l, 'loox')).toHaveLength(1);
    expect(l.not_installed.filter((c) => c.seed === 'loox')).toEqual([]);
    const real = l.installed.find((c) => c.seed === 'loox')!;
    expect(real).toMatchObject({ id: loox.clientId, client_id: loox.clientId, name: 'Loox', source: 'app', installed: true });
    // The real app's own triggers are shown, described with the seed's text and examples.
    expect(real.triggers.map((t) => t.handle)).toEqual(['review-created']);
    expect(real.description).toMatch(/reviews/i);
    expect(real.examples.map((e) => e.name)).toContain('Tag happy reviewers');
    expect((await api(sb.url, 'GET', `/admin/api/connectors/${loox.clientId}`)).json).toMatchObject({ source: 'app', installed: true });

    // The real app can be used where the seed entry could not.
    const wf = await api(sb.url, 'POST', '/admin/api/workflows', {
      name: 'Thank reviewers',
      trigger: { app: loox.clientId, handle: 'review-created' },
      steps: [{ id: 'tag', type: 'action', action: { app: 'shopify', handle: 'add-customer-tags' }, fields: { id: '{{ customer_id }}', tags: 'reviewer' } }],
    });
    expect(wf.status, wf.text).toBe(201);
  });

  it('imports and validates every template, turned off, and test-runs it', async () => {
    const { templates } = (await api(sb.url, 'GET', '/admin/api/templates')).json as { templates: Array<{ id: string; definition: unknown }> };
    expect(templates.length).toBeGreaterThanOrEqual(30);
    const failures: string[] = [];
    for (const t of templates) {
      const imported = await api(sb.url, 'POST', `/admin/api/templates/${t.id}/import`);
      if (imported.status !== 201) {
        failures.push(`${t.id}: import ${imported.status} ${imported.text}`);
        continue;
      }
      expect(imported.json.enabled).toBe(false);
      const run = await api(sb.url, 'POST', '/admin/api/test-run', { definition: t.definition });
      if (run.status !== 200) failures.push(`${t.id}: test run ${run.status} ${run.text}`);
    }
    expect(failures).toEqual([]);
  });
});
