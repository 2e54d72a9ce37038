import { Session } from '@shopify/shopify-api';
import type { Store } from '../store/index.js';

/**
 * @shopify/shopify-api's five-method session storage, on our own store
 * (the official SQLite storage would bring a second copy of the library).
 */
export class StoreSessionStorage {
  constructor(private readonly store: Store) {}

  async storeSession(session: Session): Promise<boolean> {
    await this.store.saveShopifySession({
      id: session.id,
      shop: session.shop,
      isOnline: session.isOnline,
      data: Object.fromEntries(session.toPropertyArray(true)),
      expiresAt: session.expires?.getTime(),
    });
    return true;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const stored = await this.store.loadShopifySession(id);
    return stored && Session.fromPropertyArray(Object.entries(stored.data) as Array<[string, string | number | boolean]>, true);
  }

  async deleteSession(id: string): Promise<boolean> {
    await this.store.deleteShopifySessions([id]);
    return true;
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    await this.store.deleteShopifySessions(ids);
    return true;
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const stored = await this.store.findShopifySessionsByShop(shop);
    return stored.map((s) => Session.fromPropertyArray(Object.entries(s.data) as Array<[string, string | number | boolean]>, true));
  }
}
