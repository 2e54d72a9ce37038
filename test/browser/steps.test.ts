/**
 * The admin's forms for the workflow steps of issue 10 (Wait, For each, Run
 * code, Get data, Admin API request, Log output), the scheduled trigger's
 * settings, and the run page, replay and re-run of such workflows: in a real
 * Chromium against a real Switchboard (local mode, the fake Shopify).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, waitForRun } from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';
import { atPhoneWidth, CHROMIUM, ensureWebBuilt, hasChromium, launchBrowser, RESULTS, type Browser } from './harness.js';

if (!hasChromium) {
  console.warn(`Browser tests (test/browser/steps.test.ts) were skipped: ${CHROMIUM} is missing. Install it with: sudo apt-get install -y chromium`);
}

const ORDER_CREATED = { app: 'shopify', handle: 'order-created' };
const DEFAULT_CODE = 'export default function main(input) {\n  return {};\n}';

type Server = Awaited<ReturnType<typeof startInProcess>>;
interface Problem {
  path: string;
  message: string;
}

describe.skipIf(!hasChromium)('workflow steps in the admin (Chromium)', () => {
  let sb: Server;
  let browser: Browser;
  let page: Page;
  const durations: Record<string, number> = {};

  beforeAll(async () => {
    await ensureWebBuilt();
    fs.mkdirSync(RESULTS, { recursive: true });
    sb = await startInProcess();
    browser = await launchBrowser();
    page = browser.page;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await sb?.close();
    if (Object.keys(durations).length) console.log('browser test durations (ms):', durations);
    if (browser?.consoleErrors.length) console.log('browser console errors:', browser.consoleErrors);
  });

  let started = 0;
  const begin = () => (started = Date.now());
  afterEach((ctx) => {
    durations[ctx.task.name] = Date.now() - started;
  });

  const shot = (name: string) => page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true });
  const goto = (p: string) => page.goto(new URL(p, sb.url).toString());

  /** A new workflow on Shopify's "Order created", named. */
  async function newWorkflow(name: string) {
    await goto('/workflows/new');
    await page.getByLabel('Workflow name').fill(name);
    await page.getByRole('button', { name: 'Choose trigger' }).click();
    await page.getByRole('dialog', { name: 'Choose a trigger' }).getByRole('button', { name: 'Select trigger Order created (Shopify)', exact: true }).click();
    await expect.poll(() => page.getByText('Shopify: Order created').isVisible()).toBe(true);
  }

  /** "Add step" (of the top level, or the one named `button`), then the kind from its menu. */
  async function addStep(kind: RegExp, button: string | RegExp = 'Add step') {
    await page.getByRole('button', typeof button === 'string' ? { name: button, exact: true } : { name: button }).click();
    await page.getByRole('menuitem', { name: kind }).click();
  }

  const isSave = (r: Response) => /^\/admin\/api\/workflows(\/\d+)?$/.test(new URL(r.url()).pathname) && ['POST', 'PUT'].includes(r.request().method());

  /** Clicks Save and returns the API's answer to it. */
  async function save(): Promise<{ status: number; body: any }> {
    const [res] = await Promise.all([page.waitForResponse(isSave), page.getByRole('button', { name: 'Save', exact: true }).click()]);
    return { status: res.status(), body: await res.json() };
  }

  /** Saves a new workflow and waits for its page; its id. */
  async function saveNew(): Promise<number> {
    const { status, body } = await save();
    expect(status, JSON.stringify(body)).toBe(201);
    await page.waitForURL(/\/workflows\/\d+$/);
    return Number(/\/workflows\/(\d+)$/.exec(page.url())![1]);
  }

  /** The one problem of a refused save at `path` (or below it). */
  function problemAt(answer: { status: number; body: any }, at: string): Problem {
    expect(answer.status).toBe(422);
    const problems: Problem[] = answer.body.error.problems;
    const found = problems.find((p) => p.path === at || p.path.startsWith(`${at}.`));
    expect(found, `a problem at ${at} in ${JSON.stringify(problems)}`).toBeDefined();
    return found!;
  }

  const definitionOf = async (id: number) => (await api(sb.url, 'GET', `/admin/api/workflows/${id}`)).json.definition;
  const stepRegion = (kind: string) => page.getByRole('region', { name: new RegExp(`^${kind} step `) });

  it('Wait: over 90 days the server\'s message shows at the field; 3 days saves and is there after a reload', async () => {
    begin();
    await newWorkflow('Follow up after an order');
    await addStep(/^Wait/);
    const wait = stepRegion('Wait');
    expect(await wait.getByText('At most 90 days').isVisible()).toBe(true);
    await wait.getByLabel('Wait for').fill('120');
    await wait.getByLabel('Unit').selectOption('days');

    const refused = await save();
    const problem = problemAt(refused, 'steps[0].duration');
    await expect.poll(() => wait.getByText(problem.message).isVisible()).toBe(true);
    expect(await wait.getByLabel('Wait for').getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toMatch(/\/workflows\/new$/);
    await shot('steps-wait-over-90-days');

    await wait.getByLabel('Wait for').fill('3');
    const id = await saveNew();
    await page.reload();
    const reloaded = stepRegion('Wait');
    await expect.poll(() => reloaded.getByLabel('Wait for').inputValue()).toBe('3');
    expect(await reloaded.getByLabel('Unit').inputValue()).toBe('days');
    expect(await reloaded.getByText(problem.message).count()).toBe(0);
    expect((await definitionOf(id)).steps).toEqual([{ id: expect.any(String), type: 'wait', duration: { amount: 3, unit: 'days' } }]);
    await shot('steps-wait-form');
  }, 90_000);

  it('For each: a list picked from the variables and a Log output inside, saved and there after a reload', async () => {
    begin();
    await newWorkflow('Log each line item');
    await addStep(/^For each/);
    const loop = stepRegion('For each');
    expect(await loop.getByText('is the current item').isVisible()).toBe(true);
    await loop.getByRole('button', { name: 'Choose a variable for List' }).click();
    await page.getByRole('menuitem', { name: 'Use order.line_items' }).click();
    expect(await loop.getByLabel('List', { exact: true }).inputValue()).toBe('order.line_items');

    await addStep(/^Log output/, /^Add step inside For each /);
    const log = loop.getByRole('region', { name: /^Log output step / });
    await log.getByLabel('Message', { exact: true }).fill('Line {{ index }}: {{ item.title }} x {{ item.quantity }}');
    // Inside the loop, item and index are offered as variables.
    await log.getByRole('button', { name: 'Insert variable into Message' }).click();
    await expect.poll(() => page.getByRole('menuitem', { name: 'Insert item.title' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await shot('steps-for-each-form');

    const id = await saveNew();
    await page.reload();
    const reloaded = stepRegion('For each');
    await expect.poll(() => reloaded.getByLabel('List', { exact: true }).inputValue()).toBe('order.line_items');
    expect(await reloaded.getByRole('region', { name: /^Log output step / }).getByLabel('Message', { exact: true }).inputValue()).toBe('Line {{ index }}: {{ item.title }} x {{ item.quantity }}');
    const [step] = (await definitionOf(id)).steps;
    expect(step).toMatchObject({ type: 'for_each', list: 'order.line_items', steps: [{ type: 'log', message: 'Line {{ index }}: {{ item.title }} x {{ item.quantity }}' }] });
  }, 90_000);

  it('Run code: prefilled code, inputs and an output shape (bad JSON shown inline) persist; a syntax error shows at the code field', async () => {
    begin();
    const code = 'export default function main(input) {\n  return { total: Number(input.price) * 2, tags: ["big"] };\n}';
    await newWorkflow('Double the order total');
    await addStep(/^Run code/);
    const step = stepRegion('Run code');
    expect(await step.getByLabel('Code (JavaScript)').inputValue()).toBe(DEFAULT_CODE);
    await step.getByLabel('Code (JavaScript)').fill(code);
    await step.getByRole('button', { name: /^Add input to / }).click();
    await step.getByLabel('Input name 1', { exact: true }).fill('price');
    await step.getByLabel('Variable path 1', { exact: true }).fill('order.total_price');
    const shape = step.getByLabel('Output shape (JSON)');
    await shape.fill('{"total": ');
    await expect.poll(() => step.getByText(/Not valid JSON/).isVisible()).toBe(true);
    await shape.fill('{"total":"number","tags":["string"]}');
    await expect.poll(() => step.getByText(/Not valid JSON/).count()).toBe(0);
    await shot('steps-run-code-form');

    const id = await saveNew();
    await page.reload();
    const reloaded = stepRegion('Run code');
    await expect.poll(() => reloaded.getByLabel('Code (JavaScript)').inputValue()).toBe(code);
    expect(await reloaded.getByLabel('Input name 1', { exact: true }).inputValue()).toBe('price');
    expect(await reloaded.getByLabel('Variable path 1', { exact: true }).inputValue()).toBe('order.total_price');
    expect(JSON.parse(await reloaded.getByLabel('Output shape (JSON)').inputValue())).toEqual({ total: 'number', tags: ['string'] });
    expect((await definitionOf(id)).steps[0]).toMatchObject({ type: 'run_code', code, input: { price: 'order.total_price' }, output: { total: 'number', tags: ['string'] } });

    await reloaded.getByLabel('Code (JavaScript)').fill('export default function main(input) {\n  return { total: ;\n}');
    const refused = await save();
    const problem = problemAt(refused, 'steps[0].code');
    await expect.poll(() => reloaded.getByText(problem.message).isVisible()).toBe(true);
    expect(await reloaded.getByLabel('Code (JavaScript)').getAttribute('aria-invalid')).toBe('true');
    await shot('steps-run-code-syntax-error');
  }, 90_000);

  it('Get data, Send Admin API request and Log output: their forms save and are there after a reload', async () => {
    begin();
    await newWorkflow('Count paid orders and tag');
    await addStep(/^Get data/);
    const data = stepRegion('Get data');
    await data.getByLabel('Resource').selectOption('orders');
    await data.getByLabel('Operation').selectOption('count');
    await data.getByLabel('Query', { exact: true }).fill('financial_status:paid AND email:{{ order.email }}');
    expect(await data.getByRole('link', { name: 'Shopify search syntax' }).getAttribute('href')).toContain('shopify.dev');
    await data.getByLabel('Sort by').selectOption('CREATED_AT');
    await data.getByLabel('Reverse order').check();

    await addStep(/^Send Admin API request/);
    const admin = stepRegion('Send Admin API request');
    const mutation = 'mutation addTags($id: ID!, $tags: [String!]!) {\n  tagsAdd(id: $id, tags: $tags) { userErrors { field message } }\n}';
    await admin.getByLabel('Mutation (GraphQL)').fill(mutation);
    await admin.getByLabel('Variables (JSON)', { exact: true }).fill('{ "id": "{{ order.admin_graphql_api_id }}", "tags": ["repeat"] }');

    await addStep(/^Log output/);
    await stepRegion('Log output').getByLabel('Message', { exact: true }).fill('Tagged {{ order.name }}');
    await shot('steps-get-data-admin-api-log-forms');

    const id = await saveNew();
    await page.reload();
    await expect.poll(() => stepRegion('Get data').getByLabel('Operation').inputValue()).toBe('count');
    expect(await stepRegion('Get data').getByLabel('Sort by').inputValue()).toBe('CREATED_AT');
    expect(await stepRegion('Get data').getByLabel('Reverse order').isChecked()).toBe(true);
    expect(await stepRegion('Send Admin API request').getByLabel('Mutation (GraphQL)').inputValue()).toBe(mutation);
    expect(await stepRegion('Log output').getByLabel('Message', { exact: true }).inputValue()).toBe('Tagged {{ order.name }}');
    const steps = (await definitionOf(id)).steps;
    expect(steps.map((s: { type: string }) => s.type)).toEqual(['get_data', 'admin_api', 'log']);
    expect(steps[0]).toMatchObject({ resource: 'orders', operation: 'count', query: 'financial_status:paid AND email:{{ order.email }}', sort: { key: 'CREATED_AT', reverse: true } });

    // On a phone the forms fit the screen, a Run code step with an input and a For each included.
    await addStep(/^Run code/);
    await stepRegion('Run code').getByRole('button', { name: /^Add input to / }).click();
    await addStep(/^For each/);
    await atPhoneWidth(page, async () => {
      await expect.poll(() => stepRegion('Run code').isVisible()).toBe(true);
      await shot('steps-forms-375px');
    });
  }, 90_000);

  it('Scheduled time: every 5 minutes is refused at the interval field; every 15 minutes saves and reloads', async () => {
    begin();
    await goto('/workflows/new');
    await page.getByLabel('Workflow name').fill('Quarter-hourly check');
    await page.getByRole('button', { name: 'Choose trigger' }).click();
    await page.getByRole('dialog', { name: 'Choose a trigger' }).getByRole('button', { name: 'Select trigger Scheduled time (Switchboard)', exact: true }).click();
    await expect.poll(() => page.getByText("the shop's time zone").first().isVisible()).toBe(true);
    await page.getByLabel('Start date').fill('2030-01-15');
    await page.getByLabel('Start time').fill('08:30');
    await page.getByLabel('Repeat').selectOption('minutely');
    await page.getByLabel('Every', { exact: true }).fill('5');
    await addStep(/^Log output/);
    await stepRegion('Log output').getByLabel('Message', { exact: true }).fill('Tick at {{ scheduled_at }}');

    const refused = await save();
    const problem = problemAt(refused, 'trigger.schedule.interval');
    await expect.poll(() => page.getByText(problem.message).first().isVisible()).toBe(true);
    expect(await page.getByLabel('Every', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await shot('steps-schedule-interval-refused');

    await page.getByLabel('Every', { exact: true }).fill('15');
    const id = await saveNew();
    await page.reload();
    await expect.poll(() => page.getByLabel('Start date').inputValue()).toBe('2030-01-15');
    expect(await page.getByLabel('Start time').inputValue()).toBe('08:30');
    expect(await page.getByLabel('Repeat').inputValue()).toBe('minutely');
    expect(await page.getByLabel('Every', { exact: true }).inputValue()).toBe('15');
    expect((await definitionOf(id)).trigger).toEqual({ app: 'switchboard', handle: 'scheduled_time', schedule: { start: '2030-01-15T08:30', frequency: 'minutely', interval: 15 } });
    await shot('steps-schedule-form');
  }, 90_000);

  it('Workflow error: chosen workflows and a runs-per-hour cap save and are there after a reload', async () => {
    begin();
    const watched = await api(sb.url, 'POST', '/admin/api/workflows', { name: 'Watched workflow', trigger: ORDER_CREATED, steps: [{ id: 'note', type: 'log', message: 'hi' }] });
    expect(watched.status, JSON.stringify(watched.json)).toBe(201);
    await goto('/workflows/new');
    await page.getByLabel('Workflow name').fill('Tell me when Watched workflow fails');
    await page.getByRole('button', { name: 'Choose trigger' }).click();
    await page.getByRole('dialog', { name: 'Choose a trigger' }).getByRole('button', { name: 'Select trigger Workflow error (Switchboard)', exact: true }).click();
    await expect.poll(() => page.getByText('Any workflow of this shop').isVisible()).toBe(true);
    expect(await page.getByLabel('At most this many runs per hour').inputValue()).toBe('60');
    await page.getByText('These workflows', { exact: true }).click();
    await page.getByText('Watched workflow', { exact: true }).click();
    await page.getByLabel('At most this many runs per hour').fill('30');
    await addStep(/^Log output/);
    await stepRegion('Log output').getByLabel('Message', { exact: true }).fill('{{ workflow.name }} failed: {{ error.message }}');
    await shot('steps-workflow-error-form');

    const id = await saveNew();
    await page.reload();
    await expect.poll(() => page.getByLabel('At most this many runs per hour').inputValue()).toBe('30');
    await expect.poll(() => page.getByRole('checkbox', { name: 'Watched workflow' }).isChecked()).toBe(true);
    expect((await definitionOf(id)).trigger).toEqual({ app: 'switchboard', handle: 'workflow_error', errors: { workflow_ids: [watched.json.id], max_per_hour: 30 } });
  }, 90_000);

  /** A workflow on Order created made through the API and turned on; its id. */
  async function enabledWorkflow(name: string, steps: unknown[]): Promise<number> {
    // Only this workflow may answer the next event.
    for (const wf of (await api(sb.url, 'GET', '/admin/api/workflows')).json.workflows) {
      if (wf.enabled) await api(sb.url, 'POST', `/admin/api/workflows/${wf.id}/disable`);
    }
    const created = await api(sb.url, 'POST', '/admin/api/workflows', { name, trigger: ORDER_CREATED, steps });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const on = await api(sb.url, 'POST', `/admin/api/workflows/${created.json.id}/enable`);
    expect(on.status, JSON.stringify(on.json)).toBe(200);
    return created.json.id;
  }

  const sendOrder = async (payload?: unknown) => {
    const sent = await api(sb.url, 'POST', '/admin/api/test-events', { trigger: ORDER_CREATED, ...(payload === undefined ? {} : { payload }) });
    expect(sent.status, JSON.stringify(sent.json)).toBe(202);
  };

  it('a run paused on a Wait shows "Waiting until" on its run page', async () => {
    begin();
    const id = await enabledWorkflow('Wait two days', [
      { id: 'pause', type: 'wait', duration: { amount: 2, unit: 'days' } },
      { id: 'after', type: 'log', message: 'two days later' },
    ]);
    await sendOrder();
    const [run] = await waitForRun(sb.url, (runs) => runs[0]?.status === 'waiting' && Boolean(runs[0].resume_at), 20_000, `&workflow_id=${id}`);
    await goto(`/activity/${run.id}`);
    await expect.poll(() => page.getByText(/^Waiting until /).first().isVisible(), { timeout: 10_000 }).toBe(true);
    const resume = new Date(run.resume_at).getTime();
    expect(resume).toBeGreaterThan(Date.now() + 47 * 3600_000);
    await expect.poll(() => page.getByRole('region', { name: 'Step pause' }).getByText(/^Waits until /).isVisible()).toBe(true);
    await shot('steps-run-waiting-until');

    // A new version: the workflow page offers to move the waiting run to it.
    const v2 = await api(sb.url, 'PUT', `/admin/api/workflows/${id}`, {
      name: 'Wait two days',
      trigger: ORDER_CREATED,
      steps: [
        { id: 'pause', type: 'wait', duration: { amount: 2, unit: 'days' } },
        { id: 'after', type: 'log', message: 'two days later (v2)' },
      ],
    });
    expect(v2.status, JSON.stringify(v2.json)).toBe(200);
    expect(v2.json.version).toBe(2);
    await goto(`/workflows/${id}`);
    await expect.poll(() => page.getByText('1 run is waiting on an older version').isVisible(), { timeout: 10_000 }).toBe(true);
    await shot('steps-move-waiting-runs');
    await page.getByRole('button', { name: 'Move waiting runs to the newest version' }).click();
    await expect.poll(() => page.getByText('1 waiting run was moved to version 2').isVisible(), { timeout: 10_000 }).toBe(true);
    const moved = (await api(sb.url, 'GET', `/admin/api/runs/${run.id}`)).json;
    expect(moved.workflow_version).toBe(2);
    expect(moved.status).toBe('waiting');
  }, 60_000);

  it('a run whose For each had a failing item shows the warning badge "Has errors"', async () => {
    begin();
    const id = await enabledWorkflow('Check each line', [
      {
        id: 'each',
        type: 'for_each',
        list: 'order.line_items',
        steps: [
          {
            id: 'check',
            type: 'run_code',
            code: 'export default function main(input) {\n  if (input.index === 0) throw new Error("first item refused");\n  return { ok: true };\n}',
            input: { index: 'index' },
            output: { ok: 'boolean' },
          },
        ],
      },
    ]);
    await sendOrder();
    const [run] = await waitForRun(sb.url, (runs) => runs[0] && !['running', 'waiting'].includes(runs[0].status), 20_000, `&workflow_id=${id}`);
    expect(run.status).toBe('has_errors');
    await goto(`/activity/${run.id}`);
    const label = page.getByText('Has errors', { exact: true }).first();
    await expect.poll(() => label.isVisible(), { timeout: 10_000 }).toBe(true);
    // A warning (a failed run's badge is critical).
    expect(await label.locator('xpath=ancestor::span[contains(@class, "Polaris-Badge")][1]').getAttribute('class')).toContain('toneWarning');
    await expect.poll(() => page.getByText('first item refused').first().isVisible()).toBe(true);
    await shot('steps-run-has-errors');
  }, 60_000);

  it('a run shows Run code\'s console output and the Log message; replayed from the workflow page (dry run, then for real)', async () => {
    begin();
    const id = await enabledWorkflow('Double and log', [
      {
        id: 'code',
        type: 'run_code',
        code: 'export default function main(input) {\n  console.log("price is", input.price);\n  return { doubled: Number(input.price) * 2 };\n}',
        input: { price: 'order.total_price' },
        output: { doubled: 'number' },
      },
      { id: 'note', type: 'log', message: 'Doubled: {{ steps.code.doubled }}' },
    ]);
    await sendOrder();
    const [run] = await waitForRun(sb.url, (runs) => runs[0]?.status === 'succeeded' || runs[0]?.status === 'succeeded_no_actions', 20_000, `&workflow_id=${id}`);
    await goto(`/activity/${run.id}`);
    const consoleOut = page.getByLabel('Console output of code');
    await expect.poll(() => consoleOut.textContent(), { timeout: 10_000 }).toMatch(/^price is /);
    await expect.poll(() => page.getByLabel('Message of note').textContent()).toMatch(/^Doubled: \d/);
    await shot('steps-run-code-and-log-run');

    await goto(`/workflows/${id}`);
    await page.getByRole('button', { name: 'Replay past events' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay Double and log' });
    // Polaris draws its own radio and checkbox over the inputs: click their labels.
    await dialog.getByText('The events of these runs', { exact: true }).click();
    // The workflow has run once: one run to choose.
    await expect.poll(() => dialog.getByRole('checkbox').count()).toBe(1);
    await dialog.locator('label').filter({ has: page.getByRole('checkbox') }).click();
    expect(await dialog.getByRole('checkbox').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Dry run', exact: true }).click();
    await expect.poll(() => dialog.getByRole('heading', { name: 'Dry run: 1 event' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => dialog.getByLabel('Console output of code').first().textContent()).toMatch(/^price is /);
    await shot('steps-replay-dry-run');
    await dialog.getByRole('button', { name: 'Replay 1 event' }).click();
    await expect.poll(() => dialog.getByText('Replay finished').isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => dialog.getByText('1 of 1 runs finished.').isVisible()).toBe(true);
    await shot('steps-replay-finished');
    const runs = (await api(sb.url, 'GET', `/admin/api/runs?workflow_id=${id}`)).json.runs;
    const replayed = runs.find((r: { replay_id: string | null }) => r.replay_id);
    expect(replayed).toBeDefined();
    await goto(`/activity/${replayed.id}`);
    await expect.poll(() => page.getByText('Replay', { exact: true }).first().isVisible(), { timeout: 10_000 }).toBe(true);
  }, 90_000);

  it('a failed run is re-run with an edited payload and the new run is shown', async () => {
    begin();
    const id = await enabledWorkflow('Only gift notes', [
      {
        id: 'check',
        type: 'run_code',
        code: 'export default function main(input) {\n  if (input.note !== "gift") throw new Error("note is " + input.note);\n  return { ok: true };\n}',
        input: { note: 'order.note' },
        output: { ok: 'boolean' },
      },
    ]);
    await sendOrder();
    const [run] = await waitForRun(sb.url, (runs) => runs[0]?.status === 'failed', 20_000, `&workflow_id=${id}`);
    await goto(`/activity/${run.id}`);
    await expect.poll(() => page.getByText(/note is /).first().isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByRole('button', { name: 'Re-run with edited payload' }).click();
    const dialog = page.getByRole('dialog', { name: 'Re-run with edited payload' });
    const editor = dialog.getByLabel('Event payload (JSON)');
    const payload = JSON.parse(await editor.inputValue());
    payload.order.note = 'gift';
    await editor.fill(JSON.stringify(payload, null, 2));
    await shot('steps-rerun-edited-payload');
    await dialog.getByRole('button', { name: 'Re-run', exact: true }).click();
    await page.waitForURL((u) => /\/activity\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith(run.id));
    const rerunId = decodeURIComponent(/\/activity\/([^/]+)$/.exec(new URL(page.url()).pathname)![1]!);
    await expect.poll(async () => (await api(sb.url, 'GET', `/admin/api/runs/${rerunId}`)).json.status, { timeout: 20_000 }).toMatch(/^succeeded/);
    await expect.poll(() => page.getByText(/^Succeeded/).first().isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByText('Replay', { exact: true }).first().isVisible()).toBe(true);
    await shot('steps-rerun-succeeded');
  }, 90_000);
});
