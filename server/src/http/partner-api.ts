import express, { type Request, type Router } from 'express';
import type { App } from '../store/index.js';
import { createConnectorApp, deployExtensions, PlatformError, safeEqual, updateConnectorApp } from '../platform/index.js';
import type { Switchboard } from '../switchboard.js';

const json = express.json({ limit: '5mb' });

/** What partners see of their app; the secret only when it was just created. */
export function appJson(app: App, withSecret = false) {
  return {
    id: app.id,
    client_id: app.clientId,
    ...(withSecret ? { client_secret: app.clientSecret } : {}),
    name: app.name,
    application_url: app.applicationUrl,
    redirect_urls: app.redirectUrls,
    webhooks_url: app.webhooksUrl ?? null,
    version: app.version,
    created_at: new Date(app.createdAt).toISOString(),
  };
}

/** The partner API the CLI deploys through: create an app, update it, deploy its extensions. */
export function partnerApi(sb: Switchboard): Router {
  const router = express.Router();
  const allowHttp = sb.config.allowHttpLoopback;

  // Apps authenticate with HTTP Basic client_id:client_secret, as OAuth clients do.
  async function authenticateApp(req: Request): Promise<App> {
    const auth = req.get('authorization') ?? '';
    if (!auth.toLowerCase().startsWith('basic ')) {
      throw new PlatformError(401, 'missing_credentials', 'Authenticate with HTTP Basic: client_id as user, client_secret as password');
    }
    const [clientId = '', secret = ''] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
    const app = await sb.store.getAppByClientId(clientId);
    if (!app || !safeEqual(secret, app.clientSecret) || app.clientId !== req.params.clientId) {
      throw new PlatformError(401, 'invalid_credentials', 'client_id or client_secret is wrong for this app');
    }
    return app;
  }

  router.post('/partner-api/v1/apps', json, async (req, res) => {
    if (sb.config.deployKey) {
      const key = req.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
      if (!safeEqual(key, sb.config.deployKey)) throw new PlatformError(401, 'invalid_deploy_key', 'Creating apps needs "Authorization: Bearer <SWITCHBOARD_DEPLOY_KEY>"');
    } else if (sb.config.mode !== 'local') {
      throw new PlatformError(403, 'deploy_disabled', 'This server accepts no new apps: its operator has not set SWITCHBOARD_DEPLOY_KEY');
    }
    const app = await createConnectorApp(sb.store, req.body ?? {}, allowHttp);
    res.status(201).json(appJson(app, true));
  });

  router.get('/partner-api/v1/apps/:clientId', async (req, res) => {
    const app = await authenticateApp(req);
    const version = await sb.store.getAppVersion(app.id);
    res.json({ ...appJson(app), extensions: version?.extensions ?? [] });
  });

  router.patch('/partner-api/v1/apps/:clientId', json, async (req, res) => {
    const app = await authenticateApp(req);
    res.json(appJson(await updateConnectorApp(sb.store, app, req.body ?? {}, allowHttp)));
  });

  router.put('/partner-api/v1/apps/:clientId/extensions', json, async (req, res) => {
    const app = await authenticateApp(req);
    const result = await deployExtensions({ store: sb.store, catalog: sb.catalog, templates: sb.templates, allowHttpLoopback: allowHttp }, app, (req.body ?? {}).files);
    res.json({
      version: result.version.version,
      extensions: result.version.extensions,
      warnings: result.warnings.filter((w) => w.severity === 'warning'),
    });
  });
  return router;
}
