/** Extension URLs: absolute `https`, or an app-relative path such as `/api/execute`. */
import type { Checker, Table } from './checker.js';
import { join } from './path.js';
import type { ParseOptions } from './types.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** C0 controls, DEL and C1 controls: invisible, and a classic header-injection vector. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why `url` is not acceptable, or `null` if it is. */
export function urlProblem(url: string, opts: ParseOptions): string | null {
  if (CONTROL.test(url)) return 'contains a control character';
  if (url.startsWith('/')) {
    // `//host/x` is protocol-relative: it would leave the app's host.
    return url.startsWith('//') ? 'starts with `//`, which names another host' : null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is neither an absolute URL nor a path starting with `/`';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:') {
    if (!LOCAL_HOSTS.has(parsed.hostname)) return 'uses plain http';
    if (!opts.local) return 'uses plain http, allowed for localhost in local mode only';
    return null;
  }
  return `uses the \`${parsed.protocol.slice(0, -1)}\` scheme`;
}

/** Reads and checks a URL field; reports `invalid_url` naming the field. */
export function readUrl(
  c: Checker,
  table: Table,
  key: string,
  base: string,
  opts: ParseOptions,
  required: boolean,
): string | undefined {
  const value = required ? c.requiredString(table, key, base) : c.string(table, key, base);
  if (value === null || value === undefined) return undefined;
  const problem = urlProblem(value, opts);
  if (problem === null) return value;
  const local = opts.local ? ' (or http on localhost)' : '';
  c.error(
    join(base, key),
    'invalid_url',
    `\`${key}\` ${JSON.stringify(value)} ${problem}. Use an absolute https URL${local} or a path starting with one \`/\`.`,
  );
  return undefined;
}

/**
 * Resolves an extension URL against the app's URL: an absolute URL is kept, and a
 * path starting with one `/` is appended to the app URL (whose own path is kept,
 * so `/execute` with `https://host/app` gives `https://host/app/execute`).
 * Throws a TypeError for anything else, or for an invalid app URL.
 */
export function resolveExtensionUrl(url: string, appUrl: string): string {
  if (url.startsWith('/') && !url.startsWith('//')) {
    const base = new URL(appUrl);
    base.search = '';
    base.hash = '';
    return base.href.replace(/\/+$/, '') + url;
  }
  try {
    new URL(url); // absolute URLs only: no base given
  } catch {
    throw new TypeError(`Not an absolute URL or a path starting with one \`/\`: ${JSON.stringify(url)}`);
  }
  return url;
}
