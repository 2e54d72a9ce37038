import { createHmac, timingSafeEqual } from 'node:crypto';

/** Minimal HS256 JWT signing and verification, as App Bridge session tokens use. */

function b64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

export function signHs256(payload: Record<string, unknown>, secret: string): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(payload));
  const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

export type VerifyResult =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; reason: string };

/**
 * Verifies signature, `alg`, `exp` and `nbf` (with `toleranceSeconds`, like
 * shopify-api's 10 s clock tolerance) against `nowMs`.
 */
export function verifyHs256(token: string, secret: string, nowMs: number, toleranceSeconds = 10): VerifyResult {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed token' };
  const [h, p, s] = parts as [string, string, string];
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed token' };
  }
  if (!isRecord(header) || header['alg'] !== 'HS256') return { ok: false, reason: 'unsupported algorithm' };
  if (!isRecord(payload)) return { ok: false, reason: 'malformed payload' };
  const expected = createHmac('sha256', secret).update(`${h}.${p}`).digest();
  const given = Buffer.from(s, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'signature verification failed' };
  }
  const now = nowMs / 1000;
  const exp = payload['exp'];
  const nbf = payload['nbf'];
  if (typeof exp === 'number' && now - toleranceSeconds >= exp) return { ok: false, reason: 'token expired' };
  if (typeof nbf === 'number' && now + toleranceSeconds < nbf) return { ok: false, reason: 'token not yet valid' };
  return { ok: true, payload };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
