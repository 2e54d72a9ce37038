import { parseManifests, type ManifestFile, type ManifestProblem } from '@switchboard/sdk/manifest';
import type { App, AppVersion, Store } from '../store/index.js';
import { validateWorkflow, type TemplateEngine, type WorkflowDefinition } from '../engine/index.js';
import type { AppCatalog } from './catalog.js';
import { PlatformError } from './errors.js';
import { retypedFieldsUsed } from './field-changes.js';
import { randomToken } from './secrets.js';
import { checkAppUrl } from './urls.js';

export interface NewAppInput {
  name?: unknown;
  application_url?: unknown;
  redirect_urls?: unknown;
  webhooks_url?: unknown;
}

/** Creates a connector app with fresh credentials; the secret is shown to its developer once. */
export async function createConnectorApp(store: Store, input: NewAppInput, allowHttpLoopback: boolean): Promise<App> {
  const fields = checkAppInput(input, allowHttpLoopback, true);
  return store.createApp({
    clientId: randomToken('sb_', 12),
    clientSecret: randomToken('sbs_', 32),
    name: fields.name!,
    applicationUrl: fields.applicationUrl!,
    redirectUrls: fields.redirectUrls!,
    webhooksUrl: fields.webhooksUrl,
  });
}

export async function updateConnectorApp(store: Store, app: App, input: NewAppInput, allowHttpLoopback: boolean): Promise<App> {
  return store.updateApp(app.id, checkAppInput(input, allowHttpLoopback, false));
}

function checkAppInput(input: NewAppInput, allowHttpLoopback: boolean, creating: boolean) {
  const out: Partial<Pick<App, 'name' | 'applicationUrl' | 'redirectUrls' | 'webhooksUrl'>> = {};
  if (creating || input.name !== undefined) {
    if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 100) {
      throw new PlatformError(400, 'invalid_app', 'name is required (1 to 100 characters)', { fields: [{ field: 'name', message: 'required, 1 to 100 characters' }] });
    }
    out.name = input.name.trim();
  }
  if (creating || input.application_url !== undefined) out.applicationUrl = checkAppUrl(input.application_url, 'application_url', allowHttpLoopback);
  if (creating || input.redirect_urls !== undefined) {
    if (!Array.isArray(input.redirect_urls) || input.redirect_urls.length === 0) {
      throw new PlatformError(400, 'invalid_app', 'redirect_urls must be a non-empty list of URLs', { fields: [{ field: 'redirect_urls', message: 'a non-empty list of URLs' }] });
    }
    out.redirectUrls = input.redirect_urls.map((u, i) => checkAppUrl(u, `redirect_urls[${i}]`, allowHttpLoopback));
  }
  if (input.webhooks_url !== undefined && input.webhooks_url !== null) out.webhooksUrl = checkAppUrl(input.webhooks_url, 'webhooks_url', allowHttpLoopback);
  return out;
}

export interface DeployResult {
  version: AppVersion;
  warnings: ManifestProblem[];
}

/**
 * Deploys an app's manifests as a new version. A bad manifest is refused with
 * every problem; a change that would break an enabled workflow (a used field
 * removed or retyped, a used extension gone) is refused naming the workflows.
 */
export async function deployExtensions(
  deps: { store: Store; catalog: AppCatalog; templates: TemplateEngine; allowHttpLoopback: boolean },
  app: App,
  files: unknown,
): Promise<DeployResult> {
  if (!Array.isArray(files) || files.some((f) => !f || typeof f.path !== 'string' || typeof f.content !== 'string')) {
    throw new PlatformError(400, 'invalid_request', 'files must be a list of { path, content } with string values');
  }
  const { extensions, problems } = parseManifests(files as ManifestFile[], { local: deps.allowHttpLoopback });
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    throw new PlatformError(400, 'invalid_manifest', `The manifests have ${errors.length} error(s): ${errors.map(describe).join('; ')}`, { problems });
  }
  const proposed = deps.catalog.withDeploy(app.clientId, extensions);
  const current = await deps.catalog.extensions(app);
  const broken: Array<{ id: number; name: string; shop_id: number; problems: Array<{ path: string; message: string }> }> = [];
  for (const { workflow, shopId } of await deps.store.listEnabledWorkflowsUsingApp(app.clientId)) {
    const version = await deps.store.getWorkflowVersion(workflow.id, workflow.version);
    const result = await validateWorkflow(version?.definition, { catalog: proposed, templates: deps.templates, shopId });
    const retyped = retypedFieldsUsed(app.clientId, current, extensions, version?.definition as WorkflowDefinition).map((message) => ({ path: 'fields', message }));
    const problems = [...result.problems, ...retyped];
    if (problems.length) broken.push({ id: workflow.id, name: workflow.name, shop_id: shopId, problems });
  }
  if (broken.length) {
    const names = [...new Set(broken.map((b) => `"${b.name}" (#${b.id})`))].join(', ');
    throw new PlatformError(409, 'breaking_change', `This deploy would break enabled workflows: ${names}. Turn them off or keep the fields they use.`, {
      workflows: broken,
    });
  }
  const version = await deps.store.saveAppVersion(app.id, extensions);
  return { version, warnings: problems };
}

const describe = (p: ManifestProblem) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.field}: ${p.message}`;
