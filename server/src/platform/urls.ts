import { PlatformError } from './errors.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** An app URL must be absolute https; plain http only on loopback when local development allows it. */
export function checkAppUrl(value: unknown, field: string, allowHttpLoopback: boolean): string {
  if (typeof value !== 'string' || value === '') throw new PlatformError(400, 'invalid_url', `${field} is required`, { fields: [{ field, message: 'required' }] });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PlatformError(400, 'invalid_url', `${field} is not a valid absolute URL: "${value}"`, { fields: [{ field, message: 'not a valid absolute URL' }] });
  }
  const httpOk = url.protocol === 'http:' && allowHttpLoopback && LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !httpOk) {
    const message = allowHttpLoopback ? 'must use https (or http on localhost)' : 'must use https';
    throw new PlatformError(400, 'invalid_url', `${field} ${message}: "${value}"`, { fields: [{ field, message }] });
  }
  return value;
}
