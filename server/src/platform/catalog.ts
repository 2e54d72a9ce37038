import { resolveExtensionUrl, type ActionExtension, type Extension, type TriggerExtension } from '@switchboard/sdk/manifest';
import type { App, Store } from '../store/index.js';
import type { ActionTarget, Catalog, TriggerSource } from '../engine/index.js';

/**
 * Connector apps' extensions as the engine sees them: the latest deployed
 * version of each app. Parsed versions are cached by (app, version), which
 * never change, so every process reads the same answer from the database.
 */
export class AppCatalog implements Catalog {
  private readonly versions = new Map<string, Extension[]>();

  constructor(
    private readonly store: Store,
    /** Extensions to use instead of an app's stored ones (checking a deploy before it is saved). */
    private readonly overlay?: { clientId: string; extensions: Extension[] },
  ) {}

  /** A view of the catalog as if `clientId` had deployed `extensions`. */
  withDeploy(clientId: string, extensions: Extension[]): AppCatalog {
    return new AppCatalog(this.store, { clientId, extensions });
  }

  async extensions(app: App): Promise<Extension[]> {
    if (this.overlay?.clientId === app.clientId) return this.overlay.extensions;
    if (app.version === 0) return [];
    const key = `${app.id}:${app.version}`;
    let list = this.versions.get(key);
    if (!list) {
      list = (await this.store.getAppVersion(app.id, app.version))?.extensions ?? [];
      this.versions.set(key, list);
    }
    return list;
  }

  async trigger(clientId: string, handle: string): Promise<TriggerSource | undefined> {
    const app = await this.store.getAppByClientId(clientId);
    if (!app) return undefined;
    const ext = (await this.extensions(app)).find((e): e is TriggerExtension => e.type === 'flow_trigger' && e.handle === handle);
    return ext && { app: clientId, appName: app.name, extension: ext };
  }

  async action(clientId: string, handle: string): Promise<ActionTarget | undefined> {
    const app = await this.store.getAppByClientId(clientId);
    if (!app) return undefined;
    const ext = (await this.extensions(app)).find((e): e is ActionExtension => e.type === 'flow_action' && e.handle === handle);
    return (
      ext && {
        appId: app.id,
        clientId,
        clientSecret: app.clientSecret,
        appName: app.name,
        extension: ext,
        runtimeUrl: resolveExtensionUrl(ext.runtimeUrl, app.applicationUrl),
      }
    );
  }

  async isInstalled(clientId: string, shopId: number): Promise<boolean> {
    const app = await this.store.getAppByClientId(clientId);
    return !!app && !!(await this.store.getInstall(app.id, shopId));
  }

  async lifecycleUrl(app: App): Promise<string | undefined> {
    const ext = (await this.extensions(app)).find((e) => e.type === 'flow_trigger_lifecycle_callback');
    return ext && ext.type === 'flow_trigger_lifecycle_callback' ? resolveExtensionUrl(ext.url, app.applicationUrl) : undefined;
  }
}
