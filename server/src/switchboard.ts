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
import { HistoryPruner, RunExecutor, SWITCHBOARD_TRIGGERS, Worker, Workflows, createTemplateEngine, type ShopData, type TemplateEngine } from './engine/index.js';
import { now as clockNow, offsetFileClock, setClock } from './clock.js';
import { createKlaviyoSync, SYNC_TOPICS } from '@switchboard/connector-klaviyo';
import { AppCatalog, RateLimiter, connectorCredentials, registerBundledConnectors, saveConnectorCredentials, type BuiltinApp, type BundledConnector } from './platform/index.js';
import { authenticateSessionToken, createShopifyIntegration, switchboardBuiltins, type ShopifyIntegration } from './shopify/index.js';
import { startFakeShopify, type FakeShopify } from './dev/fake-shopify/index.js';
import { BUNDLED_CONNECTORS, startConnectorFakes, type ConnectorFake } from './bundled.js';
import { startWorkerThread, type WorkerThread } from './worker-thread/index.js';

export interface Switchboard {
  config: Config;
  store: Store;
  catalog: AppCatalog;
  templates: TemplateEngine;
  workflows: Workflows;
  limiter: RateLimiter;
  /** Runs and deliveries: in this thread, or on the worker thread (config.workerThread). */
  worker?: Worker | WorkerThread;
  /** Deletes history older than the retention period; in worker processes only. */
  pruner?: HistoryPruner;
  log: pino.Logger;
  /** Signs consent forms; generated once and kept in the database. */
  serverSecret: string;
  devShop?: Shop;
  shopify?: ShopifyIntegration;
  /** The shop's data through the Admin API (Get data); absent without Shopify. */
  shopData?: ShopData;
  /** Local mode's in-process fake Shopify, when it runs. */
  fakeShopify?: FakeShopify;
  /** The connectors that ship with Switchboard, served under /connectors/<id>. */
  connectors: BundledConnector[];
  /** Base URLs of each bundled connector's service (a local fake's, in local mode). */
  connectorEndpoints: Map<string, Record<string, string>>;
  /** A bundled connector's reader of a shop's (by domain) sealed service credentials. */
  credentialsFor(connector: string): (shop: string) => Promise<Record<string, string> | undefined>;
  /** Local mode's in-process fakes of Slack, Google Sheets, Trello, Asana and Klaviyo. */
  connectorFakes?: Map<string, ConnectorFake>;
}

export interface RunningSwitchboard extends Switchboard {
  url: string;
  server?: http.Server;
  close(): Promise<void>;
}

/** Local mode's Switchboard app, at the in-process fake Shopify. */
const LOCAL_SHOPIFY_APP = { apiKey: 'local-dev-app', apiSecret: 'local-dev-secret', scopes: ['write_orders', 'write_products', 'write_customers'] };

export async function createSwitchboard(config: Config): Promise<Switchboard> {
  const log = pino({ level: config.logLevel, base: { role: config.role } });
  const workerHere = config.role === 'worker' || (config.role === 'all' && !config.workerThread);
  if (config.clockOffsetFile) setClock(offsetFileClock(config.clockOffsetFile));
  const store = await openStore(config);
  // Shopify's webhooks wake whichever worker the process ends up with.
  let self: Switchboard | undefined;
  const builtins: BuiltinApp[] = [
    {
      ...switchboardBuiltins({ allowPrivateHttp: config.allowPrivateHttp, timeoutMs: config.delivery.timeoutMs, smtpUrl: config.smtpUrl, emailFrom: config.emailFrom, log }),
      triggers: SWITCHBOARD_TRIGGERS,
    },
  ];
  const connectors = BUNDLED_CONNECTORS;
  const connectorFakes = config.fakeConnectors ? await startConnectorFakes() : undefined;
  const connectorEndpoints = new Map(
    connectors.map((c) => [c.id, { ...c.endpoints, ...connectorFakes?.get(c.id)?.endpoints, ...config.connectorEndpoints[c.id] }]),
  );
  const serverSecret = await store.setSettingIfAbsent('server_secret', randomBytes(32).toString('hex'));
  const credentialsOf = (connector: string) => async (domain: string) => {
    const shop = await store.getShopByDomain(domain);
    return shop && connectorCredentials(store, shop.id, connector, serverSecret);
  };
  const klaviyo = createKlaviyoSync({ credentials: credentialsOf('klaviyo'), endpoints: connectorEndpoints.get('klaviyo') });
  let fakeShopify: FakeShopify | undefined;
  let shopifyConfig = config.shopify;
  if (!shopifyConfig && config.fakeShopify) {
    // Local mode: a fake Shopify in this process, so shop actions work without an account.
    fakeShopify = await startFakeShopify({ apiKey: LOCAL_SHOPIFY_APP.apiKey, apiSecret: LOCAL_SHOPIFY_APP.apiSecret });
    shopifyConfig = { ...LOCAL_SHOPIFY_APP, adminBaseUrl: fakeShopify.url };
  }
  const shopify = shopifyConfig
    ? createShopifyIntegration({
        store,
        config: { ...shopifyConfig, appUrl: config.publicUrl },
        log,
        onAccepted: () => self?.worker?.wake(),
        // Shops with a Klaviyo key get Shopify's commerce events as Klaviyo events.
        onShopifyEvent: async (shop, topic, payload) => (SYNC_TOPICS as readonly string[]).includes(topic) && klaviyo.handleShopifyEvent(shop.domain, topic, payload),
        extraTopics: [...SYNC_TOPICS],
      })
    : undefined;
  if (shopify) builtins.push(shopify.builtin);
  const catalog = new AppCatalog(store, builtins, undefined, new Set(connectors.map((c) => c.id)));
  const templates = createTemplateEngine();
  let devShop = config.mode === 'local' ? await store.ensureShop(config.devShopDomain, 'Dev shop') : undefined;
  if (devShop && shopify && fakeShopify && !(await shopify.sessions.loadSession(shopify.shopify.session.getOfflineId(devShop.domain)))) {
    // The dev shop installs Switchboard the embedded way: a token exchange with the fake.
    devShop = (await authenticateSessionToken(shopify.install, fakeShopify.sessionToken(devShop.domain))).shop;
  }
  if (devShop && fakeShopify && config.seedFakeShopify) {
    // Something for Get data to find in local mode (the fake keeps its records in memory).
    fakeShopify.seed(devShop.domain, 'orders', 50);
    fakeShopify.seed(devShop.domain, 'products', 20);
    fakeShopify.seed(devShop.domain, 'customers', 20);
    fakeShopify.seed(devShop.domain, 'draftOrders', 5);
  }
  if (devShop?.switchboardInstalled && connectorFakes) {
    // The dev shop starts connected to the local fakes, so each bundled action works at once.
    const configured = new Set((await store.listCredentials(devShop.id)).map((c) => c.connector));
    for (const [id, fake] of connectorFakes) {
      if (fake.credentials && !configured.has(id)) await saveConnectorCredentials(store, devShop, id, { values: fake.credentials }, serverSecret, connectors);
    }
  }
  const sb: Switchboard = {
    config,
    store,
    catalog,
    templates,
    workflows: new Workflows(store, catalog, templates, shopify?.data),
    shopData: shopify?.data,
    limiter: new RateLimiter(store, config.triggers.ratePerSecond, config.triggers.burst),
    log,
    serverSecret,
    devShop,
    shopify,
    fakeShopify,
    connectors,
    connectorEndpoints,
    credentialsFor: credentialsOf,
    connectorFakes,
  };
  self = sb;
  // Web processes serve the bundled connectors, so they register them; a
  // worker only delivers to the URL registered.
  if (config.role !== 'worker') await registerBundledConnectors(store, connectors, config.publicUrl);
  if (workerHere) {
    const { delivery, queue } = config;
    const runs = new RunExecutor(store, catalog, templates, { ...delivery, leaseMs: queue.leaseMs }, log, clockNow, shopify?.data);
    sb.worker = new Worker(store, runs, { ...queue, ...delivery }, log, clockNow);
    const { retentionDays: days, pruneIntervalMs: intervalMs, pruneBatchSize: batchSize } = config.history;
    // The first pass soon after start (not at once: the process serves first), then every interval.
    sb.pruner = new HistoryPruner(store, { days, intervalMs, batchSize, firstPassAfterMs: Math.min(intervalMs, 30_000) }, log);
  }
  return sb;
}

/**
 * The worker thread's configuration: this process's, as a worker that
 * reaches the fakes and services this thread started rather than its own.
 */
function workerThreadConfig(sb: Switchboard, publicUrl: string): Config {
  const { config, fakeShopify } = sb;
  return {
    ...config,
    role: 'worker',
    publicUrl,
    shopify: config.shopify ?? (fakeShopify && { ...LOCAL_SHOPIFY_APP, adminBaseUrl: fakeShopify.url }),
    fakeShopify: false,
    fakeConnectors: false,
    connectorEndpoints: Object.fromEntries(sb.connectorEndpoints),
  };
}


export async function startSwitchboard(config: Config): Promise<RunningSwitchboard> {
  const sb = await createSwitchboard(config);
  let server: http.Server | undefined;
  let url = config.publicUrl;
  if (config.role !== 'worker') {
    // Loaded here: a worker (process or thread) serves no HTTP and need not hold express and the routes.
    const { createHttpApp } = await import('./http/index.js');
    const app = await createHttpApp(sb);
    server = http.createServer(app);
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.port, config.host, resolve);
    });
    const port = (server.address() as AddressInfo).port;
    if (config.port === 0) {
      url = `http://127.0.0.1:${port}`;
      await registerBundledConnectors(sb.store, sb.connectors, url);
    }
  }
  if (config.role === 'all' && config.workerThread) {
    sb.worker = await startWorkerThread(workerThreadConfig(sb, url), (reason) => {
      // Nothing would run or deliver: end the process so its supervisor restarts it.
      sb.log.fatal(`${reason}; stopping`);
      process.exit(1);
    });
  }
  if (sb.worker instanceof Worker) sb.worker.start();
  sb.pruner?.start();
  sb.log.info({ url, database: config.databaseUrl ? 'postgres' : config.databasePath, mode: config.mode }, 'Switchboard started');
  return {
    ...sb,
    url,
    server,
    async close() {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server?.closeAllConnections();
      await sb.pruner?.stop();
      await sb.worker?.stop();
      await sb.store.close();
      await sb.fakeShopify?.close();
      for (const fake of sb.connectorFakes?.values() ?? []) await fake.close();
    },
  };
}
