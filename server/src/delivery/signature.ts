import { createHmac } from 'node:crypto';

/** Header names Switchboard signs with: Shopify Flow's, and our own carrying the same value. */
export const SIGNATURE_HEADERS = ['x-shopify-hmac-sha256', 'x-switchboard-hmac-sha256'] as const;

/** HMAC-SHA256 of the raw body with the app's client secret, base64 (as Shopify signs webhooks and Flow actions). */
export function signBody(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

export function signatureHeaders(body: string, secret: string): Record<string, string> {
  const sig = signBody(body, secret);
  return Object.fromEntries(SIGNATURE_HEADERS.map((h) => [h, sig]));
}
