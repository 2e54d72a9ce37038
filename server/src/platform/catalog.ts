import { resolveExtensionUrl, type ActionExtension, type Extension, type ManifestField, type TriggerExtension } from '@switchboard/sdk/manifest';
import type { App, Store } from '../store/index.js';
import type { ActionTarget, Catalog, TriggerSource } from '../engine/index.js';

/** Example values for a connector trigger's fields, so a test run works before any real event. */
export function samplePayload(fields: ManifestField[]): Record<string, unknown> {
  const value = (type: string): unknown => {
    switch (type) {
      case 'number_integer': return 1;
      case 'number_decimal': return 1.5;
      case 'boolean': return true;
      case 'email': return 'customer@example.com';
      case 'url': return 'https://example.com';
      default:
        if (type.endsWith('_reference')) return 1234567890;
        if (type.startsWith('schema.')) return {};
        return 'Example';
    }
  };
  return Object.fromEntries(fields.map((f) => [f.payloadKey, value(f.type)]));
}

/** Switchboard's own triggers and actions under one app name (`shopify`), always installed. */
export interface BuiltinApp {
  app: string;
  name: string;
  triggers: TriggerSource[];
  actions: ActionTarget[];
}

/**
 * Connector apps' extensions as the engine sees them: the latest deployed
 * version of each app. Parsed versions are cached by (app, version), which
 * never change, so every process reads the same answer from the database.
 */
export class AppCatalog implements Catalog {
  private readonly versions = new Map<string, Extension[]>();

  private readonly builtins: Map<string, BuiltinApp>;

  constructor(
    private readonly store: Store,
    builtins: BuiltinApp[] = [],
    /** Extensions to use instead of an app's stored ones (checking a deploy before it is saved). */
    private readonly overlay?: { clientId: string; extensions: Extension[] },
    /** Apps that ship with Switchboard: installed in every shop, like Flow's built-in connectors. */
    private readonly firstParty: ReadonlySet<string> = new Set(),
  ) {
    this.builtins = new Map(builtins.map((b) => [b.app, b]));
  }

  /**
   * The organization's view: an app counts as installed once it is installed
   * in at least one of the organization's shops (as in Flow).
   */
  forOrganization(shopIds: number[]): AppCatalog {
    const base = this;
    const view = Object.create(this) as AppCatalog;
    view.isInstalled = async (clientId: string) => {
      for (const id of shopIds) if (await base.isInstalled(clientId, id)) return true;
      return false;
    };
    return view;
  }

  /** A view of the catalog as if `clientId` had deployed `extensions`. */
  withDeploy(clientId: string, extensions: Extension[]): AppCatalog {
    return new AppCatalog(this.store, [...this.builtins.values()], { clientId, extensions }, this.firstParty);
  }

  isFirstParty(clientId: string): boolean {
    return this.firstParty.has(clientId);
  }

  listBuiltins(): BuiltinApp[] {
    return [...this.builtins.values()];
  }

  async appName(clientId: string): Promise<string> {
    return this.builtins.get(clientId)?.name ?? (await this.store.getAppByClientId(clientId))?.name ?? clientId;
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
    const builtin = this.builtins.get(clientId);
    if (builtin) return builtin.triggers.find((t) => t.extension.handle === handle);
    const app = await this.store.getAppByClientId(clientId);
    return app && this.triggerOf(app, handle);
  }

  /** A connector trigger, for an app already loaded. */
  async triggerOf(app: App, handle: string): Promise<TriggerSource | undefined> {
    const clientId = app.clientId;
    const ext = (await this.extensions(app)).find((e): e is TriggerExtension => e.type === 'flow_trigger' && e.handle === handle);
    return ext && { app: clientId, appName: app.name, extension: ext, sample: samplePayload(ext.fields) };
  }

  async action(clientId: string, handle: string): Promise<ActionTarget | undefined> {
    const builtin = this.builtins.get(clientId);
    if (builtin) return builtin.actions.find((a) => a.extension.handle === handle);
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
    if (this.builtins.has(clientId) || this.firstParty.has(clientId)) return true;
    const app = await this.store.getAppByClientId(clientId);
    return !!app && !!(await this.store.getInstall(app.id, shopId));
  }

  async lifecycleUrl(app: App): Promise<string | undefined> {
    const ext = (await this.extensions(app)).find((e) => e.type === 'flow_trigger_lifecycle_callback');
    return ext && ext.type === 'flow_trigger_lifecycle_callback' ? resolveExtensionUrl(ext.url, app.applicationUrl) : undefined;
  }
}
