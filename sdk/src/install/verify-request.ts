import { checkSignedQuery, toQueryParams, type FreshnessOptions, type InstallQuery } from './signed-query.js';

/** A verified install request. */
export interface InstallRequest {
  /** The shop's domain, e.g. `shop.myshopify.com`. */
  shop: string;
  /** Unix seconds when Switchboard signed the redirect. */
  timestamp: number;
}

/**
 * Checks the redirect Switchboard sends a merchant to the app with (`shop`,
 * `timestamp`, `hmac`): the hmac under the client secret, and a timestamp
 * within 5 minutes. Throws `InstallError` (`missing_parameter`,
 * `invalid_hmac`, `stale_timestamp`); then start with `beginInstall`.
 *
 * @example
 * const { shop } = verifyInstallRequest(req.query, clientSecret);
 */
export function verifyInstallRequest(
  query: InstallQuery,
  clientSecret: string,
  options: FreshnessOptions = {},
): InstallRequest {
  const values = checkSignedQuery(toQueryParams(query), clientSecret, ['shop'], options);
  return { shop: values.shop as string, timestamp: Number(values.timestamp) };
}
