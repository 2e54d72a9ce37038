import type { RequestListener } from 'node:http';
import express from 'express';
import type { Switchboard } from '../switchboard.js';
import { adminReplay } from './admin-replay.js';
import { adminApi } from './admin-api.js';
import { adminTools } from './admin-tools.js';
import { webApp } from './web-app.js';
import { bundledConnectorRoutes } from './bundled-connectors.js';
import { connectorApi } from './connector-api.js';
import { errorHandler, sendError } from './errors.js';
import { homeRoutes } from './home.js';
import { oauthRoutes } from './oauth.js';
import { partnerApi } from './partner-api.js';
import { shopifyRoutes } from './shopify-routes.js';
import { fastTriggerRoute } from './trigger-route.js';

/**
 * The server's request listener: the trigger route on plain node:http, the
 * rest an express app of routers only; the rules live in platform and engine.
 */
export async function createHttpApp(sb: Switchboard): Promise<RequestListener> {
  const triggers = { store: sb.store, catalog: sb.catalog, limiter: sb.limiter, onAccepted: () => sb.worker?.wake() };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  const web = webApp();
  app.use(homeRoutes(sb, !!web));
  app.use(shopifyRoutes(sb));
  app.use(connectorApi(triggers));
  app.use(partnerApi(sb));
  app.use(await bundledConnectorRoutes(sb));
  app.use(oauthRoutes(sb));
  app.use(adminApi(sb));
  app.use(adminTools(sb));
  app.use(adminReplay(sb));
  if (web) app.use(web);
  app.use((req, res) => sendError(res, 404, 'not_found', `No route for ${req.method} ${req.path}`));
  app.use(errorHandler);
  const fast = fastTriggerRoute(triggers, (err) => {
    sb.log.error({ err }, 'unhandled error');
    console.error(err);
  });
  return (req, res) => {
    if (!fast(req, res)) app(req, res);
  };
}
