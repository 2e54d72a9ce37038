import type { ServerResponse } from 'node:http';
import type { FieldError } from '../errors.js';

/** The one error body shape, plus a top-level `message` because Switchboard shows it to merchants. */
export interface ErrorBody {
  message: string;
  error: { code: string; message: string; fields?: FieldError[] };
}

/** Builds the error body for `code` and `message`. */
export function errorBody(code: string, message: string, fields?: FieldError[]): ErrorBody {
  return { message, error: fields === undefined ? { code, message } : { code, message, fields } };
}

/** Answers with a JSON body. Does nothing if an answer has already started. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text, 'utf8')),
    ...headers,
  });
  res.end(text);
}
