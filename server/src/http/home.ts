import express, { type Router } from 'express';
import type { Switchboard } from '../switchboard.js';
import { escapeHtml, page } from './page.js';

/** `/healthz` for load balancers, and a plain page saying what runs where (until the admin lands). */
export function homeRoutes(sb: Switchboard, adminBuilt: boolean): Router {
  const router = express.Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await sb.store.getSetting('server_secret');
      res.json({ ok: true, database: sb.store.backend, role: sb.config.role });
    } catch (err) {
      res.status(503).json({ ok: false, error: (err as Error).message });
    }
  });
  if (!adminBuilt) router.get('/', (_req, res) => {
    const rows: Array<[string, string]> = [
      ['Mode', sb.config.mode],
      ['Database', sb.config.databaseUrl ? 'PostgreSQL' : `SQLite at ${sb.config.databasePath}`],
      ['Dev shop', sb.devShop?.domain ?? '(none outside local mode)'],
      ['Admin API', '/admin/api/workflows, /admin/api/runs, /admin/api/connectors'],
      ['Connector API', 'POST /connector-api/v1/triggers, POST /connector-api/v1/graphql'],
      ['Partner API', 'POST /partner-api/v1/apps, PUT /partner-api/v1/apps/:client_id/extensions'],
      ['OAuth', '/oauth/authorize, /oauth/access_token'],
      ['Health', '/healthz'],
    ];
    res.type('html').send(
      page(
        'Switchboard',
        `<h1>Switchboard is running</h1><p>Workflow automation for Shopify merchants. The admin is not built (run <code>npm run build</code>); the APIs below are live (see README).</p>
         <table>${rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`,
      ),
    );
  });
  return router;
}
