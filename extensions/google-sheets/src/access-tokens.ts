/**
 * Access tokens per shop, kept in memory until shortly before they expire,
 * so each action does not cost a round trip to Google's token endpoint.
 */
import { createHash } from 'node:crypto';
import { requestAccessToken, type GoogleClientCredentials } from './google-oauth.js';

/** Where the Sheets client gets its bearer token. */
export interface AccessTokenSource {
  /** A token believed valid: the cached one, or a new one. */
  get(): Promise<string>;
  /** Google refused `rejected` (401): forget it and get a new one (once, however many callers saw it refused). */
  refresh(rejected: string): Promise<string>;
}

export interface AccessTokenCacheOptions {
  /** Base URL of Google's token endpoint. */
  oauthUrl: string;
  /** A token is renewed this many seconds before Google says it expires. Default 60. */
  marginSeconds?: number;
  timeoutMs?: number;
}

export interface AccessTokenCache {
  /** The token source for one shop with these credentials. */
  forShop(shop: string, credentials: GoogleClientCredentials): AccessTokenSource;
}

interface Cached {
  token: string;
  expiresAt: number;
  /** Which credentials it was issued for: a reconnected shop must not keep the old account's token. */
  issuedFor: string;
}

export function createAccessTokenCache(options: AccessTokenCacheOptions): AccessTokenCache {
  const margin = (options.marginSeconds ?? 60) * 1000;
  const cached = new Map<string, Cached>();
  // One token request at a time per shop and credentials: concurrent actions share it.
  const inFlight = new Map<string, Promise<string>>();

  return {
    forShop(shop, credentials) {
      const issuedFor = fingerprint(credentials);
      const valid = () => {
        const entry = cached.get(shop);
        return entry !== undefined && entry.issuedFor === issuedFor && entry.expiresAt - margin > Date.now() ? entry.token : undefined;
      };
      const renew = () => {
        const key = `${shop}\n${issuedFor}`;
        let pending = inFlight.get(key);
        if (pending === undefined) {
          pending = requestAccessToken(options.oauthUrl, credentials, options.timeoutMs)
            .then(({ accessToken, expiresIn }) => {
              cached.set(shop, { token: accessToken, expiresAt: Date.now() + expiresIn * 1000, issuedFor });
              return accessToken;
            })
            .finally(() => inFlight.delete(key));
          inFlight.set(key, pending);
        }
        return pending;
      };
      return {
        async get() {
          return valid() ?? renew();
        },
        async refresh(rejected) {
          const current = valid();
          if (current !== undefined && current !== rejected) return current;
          if (cached.get(shop)?.token === rejected) cached.delete(shop);
          return renew();
        },
      };
    },
  };
}

function fingerprint(credentials: GoogleClientCredentials): string {
  return createHash('sha256').update(`${credentials.clientId}\n${credentials.clientSecret}\n${credentials.refreshToken}`).digest('base64url');
}
