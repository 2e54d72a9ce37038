/**
 * The Workflow error trigger, end to end: a connector action the app refuses
 * fails a run, and the shop's error workflows start with the workflow, the
 * run and the error; each has its own hourly limit, past which failures are
 * recorded as skipped runs; `workflow_ids` narrows which failures count; an
 * error workflow's own failure starts nothing; a For each that ends with
 * errors counts as a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import { api, createAndDeploy, createEnabledWorkflow, install, sendTrigger, waitForRun } from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';

const SHOP = 'dev-shop.myshopify.com';
const THROWS = (message: string) => `export default function main(input) {\n  throw new Error(${JSON.stringify(message)});\n}`;

describe('Workflow error trigger', () => {
  let sb: Awaited<ReturnType<typeof startInProcess>>;
  let app: ConnectorApp;
  let token: string;
  let a: any;
  let b: any;

  const review = (customer_id: number) => sendTrigger(sb.url, token, { handle: 'review-created', payload: { customer_id, rating: 1 } });
  const runsOf = async (workflowId: number) => (await api(sb.url, 'GET', `/admin/api/runs?workflow_id=${workflowId}&limit=500`)).json.runs as any[];
  const detail = async (runId: string) => (await api(sb.url, 'GET', `/admin/api/runs/${runId}`)).json;
  const settled = (runs: any[]) => runs.every((r) => !['running', 'waiting'].includes(r.status));
  /** Resolves when the workflow has `n` runs, all finished. */
  const finishedRuns = (workflowId: number, n: number) => waitForRun(sb.url, (rs) => rs.length === n && settled(rs), 20_000, `&workflow_id=${workflowId}`);
  /**
   * Resolves once the server's queue is empty: every job queued so far (the
   * workflow-error jobs are queued with each failure) has been worked. Read
   * through the store's own interface, the same on both backends.
   */
  const queueDrained = () => expect.poll(() => sb.store.nextJobAt(), { timeout: 20_000, interval: 50 }).toBeUndefined();
  const errorWorkflow = (name: string, errors: Record<string, unknown> | undefined, steps: unknown[]) => ({
    name,
    trigger: { app: 'switchboard', handle: 'workflow_error', ...(errors ? { errors } : {}) },
    steps,
  });
  const logFailure = { id: 'report', type: 'log', message: 'Workflow {{ workflow.name }} failed: {{ error.message }}' };
  const throwing = (name: string) => ({
    name,
    trigger: { app: app.clientId, handle: 'review-created' },
    steps: [{ id: 'lookup', type: 'run_code', code: THROWS(`${name} cannot reach its service`), input: {}, output: { points: 'number' } }],
  });
  const disable = async (id: number) => expect((await api(sb.url, 'POST', `/admin/api/workflows/${id}/disable`)).status).toBe(200);

  beforeAll(async () => {
    sb = await startInProcess();
    app = await startConnectorApp(() => sb.url);
    await createAndDeploy(sb.url, app);
    await install(sb.url, app);
    token = app.tokens.get(SHOP)!;
    a = await createEnabledWorkflow(sb.url, {
      name: 'Points for reviews',
      trigger: { app: app.clientId, handle: 'review-created' },
      steps: [{ id: 'points', type: 'action', action: { app: app.clientId, handle: 'add-points' }, fields: { customer_id: '{{ customer_id }}', points: '5' } }],
    });
    b = await createEnabledWorkflow(sb.url, errorWorkflow('Tell me about failures', { max_per_hour: 2 }, [logFailure]));
  });
  afterAll(async () => {
    await sb?.close();
    await app?.close();
  });

  it('a failed run starts the error workflow with the workflow, the run and the error, which its Log step can read', async () => {
    app.script.push({ status: 400, body: { message: 'Customer 1 has no loyalty account' } });
    await review(1);
    const [failed] = await finishedRuns(a.id, 1);
    expect(failed.status).toBe('failed');
    const failedStep = (await detail(failed.id)).steps.find((s: any) => s.status === 'failed');
    expect(failedStep.step_id).toBe('points');
    expect(failedStep.error).toContain('Customer 1 has no loyalty account');

    const [errorRun] = await finishedRuns(b.id, 1);
    expect(errorRun.status).toBe('succeeded_no_actions');
    const run = await detail(errorRun.id);
    expect(run.event).toMatchObject({ source: 'switchboard', handle: 'workflow_error' });
    expect(run.event.payload).toEqual({
      workflow: { id: a.id, name: 'Points for reviews' },
      run: { id: failed.id, status: 'failed', started_at: failed.created_at, url: `/runs/${failed.id}` },
      error: { message: failedStep.error, step_id: 'points' },
    });
    expect(run.steps).toEqual([
      expect.objectContaining({ step_id: 'report', kind: 'log', status: 'succeeded', output: { message: `Workflow Points for reviews failed: ${failedStep.error}` } }),
    ]);
  });

  it('past its hourly limit (2), a failure is recorded as a skipped run with the reason', async () => {
    app.script.push({ status: 400, body: { message: 'Customer 2 has no loyalty account' } }, { status: 400, body: { message: 'Customer 3 has no loyalty account' } });
    await review(2);
    await review(3);
    const failures = await finishedRuns(a.id, 3);
    expect(failures.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    const runs = await finishedRuns(b.id, 3);
    const started = runs.filter((r) => r.status !== 'skipped');
    const skipped = runs.filter((r) => r.status === 'skipped');
    expect(started.map((r) => r.status)).toEqual(['succeeded_no_actions', 'succeeded_no_actions']);
    expect(skipped).toHaveLength(1);
    expect(skipped[0].error).toBe("Not run: more than 2 failures in an hour (this workflow's limit)");
    // The skipped run keeps the failure it was about, so the merchant sees what was held back.
    const held = await detail(skipped[0].id);
    expect(held.steps).toEqual([]);
    expect(held.event.payload.workflow).toEqual({ id: a.id, name: 'Points for reviews' });
    const about = new Set([...started, ...skipped].map((r) => r.event_id));
    expect(about.size).toBe(3);
  });

  it('errors.workflow_ids starts it only for the chosen workflows', async () => {
    await disable(a.id);
    await disable(b.id);
    const x = await createEnabledWorkflow(sb.url, throwing('Workflow X'));
    const y = await createEnabledWorkflow(sb.url, throwing('Workflow Y'));
    const onlyX = await createEnabledWorkflow(sb.url, errorWorkflow('Only X', { workflow_ids: [x.id] }, [logFailure]));
    const every = await createEnabledWorkflow(sb.url, errorWorkflow('Every failure', undefined, [logFailure]));

    await review(4);
    const [xRun] = await finishedRuns(x.id, 1);
    const [yRun] = await finishedRuns(y.id, 1);
    expect([xRun.status, yRun.status]).toEqual(['failed', 'failed']);
    // Both failures reached the unfiltered workflow, so both have been decided for every listener.
    const everyRuns = await finishedRuns(every.id, 2);
    expect(new Set(await Promise.all(everyRuns.map(async (r) => (await detail(r.id)).event.payload.run.id)))).toEqual(new Set([xRun.id, yRun.id]));
    const [onlyXRun, ...more] = await finishedRuns(onlyX.id, 1);
    expect(more).toEqual([]);
    const payload = (await detail(onlyXRun.id)).event.payload;
    expect(payload.workflow).toEqual({ id: x.id, name: 'Workflow X' });
    expect(payload.run.id).toBe(xRun.id);
    expect(payload.error).toEqual({ message: expect.stringContaining('Workflow X cannot reach its service'), step_id: 'lookup' });
    expect(await runsOf(onlyX.id)).toHaveLength(1);
  });

  it("an error workflow that fails starts no error workflow, itself included (no loop)", async () => {
    const failing = await createEnabledWorkflow(sb.url, errorWorkflow('Error handler that fails', undefined, [
      { id: 'escalate', type: 'run_code', code: THROWS('the pager is down'), input: { name: 'workflow.name' }, output: { ok: 'boolean' } },
    ]));
    const every = (await api(sb.url, 'GET', '/admin/api/workflows')).json.workflows.find((w: any) => w.name === 'Every failure');
    const everyBefore = (await runsOf(every.id)).length;

    await review(5);
    // Workflows X and Y fail; the failing handler runs once for each and fails too.
    const handlerRuns = await finishedRuns(failing.id, 2);
    expect(handlerRuns.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(handlerRuns.every((r) => /the pager is down/.test(r.error))).toBe(true);
    // Its failures were queued like any other; once worked, they started nothing.
    await queueDrained();
    expect(await runsOf(failing.id)).toHaveLength(2);
    const everyRuns = await finishedRuns(every.id, everyBefore + 2);
    const aboutWorkflows = await Promise.all(everyRuns.map(async (r) => (await detail(r.id)).event.payload.workflow.name));
    expect(aboutWorkflows.filter((n) => n === 'Error handler that fails')).toEqual([]);
    // Leave only the unfiltered error workflow listening.
    for (const w of (await api(sb.url, 'GET', '/admin/api/workflows')).json.workflows) if (w.enabled && w.id !== every.id) await disable(w.id);
  });

  it('a For each whose item failed ends "has errors", and that starts the error workflow too', async () => {
    const every = (await api(sb.url, 'GET', '/admin/api/workflows')).json.workflows.find((w: any) => w.name === 'Every failure');
    const everyBefore = (await runsOf(every.id)).length;
    const loop = await createEnabledWorkflow(sb.url, {
      name: 'Points per item',
      trigger: { app: app.clientId, handle: 'review-created' },
      steps: [
        { id: 'items', type: 'run_code', code: 'export default function main() {\n  return { items: [{ n: 31 }, { n: 32 }, { n: 33 }] };\n}', input: {}, output: { items: [{ n: 'number' }] } },
        { id: 'each', type: 'for_each', list: 'steps.items.items', steps: [{ id: 'add', type: 'action', action: { app: app.clientId, handle: 'add-points' }, fields: { customer_id: '{{ item.n }}', points: '1' } }] },
      ],
    });
    app.actions.length = 0;
    app.script.push({ status: 200, body: {} }, { status: 400, body: { message: 'Customer 32 has no loyalty account' } }, { status: 200, body: {} });
    await review(6);
    const [run] = await finishedRuns(loop.id, 1);
    expect(run.status).toBe('has_errors');
    expect(app.actions.map((x) => x.body.properties)).toEqual([{ customer_id: 31, points: 1 }, { customer_id: 32, points: 1 }, { customer_id: 33, points: 1 }]);

    const everyRuns = await finishedRuns(every.id, everyBefore + 1);
    const payloads = await Promise.all(everyRuns.map(async (r) => (await detail(r.id)).event.payload));
    const aboutLoop = payloads.filter((p) => p.workflow.id === loop.id);
    expect(aboutLoop).toHaveLength(1);
    expect(aboutLoop[0]).toMatchObject({
      workflow: { id: loop.id, name: 'Points per item' },
      run: { id: run.id, status: 'has_errors' },
      error: { step_id: 'add', message: expect.stringContaining('Customer 32 has no loyalty account') },
    });
  });
});
