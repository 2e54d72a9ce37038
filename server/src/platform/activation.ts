/**
 * Turning workflows on and off in a shop. Connector apps are told when their
 * trigger gains its first or loses its last enabled workflow in a shop (the
 * lifecycle callback), and, as in Flow, a workflow cannot be turned on while
 * the app does not accept that callback.
 */
import type { Shop, Store, Workflow } from '../store/index.js';
import { sendSigned } from '../delivery/index.js';
import { firstSlot, validateWorkflow, type Notice, type ShopData, type TemplateEngine } from '../engine/index.js';
import { now as clockNow } from '../clock.js';
import type { AppCatalog } from './catalog.js';
import { PlatformError } from './errors.js';

export interface ActivationDeps {
  store: Store;
  catalog: AppCatalog;
  templates: TemplateEngine;
  lifecycleTimeoutMs: number;
  shopData?: ShopData;
}

export async function enableWorkflow(deps: ActivationDeps, workflow: Workflow, shop: Shop): Promise<void> {
  if (!shop.switchboardInstalled) throw new PlatformError(409, 'switchboard_not_installed', `Switchboard is not installed in ${shop.domain}`);
  const state = await deps.store.getWorkflowShopState(workflow.id, shop.id);
  if (state?.enabled) return;
  const version = await deps.store.getWorkflowVersion(workflow.id, workflow.version);
  const result = await validateWorkflow(version?.definition, { catalog: deps.catalog, templates: deps.templates, shopId: shop.id, shopData: deps.shopData });
  if (!result.definition) {
    throw new PlatformError(409, 'cannot_enable', `"${workflow.name}" cannot be turned on: ${result.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, {
      problems: result.problems,
    });
  }
  const notice = await lifecycleNotice(deps, workflow, shop, true);
  if (notice) {
    const result = await sendSigned(notice.url, JSON.stringify(notice.body), notice.secret, deps.lifecycleTimeoutMs);
    const ok = result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300;
    if (!ok) {
      const why = result.statusCode ? `answered ${result.statusCode}` : result.error;
      throw new PlatformError(424, 'lifecycle_callback_failed', `"${workflow.name}" cannot be turned on: ${notice.appName} did not accept the trigger lifecycle callback at ${notice.url} (${why})`);
    }
  }
  await deps.store.setWorkflowEnabled({ workflowId: workflow.id, shopId: shop.id, enabled: true, nextSlotAt: firstSlot(result.definition, shop.timezone, clockNow()) });
}

/** Turns the workflow off in the shop; its runs waiting on a Wait step are cancelled (the count is returned). */
export async function disableWorkflow(deps: ActivationDeps, workflow: Workflow, shop: Shop, reason?: string): Promise<{ cancelledRuns: number }> {
  const state = await deps.store.getWorkflowShopState(workflow.id, shop.id);
  if (!state?.enabled) return { cancelledRuns: 0 };
  const notice = await lifecycleNotice(deps, workflow, shop, false);
  const enqueue = notice
    ? [{ kind: 'notice' as const, ref: JSON.stringify({ appId: notice.appId, url: notice.url, body: notice.body } satisfies Notice), runAt: clockNow() }]
    : [];
  return deps.store.setWorkflowEnabled({ workflowId: workflow.id, shopId: shop.id, enabled: false, reason, enqueue });
}

/** The notice to send when this change flips whether the trigger has an enabled workflow in the shop; else undefined. */
async function lifecycleNotice(deps: ActivationDeps, workflow: Workflow, shop: Shop, enabling: boolean) {
  const app = await deps.store.getAppByClientId(workflow.triggerApp);
  if (!app) return undefined;
  const url = await deps.catalog.lifecycleUrl(app);
  if (!url) return undefined;
  const listeners = await deps.store.countListeners(shop.id, workflow.triggerApp, workflow.triggerHandle);
  if (enabling ? listeners > 0 : listeners !== 1) return undefined;
  return {
    appId: app.id,
    appName: app.name,
    secret: app.clientSecret,
    url,
    body: {
      flow_trigger_definition_id: workflow.triggerHandle,
      has_enabled_flow: enabling,
      shop_id: shop.id,
      shopify_domain: shop.domain,
      timestamp: new Date().toISOString(),
    },
  };
}
