/**
 * Save-time checks of issue 10's steps and triggers, through the admin API
 * as the editor saves: each bad definition is refused with 422 and exactly
 * one problem, at the exact path, with a message that names what is wrong.
 * Get data and Admin API request are checked against local mode's fake
 * Shopify (the test default). Nothing refused is saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/journey.js';
import { startInProcess } from '../support/switchboard.js';

/** Workflow error payloads: `workflow`, `run` and `error` objects, no lists. */
const onError = (steps: unknown[], errors?: unknown) => ({
  name: 'Checked at save time',
  trigger: { app: 'switchboard', handle: 'workflow_error', ...(errors ? { errors } : {}) },
  steps,
});
const scheduled = (schedule: unknown, extra: Record<string, unknown> = {}) => ({
  name: 'Checked at save time',
  trigger: { app: 'switchboard', handle: 'scheduled_time', ...(schedule === undefined ? {} : { schedule }), ...extra },
  steps: [{ id: 'note', type: 'log', message: 'slot {{ scheduled_at }}' }],
});
const START = '2030-01-07T09:00';
const log = (message: string) => ({ id: 'note', type: 'log', message });
const forEach = (list: string) => ({ id: 'each', type: 'for_each', list, steps: [log('item {{ index }}')] });
const wait = (amount: number, unit: string) => ({ id: 'pause', type: 'wait', duration: { amount, unit } });
const runCode = (over: Record<string, unknown>) => ({
  id: 'calc',
  type: 'run_code',
  code: 'export default function main(input) {\n  return { total: 1 };\n}',
  input: {},
  output: { total: 'number' },
  ...over,
});
const getData = (over: Record<string, unknown>) => ({ id: 'orders', type: 'get_data', resource: 'orders', query: 'status:open', ...over });
const adminApi = (mutation: string) => ({ id: 'tag', type: 'admin_api', mutation, variables: '{ "id": "gid://shopify/Order/1", "tags": ["late"] }' });

type Case = [name: string, definition: unknown, path: string, message: RegExp];

const CASES: Case[] = [
  // Log and For each read known variables only.
  ['Log message with an unknown variable', onError([log('Failed: {{ error.mesage }}')]), 'steps[0].message', /Unknown variable "error\.mesage": "error" has no field "mesage"/],
  ['For each over an unknown variable', onError([forEach('errors')]), 'steps[0].list', /unknown variable "errors"/],
  ['For each over a variable that is not a list', onError([forEach('error.message')]), 'steps[0].list', /For each needs a list, but "error\.message" is a text value/],
  ['Log message with a Liquid syntax error', onError([log('Failed: {{ error.message ')]), 'steps[0].message', /^Liquid syntax error: output "\{\{ error\.message " not closed, line:1/],
  ['Log without a message', onError([log('')]), 'steps[0].message', /Log output needs a message/],
  // Wait: 1 minute to 90 days.
  ['Wait of 91 days', onError([wait(91, 'days')]), 'steps[0].duration', /at most 90 days; this one is 91 days/],
  ['Wait of 2,161 hours (just over 90 days)', onError([wait(2161, 'hours')]), 'steps[0].duration', /^a Wait is at most 90 days; this one is (?!90 days$)./],
  ['Wait of 0', onError([wait(0, 'minutes')]), 'steps[0].duration.amount', /at least 1 minute/],
  ['Wait in weeks', onError([wait(2, 'weeks')]), 'steps[0].duration.unit', /minutes.*hours.*days/],
  ['Wait of half a day', onError([wait(0.5, 'days')]), 'steps[0].duration.amount', /whole number/],
  // Run code: syntax, declared output, inputs.
  ['Run code with a syntax error', onError([runCode({ code: 'export default function main(input) {\n  return { total: input.x + };\n}' })]), 'steps[0].code', /^Syntax error at line 2, column \d+: /],
  ['Run code without a default export', onError([runCode({ code: 'function main(input) {\n  return { total: 1 };\n}' })]), 'steps[0].code', /no default export/],
  ['Run code output of an unknown type', onError([runCode({ output: { total: 'integer' } })]), 'steps[0].output.total', /unknown type "integer"/],
  ['Run code input from an unknown variable', onError([runCode({ input: { amount: 'order.total' } })]), 'steps[0].input.amount', /unknown variable "order\.total"/],
  // Get data against the fake Shopify's resources.
  ['Get data limit of 10,001', onError([getData({ limit: 10_001 })]), 'steps[0].limit', /at most 10,000 records/],
  ['Get data sum without sum_field', onError([getData({ operation: 'sum' })]), 'steps[0].sum_field', /Sum needs the field to add up/],
  ['Get data query with an unbalanced parenthesis', onError([getData({ query: '(status:open OR status:closed' })]), 'steps[0].query', /unbalanced parentheses: the '\(' at character 1 is never closed/],
  ['Get data sorted by an unknown key', onError([getData({ sort: { key: 'SHOE_SIZE' } })]), 'steps[0].sort', /"SHOE_SIZE" is not a sort key of orders/],
  // Admin API request: one mutation that parses.
  ['Admin API request with a query instead of a mutation', onError([adminApi('query { shop { name } }')]), 'steps[0].mutation', /the operation is a query, not a mutation/],
  ['Admin API request with a GraphQL syntax error', onError([adminApi('mutation { tagsAdd(id: "1", tags: ["late"] { userErrors { message } } }')]), 'steps[0].mutation', /line 1, column \d+/],
  // Scheduled time.
  ['scheduled trigger without a schedule', scheduled(undefined), 'trigger.schedule', /needs a schedule/],
  ['schedule every 5 minutes', scheduled({ start: START, frequency: 'minutely', interval: 5 }), 'trigger.schedule.interval', /every 10 minutes/],
  ['schedule starting on a day that does not exist', scheduled({ start: '2030-02-30T09:00', frequency: 'daily' }), 'trigger.schedule.start', /2030-02-30 is not a calendar date/],
  ['schedule start with a time zone', scheduled({ start: '2030-01-07T09:00Z', frequency: 'daily' }), 'trigger.schedule.start', /without a time zone/],
  // Error settings belong to the Workflow error trigger alone.
  ['an error trigger watching a workflow that does not exist', onError([log('{{ error.message }}')], { workflow_ids: [987654] }), 'trigger.errors.workflow_ids[0]', /no workflow 987654 in this shop/],
  ['errors settings on a scheduled trigger', scheduled({ start: START, frequency: 'daily' }, { errors: { max_per_hour: 5 } }), 'trigger.errors', /only the Workflow error trigger takes error settings/],
  ['a schedule on the Workflow error trigger', { ...onError([log('{{ error.message }}')]), trigger: { app: 'switchboard', handle: 'workflow_error', schedule: { start: START, frequency: 'daily' } } }, 'trigger.schedule', /only the Scheduled time trigger takes a schedule/],
  ['max_per_hour of 0', onError([log('{{ error.message }}')], { max_per_hour: 0 }), 'trigger.errors.max_per_hour', /at least 1 run per hour/],
];

describe('save-time checks of the new steps and triggers (POST /admin/api/workflows)', () => {
  let sb: Awaited<ReturnType<typeof startInProcess>>;

  beforeAll(async () => {
    sb = await startInProcess();
  });
  afterAll(async () => {
    await sb?.close();
  });

  it.each(CASES.map(([name, definition, path, message]) => ({ name, definition, path, message })))('$name: 422 at $path', async ({ definition, path, message }) => {
    const res = await api(sb.url, 'POST', '/admin/api/workflows', definition);
    expect(res.status, res.text).toBe(422);
    expect(res.json.error.code).toBe('invalid_workflow');
    expect(res.json.error.problems).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('saves the same steps when they are right, and nothing refused was saved', async () => {
    const good = [
      onError([
        log('Workflow {{ workflow.name }} failed: {{ error.message }}'),
        wait(90, 'days'),
        runCode({ input: { message: 'error.message' }, output: { total: 'number', lines: [{ sku: 'string' }] } }),
        getData({ limit: 10_000, sort: { key: 'CREATED_AT', reverse: true } }),
        getData({ id: 'revenue', operation: 'sum', sum_field: 'totalPriceSet.shopMoney.amount' }),
        adminApi('mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { userErrors { field message } } }'),
      ], { max_per_hour: 5 }),
      scheduled({ start: START, frequency: 'minutely', interval: 10 }),
    ];
    for (const definition of good) {
      const res = await api(sb.url, 'POST', '/admin/api/workflows', definition);
      expect(res.status, res.text).toBe(201);
    }
    const list = await api(sb.url, 'GET', '/admin/api/workflows');
    expect(list.json.workflows).toHaveLength(good.length);
  });
});
