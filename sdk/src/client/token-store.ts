/**
 * Where the app keeps each shop's access token (from `completeInstall`,
 * removed by `uninstallHandler`). Back it with your database in production;
 * `memoryTokenStore()` is for tests and single-process demos.
 */
export interface TokenStore {
  /** The shop's access token, or undefined when the app is not installed there. */
  get(shop: string): Promise<string | undefined>;
  set(shop: string, token: string): Promise<void>;
  delete(shop: string): Promise<void>;
}

/** A `TokenStore`, or a plain `{ [shopDomain]: token }` object (which is then updated in place). */
export type TokenSource = TokenStore | Record<string, string>;

/** A `TokenStore` in process memory, optionally seeded with `{ [shopDomain]: token }`. Lost on restart. */
export function memoryTokenStore(initial: Record<string, string> = {}): TokenStore {
  const tokens = new Map(Object.entries(initial));
  return {
    get: async (shop) => tokens.get(shop),
    set: async (shop, token) => void tokens.set(shop, token),
    delete: async (shop) => void tokens.delete(shop),
  };
}

/** Accepts a `TokenStore` or a plain object map, and gives a `TokenStore`. */
export function toTokenStore(tokens: TokenSource): TokenStore {
  if (isTokenStore(tokens)) return tokens;
  const map = tokens;
  return {
    get: async (shop) => (Object.hasOwn(map, shop) ? map[shop] : undefined),
    set: async (shop, token) => void (map[shop] = token),
    delete: async (shop) => void delete map[shop],
  };
}

function isTokenStore(tokens: TokenSource): tokens is TokenStore {
  const t = tokens as Partial<Record<keyof TokenStore, unknown>>;
  return typeof t.get === 'function' && typeof t.set === 'function' && typeof t.delete === 'function';
}
