import type { Session, Shopify } from '@shopify/shopify-api';
import type { StoreSessionStorage } from './session-storage.js';

/** Refresh this long before expiry, so a request in flight never carries a lapsed token. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The shop's offline session, with its expiring token refreshed before it
 * lapses (Shopify's offline tokens last an hour). One refresh at a time per
 * shop: concurrent callers share it, since a refresh token is single-use.
 * TODO(issue 9): several processes need a database lock around the refresh.
 */
export class OfflineSessions {
  private readonly refreshing = new Map<string, Promise<Session>>();

  constructor(
    private readonly shopify: Shopify,
    private readonly sessions: StoreSessionStorage,
    private readonly now: () => number = Date.now,
  ) {}

  async get(shop: string): Promise<Session | undefined> {
    const session = await this.sessions.loadSession(this.shopify.session.getOfflineId(shop));
    if (!session) return undefined;
    if (!session.expires || session.expires.getTime() - this.now() > REFRESH_MARGIN_MS || !session.refreshToken) return session;
    let pending = this.refreshing.get(shop);
    if (!pending) {
      pending = this.refresh(shop, session.refreshToken).finally(() => this.refreshing.delete(shop));
      this.refreshing.set(shop, pending);
    }
    return pending;
  }

  private async refresh(shop: string, refreshToken: string): Promise<Session> {
    const { session } = await this.shopify.auth.refreshToken({ shop, refreshToken });
    await this.sessions.storeSession(session);
    return session;
  }
}
