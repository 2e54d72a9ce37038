import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

/** The built admin (web/dist), if any: static files, and index.html for the admin's own routes. */
export function webApp(dist = fileURLToPath(new URL('../../../web/dist', import.meta.url))): Router | undefined {
  const index = `${dist}/index.html`;
  if (!fs.existsSync(index)) return undefined;
  const router = express.Router();
  router.use(express.static(dist, { index: false, maxAge: '1h' }));
  router.get(/^\/(?!admin\/api|connector-api|partner-api|oauth|auth|webhooks|healthz).*/, (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.sendFile(index);
  });
  return router;
}
