import type { ErrorRequestHandler, Response } from 'express';
import { PlatformError } from '../platform/index.js';
import { WorkflowInvalidError } from '../engine/index.js';
import { ShopifyAuthError } from '../shopify/index.js';
import { isStoreUnavailable } from '../store/index.js';

/** The one error body shape of every API: `{ error: { code, message, fields?, ... } }`. */
export function sendError(res: Response, status: number, code: string, message: string, details: Record<string, unknown> = {}): void {
  res.status(status).json({ error: { code, message, ...details } });
}

/** What an error answers: status, body, headers; `unexpected` errors are logged. */
export interface ErrorAnswer {
  status: number;
  body: { error: Record<string, unknown> };
  headers?: Record<string, string>;
  unexpected?: true;
}

const answer = (status: number, code: string, message: string, details: Record<string, unknown> = {}, headers?: Record<string, string>): ErrorAnswer => ({
  status,
  body: { error: { code, message, ...details } },
  headers,
});

/** The answer to an error thrown by any route (express's or the plain trigger route's). */
export function errorAnswer(err: unknown): ErrorAnswer {
  if (err instanceof PlatformError) {
    const { retryAfter, ...details } = err.details;
    return answer(err.status, err.code, err.message, details, typeof retryAfter === 'number' ? { 'Retry-After': String(retryAfter) } : undefined);
  }
  if (err instanceof ShopifyAuthError) return answer(err.status, err.code, err.message);
  if (err instanceof WorkflowInvalidError) return answer(422, 'invalid_workflow', err.message, { problems: err.problems });
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') return answer(400, 'malformed_json', `The request body is not valid JSON: ${e.message}`);
  if (e.type === 'entity.too.large') return answer(413, 'payload_too_large', 'The request body is too large');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return answer(415, 'unsupported_encoding', e.message ?? 'unsupported encoding');
  if (isStoreUnavailable(err)) {
    // Nothing was stored: the client retries, and an Idempotency-Key makes that safe.
    return answer(503, 'database_unavailable', 'Switchboard cannot reach its database right now; nothing was stored. Retry in a few seconds.', {}, { 'Retry-After': '2' });
  }
  return { ...answer(500, 'internal_error', 'Something went wrong on our side; it was logged'), unexpected: true };
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) return;
  const a = errorAnswer(err);
  if (a.unexpected) {
    (req as { log?: { error: (o: object, m: string) => void } }).log?.error({ err }, 'unhandled error');
    console.error(err);
  }
  if (a.headers) res.set(a.headers);
  res.status(a.status).json(a.body);
};
