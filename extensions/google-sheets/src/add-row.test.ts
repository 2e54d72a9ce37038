import { ActionError } from '@switchboard/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFake, type FakeGoogleSheets } from './fake.js';
import { RetryableServiceError, createAccessTokenCache, createSheetsClient, rangeOf, splitValues, spreadsheetIdOf } from './index.js';

describe('reading the fields', () => {
  it.each([
    ['', 'Sheet1'],
    ['Sheet1', 'Sheet1'],
    ['Orders 2024', "'Orders 2024'"],
    ["It's", "'It''s'"],
    ['Orders!A:C', 'Orders!A:C'],
    ["'Orders 2024'!A1", "'Orders 2024'!A1"],
    ['A1:C1', 'A1:C1'],
  ])('reads the sheet %j as the range %j', (sheet, range) => {
    expect(rangeOf(sheet)).toBe(range);
  });

  it('splits values on commas and trims each, keeping empty columns', () => {
    expect(splitValues(' #1001 , Ada Lovelace,,42 ')).toEqual(['#1001', 'Ada Lovelace', '', '42']);
    expect(splitValues('one value')).toEqual(['one value']);
  });

  it('refuses empty values', () => {
    expect(() => splitValues('   ')).toThrow(ActionError);
  });

  it('takes the ID out of a spreadsheet URL', () => {
    expect(spreadsheetIdOf('https://docs.google.com/spreadsheets/d/1AbC-d_9/edit?gid=0')).toBe('1AbC-d_9');
    expect(spreadsheetIdOf('1AbC-d_9')).toBe('1AbC-d_9');
    expect(() => spreadsheetIdOf('https://example.com/x y')).toThrow(/is not a spreadsheet ID/);
  });
});

describe('createSheetsClient against the fake Google', () => {
  let fake: FakeGoogleSheets;
  beforeEach(async () => {
    fake = await startFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  const client = (timeoutMs?: number) =>
    createSheetsClient({
      baseUrl: fake.endpoints.sheets,
      timeoutMs,
      accessToken: createAccessTokenCache({ oauthUrl: fake.endpoints.oauth }).forShop('shop', {
        clientId: fake.credentials.client_id,
        clientSecret: fake.credentials.client_secret,
        refreshToken: fake.credentials.refresh_token,
      }),
    });

  it('appends to a quoted sheet name with an apostrophe', async () => {
    fake.addSpreadsheet('s2', ["Ada's orders"]);
    const appended = await client().appendRow({ spreadsheetId: 's2', range: rangeOf("Ada's orders"), values: ['a', 'b'] });
    expect(appended).toEqual({ updatedRange: "'Ada''s orders'!A1:B1", updatedRows: 1 });
    expect(fake.rows('s2', "Ada's orders")).toEqual([['a', 'b']]);
  });

  it('gives up on an answer that does not come within timeoutMs, as a retryable failure', async () => {
    fake.failNext({ hang: true });
    const error = await client(150).appendRow({ spreadsheetId: 'fake-spreadsheet-1', range: 'Sheet1', values: ['x'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableServiceError);
    expect((error as Error).message).toBe('Google Sheets did not answer within 0.15 s');
  });
});
