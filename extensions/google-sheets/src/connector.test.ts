import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadManifestFiles, parseManifests } from '@switchboard/sdk/manifest';
import { createTestPlatform, type TestPlatform } from '@switchboard/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFake, type FakeGoogleSheets, type FakeGoogleSheetsOptions } from './fake.js';
import { connector } from './index.js';

const SECRET = 'sheets-connector-secret';
const SHOP = 'shop-a.myshopify.com';
const SHEET_ID = 'fake-spreadsheet-1';

let fake: FakeGoogleSheets;
let platform: TestPlatform;
let app: Server | undefined;
const closers: Array<() => Promise<void>> = [];
let actionUrl: string;
let credentials: Map<string, Record<string, string>>;

async function start(fakeOptions: FakeGoogleSheetsOptions = {}) {
  fake = await startFake(fakeOptions);
  closers.push(fake.close);
  credentials = new Map([[SHOP, { ...fake.credentials }]]);
  const handler = connector.createHandler({
    clientSecret: SECRET,
    endpoints: fake.endpoints,
    credentials: async (shop) => credentials.get(shop),
  });
  app = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => app!.listen(0, '127.0.0.1', resolve));
  actionUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/add-row`;
}

beforeEach(async () => {
  platform = await createTestPlatform({ clientSecret: SECRET });
});

afterEach(async () => {
  if (app) {
    app.closeAllConnections();
    await new Promise((resolve) => app!.close(resolve));
    app = undefined;
  }
  await platform.close();
  await Promise.all(closers.splice(0).map((close) => close()));
});

const send = (properties: Record<string, unknown>, extra: { actionRunId?: string; shop?: string } = {}) =>
  platform.sendAction(actionUrl, { handle: 'add-row', properties, shop: SHOP, ...extra });
const tokenRequests = () => fake.requests.filter((r) => r.path === '/token');
const appendRequests = () => fake.requests.filter((r) => r.path.startsWith('/v4/'));
const messageOf = (response: { body: unknown }) => (response.body as { message: string }).message;

describe('Add row to spreadsheet', () => {
  beforeEach(() => start());

  it('gets an access token with the refresh token, then appends the comma-separated values as columns', async () => {
    const response = await send({ spreadsheet_id: SHEET_ID, sheet: 'Sheet1', values: '#1001, ada@example.com ,  42.50' });

    expect(tokenRequests()).toHaveLength(1);
    const tokenRequest = tokenRequests()[0]!;
    expect(tokenRequest.method).toBe('POST');
    expect(tokenRequest.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenRequest.body).toEqual({ grant_type: 'refresh_token', ...fake.credentials });

    expect(appendRequests()).toHaveLength(1);
    const append = appendRequests()[0]!;
    expect(append.method).toBe('POST');
    expect(append.path).toBe(`/v4/spreadsheets/${SHEET_ID}/values/Sheet1:append`);
    expect(append.query).toEqual({ valueInputOption: 'USER_ENTERED', insertDataOption: 'INSERT_ROWS' });
    expect(append.headers.authorization).toBe('Bearer ya29.fake-access-token-1');
    expect(append.body).toEqual({ values: [['#1001', 'ada@example.com', '42.50']] });

    expect(fake.rows(SHEET_ID, 'Sheet1')).toEqual([['#1001', 'ada@example.com', '42.50']]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ return_value: { updated_range: 'Sheet1!A1:C1', updated_rows: 1 } });
  });

  it('appends below the rows already there, and reuses the cached access token', async () => {
    await send({ spreadsheet_id: SHEET_ID, values: 'a, b' });
    const second = await send({ spreadsheet_id: SHEET_ID, values: 'c, d, e' });
    expect(second.body).toEqual({ return_value: { updated_range: 'Sheet1!A2:C2', updated_rows: 1 } });
    expect(fake.rows(SHEET_ID, 'Sheet1')).toEqual([['a', 'b'], ['c', 'd', 'e']]);
    expect(tokenRequests()).toHaveLength(1);
    expect(appendRequests().map((r) => r.headers.authorization)).toEqual(['Bearer ya29.fake-access-token-1', 'Bearer ya29.fake-access-token-1']);
  });

  it('writes to Sheet1 when no sheet is given, and quotes a sheet name with a space', async () => {
    await send({ spreadsheet_id: SHEET_ID, sheet: '', values: 'x' });
    const named = await send({ spreadsheet_id: SHEET_ID, sheet: 'Orders 2024', values: 'y' });
    expect(appendRequests().map((r) => r.path)).toEqual([
      `/v4/spreadsheets/${SHEET_ID}/values/Sheet1:append`,
      `/v4/spreadsheets/${SHEET_ID}/values/'Orders%202024':append`,
    ]);
    expect(fake.rows(SHEET_ID, 'Orders 2024')).toEqual([['y']]);
    expect(named.body).toEqual({ return_value: { updated_range: "'Orders 2024'!A1:A1", updated_rows: 1 } });
  });

  it('takes the spreadsheet ID out of a pasted URL', async () => {
    const response = await send({ spreadsheet_id: `https://docs.google.com/spreadsheets/d/${SHEET_ID}/edit#gid=0`, values: 'x' });
    expect(response.status).toBe(200);
    expect(appendRequests()[0]!.path).toBe(`/v4/spreadsheets/${SHEET_ID}/values/Sheet1:append`);
  });

  it('keeps empty columns between commas', async () => {
    await send({ spreadsheet_id: SHEET_ID, values: 'a,,c,' });
    expect(fake.rows(SHEET_ID, 'Sheet1')).toEqual([['a', '', 'c', '']]);
  });

  it('refreshes an expired access token once and sends the row again', async () => {
    await send({ spreadsheet_id: SHEET_ID, values: 'first' });
    fake.expireAccessTokens();
    const response = await send({ spreadsheet_id: SHEET_ID, values: 'second' });

    expect(response.status).toBe(200);
    expect(tokenRequests()).toHaveLength(2);
    expect(appendRequests().map((r) => r.headers.authorization)).toEqual([
      'Bearer ya29.fake-access-token-1',
      'Bearer ya29.fake-access-token-1', // answered 401 UNAUTHENTICATED
      'Bearer ya29.fake-access-token-2',
    ]);
    expect(fake.rows(SHEET_ID, 'Sheet1')).toEqual([['first'], ['second']]);
  });

  it('tells the merchant to reconnect Google when the refresh is answered invalid_grant', async () => {
    await send({ spreadsheet_id: SHEET_ID, values: 'first' });
    fake.expireAccessTokens();
    fake.revokeRefreshToken();
    const response = await send({ spreadsheet_id: SHEET_ID, values: 'second' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      message:
        'Google no longer accepts this shop’s Google connection (invalid_grant: Token has been expired or revoked.): reconnect Google under Settings → Google Sheets in Switchboard',
      error: { code: 'invalid_grant' },
    });
    expect(fake.rows(SHEET_ID, 'Sheet1')).toEqual([['first']]);
  });

  it('fails for good when Google refuses even a fresh token', async () => {
    fake.failNext({ status: 401, body: { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } } });
    fake.failNext({ status: 401, body: { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } } });
    const response = await send({ spreadsheet_id: SHEET_ID, values: 'x' });
    expect(response.status).toBe(422);
    expect(messageOf(response)).toBe(
      'Google Sheets refused a freshly issued access token (UNAUTHENTICATED: Request had invalid authentication credentials.): reconnect Google under Settings → Google Sheets in Switchboard',
    );
    expect(tokenRequests()).toHaveLength(2);
    expect(appendRequests()).toHaveLength(2);
  });

  it('fails for good with wrong client credentials, naming them', async () => {
    credentials.set(SHOP, { ...fake.credentials, client_secret: 'wrong' });
    const response = await send({ spreadsheet_id: SHEET_ID, values: 'x' });
    expect(response.status).toBe(422);
    expect(messageOf(response)).toBe(
      'Google does not accept the OAuth client (invalid_client: Unauthorized): check the client ID and client secret under Settings → Google Sheets in Switchboard',
    );
    expect(appendRequests()).toHaveLength(0);
  });

  it('gets a new token when the shop’s credentials change', async () => {
    await send({ spreadsheet_id: SHEET_ID, values: 'old' });
    fake.addRefreshToken('1//reconnected');
    credentials.set(SHOP, { ...fake.credentials, refresh_token: '1//reconnected' });
    await send({ spreadsheet_id: SHEET_ID, values: 'new' });
    expect(tokenRequests().map((r) => (r.body as Record<string, string>).refresh_token)).toEqual([fake.credentials.refresh_token, '1//reconnected']);
  });

  it.each([
    ['an unknown spreadsheet', { spreadsheet_id: 'nope', values: 'x' }, 'Google Sheets found no spreadsheet "nope" (NOT_FOUND: Requested entity was not found.): check the spreadsheet ID, the part of its URL between /d/ and /edit'],
    ['an unknown sheet', { spreadsheet_id: SHEET_ID, sheet: 'Returns', values: 'x' }, 'Google Sheets refused the row (INVALID_ARGUMENT: Unable to parse range: Returns)'],
  ])('fails for good on %s with Google’s message', async (_what, properties, message) => {
    const response = await send(properties);
    expect(response.status).toBe(422);
    expect(messageOf(response)).toBe(message);
  });

  it('fails for good when the spreadsheet is not shared with the connected account', async () => {
    fake.addSpreadsheet('private-sheet', ['Sheet1'], { shared: false });
    const response = await send({ spreadsheet_id: 'private-sheet', values: 'x' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      message:
        'Google Sheets refused access to spreadsheet "private-sheet" (PERMISSION_DENIED: The caller does not have permission): share it with the Google account connected in Settings → Google Sheets, with edit rights',
      error: { code: 'PERMISSION_DENIED' },
    });
  });

  it('answers 429 with Google’s Retry-After', async () => {
    fake.failNext({ status: 429, retryAfter: 7 });
    const response = await send({ spreadsheet_id: SHEET_ID, values: 'x' });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(messageOf(response)).toBe(
      "Google Sheets is rate limiting requests (RESOURCE_EXHAUSTED: Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user'); Switchboard will try again",
    );
  });

  it('retries a 5xx with a growing delay for the same run, then adds the row once', async () => {
    fake.failNext({ status: 503 });
    fake.failNext({ status: 500 });
    const first = await send({ spreadsheet_id: SHEET_ID, values: 'x' }, { actionRunId: 'run-5xx' });
    const second = await send({ spreadsheet_id: SHEET_ID, values: 'x' }, { actionRunId: 'run-5xx' });
    const third = await send({ spreadsheet_id: SHEET_ID, values: 'x' }, { actionRunId: 'run-5xx' });
    expect(first.status).toBe(429);
    expect(messageOf(first)).toBe('Google Sheets answered 503 (UNAVAILABLE: The service is currently unavailable.); Switchboard will try again');
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
    expect(Number(first.headers.get('retry-after'))).toBeLessThanOrEqual(3);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(4);
    expect(Number(second.headers.get('retry-after'))).toBeLessThanOrEqual(5);
    expect(third.status).toBe(200);
    expect(fake.rows(SHEET_ID, 'Sheet1')).toEqual([['x']]);
  });

  it('answers 429 when the token endpoint fails with a 5xx or cannot be reached', async () => {
    fake.failNextTokenRequest({ status: 502 });
    const first = await send({ spreadsheet_id: SHEET_ID, values: 'x' });
    expect(first.status).toBe(429);
    expect(messageOf(first)).toBe('Google’s token endpoint answered 502 (Internal Server Error); Switchboard will try again');
    fake.failNextTokenRequest({ drop: true });
    const second = await send({ spreadsheet_id: SHEET_ID, values: 'x' });
    expect(second.status).toBe(429);
    expect(messageOf(second)).toMatch(/^Could not reach Google’s token endpoint: .+; Switchboard will try again$/);
    expect(appendRequests()).toHaveLength(0);
  });

  it.each([
    [{ spreadsheet_id: SHEET_ID, values: ' ' }, /^The "Values" field is empty after Liquid rendering/],
    [{ spreadsheet_id: SHEET_ID }, /^The "Values" field is empty after Liquid rendering/],
    [{ spreadsheet_id: '', values: 'x' }, /^The "Spreadsheet ID" field is empty/],
    [{ spreadsheet_id: 'not an id!', values: 'x' }, /^The "Spreadsheet ID" field is not a spreadsheet ID: "not an id!"/],
  ])('refuses bad fields before calling Google (%o)', async (properties, message) => {
    const response = await send(properties);
    expect(response.status).toBe(422);
    expect(messageOf(response)).toMatch(message);
    expect(appendRequests()).toHaveLength(0);
  });

  it.each([
    ['no credentials saved', undefined, `Google is not connected for ${SHOP}: connect Google under Settings → Google Sheets in Switchboard`],
    [
      'credentials without a refresh token',
      { client_id: 'x.apps.googleusercontent.com', client_secret: 's', refresh_token: '' },
      `the Google connection has no refresh token for ${SHOP}: connect Google under Settings → Google Sheets in Switchboard`,
    ],
  ])('fails for good with %s, naming the Settings page, without calling Google', async (_what, saved, message) => {
    if (saved === undefined) credentials.delete(SHOP);
    else credentials.set(SHOP, saved);
    const response = await send({ spreadsheet_id: SHEET_ID, values: 'x' });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ message, error: { code: 'not_connected' } });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('access tokens near their expiry', () => {
  it('asks for a new token when the cached one expires within the safety margin', async () => {
    await start({ accessTokenLifetime: 30 }); // under the 60 s margin: never worth caching
    await send({ spreadsheet_id: SHEET_ID, values: 'a' });
    await send({ spreadsheet_id: SHEET_ID, values: 'b' });
    expect(tokenRequests()).toHaveLength(2);
    expect(appendRequests().map((r) => r.headers.authorization)).toEqual(['Bearer ya29.fake-access-token-1', 'Bearer ya29.fake-access-token-2']);
  });

  it('shares one token request among concurrent actions of a shop', async () => {
    await start();
    const answers = await Promise.all([1, 2, 3].map((n) => send({ spreadsheet_id: SHEET_ID, values: `row ${n}` })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(tokenRequests()).toHaveLength(1);
    expect(fake.rows(SHEET_ID, 'Sheet1')).toHaveLength(3);
  });
});

describe('the Google Sheets connector package', () => {
  it('has manifests that parse without problems, declaring add-row', async () => {
    const files = await loadManifestFiles(connector.appDir);
    expect(files.map((f) => f.path)).toEqual(['extensions/add-row/shopify.extension.toml']);
    const { extensions, problems } = parseManifests(files);
    expect(problems).toEqual([]);
    expect(extensions).toHaveLength(1);
    expect(extensions[0]).toMatchObject({
      type: 'flow_action',
      handle: 'add-row',
      name: 'Add row to spreadsheet',
      runtimeUrl: '/add-row',
      fields: [
        { type: 'single_line_text_field', key: 'spreadsheet_id', required: true },
        { type: 'single_line_text_field', key: 'sheet', required: false },
        { type: 'multi_line_text_field', key: 'values', required: true },
      ],
    });
    const values = extensions[0]!.type === 'flow_action' ? extensions[0]!.fields[2] : undefined;
    expect(values?.description).toContain("remove: ','");
  });

  it('describes itself as extensions/README.md asks', () => {
    expect(connector.id).toBe('google-sheets');
    expect(connector.endpoints).toEqual({ sheets: 'https://sheets.googleapis.com', oauth: 'https://oauth2.googleapis.com' });
    expect(connector.credentialFields.map((f) => [f.key, f.secret])).toEqual([
      ['client_id', false],
      ['client_secret', true],
      ['refresh_token', true],
    ]);
    const pattern = new RegExp(connector.credentialFields[0]!.pattern!);
    expect(pattern.test('123-abc.apps.googleusercontent.com')).toBe(true);
    expect(pattern.test('123-abc')).toBe(false);
  });
});
