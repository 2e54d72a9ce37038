/**
 * The part of the Google Sheets API v4 this connector uses:
 * `spreadsheets.values.append`
 * (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/append).
 * A token Google refuses (401) is refreshed once and the request sent again.
 */
import { ActionError } from '@switchboard/sdk';
import type { AccessTokenSource } from './access-tokens.js';
import { RetryableServiceError, parseRetryAfter } from '@switchboard/connector-kit';
import { callService, excerpt, type ServiceAnswer } from '@switchboard/connector-kit';

export const GOOGLE_SHEETS_API = 'https://sheets.googleapis.com';

export interface SheetsClientOptions {
  accessToken: AccessTokenSource;
  /** Base URL of the Sheets API. Default `https://sheets.googleapis.com`. */
  baseUrl?: string;
  /** Longest wait for one answer, in ms. Default 8000. */
  timeoutMs?: number;
}

export interface AppendedRow {
  /** Where the row landed, in A1 notation (`Sheet1!A5:C5`). */
  updatedRange: string;
  updatedRows: number;
}

export interface SheetsClient {
  /** Appends one row after the table found in `range` (a sheet name or A1 range). */
  appendRow(row: { spreadsheetId: string; range: string; values: string[] }): Promise<AppendedRow>;
}

const RECONNECT = 'reconnect Google under Settings → Google Sheets in Switchboard';

export function createSheetsClient(options: SheetsClientOptions): SheetsClient {
  const base = (options.baseUrl ?? GOOGLE_SHEETS_API).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 8000;

  return {
    async appendRow({ spreadsheetId, range, values }) {
      const url = new URL(`${base}/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}/values/${encodeURIComponent(range)}:append`);
      url.searchParams.set('valueInputOption', 'USER_ENTERED');
      url.searchParams.set('insertDataOption', 'INSERT_ROWS');
      const body = JSON.stringify({ values: [values] });
      const send = (token: string) =>
        callService(
          'Google Sheets',
          url,
          { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' }, body },
          timeoutMs,
        );

      let token = await options.accessToken.get();
      let answer = await send(token);
      if (answer.status === 401) {
        // Expired or revoked early: one new token, one more try.
        token = await options.accessToken.refresh(token);
        answer = await send(token);
        if (answer.status === 401) {
          throw new ActionError(`Google Sheets refused a freshly issued access token (${googleReason(answer)}): ${RECONNECT}`, {
            code: 'unauthenticated',
          });
        }
      }
      return readAppendAnswer(answer, spreadsheetId);
    },
  };
}

function readAppendAnswer(answer: ServiceAnswer, spreadsheetId: string): AppendedRow {
  const reason = googleReason(answer);
  if (answer.status === 200) {
    const updates = (answer.json as { updates?: { updatedRange?: unknown; updatedRows?: unknown } } | undefined)?.updates;
    if (typeof updates?.updatedRange === 'string') {
      return { updatedRange: updates.updatedRange, updatedRows: typeof updates.updatedRows === 'number' ? updates.updatedRows : 1 };
    }
    throw new RetryableServiceError(`Google Sheets answered 200 without the appended range: ${excerpt(answer.text) || 'an empty body'}`);
  }
  if (answer.status === 429) {
    throw new RetryableServiceError(`Google Sheets is rate limiting requests (${reason})`, {
      retryAfter: parseRetryAfter(answer.headers.get('retry-after')),
    });
  }
  if (answer.status >= 500) throw new RetryableServiceError(`Google Sheets answered ${answer.status} (${reason})`);
  const status = googleStatus(answer);
  if (answer.status === 404) {
    throw new ActionError(
      `Google Sheets found no spreadsheet "${spreadsheetId}" (${reason}): check the spreadsheet ID, the part of its URL between /d/ and /edit`,
      { code: status ?? 'not_found' },
    );
  }
  if (answer.status === 403) {
    throw new ActionError(
      `Google Sheets refused access to spreadsheet "${spreadsheetId}" (${reason}): share it with the Google account connected in Settings → Google Sheets, with edit rights`,
      { code: status ?? 'permission_denied' },
    );
  }
  throw new ActionError(`Google Sheets refused the row (${reason})`, { code: status ?? 'invalid_argument' });
}

/** Google's error body: `{ error: { code, message, status } }`. */
function googleStatus(answer: ServiceAnswer): string | undefined {
  const status = (answer.json as { error?: { status?: unknown } } | undefined)?.error?.status;
  return typeof status === 'string' ? status : undefined;
}

function googleReason(answer: ServiceAnswer): string {
  const error = (answer.json as { error?: { message?: unknown; status?: unknown } } | undefined)?.error;
  const message = typeof error?.message === 'string' ? error.message : undefined;
  const status = typeof error?.status === 'string' ? error.status : undefined;
  if (status && message) return `${status}: ${message}`;
  return message ?? status ?? (excerpt(answer.text) || `HTTP ${answer.status}`);
}
