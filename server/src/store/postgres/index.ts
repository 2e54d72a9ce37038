/**
 * The scale-out backend: PostgreSQL through a node-postgres pool, with the
 * job queue on pg-boss (queue.ts). Every unit of work is one transaction;
 * where the SQLite backend relies on its single writer, this one relies on
 * row locks and unique constraints (see acceptEvent, consumeOAuthCode).
 */
import { now as clockNow } from '../../clock.js';
import { waitFor } from '../rate-bucket.js';
import pg from 'pg';
import type { Extension } from '@switchboard/sdk/manifest';
import { migrate } from './migrations.js';
import { checkSchemaName, createPool, inTransaction, JSON_NULL } from './pool.js';
import { JobQueue, type Queryable } from './queue.js';
import * as rows from './rows.js';
import type { Row } from './rows.js';
import { pruneHistory } from './retention.js';
import type {
  AcceptEventInput,
  AcceptEventResult,
  App,
  AppVersion,
  Install,
  JobKind,
  Millis,
  OAuthCode,
  RunFilter,
  Replay,
  TriggerEvent,
  EventFilter,
  RunProgress,
  Store,
  StoredShopifySession,
  Workflow,
} from '../types.js';

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database (a search_path may ride in `?options=-c%20search_path%3D<schema>`). */
  url: string;
  /** Connections this process keeps at most. */
  poolSize: number;
  /** Schema for Switchboard's tables, created when missing; the queue goes in `<schema>_queue`. Default: the connection's current schema. */
  schema?: string;
  /** The workers' job lease; a lapsed lease is looked for every half lease (1 to 60 s). Default 30 s. */
  leaseMs?: number;
  /** Errors of idle connections and of the queue's maintenance, which no caller awaits. Default: printed. */
  onError?: (err: Error) => void;
}

/** Opens the store: connects, migrates once across processes (advisory lock) and starts the queue. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  if (!/^postgres(ql)?:\/\//.test(options.url)) {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, got "${redact(options.url)}"`);
  }
  if (!Number.isInteger(options.poolSize) || options.poolSize < 1) {
    throw new Error(`the PostgreSQL pool size must be a whole number of at least 1, got ${options.poolSize}`);
  }
  const schema = options.schema === undefined ? undefined : checkSchemaName(options.schema);
  const onError = options.onError ?? ((err: Error) => console.error(`switchboard store (PostgreSQL): ${err.message}`));
  const pool = createPool({ url: options.url, size: options.poolSize, schema, onError });
  let queue: JobQueue | undefined;
  try {
    if (schema) await createSchema(pool, schema);
    await migrate(pool, async () => {
      const current = schema ?? (await pool.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
      const leaseMs = options.leaseMs ?? 30_000;
      queue = await JobQueue.open(pool, {
        schema: checkSchemaName(`${current}_queue`),
        maintenanceIntervalSeconds: Math.min(60, Math.max(1, Math.floor(leaseMs / 2000))),
        onError,
      });
    });
    return new PostgresStore(pool, queue!);
  } catch (err) {
    await queue?.close().catch(() => {});
    await pool.end().catch(() => {});
    throw new Error(`could not open the PostgreSQL store at ${redact(options.url)}: ${(err as Error).message}`, { cause: err });
  }
}

async function createSchema(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (err) {
    // Two processes creating it at once: one of them gets a unique violation on the catalog; the schema exists.
    if ((err as { code?: string }).code !== '23505') throw err;
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

const jsonValue = (v: unknown): unknown => (v === JSON_NULL ? null : v);

class PostgresStore implements Store {
  readonly backend = 'postgres' as const;

  constructor(
    private readonly pool: pg.Pool,
    private readonly queue: JobQueue,
  ) {}

  async close(): Promise<void> {
    for (const stop of [...this.listeners]) await stop();
    await this.queue.close();
    await this.pool.end();
  }

  private readonly listeners = new Set<() => Promise<void>>();

  /**
   * Calls `listener` when another process queues a job that is due: a
   * LISTEN on a connection of its own, opened again after PostgreSQL restarts.
   */
  async onJobsQueued(listener: () => void): Promise<() => Promise<void>> {
    let client: pg.Client | undefined;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;
    const connect = async (): Promise<void> => {
      const c = new pg.Client(this.pool.options);
      c.on('error', () => undefined);
      c.on('notification', () => listener());
      c.on('end', () => {
        if (stopped) return;
        // Lost (a restart): listen again soon; meanwhile the worker's poll covers.
        retry = setTimeout(() => void connect().catch(() => undefined), 1000);
        retry.unref();
      });
      try {
        await c.connect();
        await c.query(`LISTEN "${this.queue.channel}"`);
        client = c;
        listener(); // whatever was queued while not listening
      } catch (err) {
        await c.end().catch(() => undefined);
        throw err;
      }
    };
    await connect();
    const stop = async () => {
      stopped = true;
      clearTimeout(retry);
      this.listeners.delete(stop);
      await client?.end().catch(() => undefined);
    };
    this.listeners.add(stop);
    return stop;
  }

  /** Runs `work` in one transaction on one connection. */
  private tx<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, work);
  }

  private async one(sql: string, params: unknown[] = [], db: Queryable = this.pool): Promise<Row | undefined> {
    return (await db.query<Row>(sql, params)).rows[0];
  }

  private async all(sql: string, params: unknown[] = [], db: Queryable = this.pool): Promise<Row[]> {
    return (await db.query<Row>(sql, params)).rows;
  }

  // settings

  async getSetting(key: string) {
    return (await this.one('SELECT value FROM settings WHERE key = $1', [key]))?.value as string | undefined;
  }

  async setSettingIfAbsent(key: string, value: string) {
    await this.pool.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
    return (await this.one('SELECT value FROM settings WHERE key = $1', [key]))!.value as string;
  }

  // shops

  async ensureShop(domain: string, name?: string) {
    await this.pool.query('INSERT INTO shops (domain, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (domain) DO NOTHING', [
      domain,
      name ?? domain.replace(/\.myshopify\.com$/, ''),
      clockNow(),
    ]);
    return rows.toShop((await this.one('SELECT * FROM shops WHERE domain = $1', [domain]))!);
  }

  async getShop(id: number) {
    const r = await this.one('SELECT * FROM shops WHERE id = $1', [id]);
    return r && rows.toShop(r);
  }

  async getShopByDomain(domain: string) {
    const r = await this.one('SELECT * FROM shops WHERE domain = $1', [domain]);
    return r && rows.toShop(r);
  }

  // organizations

  async createOrganization(name: string) {
    return toOrganization((await this.one('INSERT INTO organizations (name, created_at) VALUES ($1, $2) RETURNING *', [name, clockNow()]))!);
  }

  async getOrganization(id: number) {
    const r = await this.one('SELECT * FROM organizations WHERE id = $1', [id]);
    return r && toOrganization(r);
  }

  async setShopOrganization(shopId: number, organizationId: number | null) {
    await this.pool.query('UPDATE shops SET organization_id = $1 WHERE id = $2', [organizationId, shopId]);
  }

  async listShopsInOrganization(organizationId: number) {
    return (await this.all('SELECT * FROM shops WHERE organization_id = $1 ORDER BY domain COLLATE "C"', [organizationId])).map(rows.toShop);
  }

  // Switchboard's own install

  async setSwitchboardInstalled(shopId: number, installed: boolean, reason?: string) {
    const now = clockNow();
    await this.tx(async (c) => {
      await c.query('UPDATE shops SET switchboard_installed = $1 WHERE id = $2', [installed, shopId]);
      if (installed) return;
      const off = await c.query<{ workflow_id: number }>(
        'UPDATE workflow_shops SET enabled = false, reason = $2, updated_at = $3 WHERE shop_id = $1 AND enabled RETURNING workflow_id',
        [shopId, reason ?? null, now],
      );
      await c.query('DELETE FROM listeners WHERE shop_id = $1', [shopId]);
      // Turned off like any other way: their waiting runs are cancelled and their schedules end.
      for (const r of off.rows) await this.endWaitsAndSchedule(c, Number(r.workflow_id), shopId, reason, now);
    });
  }

  async saveShopifySession(session: StoredShopifySession) {
    await this.pool.query(
      `INSERT INTO shopify_sessions (id, shop, is_online, data, expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET shop = excluded.shop, is_online = excluded.is_online, data = excluded.data, expires_at = excluded.expires_at`,
      [session.id, session.shop, session.isOnline, rows.toJson(session.data), session.expiresAt ?? null],
    );
  }

  async loadShopifySession(id: string) {
    const r = await this.one('SELECT * FROM shopify_sessions WHERE id = $1', [id]);
    return r && rows.toSession(r);
  }

  async deleteShopifySessions(ids: string[]) {
    await this.pool.query('DELETE FROM shopify_sessions WHERE id = ANY($1::text[])', [ids]);
  }

  async findShopifySessionsByShop(shop: string) {
    return (await this.all('SELECT * FROM shopify_sessions WHERE shop = $1', [shop])).map(rows.toSession);
  }

  async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    // A session lock on a client of its own, held while `work` runs its own queries on the pool.
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`switchboard.${name}`]);
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`switchboard.${name}`]);
      }
    } finally {
      client.release();
    }
  }

  async takeRateToken(key: string, ratePerSecond: number, burst: number, now: Millis) {
    // One statement refills and takes atomically; last_ok says whether a token was there to take.
    const refilled = 'LEAST($3::float8, b.tokens + GREATEST(0, $2 - b.updated_at) * $4::float8 / 1000)';
    const row = await this.one(
      `INSERT INTO rate_limits AS b (key, tokens, updated_at, last_ok) VALUES ($1, $3::float8 - 1, $2, true)
       ON CONFLICT (key) DO UPDATE SET
         tokens = CASE WHEN ${refilled} >= 1 THEN ${refilled} - 1 ELSE ${refilled} END,
         updated_at = GREATEST(b.updated_at, $2),
         last_ok = ${refilled} >= 1
       RETURNING b.tokens, b.last_ok`,
      [key, now, burst, ratePerSecond],
    );
    return row!.last_ok ? 0 : waitFor(Number(row!.tokens), ratePerSecond);
  }

  async recordWebhook(webhookId: string, shop: string, topic: string, now: Millis) {
    const r = await this.pool.query('INSERT INTO webhook_receipts (webhook_id, shop, topic, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
      webhookId,
      shop,
      topic,
      now,
    ]);
    return (r.rowCount ?? 0) > 0;
  }

  /** Event ids about any of the customer keys, in one shop. */
  private async customerEventIds(shopId: number, keys: string[], db: Queryable = this.pool): Promise<string[]> {
    if (!keys.length) return [];
    const found = await this.all('SELECT DISTINCT event_id FROM event_customers WHERE shop_id = $1 AND customer_key = ANY($2::text[]) ORDER BY event_id', [shopId, keys], db);
    return found.map((r) => r.event_id as string);
  }

  async redactCustomer(shopId: number, customerKeys: string[]) {
    return this.tx(async (c) => {
      const eventIds = await this.customerEventIds(shopId, customerKeys, c);
      const runs = eventIds.length ? await this.deleteEventData(c, 'id = ANY($1::text[])', eventIds) : 0;
      return { events: eventIds.length, runs };
    });
  }

  async redactShop(shopId: number) {
    await this.tx(async (c) => {
      await this.deleteEventData(c, 'shop_id = $1', shopId);
      for (const table of ['listeners', 'workflow_shops', 'schedules', 'replays', 'installs', 'idempotency_keys', 'event_customers', 'data_requests', 'connector_credentials']) {
        await c.query(`DELETE FROM ${table} WHERE shop_id = $1`, [shopId]);
      }
      const own = 'SELECT id FROM workflows WHERE shop_id = $1 AND organization_id IS NULL';
      await c.query(`DELETE FROM workflow_versions WHERE workflow_id IN (${own})`, [shopId]);
      await c.query('DELETE FROM workflows WHERE shop_id = $1 AND organization_id IS NULL', [shopId]);
      await c.query('DELETE FROM shopify_sessions WHERE shop = (SELECT domain FROM shops WHERE id = $1)', [shopId]);
      await c.query("UPDATE shops SET name = 'redacted', switchboard_installed = false WHERE id = $1", [shopId]);
    });
  }

  /**
   * Deletes events matching `where` ($1 = arg) and every run, step, delivery
   * and attempt they produced; returns the runs deleted. The runs' queued
   * jobs stay in pg-boss (they hold only a run id) and complete as soon as
   * they find their run gone.
   */
  private async deleteEventData(c: pg.PoolClient, where: string, arg: unknown): Promise<number> {
    const runIds = `SELECT id FROM runs WHERE event_id IN (SELECT id FROM events WHERE ${where})`;
    const deliveryIds = `SELECT id FROM deliveries WHERE run_id IN (${runIds})`;
    await c.query(`DELETE FROM delivery_attempts WHERE delivery_id IN (${deliveryIds})`, [arg]);
    await c.query(`DELETE FROM deliveries WHERE run_id IN (${runIds})`, [arg]);
    await c.query(`DELETE FROM run_steps WHERE run_id IN (${runIds})`, [arg]);
    const runs = (await c.query(`DELETE FROM runs WHERE event_id IN (SELECT id FROM events WHERE ${where})`, [arg])).rowCount ?? 0;
    await c.query(`DELETE FROM event_customers WHERE event_id IN (SELECT id FROM events WHERE ${where})`, [arg]);
    await c.query(`DELETE FROM events WHERE ${where}`, [arg]);
    return runs;
  }

  async collectCustomerData(shopId: number, customerKeys: string[]) {
    const eventIds = await this.customerEventIds(shopId, customerKeys);
    if (!eventIds.length) return { events: [], runs: [], deliveries: [] };
    const events = (await this.all('SELECT * FROM events WHERE id = ANY($1::text[]) ORDER BY id', [eventIds])).map(rows.toEvent);
    const runs = (await this.all('SELECT * FROM runs WHERE event_id = ANY($1::text[]) ORDER BY event_id, id', [eventIds])).map(rows.toRun);
    const deliveries = (await this.all('SELECT * FROM deliveries WHERE run_id = ANY($1::text[]) ORDER BY run_id, created_at, id', [runs.map((r) => r.id)])).map(rows.toDelivery);
    return { events, runs, deliveries };
  }

  async saveDataRequest(shopId: number, customerKeys: string[], document: unknown) {
    const r = await this.one('INSERT INTO data_requests (shop_id, customer_keys, document, created_at) VALUES ($1, $2, $3, $4) RETURNING id', [
      shopId,
      rows.toJson(customerKeys),
      rows.toJson(document),
      clockNow(),
    ]);
    return r!.id as number;
  }

  async getDataRequest(id: number) {
    const r = await this.one('SELECT * FROM data_requests WHERE id = $1', [id]);
    return r && { id: r.id as number, shopId: r.shop_id as number, document: jsonValue(r.document), createdAt: r.created_at as number };
  }

  // built-in connectors' credentials

  async saveCredentials(shopId: number, connector: string, sealed: string) {
    await this.pool.query(
      `INSERT INTO connector_credentials (shop_id, connector, sealed, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (shop_id, connector) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
      [shopId, connector, sealed, clockNow()],
    );
  }

  async listCredentials(shopId: number) {
    return (await this.all('SELECT * FROM connector_credentials WHERE shop_id = $1 ORDER BY connector COLLATE "C"', [shopId])).map((r) => ({
      connector: r.connector as string,
      sealed: r.sealed as string,
      updatedAt: r.updated_at as number,
    }));
  }

  async deleteCredentials(shopId: number, connector: string) {
    const r = await this.pool.query('DELETE FROM connector_credentials WHERE shop_id = $1 AND connector = $2', [shopId, connector]);
    return (r.rowCount ?? 0) > 0;
  }

  // connector apps

  async createApp(input: Omit<App, 'id' | 'version' | 'createdAt'>) {
    const r = await this.one(
      `INSERT INTO apps (client_id, client_secret, name, application_url, redirect_urls, webhooks_url, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [input.clientId, input.clientSecret, input.name, input.applicationUrl, rows.toJson(input.redirectUrls), input.webhooksUrl ?? null, clockNow()],
    );
    return rows.toApp(r!);
  }

  async updateApp(id: number, patch: Partial<Pick<App, 'name' | 'applicationUrl' | 'redirectUrls' | 'webhooksUrl'>>) {
    const current = await this.getApp(id);
    if (!current) throw new Error(`app ${id} not found`);
    const next = { ...current, ...patch };
    const r = await this.one('UPDATE apps SET name = $1, application_url = $2, redirect_urls = $3, webhooks_url = $4 WHERE id = $5 RETURNING *', [
      next.name,
      next.applicationUrl,
      rows.toJson(next.redirectUrls),
      next.webhooksUrl ?? null,
      id,
    ]);
    return rows.toApp(r!);
  }

  async getApp(id: number) {
    const r = await this.one('SELECT * FROM apps WHERE id = $1', [id]);
    return r && rows.toApp(r);
  }

  async getAppByClientId(clientId: string) {
    const r = await this.one('SELECT * FROM apps WHERE client_id = $1', [clientId]);
    return r && rows.toApp(r);
  }

  async listApps() {
    return (await this.all('SELECT * FROM apps ORDER BY name COLLATE "C"')).map(rows.toApp);
  }

  async saveAppVersion(appId: number, extensions: Extension[]): Promise<AppVersion> {
    const now = clockNow();
    return this.tx(async (c) => {
      // The row lock of the bump orders concurrent deploys of one app.
      const bumped = await this.one('UPDATE apps SET version = version + 1 WHERE id = $1 RETURNING version', [appId], c);
      if (!bumped) throw new Error(`app ${appId} not found`);
      const version = bumped.version as number;
      await c.query('INSERT INTO app_versions (app_id, version, extensions, created_at) VALUES ($1, $2, $3, $4)', [appId, version, rows.toJson(extensions), now]);
      return { appId, version, extensions, createdAt: now };
    });
  }

  async getAppVersion(appId: number, version?: number) {
    let v = version;
    if (v === undefined) {
      const app = await this.getApp(appId);
      if (!app || app.version === 0) return undefined;
      v = app.version;
    }
    const r = await this.one('SELECT * FROM app_versions WHERE app_id = $1 AND version = $2', [appId, v]);
    return r && { appId, version: r.version as number, extensions: jsonValue(r.extensions) as Extension[], createdAt: r.created_at as number };
  }

  // installs and the OAuth grant

  async saveOAuthCode(codeHash: string, code: OAuthCode) {
    await this.pool.query('INSERT INTO oauth_codes (code_hash, app_id, shop_id, redirect_uri, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      codeHash,
      code.appId,
      code.shopId,
      code.redirectUri,
      code.expiresAt,
    ]);
  }

  async consumeOAuthCode(codeHash: string, now: Millis) {
    // One UPDATE decides: of two concurrent exchanges, the second waits for the first's row lock and then matches nothing.
    const used = await this.one('UPDATE oauth_codes SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL RETURNING *', [codeHash, now]);
    if (used) return { code: { ...toOAuthCode(used), usedAt: undefined }, alreadyUsed: false };
    const r = await this.one('SELECT * FROM oauth_codes WHERE code_hash = $1', [codeHash]);
    if (!r) return { alreadyUsed: false };
    return { code: toOAuthCode(r), alreadyUsed: true };
  }

  async saveInstall(install: Install, tokenHash: string) {
    await this.pool.query(
      `INSERT INTO installs (app_id, shop_id, token_hash, scope, installed_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (app_id, shop_id) DO UPDATE SET token_hash = excluded.token_hash, scope = excluded.scope, installed_at = excluded.installed_at, uninstalled_at = NULL`,
      [install.appId, install.shopId, tokenHash, install.scope, install.installedAt],
    );
  }

  async findInstallByToken(tokenHash: string) {
    const r = await this.one('SELECT * FROM installs WHERE token_hash = $1', [tokenHash]);
    return r && rows.toInstall(r);
  }

  async getInstall(appId: number, shopId: number) {
    const r = await this.one('SELECT * FROM installs WHERE app_id = $1 AND shop_id = $2 AND uninstalled_at IS NULL', [appId, shopId]);
    return r && rows.toInstall(r);
  }

  async listInstallsForShop(shopId: number) {
    return (await this.all('SELECT * FROM installs WHERE shop_id = $1 AND uninstalled_at IS NULL ORDER BY app_id', [shopId])).map(rows.toInstall);
  }

  async uninstallApp(input: { appId: number; shopId: number; reason: string; workflowIds: number[]; notice: { ref: string; runAt: Millis } }) {
    const now = clockNow();
    return this.tx(async (c) => {
      const removed = await c.query('UPDATE installs SET uninstalled_at = $1 WHERE app_id = $2 AND shop_id = $3 AND uninstalled_at IS NULL', [now, input.appId, input.shopId]);
      if (!removed.rowCount) return false;
      for (const id of input.workflowIds) {
        await this.upsertWorkflowShop(c, id, input.shopId, false, input.reason, now);
        await c.query('DELETE FROM listeners WHERE workflow_id = $1 AND shop_id = $2', [id, input.shopId]);
        await this.endWaitsAndSchedule(c, id, input.shopId, input.reason, now);
      }
      await this.queue.enqueue(c, [{ kind: 'notice', ref: input.notice.ref, runAt: input.notice.runAt }]);
      return true;
    });
  }

  // workflows

  async createWorkflow(input: { shopId: number; organizationId?: number; name: string; triggerApp: string; triggerHandle: string; definition: unknown }) {
    const now = clockNow();
    return this.tx(async (c) => {
      const r = await this.one(
        `INSERT INTO workflows (shop_id, organization_id, name, version, trigger_app, trigger_handle, created_at, updated_at)
         VALUES ($1, $2, $3, 1, $4, $5, $6, $6) RETURNING *`,
        [input.shopId, input.organizationId ?? null, input.name, input.triggerApp, input.triggerHandle, now],
        c,
      );
      await c.query('INSERT INTO workflow_versions (workflow_id, version, definition, created_at) VALUES ($1, 1, $2, $3)', [r!.id, rows.toJson(input.definition), now]);
      return rows.toWorkflow(r!);
    });
  }

  async saveWorkflowVersion(workflowId: number, input: { name: string; triggerApp: string; triggerHandle: string; definition: unknown }) {
    const now = clockNow();
    return this.tx(async (c) => {
      const locked = await this.one('SELECT * FROM workflows WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [workflowId], c);
      if (!locked) throw new Error(`workflow ${workflowId} not found`);
      const current = rows.toWorkflow(locked);
      const version = current.version + 1;
      await c.query('INSERT INTO workflow_versions (workflow_id, version, definition, created_at) VALUES ($1, $2, $3, $4)', [workflowId, version, rows.toJson(input.definition), now]);
      const r = await this.one('UPDATE workflows SET name = $1, version = $2, trigger_app = $3, trigger_handle = $4, updated_at = $5 WHERE id = $6 RETURNING *', [
        input.name,
        version,
        input.triggerApp,
        input.triggerHandle,
        now,
        workflowId,
      ], c);
      // A changed trigger moves the listener rows of every shop where it is on.
      if (current.triggerApp !== input.triggerApp || current.triggerHandle !== input.triggerHandle) {
        const shops = await this.all('DELETE FROM listeners WHERE workflow_id = $1 RETURNING shop_id', [workflowId], c);
        for (const s of shops) {
          await c.query('INSERT INTO listeners (shop_id, source, handle, workflow_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [s.shop_id, input.triggerApp, input.triggerHandle, workflowId]);
        }
      }
      return rows.toWorkflow(r!);
    });
  }

  async getWorkflow(id: number) {
    const r = await this.one('SELECT * FROM workflows WHERE id = $1 AND deleted_at IS NULL', [id]);
    return r && rows.toWorkflow(r);
  }

  async listWorkflows(shopId: number) {
    const found = await this.all(
      `SELECT * FROM workflows WHERE deleted_at IS NULL AND (shop_id = $1
         OR organization_id = (SELECT organization_id FROM shops WHERE id = $1)) ORDER BY id`,
      [shopId],
    );
    return found.map(rows.toWorkflow);
  }

  async listWorkflowVersions(workflowId: number) {
    return (await this.all('SELECT * FROM workflow_versions WHERE workflow_id = $1 ORDER BY version DESC', [workflowId])).map(rows.toWorkflowVersion);
  }

  async getWorkflowVersion(workflowId: number, version: number) {
    const r = await this.one('SELECT * FROM workflow_versions WHERE workflow_id = $1 AND version = $2', [workflowId, version]);
    return r && rows.toWorkflowVersion(r);
  }

  async deleteWorkflow(id: number) {
    const now = clockNow();
    await this.tx(async (c) => {
      await c.query('UPDATE workflows SET deleted_at = $1 WHERE id = $2', [now, id]);
      await c.query('UPDATE workflow_shops SET enabled = false, updated_at = $1 WHERE workflow_id = $2', [now, id]);
      await c.query('DELETE FROM listeners WHERE workflow_id = $1', [id]);
    });
  }

  async getWorkflowShopState(workflowId: number, shopId: number) {
    const r = await this.one('SELECT * FROM workflow_shops WHERE workflow_id = $1 AND shop_id = $2', [workflowId, shopId]);
    return r && rows.toWorkflowShopState(r);
  }

  private async upsertWorkflowShop(c: Queryable, workflowId: number, shopId: number, enabled: boolean, reason: string | null, now: Millis) {
    await c.query(
      `INSERT INTO workflow_shops (workflow_id, shop_id, enabled, reason, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (workflow_id, shop_id) DO UPDATE SET enabled = excluded.enabled, reason = excluded.reason, updated_at = excluded.updated_at`,
      [workflowId, shopId, enabled, reason, now],
    );
  }

  async setWorkflowEnabled(input: Parameters<Store['setWorkflowEnabled']>[0]) {
    const now = clockNow();
    return this.tx(async (c) => {
      const r = await this.one('SELECT * FROM workflows WHERE id = $1 AND deleted_at IS NULL', [input.workflowId], c);
      if (!r) throw new Error(`workflow ${input.workflowId} not found`);
      const wf = rows.toWorkflow(r);
      await this.upsertWorkflowShop(c, input.workflowId, input.shopId, input.enabled, input.reason ?? null, now);
      let cancelledRuns = 0;
      if (input.enabled) {
        await c.query('INSERT INTO listeners (shop_id, source, handle, workflow_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [input.shopId, wf.triggerApp, wf.triggerHandle, wf.id]);
        await this.writeSchedule(c, wf.id, input.shopId, input.nextSlotAt ?? null);
      } else {
        await c.query('DELETE FROM listeners WHERE workflow_id = $1 AND shop_id = $2', [wf.id, input.shopId]);
        cancelledRuns = await this.endWaitsAndSchedule(c, wf.id, input.shopId, input.reason, now);
      }
      await this.queue.enqueue(c, input.enqueue ?? []);
      return { cancelledRuns };
    });
  }

  /** A workflow turned off in a shop: its runs waiting on a Wait step are cancelled (returned) and its schedule ends. */
  private async endWaitsAndSchedule(c: pg.PoolClient, workflowId: number, shopId: number, reason: string | undefined, now: Millis): Promise<number> {
    await this.writeSchedule(c, workflowId, shopId, null);
    const cancelled = await c.query(
      `UPDATE runs SET status = 'cancelled', error = $3, resume_at = NULL, updated_at = $4, finished_at = $4
        WHERE workflow_id = $1 AND shop_id = $2 AND resume_at IS NOT NULL`,
      [workflowId, shopId, `Cancelled: the workflow was turned off${reason ? ` (${reason})` : ''}`, now],
    );
    return cancelled.rowCount ?? 0;
  }

  private async writeSchedule(db: Queryable, workflowId: number, shopId: number, nextSlotAt: Millis | null): Promise<void> {
    if (nextSlotAt === null) await db.query('DELETE FROM schedules WHERE workflow_id = $1 AND shop_id = $2', [workflowId, shopId]);
    else {
      await db.query('INSERT INTO schedules (workflow_id, shop_id, next_at) VALUES ($1, $2, $3) ON CONFLICT (workflow_id, shop_id) DO UPDATE SET next_at = excluded.next_at', [
        workflowId,
        shopId,
        nextSlotAt,
      ]);
    }
  }

  async setSchedule(workflowId: number, shopId: number, nextSlotAt: Millis | null) {
    await this.writeSchedule(this.pool, workflowId, shopId, nextSlotAt);
  }

  async listDueSchedules(now: Millis, limit: number) {
    const found = await this.all('SELECT * FROM schedules WHERE next_at <= $1 ORDER BY next_at LIMIT $2', [now, limit]);
    return found.map((r) => ({ workflowId: r.workflow_id as number, shopId: r.shop_id as number, nextSlotAt: r.next_at as number }));
  }

  async setShopTimezone(shopId: number, timezone: string) {
    await this.pool.query('UPDATE shops SET timezone = $1 WHERE id = $2', [timezone, shopId]);
  }

  async countListeners(shopId: number, source: string, handle: string) {
    return (await this.one('SELECT count(*) AS n FROM listeners WHERE shop_id = $1 AND source = $2 AND handle = $3', [shopId, source, handle]))!.n as number;
  }

  async listEnabledWorkflowsUsingApp(clientId: string) {
    // Definitions are JSON text as written; the app's client id appears in the trigger or an action ref (as on SQLite).
    const found = await this.all(
      `SELECT w.*, ws.shop_id AS enabled_shop_id
         FROM workflow_shops ws
         JOIN workflows w ON w.id = ws.workflow_id
         JOIN workflow_versions v ON v.workflow_id = w.id AND v.version = w.version
        WHERE ws.enabled AND w.deleted_at IS NULL
          AND (w.trigger_app = $1 OR strpos(v.definition::text, $2) > 0)
        ORDER BY ws.workflow_id, ws.shop_id`,
      [clientId, `"app":${JSON.stringify(clientId)}`],
    );
    return found.map((r): { workflow: Workflow; shopId: number } => ({ workflow: rows.toWorkflow(r), shopId: r.enabled_shop_id as number }));
  }

  // events and runs

  async acceptEvent(input: AcceptEventInput): Promise<AcceptEventResult> {
    const { event, idempotency, schedule, replay } = input;
    return this.tx(async (c): Promise<AcceptEventResult> => {
      if (schedule) {
        // The row lock makes a second process wait here, then find the slot already moved.
        const moved = schedule.to === null
          ? await c.query('DELETE FROM schedules WHERE workflow_id = $1 AND shop_id = $2 AND next_at = $3', [schedule.workflowId, schedule.shopId, schedule.from])
          : await c.query('UPDATE schedules SET next_at = $4 WHERE workflow_id = $1 AND shop_id = $2 AND next_at = $3', [schedule.workflowId, schedule.shopId, schedule.from, schedule.to]);
        if (!moved.rowCount) return { replayed: true, answer: undefined };
      }
      if (replay) await this.insertReplay(c, replay);
      if (idempotency) {
        // Claiming the key first: a concurrent call with the same key waits here for this
        // transaction, then finds the key taken and replays its answer.
        const claimed = await c.query(
          'INSERT INTO idempotency_keys (app_id, shop_id, key, answer, created_at) VALUES ($1, $2, $3, NULL, $4) ON CONFLICT DO NOTHING',
          [idempotency.appId, event.shopId, idempotency.key, event.receivedAt],
        );
        if (!claimed.rowCount) {
          const prior = await this.one('SELECT answer FROM idempotency_keys WHERE app_id = $1 AND shop_id = $2 AND key = $3', [idempotency.appId, event.shopId, idempotency.key], c);
          return { replayed: true, answer: jsonValue(prior!.answer) };
        }
      }
      await c.query('INSERT INTO events (id, shop_id, source, handle, payload, received_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        event.id,
        event.shopId,
        event.source,
        event.handle,
        rows.toJson(event.payload),
        event.receivedAt,
      ]);
      if (input.customerKeys?.length) {
        await c.query('INSERT INTO event_customers (shop_id, customer_key, event_id) SELECT $1, unnest($2::text[]), $3 ON CONFLICT DO NOTHING', [event.shopId, input.customerKeys, event.id]);
      }
      const listeners = (
        await this.all(
          `SELECT l.workflow_id, w.version FROM listeners l JOIN workflows w ON w.id = l.workflow_id
            WHERE l.shop_id = $1 AND l.source = $2 AND l.handle = $3 ORDER BY l.workflow_id`,
          [event.shopId, event.source, event.handle],
          c,
        )
      ).map((r) => ({ workflowId: r.workflow_id as number, version: r.version as number }));
      const runs = input.planRuns(listeners);
      const t = event.receivedAt;
      const jobs: Array<{ kind: JobKind; ref: string; runAt: Millis }> = [];
      for (const run of runs) {
        const skipped = run.skippedReason !== undefined;
        await c.query(
          `INSERT INTO runs (id, workflow_id, workflow_version, shop_id, event_id, status, state, error, created_at, updated_at, finished_at, replay_id)
           VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8, $8, $9, $10)`,
          [run.id, run.workflowId, run.workflowVersion, event.shopId, event.id, skipped ? 'skipped' : 'running', run.skippedReason ?? null, t, skipped ? t : null, run.replayId ?? null],
        );
        if (!skipped) jobs.push({ kind: 'run', ref: run.id, runAt: t });
      }
      await this.queue.enqueue(c, jobs);
      const answer = input.answer(jobs.length);
      if (idempotency) {
        await c.query('UPDATE idempotency_keys SET answer = $4 WHERE app_id = $1 AND shop_id = $2 AND key = $3', [idempotency.appId, event.shopId, idempotency.key, rows.toJson(answer)]);
      }
      return { replayed: false, runsStarted: jobs.length, answer };
    });
  }

  private async insertReplay(c: Queryable, r: Replay): Promise<void> {
    await c.query('INSERT INTO replays (id, workflow_id, shop_id, total, source_run_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      r.id,
      r.workflowId,
      r.shopId,
      r.total,
      r.sourceRunId ?? null,
      r.createdAt,
    ]);
  }

  async listEvents(f: EventFilter) {
    const params: unknown[] = [f.shopId, f.source, f.handle];
    const where = ['shop_id = $1', 'source = $2', 'handle = $3'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.since !== undefined) add('received_at >= ?', f.since);
    if (f.until !== undefined) add('received_at < ?', f.until);
    if (f.ids) add('id = ANY(?::text[])', f.ids);
    params.push(f.limit);
    return (await this.all(`SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY received_at, id LIMIT $${params.length}`, params)).map(rows.toEvent);
  }

  async startReplay(replay: Replay, runs: Array<{ id: string; workflowId: number; workflowVersion: number; eventId: string }>, newEvents: TriggerEvent[] = []) {
    const now = clockNow();
    await this.tx(async (c) => {
      for (const e of newEvents) {
        await c.query('INSERT INTO events (id, shop_id, source, handle, payload, received_at) VALUES ($1, $2, $3, $4, $5, $6)', [e.id, e.shopId, e.source, e.handle, rows.toJson(e.payload), e.receivedAt]);
        // A re-run's edited event is about the original's customers: a redaction must find it too.
        if (replay.sourceRunId) {
          await c.query(
            `INSERT INTO event_customers (shop_id, customer_key, event_id)
             SELECT shop_id, customer_key, $1 FROM event_customers WHERE event_id = (SELECT event_id FROM runs WHERE id = $2) ON CONFLICT DO NOTHING`,
            [e.id, replay.sourceRunId],
          );
        }
      }
      await this.insertReplay(c, replay);
      for (const run of runs) {
        await c.query(
          `INSERT INTO runs (id, workflow_id, workflow_version, shop_id, event_id, status, state, error, created_at, updated_at, finished_at, replay_id)
           VALUES ($1, $2, $3, $4, $5, 'running', NULL, NULL, $6, $6, NULL, $7)`,
          [run.id, run.workflowId, run.workflowVersion, replay.shopId, run.eventId, now, replay.id],
        );
      }
      await this.queue.enqueue(c, runs.map((r) => ({ kind: 'run' as const, ref: r.id, runAt: now })));
    });
  }

  async getReplay(id: string) {
    const r = await this.one('SELECT * FROM replays WHERE id = $1', [id]);
    if (!r) return undefined;
    const counts = await this.all('SELECT status, count(*)::int AS n FROM runs WHERE replay_id = $1 GROUP BY status', [id]);
    return { ...rows.toReplay(r), byStatus: Object.fromEntries(counts.map((c) => [c.status as string, Number(c.n)])) };
  }

  async wakeDueRuns(now: Millis, limit: number) {
    return this.tx(async (c) => {
      // SKIP LOCKED: processes waking runs at once take different ones.
      const woken = await this.all(
        `UPDATE runs SET resume_at = NULL, status = 'running', updated_at = $1
          WHERE id IN (SELECT id FROM runs WHERE resume_at <= $1 ORDER BY resume_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING id`,
        [now, limit],
        c,
      );
      await this.queue.enqueue(c, woken.map((r) => ({ kind: 'run' as const, ref: r.id as string, runAt: now })));
      return woken.length;
    });
  }

  async moveWaitingRun(runId: string, fromVersion: number, toVersion: number, state: unknown) {
    const r = await this.pool.query('UPDATE runs SET workflow_version = $1, state = $2, updated_at = $3 WHERE id = $4 AND workflow_version = $5 AND resume_at IS NOT NULL', [
      toVersion,
      rows.toJson(state),
      clockNow(),
      runId,
      fromVersion,
    ]);
    return (r.rowCount ?? 0) > 0;
  }

  async getEvent(id: string) {
    const r = await this.one('SELECT * FROM events WHERE id = $1', [id]);
    return r && rows.toEvent(r);
  }

  async getRun(id: string) {
    const r = await this.one('SELECT * FROM runs WHERE id = $1', [id]);
    return r && rows.toRun(r);
  }

  async listRuns(filter: RunFilter) {
    const params: unknown[] = [filter.shopId];
    const where = ['shop_id = $1'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.workflowId !== undefined) add('workflow_id = ?', filter.workflowId);
    if (filter.status) add('status = ?', filter.status);
    if (filter.waiting) where.push('resume_at IS NOT NULL');
    if (filter.replayId) add('replay_id = ?', filter.replayId);
    if (filter.since !== undefined) add('created_at >= ?', filter.since);
    if (filter.until !== undefined) add('created_at < ?', filter.until);
    if (filter.before) add('id < ?', filter.before);
    params.push(filter.limit ?? 50);
    return (await this.all(`SELECT * FROM runs WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`, params)).map(rows.toRun);
  }

  async listRunSteps(runId: string) {
    return (await this.all('SELECT * FROM run_steps WHERE run_id = $1 ORDER BY seq', [runId])).map(rows.toRunStep);
  }

  async saveRunProgress(p: RunProgress) {
    const now = clockNow();
    await this.tx(async (c) => {
      if (p.newDelivery) {
        const d = p.newDelivery;
        await c.query(
          `INSERT INTO deliveries (id, run_id, step_id, app_id, shop_id, handle, url, body, status, attempts, next_attempt_at, deadline_at, last_error, return_value, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
          [d.id, d.runId, d.stepId, d.appId, d.shopId, d.handle, d.url, d.body, d.status, d.attempts, d.nextAttemptAt ?? null, d.deadlineAt, rows.toText(d.lastError), rows.toJson(d.returnValue), d.createdAt, d.updatedAt],
        );
      }
      if (p.deliveryUpdate) {
        const u = p.deliveryUpdate;
        await c.query(
          `UPDATE deliveries SET status = $2, attempts = $3, next_attempt_at = $4, last_error = $5, return_value = $6, updated_at = $7 WHERE id = $1`,
          [u.id, u.status, u.attempts, u.nextAttemptAt ?? null, rows.toText(u.lastError), rows.toJson(u.returnValue), now],
        );
      }
      if (p.attempt) {
        const a = p.attempt;
        await c.query(
          `INSERT INTO delivery_attempts (delivery_id, n, started_at, latency_ms, status_code, response_excerpt, error, outcome, next_attempt_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [a.deliveryId, a.n, a.startedAt, Math.round(a.latencyMs), a.statusCode ?? null, rows.toText(a.responseExcerpt), rows.toText(a.error), a.outcome, a.nextAttemptAt ?? null],
        );
      }
      for (const step of p.steps ?? []) {
        await c.query(
          `INSERT INTO run_steps (run_id, seq, step_id, kind, status, input, output, error, started_at, finished_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (run_id, seq) DO UPDATE SET step_id = excluded.step_id, kind = excluded.kind, status = excluded.status, input = excluded.input,
             output = excluded.output, error = excluded.error, started_at = excluded.started_at, finished_at = excluded.finished_at`,
          [step.runId, step.seq, step.stepId, step.kind, step.status, rows.toJson(step.input), rows.toJson(step.output), rows.toText(step.error), step.startedAt, step.finishedAt ?? null],
        );
      }
      await c.query(
        `UPDATE runs SET status = $2, state = $3, error = $4, updated_at = $5, finished_at = CASE WHEN $6::boolean THEN $5::bigint ELSE NULL END, resume_at = $7
          WHERE id = $1`,
        [p.runId, p.status, rows.toJson(p.state), rows.toText(p.error), now, p.finished ?? false, p.resumeAt ?? null],
      );
      if (p.job) {
        if (p.job.complete) await this.queue.complete(c, p.job.id);
        else if (p.job.rescheduleAt !== undefined) await this.queue.reschedule(c, p.job.id, p.job.rescheduleAt);
        else if (p.job.extendLeaseMs !== undefined) await this.queue.extendLease(c, p.job.id, p.job.extendLeaseMs);
      }
      await this.queue.enqueue(c, p.enqueue ?? []);
    });
  }

  async workflowStats(shopId: number, since: Millis) {
    const found = await this.all(
      `SELECT workflow_id, max(created_at) AS last_run_at,
              count(*) FILTER (WHERE created_at >= $2) AS runs,
              count(*) FILTER (WHERE created_at >= $2 AND status IN ('failed', 'has_errors')) AS failures
         FROM runs WHERE shop_id = $1 GROUP BY workflow_id`,
      [shopId, since],
    );
    return new Map(found.map((r) => [r.workflow_id as number, { lastRunAt: r.last_run_at as number, runs: r.runs as number, failures: r.failures as number }]));
  }

  async countRunsByStatus() {
    const out: Record<string, number> = {};
    for (const r of await this.all('SELECT status, count(*) AS n FROM runs GROUP BY status')) out[r.status as string] = r.n as number;
    return out;
  }

  // deliveries

  async getDelivery(id: string) {
    const r = await this.one('SELECT * FROM deliveries WHERE id = $1', [id]);
    return r && rows.toDelivery(r);
  }

  async listDeliveriesForRun(runId: string) {
    return (await this.all('SELECT * FROM deliveries WHERE run_id = $1 ORDER BY created_at, id', [runId])).map(rows.toDelivery);
  }

  async listAttempts(deliveryId: string) {
    return (await this.all('SELECT * FROM delivery_attempts WHERE delivery_id = $1 ORDER BY n', [deliveryId])).map(rows.toAttempt);
  }

  async retryDelivery(id: string, now: Millis, deadlineAt: Millis) {
    return this.tx(async (c) => {
      const d = await this.one(
        `UPDATE deliveries SET status = 'waiting', deadline_at = $2, next_attempt_at = $3, updated_at = $3 WHERE id = $1 AND status = 'failed' RETURNING run_id`,
        [id, deadlineAt, now],
        c,
      );
      if (!d) return false;
      await c.query(`UPDATE runs SET status = 'waiting', error = NULL, finished_at = NULL, updated_at = $1 WHERE id = $2`, [now, d.run_id]);
      await this.queue.enqueue(c, [{ kind: 'run', ref: d.run_id as string, runAt: now }]);
      return true;
    });
  }

  // the queue (pg-boss, see queue.ts)

  async enqueueJob(kind: JobKind, ref: string, runAt: Millis) {
    await this.queue.enqueue(this.pool, [{ kind, ref, runAt }]);
  }

  /** `owner` and `now` are not used: pg-boss keeps no owner, and due times and leases run on the database's clock. */
  async claimJobs(_owner: string, limit: number, _now: Millis, leaseMs: number) {
    return this.tx((c) => this.queue.claim(c, limit, leaseMs));
  }

  async completeJob(id: string) {
    await this.queue.complete(this.pool, id);
  }

  async rescheduleJob(id: string, runAt: Millis) {
    await this.tx((c) => this.queue.reschedule(c, id, runAt));
  }

  async nextJobAt() {
    return this.queue.nextJobAt(this.pool);
  }

  // retention (see retention.ts)

  async pruneHistory(before: Millis, batchSize: number) {
    return pruneHistory(this.pool, before, batchSize);
  }
}

const toOrganization = (r: Row) => ({ id: r.id as number, name: r.name as string, createdAt: r.created_at as number });

const toOAuthCode = (r: Row): OAuthCode => ({
  appId: r.app_id as number,
  shopId: r.shop_id as number,
  redirectUri: r.redirect_uri as string,
  expiresAt: r.expires_at as number,
  usedAt: (r.used_at as number | null) ?? undefined,
});
