import { now as clockNow } from '../clock.js';
import express, { type Request, type Response, type Router } from 'express';
import type { Shop, Workflow } from '../store/index.js';
import { acceptEvent, dryRun, parseDefinition, runData, runSchema, WORKFLOW_TEMPLATES, type WorkflowDefinition } from '../engine/index.js';
import { listConnectorCredentials, PlatformError, saveConnectorCredentials, validatePayload } from '../platform/index.js';
import type { Switchboard } from '../switchboard.js';
import { ownWorkflow as findOwnWorkflow } from './own-workflow.js';

const json = express.json({ limit: '1mb' });
const DAY = 24 * 3600_000;

/**
 * The admin's tools beyond CRUD: the catalog to build with, test runs,
 * Liquid previews, templates, export/import, duplicate and test events.
 * Mounted after adminApi, whose middleware has set `res.locals.shop`.
 */
export function adminTools(sb: Switchboard): Router {
  const router = express.Router();
  const shopOf = (res: Response) => res.locals.shop as Shop;

  const ownWorkflow = (req: Request, res: Response): Promise<Workflow> => findOwnWorkflow(sb.store, req, res);

  router.get('/admin/api/catalog', async (_req, res) => {
    const shop = shopOf(res);
    const groups = [];
    for (const b of sb.catalog.listBuiltins()) {
      groups.push({
        app: b.app,
        name: b.name,
        kind: b.app === 'shopify' ? 'shopify' : 'switchboard',
        installed: true,
        triggers: b.triggers.map((t) => ({ handle: t.extension.handle, name: t.extension.name, description: t.extension.description ?? '', schema: runSchema(t.extension.fields, t.schema), sample: t.sample ?? {} })),
        actions: b.actions.map((a) => ({ handle: a.extension.handle, name: a.extension.name, description: a.extension.description ?? '', fields: a.extension.fields })),
      });
    }
    for (const app of await sb.store.listApps()) {
      const installed = await sb.catalog.isInstalled(app.clientId, shop.id);
      const triggers = [];
      for (const ext of await sb.catalog.extensions(app)) {
        if (ext.type !== 'flow_trigger') continue;
        const t = (await sb.catalog.trigger(app.clientId, ext.handle))!;
        triggers.push({ handle: ext.handle, name: ext.name, description: ext.description ?? '', schema: runSchema(ext.fields), sample: t.sample ?? {} });
      }
      const actions = (await sb.catalog.extensions(app))
        .filter((e) => e.type === 'flow_action')
        .map((e) => ({ handle: e.handle, name: e.name, description: e.description ?? '', fields: 'fields' in e ? e.fields : [] }));
      groups.push({ app: app.clientId, name: app.name, kind: 'connector', installed, triggers, actions });
    }
    res.json({ groups });
  });

  router.post('/admin/api/test-run', json, async (req, res) => {
    const body = (req.body ?? {}) as { definition?: unknown; payload?: unknown };
    const definition = await sb.workflows.validate(body.definition, shopOf(res).id);
    const payload = body.payload ?? (await sb.catalog.trigger(definition.trigger.app, definition.trigger.handle))?.sample ?? {};
    const shop = shopOf(res);
    res.json(await dryRun(definition, payload, { catalog: sb.catalog, templates: sb.templates, shop: { id: shop.id, domain: shop.domain, name: shop.name }, shopData: sb.shopData }));
  });

  router.post('/admin/api/liquid/preview', json, async (req, res) => {
    const body = (req.body ?? {}) as { trigger?: { app?: unknown; handle?: unknown }; template?: unknown; payload?: unknown };
    if (typeof body.template !== 'string') throw new PlatformError(400, 'invalid_request', 'template is required', { fields: [{ field: 'template', message: 'a string' }] });
    const trigger = await sb.catalog.trigger(String(body.trigger?.app ?? ''), String(body.trigger?.handle ?? ''));
    if (!trigger) throw new PlatformError(404, 'unknown_trigger', 'trigger must name an existing { app, handle }');
    const problems = sb.templates.check(body.template, runSchema(trigger.extension.fields, trigger.schema), 'template');
    if (problems.length) return void res.json({ problems });
    const shop = shopOf(res);
    try {
      const data = runData({ payload: body.payload ?? trigger.sample ?? {}, shop: { id: shop.id, domain: shop.domain, name: shop.name }, event: { id: 'preview', receivedAt: clockNow() }, outputs: {} });
      res.json({ problems: [], output: await sb.templates.render(sb.templates.compile(body.template), data) });
    } catch (err) {
      res.json({ problems: [{ path: 'template', message: (err as Error).message }] });
    }
  });

  router.get('/admin/api/templates', (_req, res) => {
    res.json({ templates: WORKFLOW_TEMPLATES });
  });

  router.post('/admin/api/templates/:id/import', async (req, res) => {
    const template = WORKFLOW_TEMPLATES.find((t) => t.id === req.params.id);
    if (!template) throw new PlatformError(404, 'not_found', `No template "${req.params.id}"`);
    const wf = await sb.workflows.create(shopOf(res).id, template.definition);
    res.status(201).json({ id: wf.id, name: wf.name, version: wf.version, enabled: false });
  });

  router.get('/admin/api/workflows/:id/export', async (req, res) => {
    const wf = await ownWorkflow(req, res);
    const version = await sb.store.getWorkflowVersion(wf.id, wf.version);
    const file = { switchboard_workflow: 1, exported_at: new Date().toISOString(), definition: version!.definition };
    res.setHeader('content-disposition', `attachment; filename="${wf.name.replace(/[^A-Za-z0-9-]+/g, '-').toLowerCase()}.switchboard.json"`);
    res.json(file);
  });

  // A malformed export is refused whole: nothing is created.
  router.post('/admin/api/workflows/import', json, async (req, res) => {
    const file = req.body as { switchboard_workflow?: unknown; definition?: unknown } | undefined;
    if (!file || typeof file !== 'object' || Array.isArray(file)) throw new PlatformError(400, 'invalid_file', 'The file is not a Switchboard workflow export (expected a JSON object)');
    if (file.switchboard_workflow !== 1) {
      throw new PlatformError(400, 'invalid_file', 'The file is not a Switchboard workflow export: "switchboard_workflow": 1 is missing', { fields: [{ field: 'switchboard_workflow', message: 'must be 1' }] });
    }
    const parsed = parseDefinition(file.definition);
    if (!parsed.definition) {
      throw new PlatformError(400, 'invalid_file', `The workflow in the file is malformed: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, { problems: parsed.problems });
    }
    const wf = await sb.workflows.create(shopOf(res).id, parsed.definition);
    res.status(201).json({ id: wf.id, name: wf.name, version: wf.version, enabled: false });
  });

  router.post('/admin/api/workflows/:id/duplicate', async (req, res) => {
    const wf = await ownWorkflow(req, res);
    const version = await sb.store.getWorkflowVersion(wf.id, wf.version);
    const def = version!.definition as WorkflowDefinition;
    const copy = await sb.workflows.create(shopOf(res).id, { ...def, name: `Copy of ${def.name}`.slice(0, 255) });
    res.status(201).json({ id: copy.id, name: copy.name, version: copy.version, enabled: false });
  });

  // "Send test event": fires a trigger in this shop with sample data, so a first workflow runs in a minute.
  router.post('/admin/api/test-events', json, async (req, res) => {
    const body = (req.body ?? {}) as { trigger?: { app?: unknown; handle?: unknown }; payload?: unknown };
    const app = String(body.trigger?.app ?? '');
    const handle = String(body.trigger?.handle ?? '');
    const trigger = await sb.catalog.trigger(app, handle);
    if (!trigger) throw new PlatformError(404, 'unknown_trigger', `No trigger "${handle}" of "${app}"`);
    const shop = shopOf(res);
    if (!(await sb.catalog.isInstalled(app, shop.id))) throw new PlatformError(409, 'app_not_installed', `${trigger.appName} is not installed in this shop`);
    const payload = body.payload ?? trigger.sample ?? {};
    if (!trigger.schema) {
      const problems = validatePayload(trigger.extension.fields, payload);
      if (problems.length) throw new PlatformError(400, 'invalid_payload', problems.map((p) => `${p.field} ${p.message}`).join('; '), { fields: problems });
    }
    const result = await acceptEvent(sb.store, { shopId: shop.id, source: app, handle, payload });
    sb.worker?.wake();
    res.status(202).json(result.answer);
  });

  router.get('/admin/api/credentials', async (_req, res) => {
    res.json({ connectors: await listConnectorCredentials(sb.store, shopOf(res), sb.serverSecret, sb.connectors) });
  });

  router.put('/admin/api/credentials/:connector', json, async (req, res) => {
    res.json(await saveConnectorCredentials(sb.store, shopOf(res), req.params.connector as string, req.body, sb.serverSecret, sb.connectors));
  });

  router.delete('/admin/api/credentials/:connector', async (req, res) => {
    if (!(await sb.store.deleteCredentials(shopOf(res).id, req.params.connector as string))) {
      throw new PlatformError(404, 'not_configured', `No credentials for "${req.params.connector}" in this shop`);
    }
    res.status(204).end();
  });

  return router;
}

/** Adds each workflow's last run and 24-hour counts to a list. */
export async function withStats<T extends { id: number }>(sb: Switchboard, shopId: number, list: T[]) {
  const stats = await sb.store.workflowStats(shopId, clockNow() - DAY);
  return list.map((wf) => {
    const s = stats.get(wf.id);
    return { ...wf, last_run_at: s?.lastRunAt ? new Date(s.lastRunAt).toISOString() : null, runs_24h: s?.runs ?? 0, failures_24h: s?.failures ?? 0 };
  });
}
