/**
 * The composition root: opens the store and wires the parts together for
 * the configured role. `startSwitchboard` is what `npm start`, the
 * `switchboard-server` binary and the tests run.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Config } from './config.js';
import { openStore, type Shop, type Store } from './store/index.js';
import { RunExecutor, Worker, Workflows, createTemplateEngine, type TemplateEngine } from './engine/index.js';
import { AppCatalog, RateLimiter } from './platform/index.js';
import { createHttpApp } from './http/index.js';

export interface Switchboard {
  config: Config;
  store: Store;
  catalog: AppCatalog;
  templates: TemplateEngine;
  workflows: Workflows;
  limiter: RateLimiter;
  worker?: Worker;
  log: pino.Logger;
  /** Signs consent forms; generated once and kept in the database. */
  serverSecret: string;
  devShop?: Shop;
}

export interface RunningSwitchboard extends Switchboard {
  url: string;
  server?: http.Server;
  close(): Promise<void>;
}

export async function createSwitchboard(config: Config): Promise<Switchboard> {
  const log = pino({ level: config.logLevel, base: { role: config.role } });
  const store = openStore(config);
  const catalog = new AppCatalog(store);
  const templates = createTemplateEngine();
  const serverSecret = await store.setSettingIfAbsent('server_secret', randomBytes(32).toString('hex'));
  const devShop = config.mode === 'local' ? await store.ensureShop(config.devShopDomain, 'Dev shop') : undefined;
  const sb: Switchboard = {
    config,
    store,
    catalog,
    templates,
    workflows: new Workflows(store, catalog, templates),
    limiter: new RateLimiter(config.triggers.ratePerSecond, config.triggers.burst),
    log,
    serverSecret,
    devShop,
  };
  if (config.role !== 'web') {
    const { delivery, queue } = config;
    const runs = new RunExecutor(store, catalog, templates, { ...delivery, leaseMs: queue.leaseMs }, log);
    sb.worker = new Worker(store, runs, { ...queue, ...delivery }, log);
  }
  return sb;
}

export async function startSwitchboard(config: Config): Promise<RunningSwitchboard> {
  const sb = await createSwitchboard(config);
  let server: http.Server | undefined;
  let url = config.publicUrl;
  if (config.role !== 'worker') {
    const app = createHttpApp(sb);
    server = http.createServer(app);
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.port, config.host, resolve);
    });
    const port = (server.address() as AddressInfo).port;
    if (config.port === 0) url = `http://127.0.0.1:${port}`;
  }
  sb.worker?.start();
  sb.log.info({ url, database: config.databaseUrl ? 'postgres' : config.databasePath, mode: config.mode }, 'Switchboard started');
  return {
    ...sb,
    url,
    server,
    async close() {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server?.closeAllConnections();
      await sb.worker?.stop();
      await sb.store.close();
    },
  };
}
