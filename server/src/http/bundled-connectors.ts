import { Router } from 'express';
import type { Switchboard } from '../switchboard.js';

/**
 * Serves each bundled connector's SDK action handler at /connectors/<id>.
 * The handler checks Switchboard's signature like any app's, and reads the
 * shop's own service credentials from the sealed store.
 */
export async function bundledConnectorRoutes(sb: Switchboard): Promise<Router> {
  const router = Router();
  for (const c of sb.connectors) {
    const app = await sb.store.getAppByClientId(c.id);
    if (!app) throw new Error(`The ${c.name} connector is not registered`);
    const handler = c.createHandler({
      clientSecret: app.clientSecret,
      endpoints: sb.connectorEndpoints.get(c.id),
      credentials: sb.credentialsFor(c.id),
      retry: { baseSeconds: sb.config.delivery.retryBaseMs / 1000, maxSeconds: sb.config.delivery.retryMaxMs / 1000 },
    });
    router.use(`/connectors/${c.id}`, (req, res) => handler(req, res));
  }
  return router;
}
