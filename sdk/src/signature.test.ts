import { describe, expect, it } from 'vitest';
import { signBody, signQuery, verifyQuery, verifySignature } from './signature.js';

const secret = 'app-secret';
const body = JSON.stringify({ shop_id: 1, shopify_domain: 'a.myshopify.com', properties: { note: 'héllo' } });

describe('body signatures', () => {
  it('accepts the signature of exactly these bytes', () => {
    expect(verifySignature(body, signBody(body, secret), secret)).toBe(true);
    expect(verifySignature(Buffer.from(body), signBody(Buffer.from(body), secret), secret)).toBe(true);
  });

  it('matches the base64 HMAC-SHA256 that Shopify documents', async () => {
    const { createHmac } = await import('node:crypto');
    expect(signBody(body, secret)).toBe(createHmac('sha256', secret).update(body, 'utf8').digest('base64'));
  });

  it('refuses a body changed by one byte', () => {
    const signature = signBody(body, secret);
    const changed = Buffer.from(body);
    changed[10] = (changed[10] ?? 0) ^ 1;
    expect(verifySignature(changed, signature, secret)).toBe(false);
  });

  it('refuses a signature made with another secret', () => {
    expect(verifySignature(body, signBody(body, 'other-secret'), secret)).toBe(false);
  });

  it('refuses a missing, empty or repeated header', () => {
    expect(verifySignature(body, undefined, secret)).toBe(false);
    expect(verifySignature(body, '', secret)).toBe(false);
    const signature = signBody(body, secret);
    expect(verifySignature(body, [signature, signature], secret)).toBe(false);
  });

  it("refuses another request's valid signature", () => {
    const other = JSON.stringify({ shop_id: 2 });
    expect(verifySignature(body, signBody(other, secret), secret)).toBe(false);
  });

  it('refuses a header of another length without throwing', () => {
    expect(verifySignature(body, 'short', secret)).toBe(false);
    expect(verifySignature(body, `${signBody(body, secret)}x`, secret)).toBe(false);
  });
});

describe('query signatures', () => {
  const now = 1_700_000_000_000;
  const params = { shop: 'a.myshopify.com', timestamp: String(now / 1000), state: 'x&y' };

  it('signs the sorted, unencoded query without hmac, in hex', async () => {
    const { createHmac } = await import('node:crypto');
    const message = `shop=a.myshopify.com&state=x&y&timestamp=${now / 1000}`;
    expect(signQuery(params, secret)).toBe(createHmac('sha256', secret).update(message).digest('hex'));
  });

  it('verifies objects and URLSearchParams alike, hmac in any position', () => {
    const hmac = signQuery(params, secret);
    expect(verifyQuery({ hmac, ...params }, secret)).toBe(true);
    const search = new URLSearchParams({ ...params, hmac });
    expect(verifyQuery(search, secret)).toBe(true);
  });

  it('refuses a changed value, a wrong secret, a missing hmac and a repeated key', () => {
    const hmac = signQuery(params, secret);
    expect(verifyQuery({ ...params, shop: 'b.myshopify.com', hmac }, secret)).toBe(false);
    expect(verifyQuery({ ...params, hmac }, 'other')).toBe(false);
    expect(verifyQuery(params, secret)).toBe(false);
    const repeated = new URLSearchParams({ ...params, hmac });
    repeated.append('shop', 'b.myshopify.com');
    expect(verifyQuery(repeated, secret)).toBe(false);
  });

  it('checks timestamp freshness when asked', () => {
    const hmac = signQuery(params, secret);
    const query = { ...params, hmac };
    expect(verifyQuery(query, secret, { maxAgeSeconds: 300, now: () => now + 299_000 })).toBe(true);
    expect(verifyQuery(query, secret, { maxAgeSeconds: 300, now: () => now + 301_000 })).toBe(false);
    expect(verifyQuery(query, secret, { maxAgeSeconds: 300, now: () => now - 301_000 })).toBe(false);
  });
});
