/**
 * Replay and backfill, re-runs of failed runs, and moving waiting runs to a
 * workflow's newest version (admin API).
 */
import express, { type Request, type Response, type Router } from 'express';
import { now as clockNow } from '../clock.js';
import { moveWaitingRuns, replayDryRun, ReplayError, rerunWithPayload, selectEvents, startReplay, type ReplaySelection, type WorkflowDefinition } from '../engine/index.js';
import { PlatformError, validatePayload } from '../platform/index.js';
import type { Replay, Shop } from '../store/index.js';
import type { Switchboard } from '../switchboard.js';
import { ownWorkflow } from './own-workflow.js';

const json = express.json({ limit: '5mb' });
const STATUS = { invalid_selection: 400, invalid_payload: 400, not_found: 404, not_rerunnable: 409 } as const;

export function adminReplay(sb: Switchboard): Router {
  const router = express.Router();
  const shopOf = (res: Response) => res.locals.shop as Shop;
  const deps = { store: sb.store, catalog: sb.catalog, templates: sb.templates, shopData: sb.shopData };

  router.post('/admin/api/workflows/:id/replays', json, async (req: Request, res: Response) => {
    const workflow = await ownWorkflow(sb.store, req, res);
    const shop = shopOf(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const events = await mapped(() => selectEvents(sb.store, workflow, shop.id, selectionOf(body)));
    if (body.dry_run !== false) {
      const version = await sb.store.getWorkflowVersion(workflow.id, workflow.version);
      const results = await replayDryRun(deps, version!.definition as WorkflowDefinition, { id: shop.id, domain: shop.domain, name: shop.name }, events);
      res.json({ dry_run: true, workflow_version: workflow.version, events: results });
      return;
    }
    const replay = await mapped(() => startReplay(sb.store, workflow, shop.id, events, clockNow()));
    sb.worker?.wake();
    res.status(202).json({ replay: replayJson(replay) });
  });

  router.get('/admin/api/replays/:id', async (req: Request, res: Response) => {
    const replay = await sb.store.getReplay(req.params.id as string);
    if (!replay || replay.shopId !== shopOf(res).id) throw new PlatformError(404, 'not_found', `No replay ${req.params.id} in this shop`);
    const finished = Object.entries(replay.byStatus).reduce((n, [status, count]) => (status === 'running' || status === 'waiting' ? n : n + count), 0);
    res.json({ ...replayJson(replay), finished, by_status: replay.byStatus });
  });

  router.post('/admin/api/runs/:id/rerun', json, async (req: Request, res: Response) => {
    const run = await sb.store.getRun(req.params.id as string);
    if (!run || run.shopId !== shopOf(res).id) throw new PlatformError(404, 'not_found', `No run ${req.params.id} in this shop`);
    const workflow = await sb.store.getWorkflow(run.workflowId);
    if (!workflow) throw new PlatformError(404, 'not_found', `The workflow of run ${run.id} was deleted`);
    const body = (req.body ?? {}) as { payload?: unknown };
    // A connector trigger's fields are checked as the connector API checks them; Switchboard's and Shopify's own triggers declare a schema instead.
    const trigger = await sb.catalog.trigger(workflow.triggerApp, workflow.triggerHandle);
    const checkPayload = trigger && !trigger.schema ? (payload: Record<string, unknown>) => validatePayload(trigger.extension.fields, payload) : undefined;
    const { replay, runId } = await mapped(() => rerunWithPayload(sb.store, run, workflow, body.payload, clockNow(), checkPayload));
    sb.worker?.wake();
    res.status(202).json({ run_id: runId, replay: replayJson(replay) });
  });

  router.post('/admin/api/workflows/:id/move-waiting-runs', async (req: Request, res: Response) => {
    const workflow = await ownWorkflow(sb.store, req, res);
    res.json(await moveWaitingRuns(sb.store, sb.templates, workflow, shopOf(res).id));
  });

  return router;
}

function selectionOf(body: Record<string, unknown>): ReplaySelection {
  const time = (name: string): number | undefined => {
    const v = body[name];
    if (v === undefined || v === null || v === '') return undefined;
    const t = typeof v === 'number' ? v : Date.parse(String(v));
    if (!Number.isFinite(t)) throw new PlatformError(400, 'invalid_selection', `${name} must be an ISO date, got ${JSON.stringify(v)}`);
    return t;
  };
  const runIds = body.run_ids;
  if (runIds !== undefined && (!Array.isArray(runIds) || runIds.some((id) => typeof id !== 'string'))) {
    throw new PlatformError(400, 'invalid_selection', 'run_ids must be a list of run ids');
  }
  const limit = body.limit === undefined ? undefined : Number(body.limit);
  return { since: time('since'), until: time('until'), runIds: runIds as string[] | undefined, limit };
}

async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ReplayError) throw new PlatformError(STATUS[err.code], err.code, err.message, err.fields ? { fields: err.fields } : {});
    throw err;
  }
}

function replayJson(r: Replay) {
  return { id: r.id, workflow_id: r.workflowId, total: r.total, source_run_id: r.sourceRunId ?? null, created_at: new Date(r.createdAt).toISOString() };
}
