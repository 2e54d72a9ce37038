import { timingSafeEqual } from 'node:crypto';
import { readWireError, toTokenStore, type TokenSource } from '../client/index.js';
import { InstallError } from '../errors.js';
import { checkSignedQuery, toQueryParams, type FreshnessOptions, type InstallQuery } from './signed-query.js';

/** Options of `completeInstall`. */
export interface CompleteInstallOptions extends FreshnessOptions {
  serverUrl: string;
  clientId: string;
  clientSecret: string;
  /** The callback's query (`code`, `shop`, `state`, `timestamp`, `hmac`). */
  query: InstallQuery;
  /** The `state` that `beginInstall` returned for this merchant. */
  expectedState: string;
  /** Where the new token is stored, under the shop's domain. */
  tokens: TokenSource;
  fetch?: typeof fetch;
}

/** An installed shop. */
export interface CompletedInstall {
  shop: string;
  accessToken: string;
  scope: string;
}

/**
 * Finishes an install on the redirect back from Switchboard: checks the
 * parameters, `state`, hmac and timestamp, exchanges the code for the shop's
 * access token and stores it in `tokens`. Throws `InstallError` whose `code`
 * names the check that failed (`missing_parameter`, `state_mismatch`,
 * `invalid_hmac`, `stale_timestamp`, `token_exchange_failed`, `shop_mismatch`).
 *
 * @example
 * const { shop } = await completeInstall({ serverUrl, clientId, clientSecret, tokens,
 *   query: req.query, expectedState: req.cookies.switchboard_state });
 */
export async function completeInstall(options: CompleteInstallOptions): Promise<CompletedInstall> {
  const params = toQueryParams(options.query);
  const values = checkSignedQuery(params, options.clientSecret, ['code', 'shop', 'state'], options, (found) => {
    if (!sameText(found.state as string, options.expectedState)) {
      throw new InstallError('The redirect state does not match the one this install began with (forged or from another session)', {
        code: 'state_mismatch',
        status: 401,
      });
    }
  });
  const shop = values.shop as string;

  const url = new URL('/oauth/access_token', options.serverUrl).toString();
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: options.clientId, client_secret: options.clientSecret, code: values.code }),
    });
  } catch (error) {
    throw new InstallError(`Could not reach ${url} to exchange the code`, { code: 'token_exchange_failed', cause: error });
  }
  const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!response.ok || typeof body?.access_token !== 'string') {
    const wire = readWireError(body);
    throw new InstallError(
      `Code exchange refused (${response.status}${wire.code ? ` ${wire.code}` : ''}): ${wire.message ?? 'no access token in the answer'}`,
      { code: 'token_exchange_failed', status: response.status, ...(wire.fields ? { fields: wire.fields } : {}) },
    );
  }
  if (typeof body.shop === 'string' && body.shop !== shop) {
    throw new InstallError(`The token was issued for ${body.shop}, not ${shop}`, { code: 'shop_mismatch' });
  }
  await toTokenStore(options.tokens).set(shop, body.access_token);
  return { shop, accessToken: body.access_token, scope: typeof body.scope === 'string' ? body.scope : '' };
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
