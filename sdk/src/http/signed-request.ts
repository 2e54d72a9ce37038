import type { IncomingMessage } from 'node:http';
import { verifySignature } from '../signature.js';
import { readRawBody, type BodyProblem } from './raw-body.js';

/** Header names carrying the body signature; Switchboard sends both with the same value. */
export const SIGNATURE_HEADERS = ['x-switchboard-hmac-sha256', 'x-shopify-hmac-sha256'] as const;

/** A verified, parsed JSON object body. */
export interface SignedBody {
  ok: true;
  raw: Buffer;
  json: Record<string, unknown>;
}

/**
 * Reads the raw body, verifies its signature in constant time and parses it
 * as a JSON object: the common first step of actions and notices (POST only).
 */
export async function readSignedJson(req: IncomingMessage, secret: string): Promise<SignedBody | BodyProblem> {
  if (req.method !== 'POST') {
    return { ok: false, status: 405, code: 'method_not_allowed', message: `Expected POST, got ${req.method ?? 'none'}` };
  }
  const read = await readRawBody(req);
  if (!read.ok) return read;

  const header = SIGNATURE_HEADERS.map((name) => req.headers[name]).find((value) => value !== undefined);
  if (header === undefined) {
    return { ok: false, status: 401, code: 'missing_signature', message: 'Missing x-switchboard-hmac-sha256 header' };
  }
  if (!verifySignature(read.body, header, secret)) {
    return {
      ok: false,
      status: 401,
      code: 'invalid_signature',
      message: 'The signature does not match the body (wrong client secret, or the body was changed on the way)',
    };
  }

  let json: unknown;
  try {
    json = JSON.parse(read.body.toString('utf8'));
  } catch {
    return { ok: false, status: 400, code: 'malformed_json', message: 'The body is not valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, status: 400, code: 'malformed_json', message: 'The body must be a JSON object' };
  }
  return { ok: true, raw: read.body, json: json as Record<string, unknown> };
}
