import express, { type Router } from 'express';
import { completeInstall, receiveWebhook } from '../shopify/index.js';
import { PlatformError } from '../platform/index.js';
import type { Switchboard } from '../switchboard.js';

/** Installing Switchboard in a shop (Shopify OAuth) and Shopify's webhooks. */
export function shopifyRoutes(sb: Switchboard): Router {
  const router = express.Router();
  const integration = () => {
    if (!sb.shopify) throw new PlatformError(404, 'shopify_not_configured', 'Shopify is not configured on this server: set SHOPIFY_API_KEY and SHOPIFY_API_SECRET');
    return sb.shopify;
  };

  router.get('/auth', async (req, res) => {
    const { shopify } = integration();
    const shop = shopify.utils.sanitizeShop(String(req.query.shop ?? ''));
    if (!shop) throw new PlatformError(400, 'invalid_shop', `"${String(req.query.shop ?? '')}" is not a shop domain like your-store.myshopify.com`);
    await shopify.auth.begin({ shop, callbackPath: '/auth/callback', isOnline: false, rawRequest: req, rawResponse: res });
  });

  router.get('/auth/callback', async (req, res) => {
    const { shopify, install } = integration();
    let session;
    try {
      ({ session } = await shopify.auth.callback({ rawRequest: req, rawResponse: res, expiring: true }));
    } catch (err) {
      throw new PlatformError(400, 'oauth_failed', `The install could not be completed: ${(err as Error).message}`);
    }
    const shop = await completeInstall(install, session);
    res.redirect(302, `/?shop=${encodeURIComponent(shop.domain)}${req.query.host ? `&host=${encodeURIComponent(String(req.query.host))}` : ''}`);
  });

  // The raw body is needed for the HMAC: no JSON parser before this route.
  router.post('/webhooks/shopify', express.text({ type: '*/*', limit: '5mb' }), async (req, res) => {
    const outcome = await receiveWebhook(integration().webhooks, typeof req.body === 'string' ? req.body : '', req, res);
    res.status(outcome.status).json(outcome.body);
  });
  return router;
}
