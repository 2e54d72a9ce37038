/**
 * `switchboard check`: tests a running action endpoint against the protocol
 * as Switchboard will use it (DESIGN §4, "Actions out"): signatures are
 * verified, answers come in time with a status Switchboard understands, and a
 * repeated `action_run_id` is answered the same.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { signBody } from '../../signature.js';
import { CliError } from './cli-error.js';

/** Options of `checkActionEndpoint`. */
export interface CheckOptions {
  /** The action's runtime URL, e.g. `http://localhost:4000/actions/add-points`. */
  url: string;
  /** The app's client secret: Switchboard signs every request with it. */
  secret: string;
  /** The action's handle. Default: the URL's last path segment. */
  handle?: string;
  /** The rendered field values sent as `properties`. Default `{}`. */
  properties?: Record<string, unknown>;
  /** How long an answer may take; Switchboard gives up (and retries) after 10 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** One check: passed, failed, or not observable from outside (`unknown`, never counted as a pass). */
export interface CheckResult {
  name: string;
  outcome: 'pass' | 'fail' | 'unknown';
  /** Why it failed, or what was seen. */
  detail?: string;
}

interface Answer {
  status: number;
  text: string;
  json: unknown;
  ms: number;
}

const SHOP = { shop_id: 1, shopify_domain: 'switchboard-check.myshopify.com' };

/**
 * Sends the requests Switchboard would send (and some it never would) and
 * says, per check, whether the endpoint answered as the protocol requires.
 * A new request with a fresh `action_run_id` is sent to tell a deduplicating
 * endpoint from one that merely answers alike, so the action may run twice.
 */
export async function checkActionEndpoint(options: CheckOptions): Promise<CheckResult[]> {
  const url = checkUrl(options.url);
  const handle = options.handle ?? (decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? '') || 'action');
  const properties = options.properties ?? {};
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? globalThis.fetch;
  const bodyFor = (actionRunId: string) =>
    JSON.stringify({ ...SHOP, action_run_id: actionRunId, action_definition_id: handle, handle, properties });

  async function post(body: string, signature: string | undefined): Promise<Answer | Error> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature !== undefined) {
      headers['x-shopify-hmac-sha256'] = signature;
      headers['x-switchboard-hmac-sha256'] = signature;
    }
    const started = Date.now();
    try {
      const res = await doFetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      const text = await res.text();
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, text, json, ms: Date.now() - started };
    } catch (err) {
      const e = err as Error;
      if (e.name === 'TimeoutError' || e.name === 'AbortError') return new Error(`no answer within ${timeoutMs / 1000} s`);
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      return new Error(`could not reach ${url.origin}: ${cause?.code ?? cause?.message ?? e.message}`);
    }
  }

  const results: CheckResult[] = [];
  const expect401 = (name: string, answer: Answer | Error) => {
    if (answer instanceof Error) return results.push({ name, outcome: 'fail', detail: answer.message });
    if (answer.status === 401) return results.push({ name, outcome: 'pass', detail: '401' });
    const hint = answer.status < 300 ? '; the endpoint does not verify x-shopify-hmac-sha256, so anyone can run this action' : '';
    return results.push({ name, outcome: 'fail', detail: `answered ${answer.status}, expected 401${hint}` });
  };

  // (a) and (b): each with its own action_run_id, so a broken endpoint that
  // runs them does not poison the deduplication checks below.
  expect401('rejects an unsigned request', await post(bodyFor(randomUUID()), undefined));
  const forged = bodyFor(randomUUID());
  expect401('rejects a request signed with another secret', await post(forged, signBody(forged, `not-${options.secret}`)));
  const signed = bodyFor(randomUUID());
  expect401('rejects a request whose body changed by one byte after signing', await post(changeOneByte(signed), signBody(signed, options.secret)));

  // (c) a correctly signed request.
  const runId = randomUUID();
  const body = bodyFor(runId);
  const first = await post(body, signBody(body, options.secret));
  const answered = judgeAnswer(first, timeoutMs);
  results.push({ name: `answers a signed request within ${timeoutMs / 1000} s`, ...answered });
  if (first instanceof Error || answered.outcome === 'fail') {
    results.push({ name: 'answers a repeated action_run_id the same way', outcome: 'unknown', detail: 'could not be shown: the first answer failed' });
    return results;
  }

  // (d) the same action_run_id again: Switchboard's retries look exactly like this.
  const again = await post(body, signBody(body, options.secret));
  const name = 'answers a repeated action_run_id the same way';
  if (again instanceof Error) {
    results.push({ name, outcome: 'fail', detail: again.message });
    return results;
  }
  const final = first.status === 200 || (first.status >= 400 && first.status < 500 && first.status !== 429);
  if (!final) {
    // 202, 429 and 5xx are "not yet": a later answer may differ, and should.
    results.push({ name, outcome: 'unknown', detail: `could not be shown: the first answer (${first.status}) is not final, so a different second answer (${again.status}) is allowed` });
    return results;
  }
  if (again.status !== first.status || !sameBody(first, again)) {
    results.push({
      name,
      outcome: 'fail',
      detail: `first ${first.status} ${excerpt(first.text)}, then ${again.status} ${excerpt(again.text)}: the action probably ran twice; keep outcomes by action_run_id (actionHandler does)`,
    });
    return results;
  }
  results.push({ name, outcome: 'pass', detail: `${again.status}, same body` });

  // Equal answers prove deduplication only if a new run would answer differently.
  const freshBody = bodyFor(randomUUID());
  const fresh = await post(freshBody, signBody(freshBody, options.secret));
  const dedupe = 'deduplicated';
  if (fresh instanceof Error) {
    results.push({ name: dedupe, outcome: 'unknown', detail: `could not be shown: a request with a new action_run_id failed (${fresh.message})` });
  } else if (first.status === 200 && fresh.status === 200 && !sameBody(first, fresh)) {
    results.push({ name: dedupe, outcome: 'pass', detail: `a new action_run_id got ${excerpt(fresh.text)}, the repeated one got the first answer again` });
  } else {
    results.push({
      name: dedupe,
      outcome: 'unknown',
      detail: `could not be shown: a new action_run_id got the same answer (${fresh.status}), so equal answers do not prove the action ran once`,
    });
  }
  return results;
}

/** Whether the answer to a correctly signed request is one Switchboard acts on. */
function judgeAnswer(answer: Answer | Error, timeoutMs: number): Omit<CheckResult, 'name'> {
  if (answer instanceof Error) return { outcome: 'fail', detail: answer.message };
  const { status, ms } = answer;
  const took = `${status} in ${ms} ms`;
  if (ms > timeoutMs) return { outcome: 'fail', detail: `${took}: Switchboard gives up after ${timeoutMs / 1000} s and retries` };
  if (status === 200) {
    if (answer.json === undefined || typeof answer.json !== 'object' || answer.json === null) {
      return { outcome: 'fail', detail: `${took} with a body that is not a JSON object (${excerpt(answer.text)}); answer {"return_value": {...}}` };
    }
    const value = (answer.json as Record<string, unknown>).return_value;
    return { outcome: 'pass', detail: `${took}, return_value ${value === undefined ? '(none)' : excerpt(JSON.stringify(value))}` };
  }
  if (status === 202) return { outcome: 'pass', detail: `${took}: pending, Switchboard will send it again` };
  if (status === 401) {
    return { outcome: 'fail', detail: `${took} to a correctly signed request: is --secret the app's client secret, and is the signature checked over the raw body?` };
  }
  if (status === 429) return { outcome: 'pass', detail: `${took}: Switchboard will send it again after Retry-After (${answer.text === '' ? 'no body' : excerpt(answer.text)})` };
  if (status >= 400 && status < 500) {
    const message = (answer.json as { message?: unknown; error?: { message?: unknown } } | undefined);
    const shown = message?.message ?? message?.error?.message;
    return { outcome: 'pass', detail: `${took}: fails for good, the merchant sees ${typeof shown === 'string' ? JSON.stringify(shown) : 'no message (send {"message": "..."})'}` };
  }
  if (status >= 500 && status < 600) return { outcome: 'pass', detail: `${took}: Switchboard retries with backoff` };
  return { outcome: 'fail', detail: `${took}: only 200 is success; Switchboard treats ${status} as a failure` };
}

/** Flips one hex digit of the body's first uuid: still valid JSON, no longer the signed bytes. */
function changeOneByte(body: string): string {
  const at = body.indexOf('"action_run_id":"') + '"action_run_id":"'.length;
  const c = body[at] === 'a' ? 'b' : 'a';
  return body.slice(0, at) + c + body.slice(at + 1);
}

function sameBody(a: Answer, b: Answer): boolean {
  if (a.json !== undefined && b.json !== undefined) return JSON.stringify(a.json) === JSON.stringify(b.json);
  return a.text === b.text;
}

function excerpt(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function checkUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`--url "${raw}" is not a URL`, { hint: 'e.g. --url http://localhost:4000/actions/add-points' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`--url must be http or https, not ${url.protocol}`);
  return url;
}

/** Reads `--properties`: a JSON file holding an object. */
export async function readProperties(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`Cannot read the properties file ${file}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError(`${file} must hold a JSON object (the action's properties)`, { hint: 'e.g. { "customer_id": 42, "points": 10 }' });
  }
  return value as Record<string, unknown>;
}

/** The line printed for a result: `✓ name`, `✗ name: reason`, or `? name: could not be shown ...`. */
export function formatCheck(result: CheckResult): string {
  const mark = result.outcome === 'pass' ? '✓' : result.outcome === 'fail' ? '✗' : '?';
  if (result.outcome === 'pass') return `${mark} ${result.name}${result.detail ? ` (${result.detail})` : ''}`;
  return `${mark} ${result.name}${result.detail ? `: ${result.detail}` : ''}`;
}
