import { Agent, request } from 'undici';
import { signatureHeaders } from './signature.js';
import { classifyAnswer, type AttemptOutcome } from './classify.js';

/** One keep-alive pool for all outbound requests to connector apps. */
const agent = new Agent({ keepAliveTimeout: 10_000, connections: 128, pipelining: 1 });

export interface SendResult {
  outcome: AttemptOutcome;
  statusCode?: number;
  latencyMs: number;
  responseExcerpt?: string;
  error?: string;
}

const EXCERPT = 500;
const MAX_BODY = 64 * 1024;

/** POSTs a signed JSON body; never throws: network errors and timeouts are outcomes to retry. */
export async function sendSigned(
  url: string,
  body: string,
  secret: string,
  timeoutMs: number,
  extraHeaders: Record<string, string> = {},
): Promise<SendResult> {
  const started = performance.now();
  try {
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Switchboard/1', ...extraHeaders, ...signatureHeaders(body, secret) },
      body,
      dispatcher: agent,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await readLimited(res.body);
    const latencyMs = Math.round(performance.now() - started);
    const retryAfter = res.headers['retry-after'];
    return {
      outcome: classifyAnswer({ status: res.statusCode, body: text, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter }),
      statusCode: res.statusCode,
      latencyMs,
      responseExcerpt: text.slice(0, EXCERPT),
    };
  } catch (err) {
    const latencyMs = Math.round(performance.now() - started);
    const e = err as Error & { code?: string };
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    const reason = timedOut ? `no answer within ${timeoutMs / 1000} seconds` : `network error: ${e.code ?? e.message}`;
    return { outcome: { kind: 'retry', reason }, latencyMs, error: reason };
  }
}

/** Reads at most MAX_BODY bytes: a misbehaving app cannot fill our memory. */
async function readLimited(body: AsyncIterable<Buffer> & { destroy?: () => void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_BODY) {
      body.destroy?.();
      break;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
