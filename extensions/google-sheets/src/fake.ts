/**
 * A local Google for the Google Sheets connector, for tests and Switchboard's
 * local mode: the OAuth token endpoint (refresh-token grant, issuing access
 * tokens with `expires_in`) and `spreadsheets.values.append` of the Sheets
 * API v4, answering with Google's shapes (`{ error: { code, message, status } }`;
 * 401 UNAUTHENTICATED for an expired or unknown access token).
 *
 * Seeded with one OAuth client and refresh token (`credentials`) and one
 * spreadsheet, `fake-spreadsheet-1`, with the sheets `Sheet1` and
 * `Orders 2024`. Both endpoints are served by one server.
 */
import { startFakeServer, type Failure, type FakeAnswer, type RecordedRequest } from '@switchboard/connector-kit/fake-http';

export type { Failure, RecordedRequest } from '@switchboard/connector-kit/fake-http';

export interface FakeSpreadsheet {
  id: string;
  /** Rows per sheet name, in order. */
  sheets: Map<string, string[][]>;
  /** When false, the connected account may not edit it (403 PERMISSION_DENIED). */
  shared: boolean;
}

export interface FakeGoogleSheets {
  endpoints: { sheets: string; oauth: string };
  /** Every request received (token and Sheets API), oldest first. */
  requests: RecordedRequest[];
  /** Credentials the fake accepts, in the shape Settings saves them. */
  credentials: { client_id: string; client_secret: string; refresh_token: string };
  spreadsheets: Map<string, FakeSpreadsheet>;
  addSpreadsheet(id: string, sheetNames?: string[], options?: { shared?: boolean }): FakeSpreadsheet;
  /** The rows of one sheet (empty when there is none). */
  rows(spreadsheetId: string, sheet: string): string[][];
  /** Accepts another refresh token for the seeded client. */
  addRefreshToken(token: string): void;
  /** Makes Google answer `invalid_grant` for this refresh token (default: the seeded one). */
  revokeRefreshToken(token?: string): void;
  /** Every access token issued so far stops working (as if their hour had passed). */
  expireAccessTokens(): void;
  /** Scripts the next Sheets API request's answer (`{ status: 503 }`, `{ status: 429, retryAfter: 7 }`, `{ hang: true }`, `{ drop: true }`). */
  failNext(failure: Failure): void;
  /** Scripts the next token request's answer. */
  failNextTokenRequest(failure: Failure): void;
  close(): Promise<void>;
}

export interface FakeGoogleSheetsOptions {
  /** `expires_in` of issued access tokens, in seconds. Default 3599, as Google. */
  accessTokenLifetime?: number;
}

const UNAUTHENTICATED_MESSAGE =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

export async function startFake(options: FakeGoogleSheetsOptions = {}): Promise<FakeGoogleSheets> {
  const lifetime = options.accessTokenLifetime ?? 3599;
  const credentials = {
    client_id: '000000000000-fake.apps.googleusercontent.com',
    client_secret: 'GOCSPX-fake-client-secret',
    refresh_token: '1//fake-refresh-token',
  };
  const refreshTokens = new Map<string, 'active' | 'revoked'>([[credentials.refresh_token, 'active']]);
  const accessTokens = new Map<string, { expiresAt: number }>();
  const spreadsheets = new Map<string, FakeSpreadsheet>();
  let issued = 0;

  function addSpreadsheet(id: string, sheetNames = ['Sheet1'], opts: { shared?: boolean } = {}): FakeSpreadsheet {
    const spreadsheet = { id, sheets: new Map(sheetNames.map((name) => [name, [] as string[][]])), shared: opts.shared ?? true };
    spreadsheets.set(id, spreadsheet);
    return spreadsheet;
  }
  addSpreadsheet('fake-spreadsheet-1', ['Sheet1', 'Orders 2024']);

  function token(request: RecordedRequest): FakeAnswer {
    const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, string>;
    if (!request.headers['content-type']?.includes('application/x-www-form-urlencoded')) {
      return oauthError(400, 'invalid_request', 'Invalid Content-Type; expected application/x-www-form-urlencoded');
    }
    if (form.grant_type !== 'refresh_token') return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${form.grant_type ?? ''}`);
    if (form.client_id !== credentials.client_id) return oauthError(401, 'invalid_client', 'The OAuth client was not found.');
    if (form.client_secret !== credentials.client_secret) return oauthError(401, 'invalid_client', 'Unauthorized');
    const state = form.refresh_token === undefined ? undefined : refreshTokens.get(form.refresh_token);
    if (state === undefined) return oauthError(400, 'invalid_grant', 'Bad Request');
    if (state === 'revoked') return oauthError(400, 'invalid_grant', 'Token has been expired or revoked.');
    issued += 1;
    const accessToken = `ya29.fake-access-token-${issued}`;
    accessTokens.set(accessToken, { expiresAt: Date.now() + lifetime * 1000 });
    return {
      status: 200,
      body: { access_token: accessToken, expires_in: lifetime, scope: 'https://www.googleapis.com/auth/spreadsheets', token_type: 'Bearer' },
    };
  }

  function append(request: RecordedRequest, spreadsheetId: string, rawRange: string): FakeAnswer {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const access = bearer === undefined ? undefined : accessTokens.get(bearer);
    if (access === undefined || access.expiresAt <= Date.now()) {
      return { ...googleError(401, 'UNAUTHENTICATED', UNAUTHENTICATED_MESSAGE), headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' } };
    }
    const spreadsheet = spreadsheets.get(spreadsheetId);
    if (spreadsheet === undefined) return googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
    if (!spreadsheet.shared) return googleError(403, 'PERMISSION_DENIED', 'The caller does not have permission');

    const valueInputOption = request.query.valueInputOption;
    if (valueInputOption === undefined) return googleError(400, 'INVALID_ARGUMENT', "'valueInputOption' is required but not specified");
    if (valueInputOption !== 'RAW' && valueInputOption !== 'USER_ENTERED') {
      return googleError(400, 'INVALID_ARGUMENT', `Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), "${valueInputOption}"`);
    }
    const insert = request.query.insertDataOption;
    if (insert !== undefined && insert !== 'OVERWRITE' && insert !== 'INSERT_ROWS') {
      return googleError(400, 'INVALID_ARGUMENT', `Invalid value at 'insert_data_option' (type.googleapis.com/google.apps.sheets.v4.InsertDataOption), "${insert}"`);
    }
    if (!request.headers['content-type']?.includes('application/json')) return googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
    const values = (request.body as { values?: unknown } | undefined)?.values;
    if (!Array.isArray(values) || !values.every((row) => Array.isArray(row))) {
      return googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Unknown name "values": Proto field is not repeating, cannot start list.');
    }

    const sheetName = sheetOf(rawRange, spreadsheet);
    if (sheetName === undefined) return googleError(400, 'INVALID_ARGUMENT', `Unable to parse range: ${rawRange}`);
    const rows = spreadsheet.sheets.get(sheetName)!;
    const before = rows.length;
    const added = (values as unknown[][]).map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
    rows.push(...added);
    const width = Math.max(1, ...added.map((row) => row.length));
    const a1Sheet = /^\w+$/.test(sheetName) ? sheetName : `'${sheetName.replace(/'/g, "''")}'`;
    const updatedRange = `${a1Sheet}!A${before + 1}:${columnName(width)}${before + added.length}`;
    return {
      status: 200,
      body: {
        spreadsheetId,
        ...(before > 0 ? { tableRange: `${a1Sheet}!A1:${columnName(Math.max(...rows.slice(0, before).map((r) => r.length), 1))}${before}` } : {}),
        updates: { spreadsheetId, updatedRange, updatedRows: added.length, updatedColumns: width, updatedCells: added.reduce((n, r) => n + r.length, 0) },
      },
    };
  }

  const server = await startFakeServer((request) => {
    if (request.path === '/token') {
      return request.method === 'POST' ? token(request) : { status: 405, body: 'Method Not Allowed' };
    }
    const match = /^\/v4\/spreadsheets\/([^/]+)\/values\/([^/]+):append$/.exec(request.path);
    if (match && request.method === 'POST') return append(request, decodeURIComponent(match[1]!), decodeURIComponent(match[2]!));
    return googleError(404, 'NOT_FOUND', `The requested URL ${request.path} was not found on this server.`);
  });

  const googleFailureBody = (status: number) =>
    status === 429
      ? googleError(429, 'RESOURCE_EXHAUSTED', "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user'").body
      : status >= 500
        ? googleError(status, status === 503 ? 'UNAVAILABLE' : 'INTERNAL', 'The service is currently unavailable.').body
        : undefined;

  return {
    endpoints: { sheets: server.url, oauth: server.url },
    requests: server.requests,
    credentials,
    spreadsheets,
    addSpreadsheet,
    rows: (id, sheet) => spreadsheets.get(id)?.sheets.get(sheet) ?? [],
    addRefreshToken: (t) => void refreshTokens.set(t, 'active'),
    revokeRefreshToken: (t = credentials.refresh_token) => void refreshTokens.set(t, 'revoked'),
    expireAccessTokens() {
      for (const access of accessTokens.values()) access.expiresAt = 0;
    },
    failNext: (failure) => server.failNext(failure, '/v4/', googleFailureBody),
    failNextTokenRequest: (failure) => server.failNext(failure, '/token', (status) => (status >= 500 ? 'Internal Server Error' : undefined)),
    close: server.close,
  };
}

/** The sheet a range names: `Sheet1`, `'Orders 2024'`, `Sheet1!A:C`, `'It''s'!A1`; a bare A1 range means the first sheet. */
function sheetOf(range: string, spreadsheet: FakeSpreadsheet): string | undefined {
  let name: string;
  if (range.startsWith("'")) {
    const quoted = /^'((?:[^']|'')+)'(?:!.*)?$/.exec(range);
    if (!quoted) return undefined;
    name = quoted[1]!.replace(/''/g, "'");
  } else if (range.includes('!')) {
    name = range.slice(0, range.indexOf('!'));
  } else if (spreadsheet.sheets.has(range)) {
    name = range;
  } else if (/^[A-Z]{1,3}\d*(:[A-Z]{1,3}\d*)?$/i.test(range)) {
    return spreadsheet.sheets.keys().next().value;
  } else {
    return undefined;
  }
  return spreadsheet.sheets.has(name) ? name : undefined;
}

function columnName(index: number): string {
  let name = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function googleError(code: number, status: string, message: string): FakeAnswer {
  return { status: code, body: { error: { code, message, status } } };
}

function oauthError(status: number, error: string, description: string): FakeAnswer {
  return { status, body: { error, error_description: description } };
}
