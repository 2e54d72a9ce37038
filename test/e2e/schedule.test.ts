/**
 * A scheduled workflow with two server processes on one database fires each
 * slot exactly once; slots missed while every process was down fire once,
 * late, when one comes back. Time is the servers' clock moved forward
 * through SWITCHBOARD_CLOCK_OFFSET_FILE, never slept through.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { api, createEnabledWorkflow, waitForRun } from '../support/journey.js';
import { startChild, type ChildServer } from '../support/switchboard.js';
import { freshDatabaseEnv } from '../support/database.js';
import { clockFile } from '../support/clock.js';

const MINUTE = 60_000;

/** `YYYY-MM-DDTHH:mm` of an instant on the wall clock of a time zone. */
function localTime(at: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
const SLOT = 10 * MINUTE;

describe('scheduled time trigger', () => {
  const servers: ChildServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.kill('SIGKILL');
  });

  it('fires once per slot with two processes, and once (late) for slots missed while down', async () => {
    const clock = clockFile();
    // The servers' clock reads `at` now (and runs on from there).
    const setClock = (at: number) => clock.set(at - Date.now());
    const env = { ...freshDatabaseEnv('schedule'), SWITCHBOARD_CLOCK_OFFSET_FILE: clock.file, QUEUE_POLL_MS: '50' };
    const web = await startChild(env);
    servers.push(web);
    servers.push(await startChild(env, ['--role', 'worker']));

    // Slots every 10 minutes from the next whole hour but one, written in the shop's time zone (read from Shopify at install).
    const { timezone } = (await api(web.url, 'GET', '/admin/api/shop')).json;
    expect(timezone).toBe('America/New_York');
    const first = Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3_600_000;
    const start = localTime(first, timezone);
    const workflow = await createEnabledWorkflow(web.url, {
      name: 'Every ten minutes',
      trigger: { app: 'switchboard', handle: 'scheduled_time', schedule: { start, frequency: 'minutely', interval: 10 } },
      steps: [{ id: 'note', type: 'log', message: 'slot {{ scheduled_at }}' }],
    });
    const scheduledAt = async (runs: any[]) =>
      Promise.all(runs.map(async (r) => (await api(web.url, 'GET', `/admin/api/runs/${r.id}`)).json.event.payload as { scheduled_at: string; late: boolean; missed_slots: number }));
    const query = `&workflow_id=${workflow.id}`;

    for (let k = 0; k < 3; k++) {
      setClock(first + k * SLOT + 2000);
      await waitForRun(web.url, (runs) => runs.filter((r) => r.status === 'succeeded_no_actions').length === k + 1, 20_000, query);
    }
    const runs = await waitForRun(web.url, (rs) => rs.length === 3, 5_000, query);
    const fired = (await scheduledAt(runs)).map((p) => p.scheduled_at).sort();
    expect(fired).toEqual([0, 1, 2].map((k) => new Date(first + k * SLOT).toISOString()));

    // Both processes down across three slots: one late run for the latest when one comes back.
    for (const s of servers.splice(0)) await s.kill('SIGKILL');
    setClock(first + 5 * SLOT + 3 * MINUTE);
    const back = await startChild(env);
    servers.push(back);
    const afterRestart = await waitForRun(back.url, (rs) => rs.length === 4 && rs.every((r) => r.status === 'succeeded_no_actions'), 20_000, query);
    const late = (await Promise.all(afterRestart.map(async (r) => (await api(back.url, 'GET', `/admin/api/runs/${r.id}`)).json.event.payload))).find(
      (p: any) => p.late,
    );
    expect(late).toMatchObject({ scheduled_at: new Date(first + 5 * SLOT).toISOString(), late: true, missed_slots: 2 });
    // Three minutes late, plus the restart's own seconds.
    expect(late.late_by_seconds).toBeGreaterThanOrEqual(180);
    expect(late.late_by_seconds).toBeLessThan(240);

    // And the schedule goes on from there: the next slot fires on time, once.
    setClock(first + 6 * SLOT + 1000);
    const all = await waitForRun(back.url, (rs) => rs.length === 5 && rs.every((r) => r.status === 'succeeded_no_actions'), 20_000, query);
    const payloads = await Promise.all(all.map(async (r) => (await api(back.url, 'GET', `/admin/api/runs/${r.id}`)).json.event.payload));
    expect(payloads.map((p: any) => p.scheduled_at).sort()).toEqual([0, 1, 2, 5, 6].map((k) => new Date(first + k * SLOT).toISOString()));
    expect(payloads.filter((p: any) => p.late)).toHaveLength(1);
  }, 90_000);
});
