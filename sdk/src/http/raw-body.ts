import type { IncomingMessage } from 'node:http';

/** Largest body a handler reads; action requests and notices are far smaller. */
export const DEFAULT_BODY_LIMIT = 1_000_000;

/** Why a body could not be read: the status and error to answer with. */
export interface BodyProblem {
  ok: false;
  status: number;
  code: string;
  message: string;
}

/** What frameworks may have attached to the request before us. */
type RequestWithBody = IncomingMessage & { rawBody?: unknown; body?: unknown };

/**
 * The request's raw bytes, which signatures are computed over. Uses
 * `req.rawBody` or a Buffer `req.body` (express.raw()) when a framework has
 * already read the stream; refuses clearly when only a parsed object is left.
 */
export async function readRawBody(
  req: IncomingMessage,
  limitBytes: number = DEFAULT_BODY_LIMIT,
): Promise<{ ok: true; body: Buffer } | BodyProblem> {
  const r = req as RequestWithBody;
  if (Buffer.isBuffer(r.rawBody)) return { ok: true, body: r.rawBody };
  if (typeof r.rawBody === 'string') return { ok: true, body: Buffer.from(r.rawBody, 'utf8') };
  if (Buffer.isBuffer(r.body)) return { ok: true, body: r.body };

  const consumed = r.readableEnded || (r.complete && !r.readable);
  if (consumed) {
    if (typeof r.body === 'string') return { ok: true, body: Buffer.from(r.body, 'utf8') };
    return {
      ok: false,
      status: 500,
      code: 'raw_body_unavailable',
      message:
        'The request body was already parsed (express.json()?) and its raw bytes are gone, so the signature ' +
        'cannot be verified. Mount the Switchboard handler before express.json(), or keep the raw bytes: ' +
        'express.json({ verify: (req, _res, buf) => { req.rawBody = buf } }).',
    };
  }

  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
      size += buffer.length;
      if (size > limitBytes) {
        return { ok: false, status: 413, code: 'body_too_large', message: `Request body is over ${limitBytes} bytes` };
      }
      chunks.push(buffer);
    }
  } catch {
    return { ok: false, status: 400, code: 'body_unreadable', message: 'The request body could not be read' };
  }
  return { ok: true, body: Buffer.concat(chunks) };
}
