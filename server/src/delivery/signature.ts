import { signBody } from '@switchboard/sdk';

// Signing is the SDK's code: one definition of the protocol for both ends.
export { signBody };

/** Header names Switchboard signs with: Shopify Flow's, and our own carrying the same value. */
export const SIGNATURE_HEADERS = ['x-shopify-hmac-sha256', 'x-switchboard-hmac-sha256'] as const;

export function signatureHeaders(body: string, secret: string): Record<string, string> {
  const sig = signBody(body, secret);
  return Object.fromEntries(SIGNATURE_HEADERS.map((h) => [h, sig]));
}
