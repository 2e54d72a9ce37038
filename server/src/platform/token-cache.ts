import type { App, Install, Shop } from '../store/index.js';

export interface ResolvedToken {
  install: Install;
  app: App;
  shop: Shop;
}

const TTL_MS = 1_000;
const MAX = 10_000;

/**
 * What a trigger's bearer token resolves to, kept for a second: the trigger
 * API's hot path then skips three lookups. Uninstall and a new token clear it
 * in this process at once. Used on SQLite only, where one process serves
 * the trigger API (see triggers.ts).
 */
class TokenCache {
  private readonly entries = new Map<string, { value: ResolvedToken; until: number }>();

  get(tokenHash: string, now = Date.now()): ResolvedToken | undefined {
    const hit = this.entries.get(tokenHash);
    if (!hit) return undefined;
    if (hit.until < now) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return hit.value;
  }

  set(tokenHash: string, value: ResolvedToken, now = Date.now()): void {
    if (this.entries.size >= MAX) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(tokenHash, { value, until: now + TTL_MS });
  }

  /** Forget every token of an (app, shop) install. */
  forgetInstall(appId: number, shopId: number): void {
    for (const [key, { value }] of this.entries) {
      if (value.install.appId === appId && value.install.shopId === shopId) this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

export const tokenCache = new TokenCache();
