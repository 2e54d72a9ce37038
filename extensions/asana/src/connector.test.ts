import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadManifestFiles, parseManifests } from '@switchboard/sdk/manifest';
import { createTestPlatform, type TestPlatform } from '@switchboard/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFake, type FakeAsana } from './fake.js';
import { RetryableServiceError, connector, createAsanaClient, projectGidOf } from './index.js';

const SECRET = 'asana-connector-secret';
const SHOP = 'shop-a.myshopify.com';
const ACME = '1200000000000100';
const ORDERS_PROJECT = '1200000000000101';
const ELSEWHERE_PROJECT = '1200000000000201';

let fake: FakeAsana;
let platform: TestPlatform;
let app: Server;
let actionUrl: string;
let credentials: Map<string, Record<string, string>>;

beforeEach(async () => {
  fake = await startFake();
  platform = await createTestPlatform({ clientSecret: SECRET });
  credentials = new Map([[SHOP, { ...fake.credentials }]]);
  const handler = connector.createHandler({ clientSecret: SECRET, endpoints: fake.endpoints, credentials: async (shop) => credentials.get(shop) });
  app = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  actionUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/create-task`;
});

afterEach(async () => {
  app.closeAllConnections();
  await new Promise((resolve) => app.close(resolve));
  await platform.close();
  await fake.close();
});

const send = (properties: Record<string, unknown>, extra: { actionRunId?: string } = {}) =>
  platform.sendAction(actionUrl, { handle: 'create-task', properties, shop: SHOP, ...extra });
const messageOf = (response: { body: unknown }) => (response.body as { message: string }).message;

describe('Create Asana task', () => {
  it('creates the task in the project with the bearer token, and returns its gid and permalink', async () => {
    const response = await send({ workspace: ACME, project: ORDERS_PROJECT, name: 'Follow up on #1001', notes: 'Late delivery' });

    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/1.0/tasks');
    expect(request.headers.authorization).toBe(`Bearer ${fake.credentials.personal_access_token}`);
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    expect(request.body).toEqual({ data: { name: 'Follow up on #1001', notes: 'Late delivery', projects: [ORDERS_PROJECT], workspace: ACME } });

    expect(fake.tasks).toHaveLength(1);
    const task = fake.tasks[0]!;
    expect(task).toMatchObject({ name: 'Follow up on #1001', notes: 'Late delivery', projects: [ORDERS_PROJECT], workspace: ACME });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ return_value: { gid: task.gid, permalink_url: `https://app.asana.com/0/${ORDERS_PROJECT}/${task.gid}` } });
  });

  it('leaves out an empty workspace and empty notes', async () => {
    const response = await send({ workspace: '', project: ORDERS_PROJECT, name: 'Minimal', notes: '' });
    expect(response.status).toBe(200);
    expect(fake.requests[0]!.body).toEqual({ data: { name: 'Minimal', projects: [ORDERS_PROJECT] } });
  });

  it('takes the project gid out of a pasted project URL', async () => {
    await send({ project: `https://app.asana.com/0/${ORDERS_PROJECT}/list`, name: 'From URL' });
    expect(fake.tasks[0]!.projects).toEqual([ORDERS_PROJECT]);
  });

  it.each([
    ['a project of another workspace', { workspace: ACME, project: ELSEWHERE_PROJECT, name: 'x' }, `Asana refused the task (projects: [0]: Project ${ELSEWHERE_PROJECT} is not in workspace ${ACME})`],
    ['an unknown project', { project: '1200000000009999', name: 'x' }, 'Asana refused the task (projects: [0]: Unknown object: 1200000000009999)'],
    ['a project that is not a gid', { project: 'orders', name: 'x' }, 'Asana refused the task (projects: [0]: Not a recognized ID: orders)'],
  ])('fails for good on %s with Asana’s message', async (_what, properties, message) => {
    const response = await send(properties);
    expect(response.status).toBe(422);
    expect(messageOf(response)).toBe(message);
    expect(fake.tasks).toHaveLength(0);
  });

  it('fails for good on a refused token, pointing to Settings', async () => {
    fake.revokeToken();
    const response = await send({ project: ORDERS_PROJECT, name: 'x' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      message: 'Asana refused the personal access token (Not Authorized): paste a current one under Settings → Asana in Switchboard',
      error: { code: 'not_authorized' },
    });
  });

  it('fails for good on a 403, with Asana’s message', async () => {
    fake.failNext({ status: 403, body: { errors: [{ message: 'Forbidden' }] } });
    const response = await send({ project: ORDERS_PROJECT, name: 'x' });
    expect(response.status).toBe(422);
    expect(messageOf(response)).toBe('Asana does not let this token add tasks there (Forbidden): the token’s user needs access to the project');
  });

  it('answers 429 with Asana’s Retry-After', async () => {
    fake.failNext({ status: 429, retryAfter: 7 });
    const response = await send({ project: ORDERS_PROJECT, name: 'x' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(messageOf(response)).toBe('Asana is rate limiting requests (You have made too many requests recently. Please, be chill.); Switchboard will try again');
  });

  it('retries a 5xx with a growing delay for the same run, then creates the task once', async () => {
    fake.failNext({ status: 500 });
    fake.failNext({ status: 503 });
    const first = await send({ project: ORDERS_PROJECT, name: 'x' }, { actionRunId: 'run-5xx' });
    const second = await send({ project: ORDERS_PROJECT, name: 'x' }, { actionRunId: 'run-5xx' });
    const third = await send({ project: ORDERS_PROJECT, name: 'x' }, { actionRunId: 'run-5xx' });
    expect(first.status).toBe(429);
    expect(messageOf(first)).toBe('Asana answered 500 (Server Error); Switchboard will try again');
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
    expect(Number(first.headers.get('retry-after'))).toBeLessThanOrEqual(3);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(4);
    expect(Number(second.headers.get('retry-after'))).toBeLessThanOrEqual(5);
    expect(third.status).toBe(200);
    expect(fake.tasks).toHaveLength(1);
  });

  it('answers 429 when Asana cannot be reached', async () => {
    fake.failNext({ drop: true });
    const response = await send({ project: ORDERS_PROJECT, name: 'x' });
    expect(response.status).toBe(429);
    expect(messageOf(response)).toMatch(/^Could not reach Asana: .+; Switchboard will try again$/);
  });

  it.each([
    [{ project: '', name: 'x' }, 'The "Project" field is empty: give the project’s ID (the number in its URL)'],
    [{ project: ORDERS_PROJECT, name: '' }, 'The "Task name" field is empty after Liquid rendering: a task needs a name'],
  ])('refuses empty fields before calling Asana (%o)', async (properties, message) => {
    const response = await send(properties);
    expect(response.status).toBe(422);
    expect(messageOf(response)).toBe(message);
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['no credentials saved', undefined],
    ['an empty token', { personal_access_token: '' }],
  ])('fails for good with %s, naming the Settings page, without calling Asana', async (_what, saved) => {
    if (saved === undefined) credentials.delete(SHOP);
    else credentials.set(SHOP, saved);
    const response = await send({ project: ORDERS_PROJECT, name: 'x' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      message: `Asana is not connected for ${SHOP}: add a personal access token under Settings → Asana in Switchboard`,
      error: { code: 'not_connected' },
    });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('createAsanaClient', () => {
  it('gives up on an answer that does not come within timeoutMs, as a retryable failure', async () => {
    fake.failNext({ hang: true });
    const client = createAsanaClient({ baseUrl: fake.endpoints.api, token: fake.credentials.personal_access_token, timeoutMs: 150 });
    const error = await client.createTask({ name: 'x', projects: [ORDERS_PROJECT] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableServiceError);
    expect((error as Error).message).toBe('Asana did not answer within 0.15 s');
  });

  it('reads project gids out of both Asana URL forms', () => {
    expect(projectGidOf(`https://app.asana.com/0/${ORDERS_PROJECT}/list`)).toBe(ORDERS_PROJECT);
    expect(projectGidOf(`https://app.asana.com/1/${ACME}/project/${ORDERS_PROJECT}/list/123`)).toBe(ORDERS_PROJECT);
    expect(projectGidOf(ORDERS_PROJECT)).toBe(ORDERS_PROJECT);
  });
});

describe('the Asana connector package', () => {
  it('has manifests that parse without problems, declaring create-task', async () => {
    const files = await loadManifestFiles(connector.appDir);
    expect(files.map((f) => f.path)).toEqual(['extensions/create-task/shopify.extension.toml']);
    const { extensions, problems } = parseManifests(files);
    expect(problems).toEqual([]);
    expect(extensions[0]).toMatchObject({
      type: 'flow_action',
      handle: 'create-task',
      name: 'Create Asana task',
      runtimeUrl: '/create-task',
      fields: [
        { key: 'workspace', required: false },
        { key: 'project', required: true },
        { key: 'name', required: true },
        { key: 'notes', type: 'multi_line_text_field', required: false },
      ],
    });
  });

  it('describes itself as extensions/README.md asks', () => {
    expect(connector.id).toBe('asana');
    expect(connector.endpoints).toEqual({ api: 'https://app.asana.com' });
    expect(connector.credentialFields).toEqual([expect.objectContaining({ key: 'personal_access_token', secret: true })]);
  });
});
