import type { ActionExtension, TriggerExtension } from '@switchboard/sdk/manifest';

/** A connector action as the engine needs it to send a request. */
export interface ActionTarget {
  appId: number;
  clientId: string;
  clientSecret: string;
  appName: string;
  extension: ActionExtension;
  /** runtime_url resolved against the app's URL. */
  runtimeUrl: string;
}

export interface TriggerSource {
  /** Client id, or `shopify` / `switchboard` for built-ins. */
  app: string;
  appName: string;
  extension: TriggerExtension;
}

/**
 * What the engine may know about connector apps. The platform implements it;
 * the engine never reaches into apps or installs directly (data flows one way).
 */
export interface Catalog {
  trigger(app: string, handle: string): Promise<TriggerSource | undefined>;
  action(app: string, handle: string): Promise<ActionTarget | undefined>;
  /** Whether the app (client id) is installed in the shop; built-ins always are. */
  isInstalled(app: string, shopId: number): Promise<boolean>;
}
