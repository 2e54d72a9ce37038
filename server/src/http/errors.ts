import type { ErrorRequestHandler, Response } from 'express';
import { PlatformError } from '../platform/index.js';
import { WorkflowInvalidError } from '../engine/index.js';
import { ShopifyAuthError } from '../shopify/index.js';
import { isStoreUnavailable } from '../store/index.js';

/** The one error body shape of every API: `{ error: { code, message, fields?, ... } }`. */
export function sendError(res: Response, status: number, code: string, message: string, details: Record<string, unknown> = {}): void {
  res.status(status).json({ error: { code, message, ...details } });
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) return;
  if (err instanceof PlatformError) {
    const { retryAfter, ...details } = err.details;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    return sendError(res, err.status, err.code, err.message, details);
  }
  if (err instanceof ShopifyAuthError) return sendError(res, err.status, err.code, err.message);
  if (err instanceof WorkflowInvalidError) {
    return sendError(res, 422, 'invalid_workflow', err.message, { problems: err.problems });
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') return sendError(res, 400, 'malformed_json', `The request body is not valid JSON: ${e.message}`);
  if (e.type === 'entity.too.large') return sendError(res, 413, 'payload_too_large', 'The request body is too large');
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return sendError(res, 415, 'unsupported_encoding', e.message ?? 'unsupported encoding');
  if (isStoreUnavailable(err)) {
    // Nothing was stored: the client retries, and an Idempotency-Key makes that safe.
    res.setHeader('Retry-After', '2');
    return sendError(res, 503, 'database_unavailable', 'Switchboard cannot reach its database right now; nothing was stored. Retry in a few seconds.');
  }
  (req as { log?: { error: (o: object, m: string) => void } }).log?.error({ err }, 'unhandled error');
  console.error(err);
  sendError(res, 500, 'internal_error', 'Something went wrong on our side; it was logged');
};
