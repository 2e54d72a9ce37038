/**
 * Connectors that ship with Switchboard (extensions/): SDK apps like any
 * partner's, registered as first-party apps at start. They are installed in
 * every shop (as Flow's built-in connectors are) and read the shop's own
 * service credentials, which Switchboard keeps sealed (credentials.ts).
 */
import { loadManifestFiles, parseManifests } from '@switchboard/sdk/manifest';
import type { NodeHandler } from '@switchboard/sdk';
import type { App, Store } from '../store/index.js';
import { randomToken } from './secrets.js';

export interface CredentialFieldSpec {
  key: string;
  label: string;
  secret: boolean;
  help?: string;
  /** A regular expression's source the value must match. */
  pattern?: string;
}

export interface ConnectorHandlerOptions {
  clientSecret: string;
  credentials(shop: string): Promise<Record<string, string> | undefined>;
  endpoints?: Partial<Record<string, string>>;
  /**
   * Pacing of retries the connector asks for (429 + Retry-After) when its
   * service gives no delay: Switchboard's own backoff settings.
   */
  retry?: { baseSeconds?: number; maxSeconds?: number };
}

/** What each package in extensions/ exports as `connector` (extensions/README.md). */
export interface BundledConnector {
  id: string;
  name: string;
  description: string;
  credentialFields: CredentialFieldSpec[];
  endpoints: Record<string, string>;
  appDir: string;
  createHandler(options: ConnectorHandlerOptions): NodeHandler;
}

/** Where a bundled connector is served, under Switchboard's own URL. */
export const bundledConnectorUrl = (baseUrl: string, id: string) => `${baseUrl.replace(/\/+$/, '')}/connectors/${id}`;

/**
 * Makes each bundled connector an app served at `baseUrl`, with its current
 * manifests deployed. Idempotent, and safe when several processes start
 * together: a lost race to create the app reads the winner's row.
 */
export async function registerBundledConnectors(store: Store, connectors: BundledConnector[], baseUrl: string): Promise<Map<string, App>> {
  const apps = new Map<string, App>();
  for (const c of connectors) {
    const applicationUrl = bundledConnectorUrl(baseUrl, c.id);
    let app = (await store.getAppByClientId(c.id)) ?? (await createApp(store, c, applicationUrl));
    if (app.applicationUrl !== applicationUrl || app.name !== c.name) {
      app = await store.updateApp(app.id, { applicationUrl, name: c.name, redirectUrls: [`${applicationUrl}/auth/callback`] });
    }
    await deployIfChanged(store, app, c);
    apps.set(c.id, (await store.getAppByClientId(c.id)) ?? app);
  }
  return apps;
}

async function createApp(store: Store, c: BundledConnector, applicationUrl: string): Promise<App> {
  try {
    return await store.createApp({
      clientId: c.id,
      clientSecret: randomToken('sbs_', 32),
      name: c.name,
      applicationUrl,
      redirectUrls: [`${applicationUrl}/auth/callback`],
    });
  } catch (err) {
    const existing = await store.getAppByClientId(c.id);
    if (existing) return existing;
    throw err;
  }
}

/** A new app version only when the manifests changed, so restarts do not pile up versions. */
async function deployIfChanged(store: Store, app: App, c: BundledConnector): Promise<void> {
  const { extensions, problems } = parseManifests(await loadManifestFiles(c.appDir), { local: true });
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    // A packaging mistake of ours, not the merchant's: refuse to start.
    throw new Error(`The ${c.name} connector's manifests are invalid: ${errors.map((p) => `${p.file}: ${p.field}: ${p.message}`).join('; ')}`);
  }
  const current = app.version ? await store.getAppVersion(app.id, app.version) : undefined;
  if (current && JSON.stringify(current.extensions) === JSON.stringify(extensions)) return;
  await store.saveAppVersion(app.id, extensions);
}
