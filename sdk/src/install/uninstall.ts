import { toTokenStore, type TokenSource } from '../client/index.js';
import { errorBody, readSignedJson, sendJson, type NodeHandler } from '../http/index.js';

/** A verified `app/uninstalled` notice. */
export interface UninstallNotice {
  shop: string;
  shopId: number | undefined;
  timestamp: string | number | undefined;
}

/** Options of `uninstallHandler`. */
export interface UninstallHandlerOptions {
  clientSecret: string;
  /** The shop's token is deleted from here. */
  tokens: TokenSource;
  /** Called after the token is deleted, e.g. to stop the shop's jobs. A throw answers 500, so Switchboard re-sends. */
  onUninstall?: (notice: UninstallNotice) => void | Promise<void>;
}

/**
 * Handles Switchboard's signed `app/uninstalled` notice: verifies the
 * signature, deletes the shop's access token and calls `onUninstall`.
 * Works as express middleware (mount before `express.json()`) and as a plain
 * node handler.
 */
export function uninstallHandler(options: UninstallHandlerOptions): NodeHandler {
  const tokens = toTokenStore(options.tokens);
  return async (req, res) => {
    const read = await readSignedJson(req, options.clientSecret);
    if (!read.ok) return sendJson(res, read.status, errorBody(read.code, read.message));
    const topic = req.headers['x-shopify-topic'];
    if (topic !== undefined && topic !== 'app/uninstalled') {
      return sendJson(res, 400, errorBody('unexpected_topic', `Expected topic app/uninstalled, got ${String(topic)}`));
    }
    const header = req.headers['x-shopify-shop-domain'];
    const shop = typeof read.json.shopify_domain === 'string' ? read.json.shopify_domain : header;
    if (typeof shop !== 'string' || shop === '') {
      return sendJson(res, 400, errorBody('invalid_notice', 'The uninstall notice names no shop', [
        { field: 'shopify_domain', message: 'is missing' },
      ]));
    }
    const { shop_id: shopId, timestamp } = read.json;
    const notice: UninstallNotice = {
      shop,
      shopId: typeof shopId === 'number' ? shopId : undefined,
      timestamp: typeof timestamp === 'string' || typeof timestamp === 'number' ? timestamp : undefined,
    };
    try {
      await tokens.delete(shop);
      await options.onUninstall?.(notice);
    } catch (error) {
      console.error(`[switchboard] uninstall of ${shop} failed:`, error);
      return sendJson(res, 500, errorBody('internal_error', 'The uninstall could not be completed; send it again'));
    }
    sendJson(res, 200, {});
  };
}
