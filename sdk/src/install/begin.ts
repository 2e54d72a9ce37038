import { randomBytes } from 'node:crypto';

/** Options of `beginInstall`. */
export interface BeginInstallOptions {
  serverUrl: string;
  clientId: string;
  /** Where Switchboard sends the merchant back; must be one of the app's allowed redirect URLs. */
  redirectUri: string;
  /** The shop's domain, from the verified install request. */
  shop: string;
  /** Your own anti-forgery value; default: 32 random hex characters. */
  state?: string;
}

/**
 * The URL to redirect the merchant to for consent, and the `state` to keep
 * (in a cookie or session) and give back to `completeInstall` as
 * `expectedState`.
 *
 * @example
 * const { url, state } = beginInstall({ serverUrl, clientId, redirectUri, shop });
 * res.cookie('switchboard_state', state, { httpOnly: true }).redirect(url);
 */
export function beginInstall(options: BeginInstallOptions): { url: string; state: string } {
  const state = options.state ?? randomBytes(16).toString('hex');
  const url = new URL('/oauth/authorize', options.serverUrl);
  url.searchParams.set('client_id', options.clientId);
  url.searchParams.set('redirect_uri', options.redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('shop', options.shop);
  return { url: url.toString(), state };
}
