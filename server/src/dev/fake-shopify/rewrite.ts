/**
 * A fetch wrapper that sends Shopify traffic to a local fake: any request to
 * `https://<shop>.myshopify.com/<path>` goes to `<fakeBaseUrl>/<path>` with the
 * header `x-fake-shop: <shop>.myshopify.com`. Everything else passes through to
 * the global fetch unchanged. Install it with shopify-api's
 * `setAbstractFetchFunc` (from `@shopify/shopify-api/runtime`).
 */
export type FetchFunc = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

const SHOP_HOST = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;

export function createShopifyFetchRewrite(fakeBaseUrl: string, baseFetch: FetchFunc = globalThis.fetch): FetchFunc {
  const base = new URL(fakeBaseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  return async (input, init) => {
    const original = new URL(typeof input === 'string' || input instanceof URL ? input.toString() : input.url);
    if (!SHOP_HOST.test(original.hostname)) return baseFetch(input, init);
    const shop = original.hostname.toLowerCase();
    const target = new URL(base.toString());
    target.pathname = `${basePath}${original.pathname}`;
    target.search = original.search;
    if (typeof input === 'string' || input instanceof URL) {
      const headers = new Headers(init?.headers);
      headers.set('x-fake-shop', shop);
      return baseFetch(target, { ...init, headers });
    }
    const request = new Request(target, input);
    const headers = new Headers(init?.headers ?? request.headers);
    headers.set('x-fake-shop', shop);
    return baseFetch(new Request(request, { ...init, headers }));
  };
}
