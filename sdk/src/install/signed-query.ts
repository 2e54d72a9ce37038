import { InstallError } from '../errors.js';
import { queryValue, timestampIsFresh, verifyQuery, type QueryParams } from '../signature.js';

/**
 * A redirect's query: express's `req.query`, a `URLSearchParams`, a plain
 * object, or the request URL / query string itself (`req.url`).
 */
export type InstallQuery = QueryParams | string;

/** Options for the freshness check of a signed redirect. */
export interface FreshnessOptions {
  /** How old (or, allowing clock skew, how far ahead) `timestamp` may be. Default 300 seconds. */
  maxAgeSeconds?: number;
  /** The current time in ms, for tests. Default `Date.now()`. */
  now?: () => number;
}

export function toQueryParams(query: InstallQuery): QueryParams {
  if (typeof query !== 'string') return query;
  const start = query.indexOf('?');
  return new URLSearchParams(start === -1 ? query : query.slice(start + 1));
}

/**
 * Checks a signed redirect in order (required parameters, then `extra`, then
 * hmac, then freshness) and throws an `InstallError` naming the first failure.
 */
export function checkSignedQuery(
  params: QueryParams,
  clientSecret: string,
  required: readonly string[],
  options: FreshnessOptions = {},
  extra?: (values: Record<string, string>) => void,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of [...required, 'timestamp', 'hmac']) {
    const value = queryValue(params, key);
    if (value === undefined || value === '') {
      throw new InstallError(`The redirect has no single "${key}" parameter`, { code: 'missing_parameter', status: 400 });
    }
    values[key] = value;
  }
  extra?.(values);
  if (!verifyQuery(params, clientSecret)) {
    throw new InstallError('The redirect hmac does not match its parameters (wrong client secret, or the URL was altered)', {
      code: 'invalid_hmac',
      status: 401,
    });
  }
  const maxAge = options.maxAgeSeconds ?? 300;
  if (!timestampIsFresh(values.timestamp, maxAge, options.now)) {
    throw new InstallError(`The redirect timestamp is more than ${maxAge} seconds from now (replayed or clock skew)`, {
      code: 'stale_timestamp',
      status: 401,
    });
  }
  return values;
}
