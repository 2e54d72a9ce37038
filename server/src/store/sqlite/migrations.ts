import type Database from 'better-sqlite3';

/**
 * Versioned schema. Ids of shops, apps, workflows and organizations are
 * AUTOINCREMENT: a deleted row's id is never handed out again (caches and
 * queued jobs refer to ids). A migration is never edited once released: add a new one.
 * Times are INTEGER milliseconds since the epoch; JSON is stored as TEXT.
 */
export const MIGRATIONS: Array<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'core',
    sql: `
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE shops (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  domain TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  switchboard_installed INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);

CREATE TABLE apps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_id TEXT NOT NULL UNIQUE,
  client_secret TEXT NOT NULL,
  name TEXT NOT NULL,
  application_url TEXT NOT NULL,
  redirect_urls TEXT NOT NULL,
  webhooks_url TEXT,
  version INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

CREATE TABLE app_versions (
  app_id INTEGER NOT NULL REFERENCES apps(id),
  version INTEGER NOT NULL,
  extensions TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, version)
);

CREATE TABLE installs (
  app_id INTEGER NOT NULL REFERENCES apps(id),
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  token_hash TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL,
  installed_at INTEGER NOT NULL,
  -- Kept after uninstall so the revoked token is answered 403 "not installed", not 401.
  uninstalled_at INTEGER,
  PRIMARY KEY (app_id, shop_id)
);

CREATE TABLE oauth_codes (
  code_hash TEXT PRIMARY KEY,
  app_id INTEGER NOT NULL,
  shop_id INTEGER NOT NULL,
  redirect_uri TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);

CREATE TABLE workflows (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  trigger_app TEXT NOT NULL,
  trigger_handle TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER
);
CREATE INDEX workflows_shop ON workflows (shop_id) WHERE deleted_at IS NULL;

CREATE TABLE workflow_versions (
  workflow_id INTEGER NOT NULL REFERENCES workflows(id),
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (workflow_id, version)
);

CREATE TABLE workflow_shops (
  workflow_id INTEGER NOT NULL REFERENCES workflows(id),
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  enabled INTEGER NOT NULL,
  reason TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (workflow_id, shop_id)
);

-- One row per enabled (workflow, shop): matching an event reads only these.
CREATE TABLE listeners (
  shop_id INTEGER NOT NULL,
  source TEXT NOT NULL,
  handle TEXT NOT NULL,
  workflow_id INTEGER NOT NULL,
  PRIMARY KEY (shop_id, source, handle, workflow_id)
) WITHOUT ROWID;
CREATE INDEX listeners_workflow ON listeners (workflow_id);

CREATE TABLE events (
  id TEXT PRIMARY KEY,
  shop_id INTEGER NOT NULL,
  source TEXT NOT NULL,
  handle TEXT NOT NULL,
  payload TEXT NOT NULL,
  received_at INTEGER NOT NULL
);

CREATE TABLE idempotency_keys (
  app_id INTEGER NOT NULL,
  shop_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  answer TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (app_id, shop_id, key)
) WITHOUT ROWID;

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  workflow_id INTEGER NOT NULL,
  workflow_version INTEGER NOT NULL,
  shop_id INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  status TEXT NOT NULL,
  state TEXT,
  error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX runs_shop ON runs (shop_id, id);
CREATE INDEX runs_workflow ON runs (workflow_id, id);
CREATE INDEX runs_event ON runs (event_id);

CREATE TABLE run_steps (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  step_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  input TEXT,
  output TEXT,
  error TEXT,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;

CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  step_id TEXT NOT NULL,
  app_id INTEGER NOT NULL,
  shop_id INTEGER NOT NULL,
  handle TEXT NOT NULL,
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER,
  deadline_at INTEGER NOT NULL,
  last_error TEXT,
  return_value TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX deliveries_run ON deliveries (run_id);

CREATE TABLE delivery_attempts (
  delivery_id TEXT NOT NULL,
  n INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  latency_ms INTEGER NOT NULL,
  status_code INTEGER,
  response_excerpt TEXT,
  error TEXT,
  outcome TEXT NOT NULL,
  next_attempt_at INTEGER,
  PRIMARY KEY (delivery_id, n)
) WITHOUT ROWID;

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  run_at INTEGER NOT NULL,
  lease_until INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  attempts INTEGER NOT NULL DEFAULT 0
);
-- Claiming orders by the later of run_at and an expired lease.
CREATE INDEX jobs_due ON jobs (run_at);
`,
  },
  {
    version: 2,
    name: 'shopify',
    sql: `
CREATE TABLE shopify_sessions (
  id TEXT PRIMARY KEY,
  shop TEXT NOT NULL,
  is_online INTEGER NOT NULL,
  data TEXT NOT NULL,
  expires_at INTEGER
);
CREATE INDEX shopify_sessions_shop ON shopify_sessions (shop);

-- Shopify retries webhooks; the id makes each one count once.
CREATE TABLE webhook_receipts (
  webhook_id TEXT PRIMARY KEY,
  shop TEXT NOT NULL,
  topic TEXT NOT NULL,
  received_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE organizations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
ALTER TABLE shops ADD COLUMN organization_id INTEGER REFERENCES organizations(id);
ALTER TABLE workflows ADD COLUMN organization_id INTEGER REFERENCES organizations(id);

-- Which customers an event is about, so customers/redact finds their data.
CREATE TABLE event_customers (
  shop_id INTEGER NOT NULL,
  customer_key TEXT NOT NULL,
  event_id TEXT NOT NULL,
  PRIMARY KEY (shop_id, customer_key, event_id)
) WITHOUT ROWID;

CREATE TABLE data_requests (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL,
  customer_keys TEXT NOT NULL,
  document TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
`,
  },
  {
    version: 3,
    name: 'connector credentials',
    sql: `
-- Built-in connectors' credentials per shop, encrypted (AES-256-GCM) by the platform.
CREATE TABLE connector_credentials (
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  connector TEXT NOT NULL,
  sealed TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (shop_id, connector)
) WITHOUT ROWID;
`,
  },
  {
    version: 4,
    name: 'retention',
    sql: `
-- History pruning (Store.pruneHistory) walks each table from its oldest row.
CREATE INDEX runs_finished ON runs (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX events_received ON events (received_at);
CREATE INDEX event_customers_event ON event_customers (event_id);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
CREATE INDEX webhook_receipts_received ON webhook_receipts (received_at);
`,
  },
  {
    version: 5,
    name: 'waits, schedules and replays',
    sql: `
ALTER TABLE shops ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';
-- A run on a Wait step: when it resumes (no job until then, so a 90-day wait holds no lease).
ALTER TABLE runs ADD COLUMN resume_at INTEGER;
ALTER TABLE runs ADD COLUMN replay_id TEXT;
CREATE INDEX runs_resume ON runs (resume_at) WHERE resume_at IS NOT NULL;
CREATE INDEX runs_replay ON runs (replay_id) WHERE replay_id IS NOT NULL;
-- Replay picks past events of one trigger in one shop by time.
CREATE INDEX events_trigger ON events (shop_id, source, handle, received_at);
-- The next slot of each scheduled workflow in each shop where it is on.
CREATE TABLE schedules (
  workflow_id INTEGER NOT NULL,
  shop_id INTEGER NOT NULL,
  next_at INTEGER NOT NULL,
  PRIMARY KEY (workflow_id, shop_id)
) WITHOUT ROWID;
CREATE INDEX schedules_due ON schedules (next_at);
CREATE TABLE replays (
  id TEXT PRIMARY KEY,
  workflow_id INTEGER NOT NULL,
  shop_id INTEGER NOT NULL,
  total INTEGER NOT NULL,
  source_run_id TEXT,
  created_at INTEGER NOT NULL
);
`,
  },
];

/** Applies pending migrations in order, each in its own transaction. */
export function migrate(db: Database.Database): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version),
  );
  const ran: number[] = [];
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    })();
    ran.push(m.version);
  }
  return ran;
}
