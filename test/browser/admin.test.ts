/**
 * The merchant's admin (web/) in a real Chromium against a real Switchboard
 * and real connector apps: the journeys of DESIGN 1.1 through the UI.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import { api, createAndDeploy, install, REVIEW_TRIGGER, sendTrigger, waitForRun } from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';
import { atPhoneWidth, CHROMIUM, ensureWebBuilt, hasChromium, RESULTS } from './harness.js';

const exists = hasChromium;
if (!exists) {
  console.warn(`Browser tests (test/browser/admin.test.ts) were skipped: ${CHROMIUM} is missing. Install it with: sudo apt-get install -y chromium`);
}

const SHOP = 'dev-shop.myshopify.com';

const ALGOLIA_TRIGGER = `
[[extensions]]
name = "Search indexing paused"
type = "flow_trigger"
handle = "search-indexing-paused"
description = "Indexing of a search index was paused"

  [settings]

  [[settings.fields]]
  type = "single_line_text_field"
  key = "index"
  name = "Index"
`;

const SLACK_ACTION = `
[[extensions]]
name = "Send message"
type = "flow_action"
handle = "send-message"
description = "Post a message to a Slack channel"
runtime_url = "/actions/send-message"

  [settings]

  [[settings.fields]]
  type = "single_line_text_field"
  key = "channel"
  name = "Channel"
  required = true

  [[settings.fields]]
  type = "multi_line_text_field"
  key = "text"
  name = "Text"
  required = true
`;

type Server = Awaited<ReturnType<typeof startInProcess>>;

describe.skipIf(!exists)('merchant admin in Chromium', () => {
  let sb: Server;
  let algolia: ConnectorApp;
  let slack: ConnectorApp;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const durations: Record<string, number> = {};
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    fs.mkdirSync(RESULTS, { recursive: true });
    sb = await startInProcess();
    algolia = await startConnectorApp(() => sb.url);
    slack = await startConnectorApp(() => sb.url);
    await createAndDeploy(sb.url, algolia, 'Algolia', [{ path: 'extensions/search-indexing-paused/shopify.extension.toml', content: ALGOLIA_TRIGGER }]);
    await createAndDeploy(sb.url, slack, 'Slack', [{ path: 'extensions/send-message/shopify.extension.toml', content: SLACK_ACTION }]);
    await install(sb.url, algolia);
    await install(sb.url, slack);
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-chromium-'));
    // A persistent context is how playwright takes a --user-data-dir: a fresh one per run.
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await sb?.close();
    await algolia?.close();
    await slack?.close();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    if (Object.keys(durations).length) console.log('browser test durations (ms):', durations);
    if (consoleErrors.length) console.log('browser console errors:', consoleErrors);
  });

  let started = 0;
  const begin = () => (started = Date.now());
  afterEach((ctx) => {
    durations[ctx.task.name] = Date.now() - started;
  });

  const shot = (name: string) => page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true });
  const goto = (p: string) => page.goto(new URL(p, sb.url).toString());

  it('builds "Get a Slack message when search indexing is paused" from scratch, turns it on, and sees its run', async () => {
    begin();
    await page.setViewportSize({ width: 1280, height: 900 });
    await goto('/');
    await expect.poll(() => page.getByText('Local mode · dev shop').isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Automate your first task').isVisible()).toBe(true);
    await shot('admin-a0-empty-workflows');
    await page.getByRole('link', { name: 'Create workflow' }).first().click();
    await page.waitForURL(/\/workflows\/new$/);

    await page.getByLabel('Workflow name').fill('Get a Slack message when search indexing is paused');
    await page.getByRole('button', { name: 'Choose trigger' }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose a trigger' });
    await dialog.getByRole('button', { name: 'Select trigger Search indexing paused (Algolia)', exact: true }).click();
    await expect.poll(() => page.getByText('Algolia: Search indexing paused').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Add step', exact: true }).click();
    await page.getByRole('menuitem', { name: /^Action/ }).click();
    await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Send message' });
    // Saving with the required fields empty: the API's problems show in a banner and next to each field.
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByText(/This workflow has \d+ problems?/).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('"Channel" is required').count()).toBeGreaterThanOrEqual(2);
    expect(page.url()).toMatch(/\/workflows\/new$/);
    await page.getByLabel('Channel', { exact: true }).fill('#search-ops');
    await page.getByLabel('Text', { exact: true }).fill('Indexing paused for {{ index }}');
    // The live preview renders the Liquid with the trigger's sample data.
    await expect.poll(() => page.getByText(/^Preview:/).count(), { timeout: 10_000 }).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/workflows\/\d+$/);
    await expect.poll(() => page.getByText('Version 1', { exact: true }).isVisible()).toBe(true);
    const workflowId = Number(/\/workflows\/(\d+)$/.exec(page.url())![1]);

    await page.getByRole('button', { name: 'Turn on workflow' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Turn off workflow' }).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Send test event' }).click();
    const send = page.getByRole('dialog', { name: 'Send test event' });
    await expect.poll(() => send.getByLabel('Trigger').inputValue()).toBe(`${algolia.clientId}::search-indexing-paused`);
    await send.getByLabel('Payload (JSON)').fill('{ "index": "products" }');
    await send.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.getByText('Test event sent: 1 run started').isVisible()).toBe(true);

    const [request] = await slack.waitForActions(1);
    expect(request!.body.properties).toEqual({ channel: '#search-ops', text: 'Indexing paused for products' });

    await page.getByRole('button', { name: 'View activity' }).click();
    await page.waitForURL(/\/activity$/);
    const runLink = page.getByRole('link', { name: /^Run of Get a Slack message when search indexing is paused/ });
    await expect.poll(() => runLink.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await api(sb.url, 'GET', `/admin/api/runs?workflow_id=${workflowId}`)).json.runs[0]?.status, { timeout: 15_000 }).toBe('succeeded');
    await runLink.first().click();
    await page.waitForURL(/\/activity\/[^/]+$/);
    await expect.poll(() => page.getByText('Succeeded', { exact: true }).first().isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByLabel('Properties sent by send-message').textContent()).toContain('Indexing paused for products');
    await expect.poll(() => page.getByLabel('Trigger payload').textContent()).toContain('products');
    await shot('admin-a-slack-when-indexing-paused');
  }, 90_000);

  it('a trigger of a connector that is not installed cannot be chosen until it is installed', async () => {
    begin();
    const stamped = await startConnectorApp(() => sb.url);
    try {
      await createAndDeploy(sb.url, stamped, 'Stamped', [{ path: 'extensions/review-created/shopify.extension.toml', content: REVIEW_TRIGGER }]);
      await goto('/workflows/new');
      await page.getByRole('button', { name: 'Choose trigger' }).click();
      const dialog = page.getByRole('dialog', { name: 'Choose a trigger' });
      const unavailable = dialog.getByRole('button', { name: 'Select trigger Review created (Stamped): unavailable, Stamped is not installed', exact: true });
      await expect.poll(() => unavailable.isVisible()).toBe(true);
      expect(await unavailable.isDisabled()).toBe(true);
      expect(await dialog.getByRole('heading', { name: 'Not installed' }).isVisible()).toBe(true);
      expect(await dialog.getByRole('button', { name: 'Install Stamped' }).isEnabled()).toBe(true);
      expect(await dialog.getByRole('button', { name: 'Select trigger Review created (Stamped)', exact: true }).count()).toBe(0);
      await unavailable.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(RESULTS, 'admin-b-not-installed.png') });

      await install(sb.url, stamped);
      await page.reload();
      await page.getByRole('button', { name: 'Choose trigger' }).click();
      const available = page.getByRole('dialog', { name: 'Choose a trigger' }).getByRole('button', { name: 'Select trigger Review created (Stamped)', exact: true });
      await expect.poll(() => available.isEnabled()).toBe(true);
      await available.click();
      await expect.poll(() => page.getByText('Stamped: Review created').isVisible()).toBe(true);
      await shot('admin-b-installed');
    } finally {
      await stamped.close();
    }
  }, 60_000);

  it('imports a template, tests it on sample data and shows each condition (at 375 px)', async () => {
    begin();
    await atPhoneWidth(page, async () => {
      await goto('/templates');
      await page.getByRole('button', { name: 'Use template Tag orders from returning customers' }).click();
      await page.waitForURL(/\/workflows\/\d+$/);
      await expect.poll(() => page.getByLabel('Workflow name').inputValue()).toBe('Tag orders from returning customers');
      await expect.poll(() => page.getByText('Off', { exact: true }).first().isVisible()).toBe(true);

      await expect.poll(() => page.getByLabel('Sample payload (JSON)').inputValue()).toContain('orders_count');
      // At 375 px the import's toast may cover the button for a few seconds: use the keyboard.
      await page.getByRole('button', { name: 'Run test' }).focus();
      await page.keyboard.press('Enter');
      const checks = page.getByRole('list', { name: 'Condition checks' });
      await expect.poll(() => checks.count(), { timeout: 10_000 }).toBe(1);
      const text = await checks.textContent();
      expect(text).toContain('order.customer.orders_count');
      expect(text).toMatch(/Held|Not held/);
      await expect.poll(() => page.getByText(/^Condition (held|not held)$/).count()).toBeGreaterThan(0);

      // Change the sample so the condition does not hold, and test again.
      const payload = JSON.parse(await page.getByLabel('Sample payload (JSON)').inputValue());
      payload.order.customer.orders_count = 1;
      await page.getByLabel('Sample payload (JSON)').fill(JSON.stringify(payload, null, 2));
      await page.getByRole('button', { name: 'Run test' }).click();
      await expect.poll(() => page.getByText('Condition not held', { exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);
      expect(await page.getByRole('list', { name: 'Condition checks' }).textContent()).toContain('Not held');
      await shot('admin-c-template-test-run-375px');
    });
  }, 60_000);

  it('a failed action is retried from its run page and then shows success', async () => {
    begin();
    // Only this test's workflow may take the scripted answer.
    for (const wf of (await api(sb.url, 'GET', '/admin/api/workflows')).json.workflows) {
      if (wf.enabled) await api(sb.url, 'POST', `/admin/api/workflows/${wf.id}/disable`);
    }
    const created = await api(sb.url, 'POST', '/admin/api/workflows', {
      name: 'Slack on paused indexing (retry)',
      trigger: { app: algolia.clientId, handle: 'search-indexing-paused' },
      steps: [{ id: 'notify', type: 'action', action: { app: slack.clientId, handle: 'send-message' }, fields: { channel: '#ops', text: 'Paused: {{ index }}' } }],
    });
    expect(created.status).toBe(201);
    expect((await api(sb.url, 'POST', `/admin/api/workflows/${created.json.id}/enable`)).status).toBe(200);

    slack.script.push({ status: 400, body: { message: 'nope' } });
    const before = slack.actions.length;
    const sent = await sendTrigger(sb.url, algolia.tokens.get(SHOP), { handle: 'search-indexing-paused', payload: { index: 'catalog' } });
    expect(sent.status).toBe(202);
    const [run] = await waitForRun(sb.url, (runs) => runs[0]?.status === 'failed', 20_000, `&workflow_id=${created.json.id}`);

    await goto(`/activity/${run.id}`);
    await expect.poll(() => page.getByText('Has errors', { exact: true }).first().isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByText(/nope/).first().isVisible()).toBe(true);
    await shot('admin-d-failed-delivery');

    await page.getByRole('button', { name: 'Retry delivery of send-message' }).click();
    await expect.poll(() => slack.actions.length, { timeout: 15_000 }).toBe(before + 2);
    await expect.poll(() => page.getByText('Succeeded', { exact: true }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('button', { name: 'Retry delivery of send-message' }).count()).toBe(0);
    const after = (await api(sb.url, 'GET', `/admin/api/runs/${run.id}`)).json;
    expect(after.deliveries[0].status).toBe('succeeded');
    expect(after.deliveries[0].attempts.map((a: { status_code: number }) => a.status_code)).toEqual([400, 200]);
    await shot('admin-d-retried');

    await goto('/');
    await expect.poll(() => page.getByRole('link', { name: 'Edit Slack on paused indexing (retry)' }).isVisible()).toBe(true);
    await shot('admin-workflows');
    // Row actions: versions in a modal, duplicate, delete with confirmation.
    await page.getByRole('button', { name: 'More actions for Slack on paused indexing (retry)' }).click();
    await page.getByRole('menuitem', { name: 'Versions' }).click();
    const versions = page.getByRole('dialog', { name: 'Versions of Slack on paused indexing (retry)' });
    await expect.poll(() => versions.getByRole('heading', { name: 'Version 1' }).isVisible()).toBe(true);
    await versions.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'More actions for Slack on paused indexing (retry)' }).click();
    await page.getByRole('menuitem', { name: 'Duplicate' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Edit Copy of Slack on paused indexing (retry)' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'More actions for Copy of Slack on paused indexing (retry)' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete Copy of Slack on paused indexing (retry)?' }).getByRole('button', { name: 'Delete workflow' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Edit Copy of Slack on paused indexing (retry)' }).count()).toBe(0);

    await goto('/connectors');
    await expect.poll(() => page.getByRole('button', { name: 'Uninstall Slack' }).isVisible()).toBe(true);
    await shot('admin-connectors');
  }, 60_000);

  it('exports a workflow as a file, and a bad file is refused on import with nothing changed', async () => {
    begin();
    const made = await api(sb.url, 'POST', '/admin/api/workflows', {
      name: 'Export me',
      trigger: { app: algolia.clientId, handle: 'search-indexing-paused' },
      steps: [{ id: 'notify', type: 'action', action: { app: slack.clientId, handle: 'send-message' }, fields: { channel: '#ops', text: 'Paused: {{ index }}' } }],
    });
    expect(made.status).toBe(201);
    await goto('/templates');
    await page.getByLabel('Workflow to export').selectOption({ label: 'Export me' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
    const file = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    expect(file.definition.name).toBe('Export me');

    const count = (await api(sb.url, 'GET', '/admin/api/workflows')).json.workflows.length;
    await page.getByLabel('Workflow file (JSON)').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"definition": {}}') });
    await expect.poll(() => page.getByText('broken.json could not be imported; nothing was changed').isVisible(), { timeout: 10_000 }).toBe(true);
    expect((await api(sb.url, 'GET', '/admin/api/workflows')).json.workflows.length).toBe(count);
    await shot('admin-e-import-refused');

    await page.getByLabel('Workflow file (JSON)').setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await page.waitForURL(/\/workflows\/\d+$/);
    await expect.poll(() => page.getByLabel('Workflow name').inputValue()).toBe('Export me');
    expect((await api(sb.url, 'GET', '/admin/api/workflows')).json.workflows.length).toBe(count + 1);
  }, 60_000);

  it('saves Slack credentials on the Settings page: field errors, Connected, only the masked hint after a reload, Disconnect', async () => {
    begin();
    const token = 'xoxb-1234-5678-secret3f9a';
    // Local mode connects the dev shop to the fake Slack; this merchant starts without a token.
    expect((await api(sb.url, 'DELETE', '/admin/api/credentials/slack')).status).toBe(204);
    await goto('/');
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.waitForURL(/\/settings$/);
    const slackCard = page.getByRole('region', { name: 'Slack', exact: true });
    await expect.poll(() => slackCard.getByText('Not connected', { exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);
    const botToken = slackCard.getByLabel('Bot token', { exact: true });
    expect(await botToken.getAttribute('type')).toBe('password');

    // Saving with the required field empty: the API names it, and the error shows next to it and in a banner.
    await slackCard.getByRole('button', { name: 'Save Slack credentials' }).click();
    await expect.poll(() => slackCard.getByText('Bot token is required', { exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => slackCard.getByText('Slack credentials could not be saved').isVisible()).toBe(true);
    expect(await botToken.getAttribute('aria-invalid')).toBe('true');
    await shot('admin-f-settings-field-error');

    await botToken.fill(token);
    await slackCard.getByRole('button', { name: 'Save Slack credentials' }).click();
    await expect.poll(() => slackCard.getByText('Connected', { exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByText('Slack credentials saved').isVisible()).toBe(true);
    expect(await slackCard.getByText('Bot token is required').count()).toBe(0);

    // After a reload: still connected, the field is empty and only the masked hint is shown, never the secret.
    await page.reload();
    await expect.poll(() => slackCard.getByText('Connected', { exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await slackCard.getByLabel('Bot token', { exact: true }).inputValue()).toBe('');
    expect(await slackCard.getByLabel('Bot token', { exact: true }).getAttribute('placeholder')).toBe('••••3f9a');
    expect(await page.content()).not.toContain(token);
    expect(JSON.stringify((await api(sb.url, 'GET', '/admin/api/credentials')).json)).not.toContain(token);
    await shot('admin-f-settings-connected');

    await slackCard.getByRole('button', { name: 'Disconnect Slack' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disconnect Slack?' });
    await confirm.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect.poll(() => slackCard.getByText('Not connected', { exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => confirm.count()).toBe(0);
    await page.reload();
    await expect.poll(() => slackCard.getByText('Not connected', { exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);

    // At 375 px the cards fit the screen.
    await atPhoneWidth(page, async () => {
      await expect.poll(() => slackCard.isVisible()).toBe(true);
      await shot('admin-f-settings-375px');
    });
  }, 60_000);
});
