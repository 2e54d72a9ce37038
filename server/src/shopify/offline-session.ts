import type { Session, Shopify } from '@shopify/shopify-api';
import type { StoreSessionStorage } from './session-storage.js';

/** Refresh this long before expiry, so a request in flight never carries a lapsed token. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * The shop's offline session, with its expiring token refreshed before it
 * lapses (Shopify's offline tokens last an hour). One refresh at a time per
 * shop: concurrent callers in this process share it, and processes take a
 * database lock and look again, since a refresh token is single-use.
 */
export class OfflineSessions {
  private readonly refreshing = new Map<string, Promise<Session | undefined>>();

  constructor(
    private readonly shopify: Shopify,
    private readonly sessions: StoreSessionStorage,
    private readonly lock: <T>(name: string, work: () => Promise<T>) => Promise<T> = (_name, work) => work(),
    private readonly now: () => number = Date.now,
  ) {}

  async get(shop: string): Promise<Session | undefined> {
    const session = await this.sessions.loadSession(this.shopify.session.getOfflineId(shop));
    if (!session || this.fresh(session)) return session;
    let pending = this.refreshing.get(shop);
    if (!pending) {
      pending = this.lock(`shopify-refresh:${shop}`, () => this.refresh(shop)).finally(() => this.refreshing.delete(shop));
      this.refreshing.set(shop, pending);
    }
    return pending;
  }

  private fresh(session: Session): boolean {
    return !session.expires || session.expires.getTime() - this.now() > REFRESH_MARGIN_MS || !session.refreshToken;
  }

  /** Under the lock: another process may have refreshed while we waited, so read again first. */
  private async refresh(shop: string): Promise<Session | undefined> {
    const current = await this.sessions.loadSession(this.shopify.session.getOfflineId(shop));
    if (!current || this.fresh(current)) return current;
    const { session } = await this.shopify.auth.refreshToken({ shop, refreshToken: current.refreshToken! });
    await this.sessions.storeSession(session);
    return session;
  }
}
