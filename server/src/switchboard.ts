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
import { AppCatalog, RateLimiter, type BuiltinApp } from './platform/index.js';
import { authenticateSessionToken, createShopifyIntegration, switchboardBuiltins, type ShopifyIntegration } from './shopify/index.js';
import { startFakeShopify, type FakeShopify } from './dev/fake-shopify/index.js';
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
  shopify?: ShopifyIntegration;
  /** Local mode's in-process fake Shopify, when it runs. */
  fakeShopify?: FakeShopify;
}

export interface RunningSwitchboard extends Switchboard {
  url: string;
  server?: http.Server;
  close(): Promise<void>;
}

export async function createSwitchboard(config: Config): Promise<Switchboard> {
  const log = pino({ level: config.logLevel, base: { role: config.role } });
  const store = openStore(config);
  const wake = { worker: undefined as Worker | undefined };
  const builtins: BuiltinApp[] = [
    switchboardBuiltins({ allowPrivateHttp: config.allowPrivateHttp, timeoutMs: config.delivery.timeoutMs, smtpUrl: config.smtpUrl, emailFrom: config.emailFrom, log }),
  ];
  let fakeShopify: FakeShopify | undefined;
  let shopifyConfig = config.shopify;
  if (!shopifyConfig && config.fakeShopify) {
    // Local mode: a fake Shopify in this process, so shop actions work without an account.
    fakeShopify = await startFakeShopify({ apiKey: 'local-dev-app', apiSecret: 'local-dev-secret' });
    shopifyConfig = { apiKey: 'local-dev-app', apiSecret: 'local-dev-secret', scopes: ['write_orders', 'write_products', 'write_customers'], adminBaseUrl: fakeShopify.url };
  }
  const shopify = shopifyConfig
    ? createShopifyIntegration({ store, config: { ...shopifyConfig, appUrl: config.publicUrl }, log, onAccepted: () => wake.worker?.wake() })
    : undefined;
  if (shopify) builtins.push(shopify.builtin);
  const catalog = new AppCatalog(store, builtins);
  const templates = createTemplateEngine();
  const serverSecret = await store.setSettingIfAbsent('server_secret', randomBytes(32).toString('hex'));
  let devShop = config.mode === 'local' ? await store.ensureShop(config.devShopDomain, 'Dev shop') : undefined;
  if (devShop && shopify && fakeShopify && !(await shopify.sessions.loadSession(shopify.shopify.session.getOfflineId(devShop.domain)))) {
    // The dev shop installs Switchboard the embedded way: a token exchange with the fake.
    devShop = (await authenticateSessionToken(shopify.install, fakeShopify.sessionToken(devShop.domain))).shop;
  }
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
    shopify,
    fakeShopify,
  };
  if (config.role !== 'web') {
    const { delivery, queue } = config;
    const runs = new RunExecutor(store, catalog, templates, { ...delivery, leaseMs: queue.leaseMs }, log);
    sb.worker = new Worker(store, runs, { ...queue, ...delivery }, log);
    wake.worker = sb.worker;
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
      await sb.fakeShopify?.close();
    },
  };
}
