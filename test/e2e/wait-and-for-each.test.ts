/**
 * Wait and For each survive a SIGKILL of the server: a run waiting two days
 * (the server's clock moved forward through SWITCHBOARD_CLOCK_OFFSET_FILE, no
 * sleeping) resumes once after a restart, and turning its workflow off
 * cancels it; a For each over 2,500 items killed midway handles every item,
 * none twice, counted at the receiving app by action_run_id.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import { api, createAndDeploy, createEnabledWorkflow, install, sendTrigger, waitForRun } from '../support/journey.js';
import { startChild, type ChildServer } from '../support/switchboard.js';
import { freshDatabaseEnv } from '../support/database.js';
import { clockFile } from '../support/clock.js';

const DAY = 86_400_000;

describe('Wait survives a SIGKILL and resumes once; turning the workflow off cancels waiting runs', () => {
  let server: ChildServer | undefined;
  let app: ConnectorApp | undefined;
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await app?.close();
  });

  it('waits two days on the injected clock, across a kill and a restart', async () => {
    const clock = clockFile();
    const env = { ...freshDatabaseEnv('wait'), SWITCHBOARD_CLOCK_OFFSET_FILE: clock.file, QUEUE_POLL_MS: '50' };
    server = await startChild(env);
    app = await startConnectorApp(() => server!.url);
    await createAndDeploy(server.url, app);
    await install(server.url, app);
    const token = app.tokens.get('dev-shop.myshopify.com')!;
    const workflow = await createEnabledWorkflow(server.url, {
      name: 'Points two days after a review',
      trigger: { app: app.clientId, handle: 'review-created' },
      steps: [
        { id: 'two-days', type: 'wait', duration: { amount: 2, unit: 'days' } },
        { id: 'add-points', type: 'action', action: { app: app.clientId, handle: 'add-points' }, fields: { customer_id: '{{ customer_id }}', points: '5' } },
      ],
    });

    expect((await sendTrigger(server.url, token, { handle: 'review-created', payload: { customer_id: 7, rating: 5 } })).status).toBe(202);
    const [waiting] = await waitForRun(server.url, (runs) => runs.length === 1 && runs[0].status === 'waiting' && runs[0].resume_at);
    const page = await api(server.url, 'GET', `/admin/api/runs/${waiting.id}`);
    expect(page.json.steps).toEqual([expect.objectContaining({ step_id: 'two-days', kind: 'wait', status: 'waiting', input: { until: waiting.resume_at } })]);
    expect(Date.parse(waiting.resume_at) - Date.parse(page.json.steps[0].started_at)).toBe(2 * DAY);

    await server.kill('SIGKILL');
    server = await startChild(env);
    // A day later it still waits; past the two days it resumes.
    clock.set(DAY);
    const oneDayOn = await api(server.url, 'GET', `/admin/api/runs/${waiting.id}`);
    expect(oneDayOn.json.status).toBe('waiting');
    clock.set(2 * DAY + 1000);
    await waitForRun(server.url, (runs) => runs[0]?.status === 'succeeded');
    expect(app.actions).toHaveLength(1);
    expect(app.actions[0]!.body.properties).toEqual({ customer_id: 7, points: 5 });
    const resumed = await api(server.url, 'GET', `/admin/api/runs/${waiting.id}`);
    expect(resumed.json.steps.map((s: any) => [s.step_id, s.status])).toEqual([['two-days', 'succeeded'], ['add-points', 'succeeded']]);

    // A second review waits; turning the workflow off cancels it, visibly, and nothing is sent.
    expect((await sendTrigger(server.url, token, { handle: 'review-created', payload: { customer_id: 8, rating: 4 } })).status).toBe(202);
    await waitForRun(server.url, (runs) => runs.length === 2 && runs.some((r) => r.status === 'waiting'));
    const off = await api(server.url, 'POST', `/admin/api/workflows/${workflow.id}/disable`);
    expect(off.json.cancelled_runs).toBe(1);
    const runs = await waitForRun(server.url, (rs) => rs.some((r) => r.status === 'cancelled'));
    const cancelled = runs.find((r) => r.status === 'cancelled');
    expect(cancelled.error).toBe('Cancelled: the workflow was turned off');
    expect(cancelled.resume_at).toBeNull();
    clock.set(5 * DAY);
    // The worker's timers have looked at the database since (a run started after this point finishes).
    expect((await sendTrigger(server.url, token, { handle: 'review-created', payload: { customer_id: 9, rating: 4 } })).status).toBe(202);
    expect((await api(server.url, 'GET', `/admin/api/runs/${cancelled.id}`)).json.status).toBe('cancelled');
    expect(app.actions).toHaveLength(1);
  }, 90_000);
});

describe('For each over 2,500 items survives a SIGKILL midway', () => {
  let server: ChildServer | undefined;
  let app: ConnectorApp | undefined;
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await app?.close();
  });

  it('handles every item once: none skipped, none under two action_run_ids', async () => {
    const env = { ...freshDatabaseEnv('for-each'), QUEUE_LEASE_MS: '1500', QUEUE_POLL_MS: '50' };
    server = await startChild(env);
    app = await startConnectorApp(() => server!.url);
    await createAndDeploy(server.url, app);
    await install(server.url, app);
    const token = app.tokens.get('dev-shop.myshopify.com')!;
    await createEnabledWorkflow(server.url, {
      name: 'Points for every item',
      trigger: { app: app.clientId, handle: 'review-created' },
      steps: [
        {
          id: 'items',
          type: 'run_code',
          code: 'export default function main(input) {\n  return { items: Array.from({ length: input.count }, (_, i) => ({ n: i + 1 })) };\n}',
          input: { count: 'customer_id' },
          output: { items: [{ n: 'number' }] },
        },
        {
          id: 'each',
          type: 'for_each',
          list: 'steps.items.items',
          steps: [{ id: 'add', type: 'action', action: { app: app.clientId, handle: 'add-points' }, fields: { customer_id: '{{ item.n }}', points: '{{ index }}' } }],
        },
      ],
    });
    expect((await sendTrigger(server.url, token, { handle: 'review-created', payload: { customer_id: 2500, rating: 1 } })).status).toBe(202);

    await app.waitForActions(1000, 60_000);
    await server.kill('SIGKILL');
    const beforeKill = app.actions.length;
    server = await startChild(env);
    const distinctIds = () => new Set(app!.actions.map((a) => a.body.action_run_id)).size;
    await expect.poll(distinctIds, { timeout: 90_000, interval: 200 }).toBe(2500);
    const [run] = await waitForRun(server.url, (runs) => runs[0]?.status === 'succeeded', 30_000);
    expect(run.status).toBe('succeeded');

    const idsByItem = new Map<number, Set<string>>();
    for (const a of app.actions) {
      const body = a.body as { action_run_id: string; properties: { customer_id: number; points: number } };
      expect(body.properties.points).toBe(body.properties.customer_id - 1);
      idsByItem.set(body.properties.customer_id, (idsByItem.get(body.properties.customer_id) ?? new Set()).add(body.action_run_id));
    }
    expect(beforeKill).toBeLessThan(2500);
    expect(idsByItem.size).toBe(2500);
    expect([...idsByItem.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    // Redelivery after the kill is of the one action in flight (at least once), never a new id for a handled item.
    expect(app.actions.length - 2500).toBeLessThanOrEqual(1);
  }, 180_000);
});
