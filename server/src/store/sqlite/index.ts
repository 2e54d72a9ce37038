/**
 * The embedded backend: one SQLite file in WAL mode through better-sqlite3.
 * Statements are prepared once; every unit of work is one transaction.
 */
import { now as clockNow } from '../../clock.js';
import { takeToken, type Bucket } from '../rate-bucket.js';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Extension } from '@switchboard/sdk/manifest';
import { migrate } from './migrations.js';
import { GroupCommit } from './group-commit.js';
import { writeLockFor, type WriteLock } from './write-lock.js';
import { pruneHistory } from './retention.js';
import * as rows from './rows.js';
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
  Workflow,
} from '../types.js';

type Row = Record<string, unknown>;

const toSession = (r: Row) => ({
  id: r.id as string,
  shop: r.shop as string,
  isOnline: r.is_online === 1,
  data: JSON.parse(r.data as string) as Record<string, unknown>,
  expiresAt: (r.expires_at as number | null) ?? undefined,
});

/** Why a waiting run was cancelled. */
const turnedOff = (reason?: string) => `Cancelled: the workflow was turned off${reason ? ` (${reason})` : ''}`;

export function openSqliteStore(file: string, options: { yieldWrites?: boolean } = {}): Store {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit survives a process crash (SIGKILL); only an
  // OS crash or power loss can drop the last commits. See DESIGN section 6.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const lock = writeLockFor(file);
  lock.hold(() => migrate(db));
  return new SqliteStore(db, lock, options.yieldWrites);
}

class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  private readonly s;
  private readonly writes: GroupCommit;

  constructor(
    private readonly db: Database.Database,
    private readonly lock: WriteLock,
    yieldWrites = false,
  ) {
    this.writes = new GroupCommit(db, lock, yieldWrites);
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      getSetting: p('SELECT value FROM settings WHERE key = ?'),
      insertSetting: p('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
      shopById: p('SELECT * FROM shops WHERE id = ?'),
      shopByDomain: p('SELECT * FROM shops WHERE domain = ?'),
      insertShop: p('INSERT INTO shops (domain, name, created_at) VALUES (?, ?, ?) ON CONFLICT (domain) DO NOTHING'),
      appById: p('SELECT * FROM apps WHERE id = ?'),
      appByClientId: p('SELECT * FROM apps WHERE client_id = ?'),
      listApps: p('SELECT * FROM apps ORDER BY name'),
      insertApp: p(`INSERT INTO apps (client_id, client_secret, name, application_url, redirect_urls, webhooks_url, created_at)
                    VALUES (@clientId, @clientSecret, @name, @applicationUrl, @redirectUrls, @webhooksUrl, @createdAt)`),
      insertAppVersion: p('INSERT INTO app_versions (app_id, version, extensions, created_at) VALUES (?, ?, ?, ?)'),
      bumpAppVersion: p('UPDATE apps SET version = ? WHERE id = ?'),
      appVersion: p('SELECT * FROM app_versions WHERE app_id = ? AND version = ?'),
      insertCode: p('INSERT INTO oauth_codes (code_hash, app_id, shop_id, redirect_uri, expires_at) VALUES (?, ?, ?, ?, ?)'),
      codeByHash: p('SELECT * FROM oauth_codes WHERE code_hash = ?'),
      useCode: p('UPDATE oauth_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL'),
      upsertInstall: p(`INSERT INTO installs (app_id, shop_id, token_hash, scope, installed_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (app_id, shop_id) DO UPDATE SET token_hash = excluded.token_hash, scope = excluded.scope, installed_at = excluded.installed_at, uninstalled_at = NULL`),
      installByToken: p('SELECT * FROM installs WHERE token_hash = ?'),
      install: p('SELECT * FROM installs WHERE app_id = ? AND shop_id = ? AND uninstalled_at IS NULL'),
      installsForShop: p('SELECT * FROM installs WHERE shop_id = ? AND uninstalled_at IS NULL'),
      markUninstalled: p('UPDATE installs SET uninstalled_at = ? WHERE app_id = ? AND shop_id = ? AND uninstalled_at IS NULL'),
      insertWorkflow: p(`INSERT INTO workflows (shop_id, organization_id, name, version, trigger_app, trigger_handle, created_at, updated_at)
                         VALUES (?, ?, ?, 1, ?, ?, ?, ?)`),
      updateWorkflow: p('UPDATE workflows SET name = ?, version = ?, trigger_app = ?, trigger_handle = ?, updated_at = ? WHERE id = ?'),
      insertWorkflowVersion: p('INSERT INTO workflow_versions (workflow_id, version, definition, created_at) VALUES (?, ?, ?, ?)'),
      workflowById: p('SELECT * FROM workflows WHERE id = ? AND deleted_at IS NULL'),
      workflowsForShop: p(`SELECT * FROM workflows WHERE deleted_at IS NULL AND (shop_id = @shopId
                           OR organization_id = (SELECT organization_id FROM shops WHERE id = @shopId)) ORDER BY id`),
      workflowVersions: p('SELECT * FROM workflow_versions WHERE workflow_id = ? ORDER BY version DESC'),
      workflowVersion: p('SELECT * FROM workflow_versions WHERE workflow_id = ? AND version = ?'),
      softDeleteWorkflow: p('UPDATE workflows SET deleted_at = ? WHERE id = ?'),
      workflowShop: p('SELECT * FROM workflow_shops WHERE workflow_id = ? AND shop_id = ?'),
      upsertWorkflowShop: p(`INSERT INTO workflow_shops (workflow_id, shop_id, enabled, reason, updated_at) VALUES (?, ?, ?, ?, ?)
                             ON CONFLICT (workflow_id, shop_id) DO UPDATE SET enabled = excluded.enabled, reason = excluded.reason, updated_at = excluded.updated_at`),
      disableAllForWorkflow: p('UPDATE workflow_shops SET enabled = 0, updated_at = ? WHERE workflow_id = ?'),
      insertListener: p('INSERT OR IGNORE INTO listeners (shop_id, source, handle, workflow_id) VALUES (?, ?, ?, ?)'),
      deleteListener: p('DELETE FROM listeners WHERE workflow_id = ? AND shop_id = ?'),
      deleteListenersForWorkflow: p('DELETE FROM listeners WHERE workflow_id = ?'),
      countListeners: p('SELECT count(*) AS n FROM listeners WHERE shop_id = ? AND source = ? AND handle = ?'),
      listeners: p(`SELECT l.workflow_id, w.version FROM listeners l JOIN workflows w ON w.id = l.workflow_id
                    WHERE l.shop_id = ? AND l.source = ? AND l.handle = ?`),
      enabledPairs: p(`SELECT w.*, ws.shop_id AS enabled_shop_id FROM workflow_shops ws JOIN workflows w ON w.id = ws.workflow_id
                       WHERE ws.enabled = 1 AND w.deleted_at IS NULL`),
      idempotency: p('SELECT answer FROM idempotency_keys WHERE app_id = ? AND shop_id = ? AND key = ?'),
      insertIdempotency: p('INSERT INTO idempotency_keys (app_id, shop_id, key, answer, created_at) VALUES (?, ?, ?, ?, ?)'),
      insertEvent: p('INSERT INTO events (id, shop_id, source, handle, payload, received_at) VALUES (?, ?, ?, ?, ?, ?)'),
      eventById: p('SELECT * FROM events WHERE id = ?'),
      insertRun: p(`INSERT INTO runs (id, workflow_id, workflow_version, shop_id, event_id, status, state, error, created_at, updated_at, finished_at, replay_id)
                    VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`),
      runById: p('SELECT * FROM runs WHERE id = ?'),
      updateRun: p(`UPDATE runs SET status = @status, state = @state, error = @error, updated_at = @now, resume_at = @resumeAt,
                    finished_at = CASE WHEN @finished THEN @now ELSE NULL END WHERE id = @id`),
      cancelWaitingRuns: p(`UPDATE runs SET status = 'cancelled', error = @reason, resume_at = NULL, updated_at = @now, finished_at = @now
                            WHERE workflow_id = @workflowId AND shop_id = @shopId AND resume_at IS NOT NULL`),
      dueRuns: p('SELECT id FROM runs WHERE resume_at <= ? ORDER BY resume_at LIMIT ?'),
      wakeRun: p(`UPDATE runs SET resume_at = NULL, status = 'running', updated_at = ? WHERE id = ? AND resume_at IS NOT NULL`),
      moveRun: p(`UPDATE runs SET workflow_version = ?, state = ?, updated_at = ? WHERE id = ? AND workflow_version = ? AND resume_at IS NOT NULL`),
      upsertSchedule: p(`INSERT INTO schedules (workflow_id, shop_id, next_at) VALUES (?, ?, ?)
                         ON CONFLICT (workflow_id, shop_id) DO UPDATE SET next_at = excluded.next_at`),
      deleteSchedule: p('DELETE FROM schedules WHERE workflow_id = ? AND shop_id = ?'),
      advanceSchedule: p('UPDATE schedules SET next_at = ? WHERE workflow_id = ? AND shop_id = ? AND next_at = ?'),
      dueSchedules: p('SELECT * FROM schedules WHERE next_at <= ? ORDER BY next_at LIMIT ?'),
      insertReplay: p('INSERT INTO replays (id, workflow_id, shop_id, total, source_run_id, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      replayById: p('SELECT * FROM replays WHERE id = ?'),
      replayCounts: p('SELECT status, count(*) AS n FROM runs WHERE replay_id = ? GROUP BY status'),
      setTimezone: p('UPDATE shops SET timezone = ? WHERE id = ?'),
      runSteps: p('SELECT * FROM run_steps WHERE run_id = ? ORDER BY seq'),
      upsertRunStep: p(`INSERT OR REPLACE INTO run_steps (run_id, seq, step_id, kind, status, input, output, error, started_at, finished_at)
                        VALUES (@runId, @seq, @stepId, @kind, @status, @input, @output, @error, @startedAt, @finishedAt)`),
      runsByStatus: p('SELECT status, count(*) AS n FROM runs GROUP BY status'),
      insertDelivery: p(`INSERT INTO deliveries (id, run_id, step_id, app_id, shop_id, handle, url, body, status, attempts, next_attempt_at, deadline_at, last_error, return_value, created_at, updated_at)
                         VALUES (@id, @runId, @stepId, @appId, @shopId, @handle, @url, @body, @status, @attempts, @nextAttemptAt, @deadlineAt, @lastError, @returnValue, @createdAt, @updatedAt)`),
      updateDelivery: p(`UPDATE deliveries SET status = @status, attempts = @attempts, next_attempt_at = @nextAttemptAt,
                         last_error = @lastError, return_value = @returnValue, updated_at = @now WHERE id = @id`),
      deliveryById: p('SELECT * FROM deliveries WHERE id = ?'),
      deliveriesForRun: p('SELECT * FROM deliveries WHERE run_id = ? ORDER BY created_at'),
      attempts: p('SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY n'),
      insertAttempt: p(`INSERT INTO delivery_attempts (delivery_id, n, started_at, latency_ms, status_code, response_excerpt, error, outcome, next_attempt_at)
                        VALUES (@deliveryId, @n, @startedAt, @latencyMs, @statusCode, @responseExcerpt, @error, @outcome, @nextAttemptAt)`),
      retryDelivery: p(`UPDATE deliveries SET status = 'waiting', deadline_at = ?, next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'failed'`),
      runWaiting: p(`UPDATE runs SET status = 'waiting', error = NULL, finished_at = NULL, updated_at = ? WHERE id = ?`),
      insertJob: p('INSERT INTO jobs (kind, ref, run_at) VALUES (?, ?, ?)'),
      // run_at is when a job is next visible: a claim moves it to the lease's end, so a job whose
      // worker died is due again then, and the index on run_at finds due jobs without skipping leased ones.
      claimJobs: p(`UPDATE jobs SET run_at = @leaseUntil, lease_until = @leaseUntil, lease_owner = @owner, attempts = attempts + 1
                    WHERE id IN (SELECT id FROM jobs WHERE run_at <= @now ORDER BY run_at LIMIT @limit)
                    RETURNING *`),
      deleteJob: p('DELETE FROM jobs WHERE id = ?'),
      rescheduleJob: p('UPDATE jobs SET run_at = ?, lease_until = 0, lease_owner = NULL WHERE id = ?'),
      extendLease: p('UPDATE jobs SET lease_until = ?, run_at = ? WHERE id = ?'),
      nextJobAt: p('SELECT min(run_at) AS t FROM jobs'),
      insertEventCustomer: p('INSERT OR IGNORE INTO event_customers (shop_id, customer_key, event_id) VALUES (?, ?, ?)'),
      insertOrganization: p('INSERT INTO organizations (name, created_at) VALUES (?, ?)'),
      organization: p('SELECT * FROM organizations WHERE id = ?'),
      setShopOrganization: p('UPDATE shops SET organization_id = ? WHERE id = ?'),
      shopsInOrganization: p('SELECT * FROM shops WHERE organization_id = ? ORDER BY domain'),
      setSwitchboardInstalled: p('UPDATE shops SET switchboard_installed = ? WHERE id = ?'),
      enabledInShop: p('SELECT workflow_id FROM workflow_shops WHERE shop_id = ? AND enabled = 1'),
      deleteListenersInShop: p('DELETE FROM listeners WHERE shop_id = ?'),
      upsertSession: p(`INSERT INTO shopify_sessions (id, shop, is_online, data, expires_at) VALUES (@id, @shop, @isOnline, @data, @expiresAt)
                        ON CONFLICT (id) DO UPDATE SET shop = excluded.shop, is_online = excluded.is_online, data = excluded.data, expires_at = excluded.expires_at`),
      session: p('SELECT * FROM shopify_sessions WHERE id = ?'),
      deleteSession: p('DELETE FROM shopify_sessions WHERE id = ?'),
      sessionsByShop: p('SELECT * FROM shopify_sessions WHERE shop = ?'),
      insertWebhook: p('INSERT OR IGNORE INTO webhook_receipts (webhook_id, shop, topic, received_at) VALUES (?, ?, ?, ?)'),
      insertDataRequest: p('INSERT INTO data_requests (shop_id, customer_keys, document, created_at) VALUES (?, ?, ?, ?)'),
      dataRequest: p('SELECT * FROM data_requests WHERE id = ?'),
    };
  }

  /** A unit of work outside the group commit: one IMMEDIATE transaction under this process's write lock. */
  private write<T>(work: () => T): T {
    return this.lock.hold(() => this.db.transaction(work).immediate());
  }

  async close(): Promise<void> {
    this.db.close();
  }

  async getSetting(key: string) {
    return (this.s.getSetting.get(key) as Row | undefined)?.value as string | undefined;
  }

  async setSettingIfAbsent(key: string, value: string) {
    this.s.insertSetting.run(key, value);
    return (this.s.getSetting.get(key) as Row).value as string;
  }

  async ensureShop(domain: string, name?: string) {
    this.s.insertShop.run(domain, name ?? domain.replace(/\.myshopify\.com$/, ''), clockNow());
    return rows.toShop(this.s.shopByDomain.get(domain) as Row);
  }

  async getShop(id: number) {
    const r = this.s.shopById.get(id) as Row | undefined;
    return r && rows.toShop(r);
  }

  async getShopByDomain(domain: string) {
    const r = this.s.shopByDomain.get(domain) as Row | undefined;
    return r && rows.toShop(r);
  }

  async createApp(input: Omit<App, 'id' | 'version' | 'createdAt'>) {
    const info = this.s.insertApp.run({
      ...input,
      redirectUrls: JSON.stringify(input.redirectUrls),
      webhooksUrl: input.webhooksUrl ?? null,
      createdAt: clockNow(),
    });
    return rows.toApp(this.s.appById.get(info.lastInsertRowid) as Row);
  }

  async updateApp(id: number, patch: Partial<Pick<App, 'name' | 'applicationUrl' | 'redirectUrls' | 'webhooksUrl'>>) {
    const current = await this.getApp(id);
    if (!current) throw new Error(`app ${id} not found`);
    const next = { ...current, ...patch };
    this.db
      .prepare('UPDATE apps SET name = ?, application_url = ?, redirect_urls = ?, webhooks_url = ? WHERE id = ?')
      .run(next.name, next.applicationUrl, JSON.stringify(next.redirectUrls), next.webhooksUrl ?? null, id);
    return (await this.getApp(id))!;
  }

  async getApp(id: number) {
    const r = this.s.appById.get(id) as Row | undefined;
    return r && rows.toApp(r);
  }

  async getAppByClientId(clientId: string) {
    const r = this.s.appByClientId.get(clientId) as Row | undefined;
    return r && rows.toApp(r);
  }

  async listApps() {
    return (this.s.listApps.all() as Row[]).map(rows.toApp);
  }

  async saveAppVersion(appId: number, extensions: Extension[]): Promise<AppVersion> {
    const now = clockNow();
    return this.write(() => {
      const app = rows.toApp(this.s.appById.get(appId) as Row);
      const version = app.version + 1;
      this.s.insertAppVersion.run(appId, version, JSON.stringify(extensions), now);
      this.s.bumpAppVersion.run(version, appId);
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
    const r = this.s.appVersion.get(appId, v) as Row | undefined;
    return (
      r && {
        appId,
        version: r.version as number,
        extensions: JSON.parse(r.extensions as string) as Extension[],
        createdAt: r.created_at as number,
      }
    );
  }

  async saveOAuthCode(codeHash: string, code: OAuthCode) {
    this.s.insertCode.run(codeHash, code.appId, code.shopId, code.redirectUri, code.expiresAt);
  }

  async consumeOAuthCode(codeHash: string, now: Millis) {
    return this.write(() => {
      const r = this.s.codeByHash.get(codeHash) as Row | undefined;
      if (!r) return { alreadyUsed: false };
      const code: OAuthCode = {
        appId: r.app_id as number,
        shopId: r.shop_id as number,
        redirectUri: r.redirect_uri as string,
        expiresAt: r.expires_at as number,
        usedAt: (r.used_at as number | null) ?? undefined,
      };
      if (code.usedAt !== undefined) return { code, alreadyUsed: true };
      this.s.useCode.run(now, codeHash);
      return { code, alreadyUsed: false };
    });
  }

  async saveInstall(install: Install, tokenHash: string) {
    this.s.upsertInstall.run(install.appId, install.shopId, tokenHash, install.scope, install.installedAt);
  }

  async findInstallByToken(tokenHash: string) {
    const r = this.s.installByToken.get(tokenHash) as Row | undefined;
    return r && rows.toInstall(r);
  }

  async getInstall(appId: number, shopId: number) {
    const r = this.s.install.get(appId, shopId) as Row | undefined;
    return r && rows.toInstall(r);
  }

  async listInstallsForShop(shopId: number) {
    return (this.s.installsForShop.all(shopId) as Row[]).map(rows.toInstall);
  }

  async uninstallApp(input: { appId: number; shopId: number; reason: string; workflowIds: number[]; notice: { ref: string; runAt: Millis } }) {
    const now = clockNow();
    return this.write(() => {
      const removed = this.s.markUninstalled.run(now, input.appId, input.shopId).changes > 0;
      if (!removed) return false;
      for (const id of input.workflowIds) {
        this.s.upsertWorkflowShop.run(id, input.shopId, 0, input.reason, now);
        this.s.deleteListener.run(id, input.shopId);
        this.s.cancelWaitingRuns.run({ workflowId: id, shopId: input.shopId, reason: turnedOff(input.reason), now });
        this.s.deleteSchedule.run(id, input.shopId);
      }
      this.s.insertJob.run('notice', input.notice.ref, input.notice.runAt);
      return true;
    });
  }

  async createWorkflow(input: { shopId: number; organizationId?: number; name: string; triggerApp: string; triggerHandle: string; definition: unknown }) {
    const now = clockNow();
    const id = this.write(() => {
      const info = this.s.insertWorkflow.run(input.shopId, input.organizationId ?? null, input.name, input.triggerApp, input.triggerHandle, now, now);
      this.s.insertWorkflowVersion.run(info.lastInsertRowid, 1, JSON.stringify(input.definition), now);
      return info.lastInsertRowid as number;
    });
    return (await this.getWorkflow(id))!;
  }

  async saveWorkflowVersion(workflowId: number, input: { name: string; triggerApp: string; triggerHandle: string; definition: unknown }) {
    const now = clockNow();
    this.write(() => {
      const current = rows.toWorkflow(this.s.workflowById.get(workflowId) as Row);
      const version = current.version + 1;
      this.s.insertWorkflowVersion.run(workflowId, version, JSON.stringify(input.definition), now);
      this.s.updateWorkflow.run(input.name, version, input.triggerApp, input.triggerHandle, now, workflowId);
      // A changed trigger moves the listener rows of every shop where it is on.
      if (current.triggerApp !== input.triggerApp || current.triggerHandle !== input.triggerHandle) {
        const shops = this.db.prepare('SELECT shop_id FROM listeners WHERE workflow_id = ?').all(workflowId) as Row[];
        this.s.deleteListenersForWorkflow.run(workflowId);
        for (const s of shops) this.s.insertListener.run(s.shop_id, input.triggerApp, input.triggerHandle, workflowId);
      }
    });
    return (await this.getWorkflow(workflowId))!;
  }

  async getWorkflow(id: number) {
    const r = this.s.workflowById.get(id) as Row | undefined;
    return r && rows.toWorkflow(r);
  }

  async listWorkflows(shopId: number) {
    return (this.s.workflowsForShop.all({ shopId }) as Row[]).map(rows.toWorkflow);
  }

  async listWorkflowVersions(workflowId: number) {
    return (this.s.workflowVersions.all(workflowId) as Row[]).map(rows.toWorkflowVersion);
  }

  async getWorkflowVersion(workflowId: number, version: number) {
    const r = this.s.workflowVersion.get(workflowId, version) as Row | undefined;
    return r && rows.toWorkflowVersion(r);
  }

  async deleteWorkflow(id: number) {
    const now = clockNow();
    this.write(() => {
      this.s.softDeleteWorkflow.run(now, id);
      this.s.disableAllForWorkflow.run(now, id);
      this.s.deleteListenersForWorkflow.run(id);
    });
  }

  async getWorkflowShopState(workflowId: number, shopId: number) {
    const r = this.s.workflowShop.get(workflowId, shopId) as Row | undefined;
    return r && rows.toWorkflowShopState(r);
  }

  async setWorkflowEnabled(input: Parameters<Store['setWorkflowEnabled']>[0]) {
    const now = clockNow();
    return this.write(() => {
      const wf = rows.toWorkflow(this.s.workflowById.get(input.workflowId) as Row);
      this.s.upsertWorkflowShop.run(input.workflowId, input.shopId, input.enabled ? 1 : 0, input.reason ?? null, now);
      let cancelledRuns = 0;
      if (input.enabled) {
        this.s.insertListener.run(input.shopId, wf.triggerApp, wf.triggerHandle, wf.id);
        if (input.nextSlotAt != null) this.s.upsertSchedule.run(wf.id, input.shopId, input.nextSlotAt);
        else this.s.deleteSchedule.run(wf.id, input.shopId);
      } else {
        this.s.deleteListener.run(wf.id, input.shopId);
        this.s.deleteSchedule.run(wf.id, input.shopId);
        cancelledRuns = this.s.cancelWaitingRuns.run({ workflowId: wf.id, shopId: input.shopId, reason: turnedOff(input.reason), now }).changes;
      }
      for (const j of input.enqueue ?? []) this.s.insertJob.run(j.kind, j.ref, j.runAt);
      return { cancelledRuns };
    });
  }

  async setSchedule(workflowId: number, shopId: number, nextSlotAt: Millis | null) {
    if (nextSlotAt === null) this.s.deleteSchedule.run(workflowId, shopId);
    else this.s.upsertSchedule.run(workflowId, shopId, nextSlotAt);
  }

  async listDueSchedules(now: Millis, limit: number) {
    return (this.s.dueSchedules.all(now, limit) as Row[]).map((r) => ({ workflowId: r.workflow_id as number, shopId: r.shop_id as number, nextSlotAt: r.next_at as number }));
  }

  async setShopTimezone(shopId: number, timezone: string) {
    this.s.setTimezone.run(timezone, shopId);
  }

  async countListeners(shopId: number, source: string, handle: string) {
    return (this.s.countListeners.get(shopId, source, handle) as Row).n as number;
  }

  async listEnabledWorkflowsUsingApp(clientId: string) {
    // Definitions are JSON; the app's client id appears in the trigger or an action ref.
    const result: Array<{ workflow: Workflow; shopId: number }> = [];
    for (const r of this.s.enabledPairs.all() as Row[]) {
      const wf = rows.toWorkflow(r);
      const v = this.s.workflowVersion.get(wf.id, wf.version) as Row;
      if (wf.triggerApp === clientId || (v.definition as string).includes(`"app":${JSON.stringify(clientId)}`)) {
        result.push({ workflow: wf, shopId: r.enabled_shop_id as number });
      }
    }
    return result;
  }

  async createOrganization(name: string) {
    const info = this.s.insertOrganization.run(name, clockNow());
    return (await this.getOrganization(info.lastInsertRowid as number))!;
  }

  async getOrganization(id: number) {
    const r = this.s.organization.get(id) as Row | undefined;
    return r && { id: r.id as number, name: r.name as string, createdAt: r.created_at as number };
  }

  async setShopOrganization(shopId: number, organizationId: number | null) {
    this.s.setShopOrganization.run(organizationId, shopId);
  }

  async listShopsInOrganization(organizationId: number) {
    return (this.s.shopsInOrganization.all(organizationId) as Row[]).map(rows.toShop);
  }

  async setSwitchboardInstalled(shopId: number, installed: boolean, reason?: string) {
    const now = clockNow();
    this.write(() => {
      this.s.setSwitchboardInstalled.run(installed ? 1 : 0, shopId);
      if (installed) return;
      for (const r of this.s.enabledInShop.all(shopId) as Row[]) {
        this.s.upsertWorkflowShop.run(r.workflow_id, shopId, 0, reason ?? null, now);
        // Turned off like any other way: its waiting runs are cancelled and its schedule ends.
        this.s.cancelWaitingRuns.run({ workflowId: r.workflow_id, shopId, reason: turnedOff(reason), now });
        this.s.deleteSchedule.run(r.workflow_id, shopId);
      }
      this.s.deleteListenersInShop.run(shopId);
    });
  }

  async saveShopifySession(session: import('../types.js').StoredShopifySession) {
    this.s.upsertSession.run({ ...session, isOnline: session.isOnline ? 1 : 0, data: JSON.stringify(session.data), expiresAt: session.expiresAt ?? null });
  }

  async loadShopifySession(id: string) {
    const r = this.s.session.get(id) as Row | undefined;
    return r && toSession(r);
  }

  async deleteShopifySessions(ids: string[]) {
    this.write(() => ids.forEach((id) => this.s.deleteSession.run(id)));
  }

  async findShopifySessionsByShop(shop: string) {
    return (this.s.sessionsByShop.all(shop) as Row[]).map(toSession);
  }

  // SQLite is one machine and one web process: its buckets live in memory.
  private readonly buckets = new Map<string, Bucket>();

  private readonly locks = new Map<string, Promise<unknown>>();

  async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const before = this.locks.get(name) ?? Promise.resolve();
    const mine = before.then(work, work);
    const tail = mine.catch(() => undefined);
    this.locks.set(name, tail);
    try {
      return await mine;
    } finally {
      if (this.locks.get(name) === tail) this.locks.delete(name);
    }
  }

  async takeRateToken(key: string, ratePerSecond: number, burst: number, now: Millis) {
    const { bucket, wait } = takeToken(this.buckets.get(key), ratePerSecond, burst, now);
    this.buckets.set(key, bucket);
    return wait;
  }

  async recordWebhook(webhookId: string, shop: string, topic: string, now: Millis) {
    return this.s.insertWebhook.run(webhookId, shop, topic, now).changes > 0;
  }

  /** Event ids about any of the customer keys, in one shop. */
  private customerEventIds(shopId: number, keys: string[]): string[] {
    if (!keys.length) return [];
    const marks = keys.map(() => '?').join(', ');
    return (this.db.prepare(`SELECT DISTINCT event_id FROM event_customers WHERE shop_id = ? AND customer_key IN (${marks})`).all(shopId, ...keys) as Row[]).map((r) => r.event_id as string);
  }

  async redactCustomer(shopId: number, customerKeys: string[]) {
    return this.write(() => {
      const eventIds = this.customerEventIds(shopId, customerKeys);
      let runs = 0;
      for (const eventId of eventIds) runs += this.deleteEventData('id = ?', eventId);
      return { events: eventIds.length, runs };
    });
  }

  async redactShop(shopId: number) {
    this.write(() => {
      this.deleteEventData('shop_id = ?', shopId);
      for (const table of ['listeners', 'workflow_shops', 'schedules', 'replays', 'installs', 'idempotency_keys', 'event_customers', 'data_requests', 'connector_credentials']) {
        this.db.prepare(`DELETE FROM ${table} WHERE shop_id = ?`).run(shopId);
      }
      const own = 'SELECT id FROM workflows WHERE shop_id = ? AND organization_id IS NULL';
      this.db.prepare(`DELETE FROM workflow_versions WHERE workflow_id IN (${own})`).run(shopId);
      this.db.prepare('DELETE FROM workflows WHERE shop_id = ? AND organization_id IS NULL').run(shopId);
      const shop = this.s.shopById.get(shopId) as Row | undefined;
      if (shop) this.db.prepare('DELETE FROM shopify_sessions WHERE shop = ?').run(shop.domain);
      this.db.prepare("UPDATE shops SET name = 'redacted', switchboard_installed = 0 WHERE id = ?").run(shopId);
    });
  }

  /** Deletes events matching `where` and every run, step, delivery and attempt they produced; returns the runs deleted. */
  private deleteEventData(where: string, arg: unknown): number {
    const runIds = `SELECT id FROM runs WHERE event_id IN (SELECT id FROM events WHERE ${where})`;
    const deliveryIds = `SELECT id FROM deliveries WHERE run_id IN (${runIds})`;
    this.db.prepare(`DELETE FROM delivery_attempts WHERE delivery_id IN (${deliveryIds})`).run(arg);
    this.db.prepare(`DELETE FROM deliveries WHERE run_id IN (${runIds})`).run(arg);
    this.db.prepare(`DELETE FROM run_steps WHERE run_id IN (${runIds})`).run(arg);
    this.db.prepare(`DELETE FROM jobs WHERE kind = 'run' AND ref IN (${runIds})`).run(arg);
    const runs = this.db.prepare(`DELETE FROM runs WHERE event_id IN (SELECT id FROM events WHERE ${where})`).run(arg).changes;
    this.db.prepare(`DELETE FROM event_customers WHERE event_id IN (SELECT id FROM events WHERE ${where})`).run(arg);
    this.db.prepare(`DELETE FROM events WHERE ${where}`).run(arg);
    return runs;
  }

  async collectCustomerData(shopId: number, customerKeys: string[]) {
    const eventIds = this.customerEventIds(shopId, customerKeys);
    const events = eventIds.map((id) => rows.toEvent(this.s.eventById.get(id) as Row));
    const runs = eventIds.flatMap((id) => (this.db.prepare('SELECT * FROM runs WHERE event_id = ?').all(id) as Row[]).map(rows.toRun));
    const deliveries = runs.flatMap((r) => (this.s.deliveriesForRun.all(r.id) as Row[]).map(rows.toDelivery));
    return { events, runs, deliveries };
  }

  async saveDataRequest(shopId: number, customerKeys: string[], document: unknown) {
    return this.s.insertDataRequest.run(shopId, JSON.stringify(customerKeys), JSON.stringify(document), clockNow()).lastInsertRowid as number;
  }

  async getDataRequest(id: number) {
    const r = this.s.dataRequest.get(id) as Row | undefined;
    return r && { id: r.id as number, shopId: r.shop_id as number, document: JSON.parse(r.document as string), createdAt: r.created_at as number };
  }

  async saveCredentials(shopId: number, connector: string, sealed: string) {
    this.db
      .prepare(`INSERT INTO connector_credentials (shop_id, connector, sealed, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (shop_id, connector) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`)
      .run(shopId, connector, sealed, clockNow());
  }

  async listCredentials(shopId: number) {
    return (this.db.prepare('SELECT * FROM connector_credentials WHERE shop_id = ?').all(shopId) as Row[]).map((r) => ({
      connector: r.connector as string,
      sealed: r.sealed as string,
      updatedAt: r.updated_at as number,
    }));
  }

  async deleteCredentials(shopId: number, connector: string) {
    return this.db.prepare('DELETE FROM connector_credentials WHERE shop_id = ? AND connector = ?').run(shopId, connector).changes > 0;
  }

  async acceptEvent(input: AcceptEventInput): Promise<AcceptEventResult> {
    const { event, idempotency, schedule, replay } = input;
    return this.writes.run((): AcceptEventResult => {
      if (idempotency) {
        const prior = this.s.idempotency.get(idempotency.appId, event.shopId, idempotency.key) as Row | undefined;
        if (prior) return { replayed: true, answer: JSON.parse(prior.answer as string) };
      }
      if (schedule) {
        const moved = schedule.to === null
          ? this.db.prepare('DELETE FROM schedules WHERE workflow_id = ? AND shop_id = ? AND next_at = ?').run(schedule.workflowId, schedule.shopId, schedule.from).changes
          : this.s.advanceSchedule.run(schedule.to, schedule.workflowId, schedule.shopId, schedule.from).changes;
        if (!moved) return { replayed: true, answer: undefined };
      }
      if (replay) this.insertReplay(replay);
      this.s.insertEvent.run(event.id, event.shopId, event.source, event.handle, JSON.stringify(event.payload), event.receivedAt);
      for (const key of input.customerKeys ?? []) this.s.insertEventCustomer.run(event.shopId, key, event.id);
      const listeners = (this.s.listeners.all(event.shopId, event.source, event.handle) as Row[]).map((r) => ({
        workflowId: r.workflow_id as number,
        version: r.version as number,
      }));
      const runs = input.planRuns(listeners);
      let started = 0;
      for (const run of runs) {
        const skipped = run.skippedReason !== undefined;
        const t = event.receivedAt;
        this.s.insertRun.run(run.id, run.workflowId, run.workflowVersion, event.shopId, event.id,
          skipped ? 'skipped' : 'running', run.skippedReason ?? null, t, t, skipped ? t : null, run.replayId ?? null);
        if (!skipped) {
          this.s.insertJob.run('run', run.id, t);
          started++;
        }
      }
      const answer = input.answer(started);
      if (idempotency) {
        this.s.insertIdempotency.run(idempotency.appId, event.shopId, idempotency.key, JSON.stringify(answer), event.receivedAt);
      }
      return { replayed: false, runsStarted: started, answer };
    });
  }

  private insertReplay(r: Replay): void {
    this.s.insertReplay.run(r.id, r.workflowId, r.shopId, r.total, r.sourceRunId ?? null, r.createdAt);
  }

  async listEvents(f: EventFilter) {
    const where = ['shop_id = @shopId', 'source = @source', 'handle = @handle'];
    if (f.since !== undefined) where.push('received_at >= @since');
    if (f.until !== undefined) where.push('received_at < @until');
    if (f.ids) where.push('id IN (SELECT value FROM json_each(@ids))');
    const sql = `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY received_at, id LIMIT @limit`;
    return (this.db.prepare(sql).all({ ...f, ids: f.ids ? JSON.stringify(f.ids) : undefined }) as Row[]).map(rows.toEvent);
  }

  async startReplay(replay: Replay, runs: Array<{ id: string; workflowId: number; workflowVersion: number; eventId: string }>, newEvents: TriggerEvent[] = []) {
    const now = clockNow();
    await this.writes.run(() => {
      for (const e of newEvents) {
        this.s.insertEvent.run(e.id, e.shopId, e.source, e.handle, JSON.stringify(e.payload), e.receivedAt);
        // A re-run's edited event is about the original's customers: a redaction must find it too.
        if (replay.sourceRunId) {
          this.db
            .prepare('INSERT OR IGNORE INTO event_customers (shop_id, customer_key, event_id) SELECT shop_id, customer_key, ? FROM event_customers WHERE event_id = (SELECT event_id FROM runs WHERE id = ?)')
            .run(e.id, replay.sourceRunId);
        }
      }
      this.insertReplay(replay);
      for (const run of runs) {
        this.s.insertRun.run(run.id, run.workflowId, run.workflowVersion, replay.shopId, run.eventId, 'running', null, now, now, null, replay.id);
        this.s.insertJob.run('run', run.id, now);
      }
    });
  }

  async getReplay(id: string) {
    const r = this.s.replayById.get(id) as Row | undefined;
    if (!r) return undefined;
    const byStatus = Object.fromEntries((this.s.replayCounts.all(id) as Row[]).map((c) => [c.status as string, c.n as number]));
    return { ...rows.toReplay(r), byStatus };
  }

  async wakeDueRuns(now: Millis, limit: number) {
    // Polled every interval: an index read when nothing is due, no write transaction.
    const due = this.s.dueRuns.all(now, limit) as Row[];
    if (!due.length) return 0;
    return this.writes.run(() => {
      let woken = 0;
      for (const r of due) {
        if (this.s.wakeRun.run(now, r.id).changes) {
          this.s.insertJob.run('run', r.id, now);
          woken++;
        }
      }
      return woken;
    });
  }

  async moveWaitingRun(runId: string, fromVersion: number, toVersion: number, state: unknown) {
    return this.s.moveRun.run(toVersion, rows.toJson(state), clockNow(), runId, fromVersion).changes > 0;
  }

  async getEvent(id: string) {
    const r = this.s.eventById.get(id) as Row | undefined;
    return r && rows.toEvent(r);
  }

  async getRun(id: string) {
    const r = this.s.runById.get(id) as Row | undefined;
    return r && rows.toRun(r);
  }

  async listRuns(filter: RunFilter) {
    const where = ['shop_id = @shopId'];
    if (filter.workflowId !== undefined) where.push('workflow_id = @workflowId');
    if (filter.status) where.push('status = @status');
    if (filter.waiting) where.push('resume_at IS NOT NULL');
    if (filter.replayId) where.push('replay_id = @replayId');
    if (filter.since !== undefined) where.push('created_at >= @since');
    if (filter.until !== undefined) where.push('created_at < @until');
    if (filter.before) where.push('id < @before');
    const sql = `SELECT * FROM runs WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT @limit`;
    return (this.db.prepare(sql).all({ ...filter, limit: filter.limit ?? 50 }) as Row[]).map(rows.toRun);
  }

  async listRunSteps(runId: string) {
    return (this.s.runSteps.all(runId) as Row[]).map(rows.toRunStep);
  }

  async saveRunProgress(p: RunProgress) {
    const now = clockNow();
    await this.writes.run(() => {
      if (p.newDelivery) {
        const d = p.newDelivery;
        this.s.insertDelivery.run({
          ...d,
          nextAttemptAt: d.nextAttemptAt ?? null,
          lastError: d.lastError ?? null,
          returnValue: rows.toJson(d.returnValue),
        });
      }
      if (p.deliveryUpdate) {
        const u = p.deliveryUpdate;
        this.s.updateDelivery.run({
          id: u.id,
          status: u.status,
          attempts: u.attempts,
          nextAttemptAt: u.nextAttemptAt ?? null,
          lastError: u.lastError ?? null,
          returnValue: rows.toJson(u.returnValue),
          now,
        });
      }
      if (p.attempt) {
        const a = p.attempt;
        this.s.insertAttempt.run({
          ...a,
          statusCode: a.statusCode ?? null,
          responseExcerpt: a.responseExcerpt ?? null,
          error: a.error ?? null,
          nextAttemptAt: a.nextAttemptAt ?? null,
        });
      }
      for (const step of p.steps ?? []) {
        this.s.upsertRunStep.run({
          ...step,
          input: rows.toJson(step.input),
          output: rows.toJson(step.output),
          error: step.error ?? null,
          finishedAt: step.finishedAt ?? null,
        });
      }
      this.s.updateRun.run({
        id: p.runId,
        status: p.status,
        state: rows.toJson(p.state),
        error: p.error ?? null,
        finished: p.finished ? 1 : 0,
        resumeAt: p.resumeAt ?? null,
        now,
      });
      if (p.job) {
        if (p.job.complete) this.s.deleteJob.run(Number(p.job.id));
        else if (p.job.rescheduleAt !== undefined) this.s.rescheduleJob.run(p.job.rescheduleAt, Number(p.job.id));
        else if (p.job.extendLeaseMs !== undefined) this.s.extendLease.run(now + p.job.extendLeaseMs, now + p.job.extendLeaseMs, Number(p.job.id));
      }
      for (const j of p.enqueue ?? []) this.s.insertJob.run(j.kind, j.ref, j.runAt);
    });
  }

  async workflowStats(shopId: number, since: Millis) {
    const rowsOut = this.db
      .prepare(`SELECT workflow_id, max(created_at) AS last_run_at,
                  sum(created_at >= @since) AS runs, sum(created_at >= @since AND status IN ('failed', 'has_errors')) AS failures
                FROM runs WHERE shop_id = @shopId GROUP BY workflow_id`)
      .all({ shopId, since }) as Row[];
    return new Map(rowsOut.map((r) => [r.workflow_id as number, { lastRunAt: r.last_run_at as number, runs: (r.runs as number) ?? 0, failures: (r.failures as number) ?? 0 }]));
  }

  async countRunsByStatus() {
    const out: Record<string, number> = {};
    for (const r of this.s.runsByStatus.all() as Row[]) out[r.status as string] = r.n as number;
    return out;
  }

  async getDelivery(id: string) {
    const r = this.s.deliveryById.get(id) as Row | undefined;
    return r && rows.toDelivery(r);
  }

  async listDeliveriesForRun(runId: string) {
    return (this.s.deliveriesForRun.all(runId) as Row[]).map(rows.toDelivery);
  }

  async listAttempts(deliveryId: string) {
    return (this.s.attempts.all(deliveryId) as Row[]).map(rows.toAttempt);
  }

  async retryDelivery(id: string, now: Millis, deadlineAt: Millis) {
    return this.write(() => {
      const d = this.s.deliveryById.get(id) as Row | undefined;
      if (!d || this.s.retryDelivery.run(deadlineAt, now, now, id).changes === 0) return false;
      this.s.runWaiting.run(now, d.run_id);
      this.s.insertJob.run('run', d.run_id, now);
      return true;
    });
  }

  async enqueueJob(kind: JobKind, ref: string, runAt: Millis) {
    await this.writes.run(() => this.s.insertJob.run(kind, ref, runAt));
  }

  async claimJobs(owner: string, limit: number, now: Millis, leaseMs: number) {
    return this.writes.run(() => (this.s.claimJobs.all({ owner, limit, now, leaseUntil: now + leaseMs }) as Row[]).map(rows.toJob));
  }

  async completeJob(id: string) {
    await this.writes.run(() => this.s.deleteJob.run(Number(id)));
  }

  async rescheduleJob(id: string, runAt: Millis) {
    await this.writes.run(() => this.s.rescheduleJob.run(runAt, Number(id)));
  }

  async nextJobAt() {
    return ((this.s.nextJobAt.get() as Row).t as number | null) ?? undefined;
  }

  // retention (see retention.ts)

  async pruneHistory(before: Millis, batchSize: number) {
    return this.write(() => pruneHistory(this.db, before, batchSize));
  }
}
