import path from 'node:path';

/** Everything an operator can set, read once from the environment at start. */
export interface Config {
  port: number;
  host?: string;
  /** Public base URL of this server, used in redirects and links. */
  publicUrl: string;
  /** SQLite file path (used when databaseUrl is absent). */
  databasePath: string;
  /** postgres://... selects PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** Connections each process keeps to PostgreSQL at most (DATABASE_POOL_SIZE). */
  databasePoolSize: number;
  /** PostgreSQL schema for Switchboard's tables (DATABASE_SCHEMA), created when missing; default: the connection's current schema. */
  databaseSchema?: string;
  /** local: a dev shop exists and the admin needs no Shopify account. */
  mode: 'local' | 'production';
  devShopDomain: string;
  /** Required to create connector apps through the partner API outside local mode. */
  deployKey?: string;
  role: 'all' | 'web' | 'worker';
  /**
   * Role `all` only: run the worker (runs and deliveries) on a second thread
   * with its own database connection, so a busy worker does not slow the 202s
   * (SWITCHBOARD_WORKER_THREAD; `switchboard-server` turns it on, 0 turns it off).
   * The thread runs the built `dist` code, so an in-process embedding from
   * TypeScript source keeps its worker on the main thread.
   */
  workerThread: boolean;
  delivery: {
    timeoutMs: number;
    deadlineMs: number;
    retryBaseMs: number;
    retryMaxMs: number;
  };
  queue: { leaseMs: number; pollMs: number; concurrency: number };
  triggers: { ratePerSecond: number; burst: number };
  /**
   * Run and delivery history is kept `retentionDays` (HISTORY_RETENTION_DAYS; 0 keeps it
   * forever), then pruned by worker processes every `pruneIntervalMs` in batches of `pruneBatchSize`.
   */
  history: { retentionDays: number; pruneIntervalMs: number; pruneBatchSize: number };
  oauthCodeTtlMs: number;
  lifecycleTimeoutMs: number;
  /** Allow plain http URLs for connector endpoints on loopback (local development). */
  allowHttpLoopback: boolean;
  logLevel: string;
  /** Switchboard's own Shopify app credentials; absent in local mode, where a fake Shopify runs in-process. */
  shopify?: { apiKey: string; apiSecret: string; scopes: string[]; adminBaseUrl?: string };
  /** Local mode without Shopify credentials: run the fake Shopify so shop actions work (SWITCHBOARD_FAKE_SHOPIFY=0 to turn off). */
  fakeShopify: boolean;
  /** Local mode's fake Shopify starts with sample orders, products, customers and draft orders (SWITCHBOARD_FAKE_SHOPIFY_SEED=0: empty). */
  seedFakeShopify: boolean;
  /** "Send HTTP request" may reach private, loopback and link-local addresses. */
  allowPrivateHttp: boolean;
  smtpUrl?: string;
  emailFrom: string;
  /**
   * Base URLs of the bundled connectors' services, per connector, instead of
   * the real ones (SWITCHBOARD_CONNECTOR_ENDPOINTS, JSON: {"slack":{"api":"http://..."}}).
   */
  connectorEndpoints: Record<string, Record<string, string>>;
  /** Local mode: the bundled connectors talk to in-process fakes (SWITCHBOARD_FAKE_CONNECTORS=0 to use the real services). */
  fakeConnectors: boolean;
  /**
   * Tests only: a file holding how many milliseconds the server's clock runs
   * ahead of real time (SWITCHBOARD_CLOCK_OFFSET_FILE), so Waits and schedule
   * slots are tested without sleeping.
   */
  clockOffsetFile?: string;
}

function endpointsOf(raw: string | undefined): Record<string, Record<string, string>> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('SWITCHBOARD_CONNECTOR_ENDPOINTS must be JSON such as {"slack":{"api":"http://127.0.0.1:9000"}}');
  }
  const ok = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (!ok(parsed) || !Object.values(parsed).every((e) => ok(e) && Object.values(e).every((u) => typeof u === 'string'))) {
    throw new Error('SWITCHBOARD_CONNECTOR_ENDPOINTS must map connector ids to objects of URLs, such as {"slack":{"api":"http://127.0.0.1:9000"}}');
  }
  return parsed as Record<string, Record<string, string>>;
}

function num(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  }
  return value;
}

function databaseUrlOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new Error('DATABASE_URL must be a PostgreSQL URL (postgres://user@host:5432/database); unset it to use the embedded SQLite database (DATABASE_PATH)');
  }
  return raw;
}

function required(env: NodeJS.ProcessEnv, name: string, why: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is required ${why}`);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = num(env, 'PORT', 3000);
  const mode = (env.SWITCHBOARD_MODE ?? (env.SHOPIFY_API_KEY ? 'production' : 'local')) as Config['mode'];
  if (mode !== 'local' && mode !== 'production') {
    throw new Error(`SWITCHBOARD_MODE must be "local" or "production", got "${String(mode)}"`);
  }
  const role = (env.SWITCHBOARD_ROLE ?? 'all') as Config['role'];
  const config: Config = {
    port,
    host: env.HOST || undefined,
    publicUrl: (env.SWITCHBOARD_PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    databasePath: path.resolve(env.DATABASE_PATH ?? path.join(env.DATA_DIR ?? 'data', 'switchboard.db')),
    databaseUrl: databaseUrlOf(env.DATABASE_URL),
    databasePoolSize: num(env, 'DATABASE_POOL_SIZE', 10),
    databaseSchema: env.DATABASE_SCHEMA || undefined,
    mode,
    devShopDomain: env.SWITCHBOARD_DEV_SHOP ?? 'dev-shop.myshopify.com',
    deployKey: env.SWITCHBOARD_DEPLOY_KEY || undefined,
    role,
    workerThread: env.SWITCHBOARD_WORKER_THREAD === '1',
    delivery: {
      timeoutMs: num(env, 'DELIVERY_TIMEOUT_MS', 10_000),
      deadlineMs: num(env, 'DELIVERY_DEADLINE_MS', 24 * 3600_000),
      retryBaseMs: num(env, 'DELIVERY_RETRY_BASE_MS', 2_000),
      retryMaxMs: num(env, 'DELIVERY_RETRY_MAX_MS', 3600_000),
    },
    queue: {
      leaseMs: num(env, 'QUEUE_LEASE_MS', 30_000),
      pollMs: num(env, 'QUEUE_POLL_MS', 500),
      concurrency: num(env, 'QUEUE_CONCURRENCY', 64),
    },
    triggers: {
      ratePerSecond: num(env, 'TRIGGER_RATE_PER_SECOND', 1_000),
      burst: num(env, 'TRIGGER_RATE_BURST', 2_000),
    },
    history: {
      retentionDays: num(env, 'HISTORY_RETENTION_DAYS', 30),
      pruneIntervalMs: num(env, 'RETENTION_INTERVAL_MS', 3600_000),
      pruneBatchSize: num(env, 'RETENTION_BATCH_SIZE', 500),
    },
    oauthCodeTtlMs: num(env, 'OAUTH_CODE_TTL_MS', 10 * 60_000),
    lifecycleTimeoutMs: num(env, 'LIFECYCLE_TIMEOUT_MS', 5_000),
    allowHttpLoopback: (env.SWITCHBOARD_ALLOW_HTTP_LOOPBACK ?? (mode === 'local' ? '1' : '0')) === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
    shopify: env.SHOPIFY_API_KEY
      ? {
          apiKey: env.SHOPIFY_API_KEY,
          apiSecret: required(env, 'SHOPIFY_API_SECRET', 'with SHOPIFY_API_KEY'),
          scopes: (env.SHOPIFY_SCOPES ?? 'read_orders,write_orders,read_products,write_products,read_customers,write_customers').split(',').map((s) => s.trim()),
          adminBaseUrl: env.SHOPIFY_ADMIN_BASE_URL || undefined,
        }
      : undefined,
    fakeShopify: mode === 'local' && !env.SHOPIFY_API_KEY && env.SWITCHBOARD_FAKE_SHOPIFY !== '0',
    seedFakeShopify: env.SWITCHBOARD_FAKE_SHOPIFY_SEED !== '0',
    allowPrivateHttp: env.SWITCHBOARD_ALLOW_PRIVATE_HTTP === '1',
    smtpUrl: env.SMTP_URL || undefined,
    emailFrom: env.SWITCHBOARD_EMAIL_FROM ?? 'Switchboard <no-reply@switchboard.local>',
    connectorEndpoints: endpointsOf(env.SWITCHBOARD_CONNECTOR_ENDPOINTS),
    fakeConnectors: mode === 'local' && env.SWITCHBOARD_FAKE_CONNECTORS !== '0',
    clockOffsetFile: env.SWITCHBOARD_CLOCK_OFFSET_FILE || undefined,
    ...overrides,
  };
  // Two at least: migrations hold one while the queue opens with another.
  if (!Number.isInteger(config.databasePoolSize) || config.databasePoolSize < 2) {
    throw new Error(`DATABASE_POOL_SIZE must be a whole number of at least 2, got "${config.databasePoolSize}"`);
  }
  const { history } = config;
  if (!Number.isInteger(history.retentionDays)) {
    throw new Error(`HISTORY_RETENTION_DAYS must be a whole number of days (0 keeps history forever), got "${history.retentionDays}"`);
  }
  if (history.pruneIntervalMs < 1_000) {
    throw new Error(`RETENTION_INTERVAL_MS must be at least 1000 (one pruning pass a second), got "${history.pruneIntervalMs}"`);
  }
  if (!Number.isInteger(history.pruneBatchSize) || history.pruneBatchSize < 1) {
    throw new Error(`RETENTION_BATCH_SIZE must be a whole number of at least 1, got "${history.pruneBatchSize}"`);
  }
  if (!['all', 'web', 'worker'].includes(config.role)) {
    throw new Error(`role must be all, web or worker, got "${config.role}"`);
  }
  return config;
}
