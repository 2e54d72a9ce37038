import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, shopifyApi, type Shopify } from '@shopify/shopify-api';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';

export interface ShopifyConfig {
  apiKey: string;
  apiSecret: string;
  scopes: string[];
  /** Our public URL (where Shopify redirects back and sends webhooks). */
  appUrl: string;
  /**
   * Send every Shopify call to this base URL instead of `https://<shop>`:
   * the local fake in tests and local mode. The client code is unchanged;
   * only the host differs.
   */
  adminBaseUrl?: string;
}

export const SHOPIFY_API_VERSION = ApiVersion.July25;

/** The one @shopify/shopify-api instance of this process. */
export function createShopifyClient(config: ShopifyConfig): Shopify {
  if (config.adminBaseUrl) routeShopifyTo(config.adminBaseUrl);
  const url = new URL(config.appUrl);
  return shopifyApi({
    apiKey: config.apiKey,
    apiSecretKey: config.apiSecret,
    scopes: config.scopes,
    hostName: url.host,
    hostScheme: url.protocol === 'http:' ? 'http' : 'https',
    apiVersion: SHOPIFY_API_VERSION,
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
    future: {},
  });
}

/** Rewrites `https://<shop>.myshopify.com/<path>` to `<base>/<path>`, naming the shop in `x-fake-shop`. */
function routeShopifyTo(base: string): void {
  const target = base.replace(/\/$/, '');
  setAbstractFetchFunc(async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (!url.hostname.endsWith('.myshopify.com')) return fetch(input, init);
    const headers = new Headers(init?.headers);
    headers.set('x-fake-shop', url.hostname);
    return fetch(`${target}${url.pathname}${url.search}`, { ...init, headers });
  });
}
