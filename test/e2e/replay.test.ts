/**
 * Issue 10's replay, over HTTP with a real connector app: 100 past events of
 * its trigger replayed through a workflow, first as a dry run that sends
 * nothing and shows each event's conditions and requests, then for real,
 * where the app receives exactly those requests; replays of chosen runs;
 * selections refused with a clear message; a failed run re-run with an
 * edited payload; waiting runs moved to the workflow's newest version.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startConnectorApp, type ConnectorApp } from '../support/connector-app.js';
import { api, createAndDeploy, createEnabledWorkflow, install, sendTrigger, waitForRun } from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';
import { clockFile } from '../support/clock.js';

type Server = Awaited<ReturnType<typeof startInProcess>>;
const SHOP = 'dev-shop.myshopify.com';
const HOUR = 3_600_000;

/** Low ratings earn ten points a star, the others one point: every event sends exactly one request. */
function pointsWorkflow(clientId: string, name = 'Points for reviews') {
  const action = (id: string, points: string) => ({ id, type: 'action', action: { app: clientId, handle: 'add-points' }, fields: { customer_id: '{{ customer_id }}', points } });
  return {
    name,
    trigger: { app: clientId, handle: 'review-created' },
    steps: [
      {
        id: 'low-rating',
        type: 'condition',
        condition: { field: 'rating', op: 'less_than_or_equal', value: 2 },
        then: [action('make-good', '{{ rating | times: 10 }}')],
        otherwise: [action('thank-you', '1')],
      },
    ],
  };
}

/** The request the workflow makes for a payload, as the test works it out independently. */
const expectedFor = (p: { customer_id: number; rating: number }) =>
  p.rating <= 2 ? { step: 'make-good', properties: { customer_id: p.customer_id, points: p.rating * 10 } } : { step: 'thank-you', properties: { customer_id: p.customer_id, points: 1 } };

/** Resolves once the server's clock (Date.now in this process) has passed `t`: events stored after this are at or after `t`. */
async function clockPast(t: number) {
  while (Date.now() < t) await new Promise((r) => setImmediate(r));
}

async function setUp(env: Record<string, string> = {}) {
  const sb = await startInProcess(env);
  const app = await startConnectorApp(() => sb.url);
  await createAndDeploy(sb.url, app);
  await install(sb.url, app);
  return { sb, app, token: app.tokens.get(SHOP)! };
}

async function pollReplay(base: string, id: string, done: (r: any) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api(base, 'GET', `/admin/api/replays/${id}`);
    expect(res.status).toBe(200);
    if (done(res.json)) return res.json;
    if (Date.now() > deadline) throw new Error(`replay never finished: ${JSON.stringify(res.json)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('replay of 100 past events: a dry run sends nothing, the replay sends exactly what it showed', () => {
  let sb: Server;
  let app: ConnectorApp;
  let token: string;
  let workflow: any;
  let since: number;
  let until: number;
  const payloads = Array.from({ length: 100 }, (_, i) => ({ customer_id: 1000 + i, rating: (i % 5) + 1, title: `Review ${i}` }));
  let dry: any;
  let replay: any;

  beforeAll(async () => {
    ({ sb, app, token } = await setUp());
    // Saved but never turned on: its trigger's events are stored all the same.
    const created = await api(sb.url, 'POST', '/admin/api/workflows', pointsWorkflow(app.clientId));
    expect(created.status).toBe(201);
    workflow = created.json;

    // Two events before the range and two after it, so the range is seen to bound the selection.
    for (const customer_id of [1, 2]) expect((await sendTrigger(sb.url, token, { handle: 'review-created', payload: { customer_id, rating: 1 } })).json.runs_started).toBe(0);
    since = Date.now() + 1;
    await clockPast(since);
    for (const payload of payloads) {
      const res = await sendTrigger(sb.url, token, { handle: 'review-created', payload });
      expect(res.status).toBe(202);
      expect(res.json.runs_started).toBe(0);
    }
    until = Date.now() + 1;
    await clockPast(until);
    for (const customer_id of [3, 4]) expect((await sendTrigger(sb.url, token, { handle: 'review-created', payload: { customer_id, rating: 1 } })).json.runs_started).toBe(0);
  });
  afterAll(async () => {
    await sb?.close();
    await app?.close();
  });

  it('the dry run over the time range shows, per event, which conditions held and each exact request, and sends nothing', async () => {
    const res = await api(sb.url, 'POST', `/admin/api/workflows/${workflow.id}/replays`, {
      dry_run: true,
      since: new Date(since).toISOString(),
      until: new Date(until).toISOString(),
    });
    expect(res.status).toBe(200);
    dry = res.json;
    expect(dry.dry_run).toBe(true);
    expect(dry.workflow_version).toBe(1);
    expect(dry.events).toHaveLength(100);
    for (const [i, event] of (dry.events as any[]).entries()) {
      const payload = payloads[i]!;
      const expected = expectedFor(payload);
      expect(Date.parse(event.received_at)).toBeGreaterThanOrEqual(since);
      expect(Date.parse(event.received_at)).toBeLessThan(until);
      expect(event.steps).toHaveLength(2);
      const [condition, action] = event.steps;
      expect(condition).toMatchObject({ step_id: 'low-rating', kind: 'condition', result: payload.rating <= 2 });
      expect(condition.checks).toEqual([expect.objectContaining({ field: 'rating', op: 'less_than_or_equal', actual: payload.rating, result: payload.rating <= 2 })]);
      expect(action).toMatchObject({ step_id: expected.step, kind: 'action', app: app.clientId, handle: 'add-points', properties: expected.properties });
      expect(action.request.url).toBe(`${app.url}/actions/add-points`);
      expect(action.request.body).toMatchObject({ shopify_domain: SHOP, handle: 'add-points', action_definition_id: 'add-points', properties: expected.properties });
    }
    expect(new Set(dry.events.map((e: any) => e.event_id)).size).toBe(100);
    expect(app.actions).toHaveLength(0);
    const runs = await api(sb.url, 'GET', `/admin/api/runs?workflow_id=${workflow.id}`);
    expect(runs.json.runs).toEqual([]);
  });

  it('the replay sends the app exactly those 100 requests, on runs marked with the replay, and reports its progress', async () => {
    const res = await api(sb.url, 'POST', `/admin/api/workflows/${workflow.id}/replays`, {
      dry_run: false,
      since: new Date(since).toISOString(),
      until: new Date(until).toISOString(),
    });
    expect(res.status).toBe(202);
    replay = res.json.replay;
    expect(replay).toMatchObject({ workflow_id: workflow.id, total: 100, source_run_id: null });

    const done = await pollReplay(sb.url, replay.id, (r) => r.finished === r.total);
    expect(done).toMatchObject({ id: replay.id, total: 100, finished: 100, by_status: { succeeded: 100 } });

    expect(app.actions).toHaveLength(100);
    const sent = new Map(app.actions.map((a) => [(a.body.properties as { customer_id: number }).customer_id, a.body]));
    expect(sent.size).toBe(100);
    for (const event of dry.events as any[]) {
      const shown = event.steps[1];
      const body = sent.get(shown.properties.customer_id)!;
      expect(body.properties).toEqual(shown.properties);
      const { action_run_id: _id, ...rest } = body as Record<string, unknown>;
      const { action_run_id: _placeholder, ...shownRest } = shown.request.body;
      expect(rest).toEqual(shownRest);
    }
    expect(new Set(app.actions.map((a) => a.body.action_run_id)).size).toBe(100);

    const runs = (await api(sb.url, 'GET', `/admin/api/runs?replay_id=${replay.id}&limit=500`)).json.runs as any[];
    expect(runs).toHaveLength(100);
    expect(runs.every((r) => r.replay_id === replay.id && r.workflow_id === workflow.id && r.workflow_version === 1 && r.status === 'succeeded')).toBe(true);
    expect(new Set(runs.map((r) => r.event_id))).toEqual(new Set(dry.events.map((e: any) => e.event_id)));
  });

  it('limit takes the oldest events of the range', async () => {
    const res = await api(sb.url, 'POST', `/admin/api/workflows/${workflow.id}/replays`, { since: new Date(since).toISOString(), until: new Date(until).toISOString(), limit: 10 });
    expect(res.status).toBe(200);
    expect(res.json.events.map((e: any) => e.event_id)).toEqual(dry.events.slice(0, 10).map((e: any) => e.event_id));
  });

  it('replays the events of chosen runs: a dry run of those, then just those requests', async () => {
    app.actions.length = 0;
    const runs = (await api(sb.url, 'GET', `/admin/api/runs?replay_id=${replay.id}&limit=500`)).json.runs as any[];
    const chosen = [runs[3], runs[40], runs[77]];
    const byEvent = new Map((dry.events as any[]).map((e) => [e.event_id, e]));

    const preview = await api(sb.url, 'POST', `/admin/api/workflows/${workflow.id}/replays`, { run_ids: chosen.map((r) => r.id) });
    expect(preview.status).toBe(200);
    expect(new Set(preview.json.events.map((e: any) => e.event_id))).toEqual(new Set(chosen.map((r) => r.event_id)));
    for (const e of preview.json.events) expect(e.steps).toEqual(byEvent.get(e.event_id).steps);
    expect(app.actions).toHaveLength(0);

    const res = await api(sb.url, 'POST', `/admin/api/workflows/${workflow.id}/replays`, { dry_run: false, run_ids: chosen.map((r) => r.id) });
    expect(res.status).toBe(202);
    expect(res.json.replay.total).toBe(3);
    const done = await pollReplay(sb.url, res.json.replay.id, (r) => r.finished === 3);
    expect(done.by_status).toEqual({ succeeded: 3 });
    expect(app.actions.map((a) => a.body.properties).sort((a: any, b: any) => a.customer_id - b.customer_id)).toEqual(
      chosen.map((r) => byEvent.get(r.event_id).steps[1].properties).sort((a: any, b: any) => a.customer_id - b.customer_id),
    );
    const replayed = (await api(sb.url, 'GET', `/admin/api/runs?replay_id=${res.json.replay.id}`)).json.runs as any[];
    expect(new Set(replayed.map((r) => r.event_id))).toEqual(new Set(chosen.map((r) => r.event_id)));
  });

  it('refuses selections that name no events, or the wrong ones, with a clear message', async () => {
    const replays = `/admin/api/workflows/${workflow.id}/replays`;
    const iso = (t: number) => new Date(t).toISOString();
    const cases: Array<[string, unknown, number, RegExp]> = [
      ['no range', { dry_run: true }, 400, /choose the events: a time range \(since/],
      ['no range, for real', { dry_run: false }, 400, /choose the events/],
      ['until before since', { since: iso(until), until: iso(since) }, 400, /until must be after since/],
      ['until equal to since', { since: iso(since), until: iso(since) }, 400, /until must be after since/],
      ['since not a date', { since: 'last tuesday' }, 400, /since must be an ISO date, got "last tuesday"/],
      ['limit 0', { since: iso(since), limit: 0 }, 400, /limit must be a whole number from 1 to 10000/],
      ['limit over 10,000', { since: iso(since), limit: 10_001 }, 400, /limit must be a whole number from 1 to 10000/],
      ['limit not a number', { since: iso(since), limit: 'ten' }, 400, /limit must be a whole number/],
      ['run_ids not a list', { run_ids: 'abc' }, 400, /run_ids must be a list of run ids/],
      ['run_ids empty', { run_ids: [] }, 400, /run_ids is empty: choose at least one run/],
      ['unknown run', { run_ids: ['0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'] }, 404, new RegExp(`run 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b is not a run of workflow ${workflow.id}`)],
      ['an empty range, for real', { dry_run: false, since: iso(Date.now() + HOUR) }, 400, /no events of this trigger in that range: nothing to replay/],
    ];
    for (const [name, body, status, message] of cases) {
      const res = await api(sb.url, 'POST', replays, body);
      expect({ name, status: res.status }).toEqual({ name, status });
      expect(res.json.error.message, name).toMatch(message);
    }
    // An empty range in a dry run is simply no events.
    const empty = await api(sb.url, 'POST', replays, { since: iso(Date.now() + HOUR) });
    expect(empty.status).toBe(200);
    expect(empty.json.events).toEqual([]);

    // A run of another workflow cannot be replayed through this one.
    const other = await createEnabledWorkflow(sb.url, pointsWorkflow(app.clientId, 'Another workflow'));
    const sent = await sendTrigger(sb.url, token, { handle: 'review-created', payload: { customer_id: 5, rating: 4 } });
    const [otherRun] = await waitForRun(sb.url, (rs) => rs.some((r) => r.event_id === sent.json.event_id && r.status === 'succeeded'), 20_000, `&workflow_id=${other.id}`);
    const foreign = await api(sb.url, 'POST', replays, { run_ids: [otherRun.id] });
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.message).toBe(`run ${otherRun.id} is not a run of workflow ${workflow.id} in this shop`);

    // A run started by the trigger the workflow used before is not silently left out.
    const changing = await createEnabledWorkflow(sb.url, pointsWorkflow(app.clientId, 'Changes its trigger'));
    const again = await sendTrigger(sb.url, token, { handle: 'review-created', payload: { customer_id: 6, rating: 4 } });
    const [oldRun] = await waitForRun(sb.url, (rs) => rs.some((r) => r.event_id === again.json.event_id && r.status === 'succeeded'), 20_000, `&workflow_id=${changing.id}`);
    const moved = await api(sb.url, 'PUT', `/admin/api/workflows/${changing.id}`, { name: 'Changes its trigger', trigger: { app: 'switchboard', handle: 'workflow_error' }, steps: [{ id: 'note', type: 'log', message: '{{ error.message }}' }] });
    expect(moved.status).toBe(200);
    for (const dry_run of [true, false]) {
      const res = await api(sb.url, 'POST', `/admin/api/workflows/${changing.id}/replays`, { dry_run, run_ids: [oldRun.id] });
      expect(res.status).toBe(400);
      expect(res.json.error.message).toBe(`run ${oldRun.id} was started by trigger "review-created" of ${app.clientId}; this workflow now starts on "workflow_error" of switchboard, so it cannot replay that event`);
    }

    expect((await api(sb.url, 'POST', '/admin/api/workflows/999999/replays', { since: iso(since) })).status).toBe(404);
    const noReplay = await api(sb.url, 'GET', '/admin/api/replays/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    expect(noReplay.status).toBe(404);
    expect(noReplay.json.error.message).toMatch(/No replay 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b in this shop/);
  });
});

describe('re-run of a failed run with an edited payload', () => {
  let sb: Server;
  let app: ConnectorApp;
  let token: string;
  let workflow: any;
  let failed: any;
  let rerunOfFailed: any;

  beforeAll(async () => {
    ({ sb, app, token } = await setUp());
    workflow = await createEnabledWorkflow(sb.url, pointsWorkflow(app.clientId));
  });
  afterAll(async () => {
    await sb?.close();
    await app?.close();
  });
  beforeEach(() => {
    app.actions.length = 0;
  });

  it('a run the app refused runs again with the edited values, as a new run marked replay', async () => {
    app.script.push({ status: 400, body: { message: 'Customer 7 has no loyalty account' } });
    const sent = await sendTrigger(sb.url, token, { handle: 'review-created', payload: { customer_id: 7, rating: 1 } });
    [failed] = (await waitForRun(sb.url, (rs) => rs.some((r) => r.event_id === sent.json.event_id && r.status === 'failed'))).filter((r) => r.event_id === sent.json.event_id);
    expect(failed.error).toContain('Customer 7 has no loyalty account');
    expect(app.actions.map((a) => a.body.properties)).toEqual([{ customer_id: 7, points: 10 }]);

    const res = await api(sb.url, 'POST', `/admin/api/runs/${failed.id}/rerun`, { payload: { customer_id: 8, rating: 2, title: 'Edited' } });
    expect(res.status).toBe(202);
    expect(res.json.replay).toMatchObject({ workflow_id: workflow.id, total: 1, source_run_id: failed.id });
    const runs = await waitForRun(sb.url, (rs) => rs.some((r) => r.id === res.json.run_id && r.status === 'succeeded'));
    const rerun = runs.find((r) => r.id === res.json.run_id);
    expect(rerun.replay_id).toBe(res.json.replay.id);
    expect(rerun.event_id).not.toBe(failed.event_id);
    const detail = (await api(sb.url, 'GET', `/admin/api/runs/${rerun.id}`)).json;
    expect(detail.event.payload).toEqual({ customer_id: 8, rating: 2, title: 'Edited' });
    expect(app.actions.map((a) => a.body.properties)).toEqual([{ customer_id: 7, points: 10 }, { customer_id: 8, points: 20 }]);

    const progress = await api(sb.url, 'GET', `/admin/api/replays/${res.json.replay.id}`);
    expect(progress.json).toMatchObject({ total: 1, finished: 1, by_status: { succeeded: 1 }, source_run_id: failed.id });
    // The failed run stays as it was.
    expect((await api(sb.url, 'GET', `/admin/api/runs/${failed.id}`)).json.status).toBe('failed');
    rerunOfFailed = rerun;
  });

  it('re-running a run that succeeded is refused (409)', async () => {
    const runs = (await api(sb.url, 'GET', `/admin/api/runs?workflow_id=${workflow.id}&status=succeeded`)).json.runs as any[];
    expect(runs.length).toBeGreaterThan(0);
    const res = await api(sb.url, 'POST', `/admin/api/runs/${runs[0].id}/rerun`, { payload: { customer_id: 9, rating: 1 } });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toBe(`run ${runs[0].id} is succeeded; only a failed run (or one with errors) can be re-run`);
    expect(app.actions).toHaveLength(0);
  });

  it('refuses a payload that is not an object of the trigger fields, naming the field', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [undefined, /payload must be a JSON object/],
      [[1, 2], /payload must be a JSON object/],
      [{ customer_id: 7, rating: 'high' }, /^The payload does not match trigger "review-created": rating must be a number/],
      [{ customer_id: 7, rating: 1, stars: 3 }, /stars is not a field of this trigger/],
      [{ customer_id: 7 }, /rating is required/],
    ];
    for (const [payload, message] of cases) {
      const res = await api(sb.url, 'POST', `/admin/api/runs/${failed.id}/rerun`, payload === undefined ? {} : { payload });
      expect({ payload, status: res.status }).toEqual({ payload, status: 400 });
      expect(res.json.error.message).toMatch(message);
    }
    const typed = await api(sb.url, 'POST', `/admin/api/runs/${failed.id}/rerun`, { payload: { customer_id: 7, rating: 'high' } });
    expect(typed.json.error).toMatchObject({ code: 'invalid_payload', fields: [{ field: 'rating', message: expect.stringMatching(/number/) }] });
    expect((await api(sb.url, 'POST', '/admin/api/runs/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/rerun', { payload: {} })).status).toBe(404);
    expect(app.actions).toHaveLength(0);
  });

  it("the edited event is filed under the original's customers, so redacting them removes both", async () => {
    expect(rerunOfFailed).toBeDefined();
    const redacted = await sb.store.redactCustomer(sb.devShop!.id, ['id:7']);
    expect(redacted.events).toBe(2);
    expect(await sb.store.getEvent(failed.event_id)).toBeUndefined();
    expect(await sb.store.getEvent(rerunOfFailed.event_id)).toBeUndefined();
    expect(await sb.store.getRun(rerunOfFailed.id)).toBeUndefined();
  });
});

describe('moving waiting runs to the newest version', () => {
  let sb: Server;
  let app: ConnectorApp;
  let token: string;
  const clock = clockFile();

  beforeAll(async () => {
    ({ sb, app, token } = await setUp({ SWITCHBOARD_CLOCK_OFFSET_FILE: clock.file, QUEUE_POLL_MS: '50' }));
  });
  afterAll(async () => {
    await sb?.close();
    await app?.close();
  });

  const waitThenPoints = (points: string, withWait = true) => ({
    name: 'Points an hour after a review',
    trigger: { app: app.clientId, handle: 'review-created' },
    steps: [
      ...(withWait ? [{ id: 'an-hour', type: 'wait', duration: { amount: 1, unit: 'hours' } }] : []),
      { id: 'add-points', type: 'action', action: { app: app.clientId, handle: 'add-points' }, fields: { customer_id: '{{ customer_id }}', points } },
    ],
  });

  it('moves a run waiting on a step the new version still has, and it goes on with the new version', async () => {
    const workflow = await createEnabledWorkflow(sb.url, waitThenPoints('5'));
    const sent = await sendTrigger(sb.url, token, { handle: 'review-created', payload: { customer_id: 11, rating: 4 } });
    const query = `&workflow_id=${workflow.id}`;
    const [waiting] = await waitForRun(sb.url, (rs) => rs.length === 1 && rs[0].status === 'waiting' && rs[0].resume_at, 20_000, query);
    expect(waiting).toMatchObject({ event_id: sent.json.event_id, workflow_version: 1 });

    const saved = await api(sb.url, 'PUT', `/admin/api/workflows/${workflow.id}`, waitThenPoints('50'));
    expect(saved.json.version).toBe(2);
    const moved = await api(sb.url, 'POST', `/admin/api/workflows/${workflow.id}/move-waiting-runs`);
    expect(moved.status).toBe(200);
    expect(moved.json).toEqual({ moved: 1, kept: 0 });
    const after = (await api(sb.url, 'GET', `/admin/api/runs/${waiting.id}`)).json;
    expect(after).toMatchObject({ status: 'waiting', workflow_version: 2, resume_at: waiting.resume_at });
    // Nothing more to move.
    expect((await api(sb.url, 'POST', `/admin/api/workflows/${workflow.id}/move-waiting-runs`)).json).toEqual({ moved: 0, kept: 0 });

    // An hour on, it resumes and sends the new version's value.
    clock.set(HOUR + 1000);
    await waitForRun(sb.url, (rs) => rs[0]?.status === 'succeeded', 20_000, query);
    expect(app.actions.map((a) => a.body.properties)).toEqual([{ customer_id: 11, points: 50 }]);
    expect((await api(sb.url, 'POST', `/admin/api/workflows/${workflow.id}/disable`)).status).toBe(200);
  });

  it('keeps a run on its version when the new version no longer has its wait step there', async () => {
    app.actions.length = 0;
    const workflow = await createEnabledWorkflow(sb.url, { ...waitThenPoints('7'), name: 'Seven points later' });
    const query = `&workflow_id=${workflow.id}`;
    await sendTrigger(sb.url, token, { handle: 'review-created', payload: { customer_id: 12, rating: 4 } });
    const [waiting] = await waitForRun(sb.url, (rs) => rs.length === 1 && rs[0].status === 'waiting' && rs[0].resume_at, 20_000, query);

    const saved = await api(sb.url, 'PUT', `/admin/api/workflows/${workflow.id}`, { ...waitThenPoints('70', false), name: 'Seven points later' });
    expect(saved.json.version).toBe(2);
    expect((await api(sb.url, 'POST', `/admin/api/workflows/${workflow.id}/move-waiting-runs`)).json).toEqual({ moved: 0, kept: 1 });
    expect((await api(sb.url, 'GET', `/admin/api/runs/${waiting.id}`)).json).toMatchObject({ status: 'waiting', workflow_version: 1 });

    clock.set(3 * HOUR);
    await waitForRun(sb.url, (rs) => rs[0]?.status === 'succeeded', 20_000, query);
    // It finished on the version it started on.
    expect(app.actions.map((a) => a.body.properties)).toEqual([{ customer_id: 12, points: 7 }]);
    expect((await api(sb.url, 'POST', `/admin/api/workflows/${workflow.id}/disable`)).status).toBe(200);
  });

  it('keeps a run on its version when the new version has a step before the wait that the run never ran', async () => {
    app.actions.length = 0;
    const action = (points: string) => ({ id: 'add-points', type: 'action', action: { app: app.clientId, handle: 'add-points' }, fields: { customer_id: '{{ customer_id }}', points } });
    const wait = { id: 'an-hour', type: 'wait', duration: { amount: 1, unit: 'hours' } };
    const v1 = { name: 'Looked-up points', trigger: { app: app.clientId, handle: 'review-created' }, steps: [{ id: 'note', type: 'log', message: 'review by {{ customer_id }}' }, wait, action('3')] };
    const workflow = await createEnabledWorkflow(sb.url, v1);
    const query = `&workflow_id=${workflow.id}`;
    await sendTrigger(sb.url, token, { handle: 'review-created', payload: { customer_id: 14, rating: 4 } });
    const [waiting] = await waitForRun(sb.url, (rs) => rs.length === 1 && rs[0].status === 'waiting' && rs[0].resume_at, 20_000, query);

    // The step just before the wait is the same, but the action now reads the output of a step this run never ran.
    const lookup = { id: 'lookup', type: 'run_code', code: 'export default function main() { return { points: 30 }; }', input: {}, output: { points: 'number' } };
    const saved = await api(sb.url, 'PUT', `/admin/api/workflows/${workflow.id}`, { ...v1, steps: [lookup, wait, action('{{ steps.lookup.points }}')] });
    expect(saved.status).toBe(200);
    expect((await api(sb.url, 'POST', `/admin/api/workflows/${workflow.id}/move-waiting-runs`)).json).toEqual({ moved: 0, kept: 1 });

    clock.set(4 * HOUR);
    const [done] = await waitForRun(sb.url, (rs) => rs[0] && !['running', 'waiting'].includes(rs[0].status), 20_000, query);
    expect(done).toMatchObject({ id: waiting.id, status: 'succeeded', workflow_version: 1 });
    expect(app.actions.map((a) => a.body.properties)).toEqual([{ customer_id: 14, points: 3 }]);
    expect((await api(sb.url, 'POST', `/admin/api/workflows/${workflow.id}/disable`)).status).toBe(200);
  });

  it('keeps a run on its version when the new version listens to another trigger (its event is not of that trigger)', async () => {
    app.actions.length = 0;
    const v1 = { ...waitThenPoints('9'), name: 'Trigger changes later' };
    const workflow = await createEnabledWorkflow(sb.url, v1);
    const query = `&workflow_id=${workflow.id}`;
    await sendTrigger(sb.url, token, { handle: 'review-created', payload: { customer_id: 13, rating: 4 } });
    const [waiting] = await waitForRun(sb.url, (rs) => rs.length === 1 && rs[0].status === 'waiting' && rs[0].resume_at, 20_000, query);

    // Same step ids, but on the Workflow error trigger, reading its variables.
    const v2 = {
      name: 'Trigger changes later',
      trigger: { app: 'switchboard', handle: 'workflow_error' },
      steps: [
        { id: 'an-hour', type: 'wait', duration: { amount: 1, unit: 'hours' } },
        { id: 'add-points', type: 'action', action: { app: app.clientId, handle: 'add-points' }, fields: { customer_id: '{{ workflow.id }}', points: '90' } },
      ],
    };
    const saved = await api(sb.url, 'PUT', `/admin/api/workflows/${workflow.id}`, v2);
    expect(saved.status).toBe(200);
    expect((await api(sb.url, 'POST', `/admin/api/workflows/${workflow.id}/move-waiting-runs`)).json).toEqual({ moved: 0, kept: 1 });
    expect((await api(sb.url, 'GET', `/admin/api/runs/${waiting.id}`)).json).toMatchObject({ status: 'waiting', workflow_version: 1 });

    clock.set(6 * HOUR);
    await waitForRun(sb.url, (rs) => rs[0]?.status === 'succeeded', 20_000, query);
    expect(app.actions.map((a) => a.body.properties)).toEqual([{ customer_id: 13, points: 9 }]);
  });
});

describe('a dry run judges time as the replay will: now, not when the event arrived', () => {
  let sb: Server;
  let app: ConnectorApp;
  let token: string;
  const clock = clockFile();

  beforeAll(async () => {
    ({ sb, app, token } = await setUp({ SWITCHBOARD_CLOCK_OFFSET_FILE: clock.file, QUEUE_POLL_MS: '50' }));
  });
  afterAll(async () => {
    await sb?.close();
    await app?.close();
  });

  it('a condition on the age of the event shows in the dry run what the replayed run then does', async () => {
    const definition = pointsWorkflow(app.clientId, 'Recent reviews only');
    (definition.steps[0] as any).condition = { field: 'event.received_at', op: 'within_last_days', value: 1 };
    const created = await api(sb.url, 'POST', '/admin/api/workflows', definition);
    expect(created.status).toBe(201);
    const since = new Date(Date.now() - 1000).toISOString();
    for (const customer_id of [21, 22, 23]) await sendTrigger(sb.url, token, { handle: 'review-created', payload: { customer_id, rating: 1 } });

    // Two days on, the events are two days old.
    clock.set(2 * 24 * HOUR);
    const replays = `/admin/api/workflows/${created.json.id}/replays`;
    // The clock file is read at most every 10 ms: ask until the server's clock has moved.
    const probe = async () => (await api(sb.url, 'POST', '/admin/api/workflows', { ...definition, name: `probe ${Date.now()}` })).json.created_at;
    await expect.poll(async () => Date.parse(await probe()) - Date.now(), { timeout: 5000, interval: 20 }).toBeGreaterThan(24 * HOUR);

    const dry = (await api(sb.url, 'POST', replays, { since })).json;
    expect(dry.events).toHaveLength(3);
    for (const event of dry.events) {
      expect(event.steps[0]).toMatchObject({ step_id: 'low-rating', result: false });
      expect(event.steps[1]).toMatchObject({ step_id: 'thank-you', properties: { points: 1 } });
    }
    const res = await api(sb.url, 'POST', replays, { since, dry_run: false });
    expect(res.status).toBe(202);
    await pollReplay(sb.url, res.json.replay.id, (r) => r.finished === 3);
    expect(app.actions.map((a) => a.body.properties).sort((a: any, b: any) => a.customer_id - b.customer_id)).toEqual(
      dry.events.map((e: any) => e.steps[1].properties),
    );
  });
});
