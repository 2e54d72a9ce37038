import { describe, expect, it } from 'vitest';
import { allSteps, parseDefinition, WORKFLOW_TEMPLATES } from '../../engine/index.js';
import { checkSeedApp, identityOf, SEED_APPS, SEED_INDEX, seedApp, seedExtensions, SeedIndex, seedManifestFiles, type SeedApp } from './index.js';

/** The apps of Flow's connector documentation (the seed list), as written there. */
const SEED_LIST = [
  'AgeChecked', 'Algolia', 'Arigato', 'Asana', 'Avolin/NS8 Protect', 'Back in Stock', 'Bespoke Shipping', 'Better Price',
  'Bronto', 'Bulk Discounts', 'Callback', 'CleverPush', 'Conjured Referrals', 'Covet.pics', 'Customer Tagger', 'dotdigital',
  'Edit Order', 'Emarsys', 'Enquire', 'Flits', 'Form Builder', 'Gorgias', 'Growave', 'In Stock Alerts', 'Klaviyo', 'Klevu',
  'Kmetric', 'Launchpad', 'Littledata', 'Loox', 'LoyaltyLion', 'Mesa', 'Nosto', 'Omnisend', 'Order Merger', 'Order Tagger',
  'Parcel Panel', 'Persosa', 'Plobal', 'Pre-order Manager', 'PushOwl', 'ReConvert', 'REVIEWS.io', 'Rise.ai', 'SaveMySales',
  'Scribeless', 'ShopHire', 'Slack', 'Smile.io', 'SMSBump', 'Stamped.io', 'Swell', 'Tapcart', 'Tobi', 'Tracktor', 'Trello',
  'TrackingMore', 'Typoly', 'Wholesale channel', 'Wishlist Plus', 'WOTIO', 'Yotpo', 'Google Sheets',
];

/** Apps whose connectors exist in every shop: Shopify's own, Switchboard's, and the bundled connectors. */
const EVERYWHERE = new Set(['shopify', 'switchboard', 'slack', 'google-sheets', 'trello', 'asana', 'klaviyo']);

const tasks = (app: SeedApp) => [...app.triggers, ...app.actions];

describe('seed catalog', () => {
  it('has every app of the seed list, each with at least one trigger or action', () => {
    const missing = SEED_LIST.filter((name) => !SEED_INDEX.match({ clientId: '', name }));
    expect(missing).toEqual([]);
    for (const name of SEED_LIST) {
      const app = SEED_INDEX.match({ clientId: '', name })!;
      expect(tasks(app).length, name).toBeGreaterThan(0);
    }
    expect(SEED_APPS.length).toBeGreaterThanOrEqual(SEED_LIST.length);
  });

  it('gives every app a unique slug handle, a name, a category and a description', () => {
    const handles = SEED_APPS.map((a) => a.handle);
    expect(new Set(handles).size).toBe(handles.length);
    for (const app of SEED_APPS) {
      expect(app.handle, app.name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(app.name.trim(), app.handle).not.toBe('');
      expect(app.category.trim(), app.handle).not.toBe('');
      expect(app.description.length, app.handle).toBeGreaterThan(20);
      expect(seedApp(app.handle)).toBe(app);
    }
  });

  it('describes every trigger and action with a name, a description and described fields', () => {
    for (const app of SEED_APPS) {
      for (const task of tasks(app)) {
        const where = `${app.handle}/${task.handle}`;
        expect(task.name.trim(), where).not.toBe('');
        expect(task.description.length, where).toBeGreaterThan(10);
        for (const field of task.fields) expect(field.description?.trim(), `${where} ${field.key ?? field.type}`).toBeTruthy();
      }
    }
  });

  it('writes every app as Flow manifests the SDK accepts without an error or a warning', () => {
    for (const app of SEED_APPS) {
      const { extensions, problems } = checkSeedApp(app);
      expect(problems.map((p) => `${p.file} ${p.field}: ${p.message}`), app.handle).toEqual([]);
      expect(extensions.map((e) => e.handle).sort(), app.handle).toEqual(tasks(app).map((t) => t.handle).sort());
    }
  });

  it('keeps each declared field in the parsed manifest, with its payload key', () => {
    const loox = seedApp('loox')!;
    const review = seedExtensions(loox).find((e) => e.handle === 'review-created');
    expect(review?.type).toBe('flow_trigger');
    const keys = review && 'fields' in review ? review.fields.map((f) => f.payloadKey) : [];
    expect(keys).toEqual(expect.arrayContaining(['customer_id', 'product_id', 'Rating', 'Review text', 'Customer email']));
    const rating = review && 'fields' in review ? review.fields.find((f) => f.payloadKey === 'Rating') : undefined;
    expect(rating).toMatchObject({ type: 'number_decimal', required: true });
  });

  it('refuses a seed entry that a real app could not deploy, naming the file and field', () => {
    const broken: SeedApp = {
      handle: 'broken-app',
      name: 'Broken',
      category: 'Test',
      description: 'An app whose manifests break Flow’s rules.',
      triggers: [{ handle: 'thing-happened', name: 'Thing happened', description: 'Something happened.', fields: [{ type: 'number_integer', key: 'Count', description: 'Triggers cannot send integers', required: true }] }],
      actions: [{ handle: 'do-it', name: 'Do the thing', description: 'Does it.', fields: [{ type: 'single_line_text_field', key: 'what', description: 'No name', required: true }] }],
      examples: [],
    };
    const { extensions, problems } = checkSeedApp(broken);
    expect(extensions).toEqual([]);
    const errors = problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => [p.file, p.field, p.code])).toEqual([
      ['broken-app/extensions/thing-happened/shopify.extension.toml', 'settings.fields[0].type', 'invalid_field_type'],
      ['broken-app/extensions/do-it/shopify.extension.toml', 'settings.fields[0].name', 'missing_field'],
    ]);
    expect(() => seedExtensions(broken)).toThrow(/broken-app.*Triggers may not use `number_integer`/);
  });

  it('writes manifests one flat file per trigger and action, actions with a runtime path', () => {
    const files = seedManifestFiles(seedApp('slack')!);
    expect(files.map((f) => f.path)).toEqual(['slack/extensions/send-message/shopify.extension.toml']);
    expect(files[0]!.content).toContain('type = "flow_action"');
    expect(files[0]!.content).toContain('runtime_url = "/flow/actions/send-message"');
  });

  it('keeps the seed behaviours: Bulk Discounts batches 100 codes; Algolia and LoyaltyLion send scheduled triggers', () => {
    const bulk = seedApp('bulk-discounts')!.triggers.find((t) => t.handle === 'discount-codes-created')!;
    expect(bulk.delivery).toEqual({ kind: 'batched', batchSize: 100, items: 'codes' });
    expect(bulk.description).toMatch(/once per batch of 100 codes/);

    const top = seedApp('algolia')!.triggers.find((t) => t.handle === 'top-searches')!;
    expect(top.delivery).toEqual({ kind: 'scheduled', schedule: 'Every day' });

    const birthday = seedApp('loyaltylion')!.triggers.find((t) => t.handle === 'birthday-today')!;
    expect(birthday.delivery).toEqual({ kind: 'scheduled', schedule: 'At 9 a.m. on the customer’s birthday' });
    expect(birthday.description).toMatch(/9 a\.m\. on the customer’s birthday/);
  });

  it('lists the example workflows (about 80), every one named and described', () => {
    const examples = SEED_APPS.flatMap((a) => a.examples.map((e) => ({ app: a.handle, ...e })));
    expect(examples.length).toBeGreaterThanOrEqual(80);
    for (const e of examples) {
      expect(e.name.trim(), e.app).not.toBe('');
      expect(e.description.length, `${e.app}: ${e.name}`).toBeGreaterThan(20);
    }
  });

  it('marks the examples that became templates, and each such template is the example of that app', () => {
    const byId = new Map(WORKFLOW_TEMPLATES.map((t) => [t.id, t]));
    const marked = SEED_APPS.flatMap((a) => a.examples.filter((e) => e.template).map((e) => ({ app: a.handle, id: e.template! })));
    expect(marked.length).toBeGreaterThanOrEqual(25);
    expect(new Set(marked.map((m) => m.id)).size).toBe(marked.length);
    for (const { app, id } of marked) {
      const template = byId.get(id);
      expect(template, `${app} example -> ${id}`).toBeDefined();
      expect(template!.seed).toBe(app);
    }
    // And the other way: no template claims a seed example that does not point at it.
    const markedIds = new Set(marked.map((m) => m.id));
    for (const t of WORKFLOW_TEMPLATES.filter((t) => t.seed)) expect(markedIds.has(t.id), t.id).toBe(true);
  });

  it('makes templates only of examples whose trigger and actions exist in every shop', () => {
    for (const t of WORKFLOW_TEMPLATES) {
      const apps = new Set<string>([t.definition.trigger.app]);
      for (const s of allSteps(t.definition.steps)) if (s.type === 'action') apps.add(s.action.app);
      expect([...apps].filter((a) => !EVERYWHERE.has(a)), t.id).toEqual([]);
    }
  });

  it('gives every template a unique id, a category and a structurally valid definition', () => {
    expect(new Set(WORKFLOW_TEMPLATES.map((t) => t.id)).size).toBe(WORKFLOW_TEMPLATES.length);
    for (const t of WORKFLOW_TEMPLATES) {
      expect(t.category.trim(), t.id).not.toBe('');
      expect(parseDefinition(t.definition).problems, t.id).toEqual([]);
      expect(t.definition.name).toBe(t.name);
    }
  });
});

describe('seed identity', () => {
  it('normalizes names and slugs to letters and digits', () => {
    expect(identityOf('REVIEWS.io')).toBe('reviewsio');
    expect(identityOf('reviews-io')).toBe('reviewsio');
    expect(identityOf('Google Sheets')).toBe(identityOf('google-sheets'));
    expect(identityOf('Pré-order Manager')).toBe('preordermanager');
  });

  it('matches a deployed app by client id or by name, aliases included', () => {
    expect(SEED_INDEX.match({ clientId: 'google-sheets', name: 'Sheets connector' })?.handle).toBe('google-sheets');
    expect(SEED_INDEX.match({ clientId: 'sb_9f8e7d', name: 'Loox' })?.handle).toBe('loox');
    expect(SEED_INDEX.match({ clientId: 'sb_9f8e7d', name: 'Stamped' })?.handle).toBe('stamped-io');
    expect(SEED_INDEX.match({ clientId: 'sb_9f8e7d', name: 'Avolin' })?.handle).toBe('ns8-protect');
    expect(SEED_INDEX.match({ clientId: 'sb_9f8e7d', name: 'Loyalty' })).toBeUndefined();
    expect(SEED_INDEX.match({ clientId: 'sb_9f8e7d', name: '' })).toBeUndefined();
  });

  it('refuses two seed entries that claim one identity', () => {
    const app = (handle: string, name: string, aliases?: string[]): SeedApp => ({ handle, name, aliases, category: 'x', description: 'x', triggers: [], actions: [], examples: [] });
    expect(() => new SeedIndex([app('stamped-io', 'Stamped.io'), app('stamped', 'Stamped reviews', ['Stamped IO'])])).toThrow(/"stamped-io" and "stamped" share the identity "stampedio"/);
  });
});
