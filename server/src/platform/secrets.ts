import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const randomToken = (prefix: string, bytes = 32): string => `${prefix}${randomBytes(bytes).toString('base64url')}`;

/** Tokens and codes are stored as SHA-256 digests: a database leak gives no usable credential. */
export const hashSecret = (value: string): string => createHash('sha256').update(value).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
