import { now as clockNow } from '../clock.js';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Delivery, DeliveryAttempt, Run, RunStep, Shop, Workflow } from '../store/index.js';
import {
  disableWorkflow,
  enableWorkflow,
  installRedirectUrl,
  PlatformError,
  uninstallConnector,
  type ActivationDeps,
} from '../platform/index.js';
import { findConnector, listConnectors } from '../platform/seed-catalog/index.js';
import type { Switchboard } from '../switchboard.js';
import { ownWorkflow as findOwnWorkflow } from './own-workflow.js';
import { authenticateSessionToken } from '../shopify/index.js';
import { withStats } from './admin-tools.js';

const json = express.json({ limit: '1mb' });
const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());

/**
 * The admin JSON API the embedded admin talks to. Every route acts for one
 * shop: in local mode the dev shop (or another known shop named by the
 * `X-Switchboard-Shop` header); Shopify session tokens come with issue 4.
 */
export function adminApi(sb: Switchboard): Router {
  const router = express.Router();
  const activation: ActivationDeps = { store: sb.store, catalog: sb.catalog, templates: sb.templates, lifecycleTimeoutMs: sb.config.lifecycleTimeoutMs, shopData: sb.shopData };
  const shopOf = (res: Response) => res.locals.shop as Shop;

  router.use('/admin/api', async (req: Request, res: Response, next: NextFunction) => {
    const auth = req.get('authorization');
    if (auth?.toLowerCase().startsWith('bearer ') && sb.shopify) {
      // The embedded admin: App Bridge puts a session token on every call.
      res.locals.shop = (await authenticateSessionToken(sb.shopify.install, auth.slice(7).trim())).shop;
      return next();
    }
    if (sb.config.mode !== 'local') {
      throw new PlatformError(401, 'unauthenticated', 'Send the App Bridge session token as "Authorization: Bearer <token>"');
    }
    const domain = req.get('x-switchboard-shop') ?? sb.config.devShopDomain;
    const shop = await sb.store.getShopByDomain(domain);
    if (!shop) throw new PlatformError(404, 'unknown_shop', `No shop "${domain}" is known to this server`);
    res.locals.shop = shop;
    next();
  });

  const ownWorkflow = (req: Request, res: Response): Promise<Workflow> => findOwnWorkflow(sb.store, req, res);

  /** The organization catalog for organization workflows; the plain one otherwise. */
  async function catalogFor(wf: Workflow | undefined, shop: Shop) {
    const orgId = wf ? wf.organizationId : shop.organizationId;
    if (orgId === undefined) return sb.catalog;
    return sb.catalog.forOrganization((await sb.store.listShopsInOrganization(orgId)).map((s) => s.id));
  }

  const activationFor = async (wf: Workflow, shop: Shop): Promise<ActivationDeps> =>
    wf.organizationId === undefined ? activation : { ...activation, catalog: await catalogFor(wf, shop) };

  async function workflowJson(wf: Workflow, shop: Shop, withDefinition = true) {
    const [state, version] = await Promise.all([
      sb.store.getWorkflowShopState(wf.id, shop.id),
      withDefinition ? sb.store.getWorkflowVersion(wf.id, wf.version) : undefined,
    ]);
    return {
      id: wf.id,
      name: wf.name,
      level: wf.organizationId === undefined ? 'shop' : 'organization',
      version: wf.version,
      trigger: { app: wf.triggerApp, handle: wf.triggerHandle },
      enabled: state?.enabled ?? false,
      disabled_reason: state && !state.enabled ? (state.reason ?? null) : null,
      created_at: iso(wf.createdAt),
      updated_at: iso(wf.updatedAt),
      ...(version ? { definition: version.definition } : {}),
    };
  }

  router.get('/admin/api/shop', (_req, res) => {
    const shop = shopOf(res);
    res.json({
      id: shop.id,
      domain: shop.domain,
      name: shop.name,
      switchboard_installed: shop.switchboardInstalled,
      // Scheduled workflows run in it (read from Shopify at install).
      timezone: shop.timezone,
      mode: sb.config.mode,
      // Days of run history kept before worker processes prune it; 0: kept forever.
      history_retention_days: sb.config.history.retentionDays,
    });
  });

  // Connectors: every deployed app, installed or not in this shop, and the seed catalog's apps
  // that no deployed app stands for yet (always Not installed; see platform/seed-catalog).
  router.get('/admin/api/connectors', async (_req, res) => {
    res.json(await listConnectors(sb, shopOf(res).id));
  });

  router.get('/admin/api/connectors/:id', async (req, res) => {
    const connector = findConnector(await listConnectors(sb, shopOf(res).id), req.params.id as string);
    if (!connector) throw new PlatformError(404, 'not_found', `No connector "${req.params.id}": neither a deployed app's client id nor a seed catalog handle`);
    res.json(connector);
  });

  router.post('/admin/api/connectors/:clientId/install', async (req, res) => {
    const app = await sb.store.getAppByClientId(req.params.clientId as string);
    if (!app) throw new PlatformError(404, 'not_found', `No connector app "${req.params.clientId}"`);
    res.json({ redirect_url: installRedirectUrl(app, shopOf(res)) });
  });

  router.delete('/admin/api/connectors/:clientId/install', async (req, res) => {
    const app = await sb.store.getAppByClientId(req.params.clientId as string);
    if (!app) throw new PlatformError(404, 'not_found', `No connector app "${req.params.clientId}"`);
    const removed = await uninstallConnector(sb.store, app, shopOf(res));
    if (!removed) throw new PlatformError(404, 'not_installed', `${app.name} is not installed in this shop`);
    sb.worker?.wake();
    res.status(204).end();
  });

  // Organizations: several shops seen together (DESIGN 1.3).
  router.post('/admin/api/organizations', json, async (req, res) => {
    const body = (req.body ?? {}) as { name?: unknown; shops?: unknown };
    if (typeof body.name !== 'string' || !body.name.trim()) throw new PlatformError(400, 'invalid_request', 'name is required', { fields: [{ field: 'name', message: 'required' }] });
    if (!Array.isArray(body.shops) || body.shops.some((d) => typeof d !== 'string')) {
      throw new PlatformError(400, 'invalid_request', 'shops must be a list of shop domains', { fields: [{ field: 'shops', message: 'a list of shop domains' }] });
    }
    const domains = [...new Set([shopOf(res).domain, ...(body.shops as string[])])];
    const shops = [];
    for (const domain of domains) {
      // Local mode may create shops to try organizations out; elsewhere they must have installed Switchboard.
      const shop = sb.config.mode === 'local' ? await sb.store.ensureShop(domain) : await sb.store.getShopByDomain(domain);
      if (!shop) throw new PlatformError(404, 'unknown_shop', `No shop "${domain}" has Switchboard installed`, { fields: [{ field: 'shops', message: domain }] });
      shops.push(shop);
    }
    const org = await sb.store.createOrganization(body.name.trim());
    for (const shop of shops) await sb.store.setShopOrganization(shop.id, org.id);
    res.status(201).json({ id: org.id, name: org.name, shops: shops.map((s) => s.domain) });
  });

  router.get('/admin/api/organization', async (_req, res) => {
    const shop = shopOf(res);
    if (shop.organizationId === undefined) throw new PlatformError(404, 'no_organization', `${shop.domain} belongs to no organization`);
    const org = (await sb.store.getOrganization(shop.organizationId))!;
    const shops = await sb.store.listShopsInOrganization(org.id);
    const apps = await sb.store.listApps();
    const installsByShop = new Map(await Promise.all(shops.map(async (s) => [s.id, new Set((await sb.store.listInstallsForShop(s.id)).map((i) => i.appId))] as const)));
    const connectors = apps.map((app) => {
      // The bundled connectors come with Switchboard in every shop that has it.
      const bundled = sb.catalog.isFirstParty(app.clientId);
      const has = (s: Shop) => (bundled ? s.switchboardInstalled : installsByShop.get(s.id)!.has(app.id));
      return { client_id: app.clientId, name: app.name, bundled, installed_in: shops.filter(has).map((s) => s.domain) };
    });
    res.json({
      id: org.id,
      name: org.name,
      shops: shops.map((s) => ({ domain: s.domain, name: s.name, switchboard_installed: s.switchboardInstalled })),
      installed: connectors.filter((c) => c.installed_in.length > 0),
      not_installed: connectors.filter((c) => c.installed_in.length === 0),
    });
  });

  router.get('/admin/api/workflows', async (_req, res) => {
    const shop = shopOf(res);
    const list = await sb.store.listWorkflows(shop.id);
    res.json({ workflows: await withStats(sb, shop.id, await Promise.all(list.map((wf) => workflowJson(wf, shop, false)))) });
  });

  router.post('/admin/api/workflows', json, async (req, res) => {
    const shop = shopOf(res);
    let organization;
    if (req.query.level === 'organization') {
      if (shop.organizationId === undefined) throw new PlatformError(409, 'no_organization', `${shop.domain} belongs to no organization`);
      organization = { id: shop.organizationId, catalog: await catalogFor(undefined, shop) };
    }
    const wf = await sb.workflows.create(shop.id, req.body, organization);
    res.status(201).json(await workflowJson(wf, shop));
  });

  router.get('/admin/api/workflows/:id', async (req, res) => {
    res.json(await workflowJson(await ownWorkflow(req, res), shopOf(res)));
  });

  router.put('/admin/api/workflows/:id', json, async (req, res) => {
    const current = await ownWorkflow(req, res);
    const wf = await sb.workflows.update(current, req.body, await catalogFor(current, shopOf(res)));
    res.json(await workflowJson(wf, shopOf(res)));
  });

  router.get('/admin/api/workflows/:id/versions', async (req, res) => {
    const wf = await ownWorkflow(req, res);
    const versions = await sb.store.listWorkflowVersions(wf.id);
    res.json({ versions: versions.map((v) => ({ version: v.version, created_at: iso(v.createdAt), definition: v.definition })) });
  });

  router.post('/admin/api/workflows/:id/enable', async (req, res) => {
    const wf = await ownWorkflow(req, res);
    await enableWorkflow(await activationFor(wf, shopOf(res)), wf, shopOf(res));
    res.json(await workflowJson(wf, shopOf(res)));
  });

  router.post('/admin/api/workflows/:id/disable', async (req, res) => {
    const wf = await ownWorkflow(req, res);
    const { cancelledRuns } = await disableWorkflow(await activationFor(wf, shopOf(res)), wf, shopOf(res));
    sb.worker?.wake();
    res.json({ ...(await workflowJson(wf, shopOf(res))), cancelled_runs: cancelledRuns });
  });

  router.delete('/admin/api/workflows/:id', async (req, res) => {
    const wf = await ownWorkflow(req, res);
    await disableWorkflow(activation, wf, shopOf(res));
    await sb.store.deleteWorkflow(wf.id);
    res.status(204).end();
  });

  router.get('/admin/api/runs', async (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const num = (name: string) => {
      if (q[name] === undefined) return undefined;
      const n = Number(q[name]);
      if (!Number.isFinite(n)) throw new PlatformError(400, 'invalid_query', `${name} must be a number`);
      return n;
    };
    const date = (name: string) => {
      if (q[name] === undefined) return undefined;
      const t = Date.parse(q[name]!);
      if (Number.isNaN(t)) throw new PlatformError(400, 'invalid_query', `${name} must be an ISO date, got "${q[name]}"`);
      return t;
    };
    const runs = await sb.store.listRuns({
      shopId: shopOf(res).id,
      workflowId: num('workflow_id'),
      status: q.status as Run['status'] | undefined,
      waiting: q.waiting === 'true' ? true : undefined,
      replayId: q.replay_id,
      since: date('since'),
      until: date('until'),
      before: q.before,
      limit: Math.min(num('limit') ?? 50, 500),
    });
    res.json({ runs: runs.map(runJson) });
  });

  router.get('/admin/api/runs/:id', async (req, res) => {
    const run = await sb.store.getRun(req.params.id as string);
    if (!run || run.shopId !== shopOf(res).id) throw new PlatformError(404, 'not_found', `No run ${req.params.id} in this shop`);
    const [event, steps, deliveries] = await Promise.all([
      sb.store.getEvent(run.eventId),
      sb.store.listRunSteps(run.id),
      sb.store.listDeliveriesForRun(run.id),
    ]);
    res.json({
      ...runJson(run),
      event: event && { id: event.id, source: event.source, handle: event.handle, payload: event.payload, received_at: iso(event.receivedAt) },
      steps: steps.map(stepJson),
      deliveries: await Promise.all(deliveries.map(async (d) => deliveryJson(d, await sb.store.listAttempts(d.id)))),
    });
  });

  router.get('/admin/api/deliveries/:id', async (req, res) => {
    const d = await sb.store.getDelivery(req.params.id as string);
    if (!d || d.shopId !== shopOf(res).id) throw new PlatformError(404, 'not_found', `No delivery ${req.params.id} in this shop`);
    res.json(deliveryJson(d, await sb.store.listAttempts(d.id)));
  });

  router.post('/admin/api/deliveries/:id/retry', async (req, res) => {
    const d = await sb.store.getDelivery(req.params.id as string);
    if (!d || d.shopId !== shopOf(res).id) throw new PlatformError(404, 'not_found', `No delivery ${req.params.id} in this shop`);
    const now = clockNow();
    if (!(await sb.store.retryDelivery(d.id, now, now + sb.config.delivery.deadlineMs))) {
      throw new PlatformError(409, 'not_failed', `Delivery ${d.id} is ${d.status}; only a failed delivery can be retried`);
    }
    sb.worker?.wake();
    res.status(202).json(deliveryJson((await sb.store.getDelivery(d.id))!, await sb.store.listAttempts(d.id)));
  });

  return router;
}

export function runJson(run: Run) {
  return {
    id: run.id,
    workflow_id: run.workflowId,
    workflow_version: run.workflowVersion,
    event_id: run.eventId,
    status: run.status,
    error: run.error ?? null,
    resume_at: iso(run.resumeAt),
    replay_id: run.replayId ?? null,
    created_at: iso(run.createdAt),
    updated_at: iso(run.updatedAt),
    finished_at: iso(run.finishedAt),
  };
}

function stepJson(s: RunStep) {
  return { seq: s.seq, step_id: s.stepId, kind: s.kind, status: s.status, input: s.input ?? null, output: s.output ?? null, error: s.error ?? null, started_at: iso(s.startedAt), finished_at: iso(s.finishedAt) };
}

function deliveryJson(d: Delivery, attempts: DeliveryAttempt[]) {
  return {
    id: d.id,
    action_run_id: d.id,
    run_id: d.runId,
    step_id: d.stepId,
    handle: d.handle,
    url: d.url,
    request: JSON.parse(d.body) as unknown,
    status: d.status,
    attempts: attempts.map((a) => ({
      n: a.n,
      started_at: iso(a.startedAt),
      latency_ms: a.latencyMs,
      status_code: a.statusCode ?? null,
      response_excerpt: a.responseExcerpt ?? null,
      error: a.error ?? null,
      outcome: a.outcome,
      next_attempt_at: iso(a.nextAttemptAt),
    })),
    next_attempt_at: iso(d.nextAttemptAt),
    deadline_at: iso(d.deadlineAt),
    last_error: d.lastError ?? null,
    return_value: d.returnValue ?? null,
  };
}
