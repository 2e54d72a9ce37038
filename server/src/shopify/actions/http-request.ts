import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, request } from 'undici';
import type { ActionTarget, BuiltinResult } from '../../engine/index.js';
import { actionExtension, builtinAction, field, since } from './fields.js';

/** Is this an address a merchant's request may reach? Only public unicast: no loopback, private, link-local, ... */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/**
 * DNS lookup that refuses private answers. Used as the socket's own lookup,
 * so the address checked is the address connected to (no DNS rebinding).
 */
const guardedLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const list = addresses as dns.LookupAddress[];
    const blocked = list.find((a) => !isPublicAddress(a.address));
    if (blocked) {
      return callback(Object.assign(new Error(`${hostname} resolves to ${blocked.address}, a private, loopback or link-local address`), { code: 'EPRIVATE' }), '', 0);
    }
    if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

const guardedAgent = new Agent({ connect: { lookup: guardedLookup } });
const openAgent = new Agent();

/** "Send HTTP request": method, URL, headers and a Liquid body; refuses private targets unless allowed. */
export function httpRequestAction(options: { allowPrivate: boolean; timeoutMs: number }): ActionTarget {
  return builtinAction(
    'switchboard',
    actionExtension('send-http-request', 'Send HTTP request', 'Sends an HTTP request to any public URL', [
      field('single_line_text_field', 'method', 'Method', true, 'GET, POST, PUT, PATCH or DELETE'),
      field('url', 'url', 'URL', true),
      field('multi_line_text_field', 'headers', 'Headers', false, 'One "Name: value" per line'),
      field('multi_line_text_field', 'body', 'Body', false),
    ]),
    (properties) => sendRequest(properties, options),
  );
}

async function sendRequest(properties: Record<string, unknown>, options: { allowPrivate: boolean; timeoutMs: number }): Promise<BuiltinResult> {
  const started = performance.now();
  const fail = (reason: string): BuiltinResult => ({ outcome: { kind: 'failed', reason }, latencyMs: since(started) });
  const method = String(properties.method ?? 'GET').trim().toUpperCase();
  if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) return fail(`method must be GET, POST, PUT, PATCH or DELETE, got "${method}"`);
  let url: URL;
  try {
    url = new URL(String(properties.url ?? '').trim());
  } catch {
    return fail(`"${String(properties.url)}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(`only http and https URLs can be requested, not ${url.protocol}`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivate && net.isIP(host) && !isPublicAddress(host)) {
    return fail(`${url.hostname} is a private, loopback or link-local address: requests to it are refused`);
  }
  const headers: Record<string, string> = {};
  for (const line of String(properties.headers ?? '').split('\n')) {
    if (!line.trim()) continue;
    const i = line.indexOf(':');
    if (i <= 0) return fail(`header line "${line.trim()}" is not "Name: value"`);
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = method === 'GET' || method === 'DELETE' ? undefined : String(properties.body ?? '');
  try {
    const res = await request(url, {
      method: method as 'GET',
      headers,
      body,
      dispatcher: options.allowPrivate ? openAgent : guardedAgent,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = (await res.body.text()).slice(0, 500);
    const status = res.statusCode;
    const base = { statusCode: status, latencyMs: since(started), responseExcerpt: text };
    if (status >= 200 && status < 300) return { ...base, outcome: { kind: 'succeeded', returnValue: { status, body: text } } };
    if (status === 429 || status >= 500) return { ...base, outcome: { kind: 'retry', reason: `answered ${status}` } };
    return { ...base, outcome: { kind: 'failed', reason: `answered ${status}` } };
  } catch (err) {
    const e = err as Error & { code?: string; cause?: { code?: string; message?: string } };
    const code = e.code ?? e.cause?.code;
    if (code === 'EPRIVATE') return fail(`${url.hostname} ${(e.cause?.message ?? e.message).replace(/^.*? resolves/, 'resolves')}: requests to it are refused`);
    return { outcome: { kind: 'retry', reason: `request failed: ${code ?? e.message}` }, latencyMs: since(started), error: e.message };
  }
}
