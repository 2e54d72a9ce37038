import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRawBody, sendJson } from '../http/index.js';
import { sendError, type PlatformState } from './state.js';

const MAX_PAYLOAD_BYTES = 50_000;

/** `POST /connector-api/v1/triggers`, as the real server answers it. */
export async function receiveTrigger(state: PlatformState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const scripted = state.failures.shift();
  if (scripted !== undefined) {
    const { status, code = `http_${status}`, message = `Scripted ${status}`, fields, retryAfter } = scripted;
    return sendError(res, status, code, message, fields, retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) });
  }
  const auth = req.headers.authorization ?? '';
  const token = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
  const shop = [...state.tokens].find(([, t]) => t === token)?.[0];
  if (shop === undefined) return sendError(res, 401, 'unauthorized', 'Missing or unknown access token');

  const read = await readRawBody(req, 10 * MAX_PAYLOAD_BYTES);
  if (!read.ok) return sendError(res, read.status === 413 ? 413 : 400, read.code, read.message);
  let body: unknown;
  try {
    body = JSON.parse(read.body.toString('utf8'));
  } catch {
    return sendError(res, 400, 'malformed_json', 'The body is not valid JSON');
  }
  const { handle, payload } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof handle !== 'string' || typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return sendError(res, 400, 'invalid_request', 'Expected {"handle": string, "payload": object}');
  }
  if (Buffer.byteLength(JSON.stringify(payload), 'utf8') > MAX_PAYLOAD_BYTES) {
    return sendError(res, 413, 'payload_too_large', `Payload over ${MAX_PAYLOAD_BYTES} bytes`);
  }
  if (state.triggerHandles && !state.triggerHandles.includes(handle)) {
    return sendError(res, 404, 'unknown_trigger', `Unknown trigger handle "${handle}"`);
  }

  const header = req.headers['idempotency-key'];
  const idempotencyKey = typeof header === 'string' ? header : undefined;
  const replayKey = idempotencyKey === undefined ? undefined : JSON.stringify([shop, idempotencyKey]);
  const first = replayKey === undefined ? undefined : state.answered.get(replayKey);
  if (first !== undefined) return sendJson(res, 202, first);

  const answer = { event_id: randomUUID(), runs_started: state.runsStarted };
  if (replayKey !== undefined) state.answered.set(replayKey, answer);
  state.triggers.push({ shop, handle, payload: payload as Record<string, unknown>, idempotencyKey, eventId: answer.event_id });
  sendJson(res, 202, answer);
}
