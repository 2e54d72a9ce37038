/**
 * Switchboard as a Shopify app: OAuth and session tokens, webhooks in as
 * triggers, shop actions out through the Admin API, compliance webhooks.
 */
import type { Shopify } from '@shopify/shopify-api';
import type { ActionTarget, ShopData, TriggerSource } from '../engine/index.js';
import type { Store } from '../store/index.js';
import { adminApiRequestAction, checkMutation } from './actions/admin-api.js';
import { emailAction } from './actions/email.js';
import { httpRequestAction } from './actions/http-request.js';
import { tagActions } from './actions/tags.js';
import { createShopifyClient, type ShopifyConfig } from './client.js';
import { createShopData } from './get-data/index.js';
import type { InstallDeps } from './install.js';
import { OfflineSessions } from './offline-session.js';
import { StoreSessionStorage } from './session-storage.js';
import { SHOPIFY_TRIGGERS, type ShopifyTrigger } from './triggers/index.js';
import type { WebhookDeps } from './webhooks.js';

export { createShopifyClient, type ShopifyConfig } from './client.js';
export { authenticateSessionToken, completeInstall, ShopifyAuthError } from './install.js';
export { receiveWebhook, customerKeys, SWITCHBOARD_UNINSTALLED } from './webhooks.js';
export { SHOPIFY_TRIGGERS, type ShopifyTrigger } from './triggers/index.js';
export { isPublicAddress } from './actions/http-request.js';
export { StoreSessionStorage } from './session-storage.js';
export { OfflineSessions } from './offline-session.js';
export { createShopData, checkQuery, checkSumField } from './get-data/index.js';
export { checkMutation } from './actions/admin-api.js';

/** The built-in apps' shape the platform catalog takes (structurally its BuiltinApp). */
export interface BuiltinAppShape {
  app: string;
  name: string;
  triggers: TriggerSource[];
  actions: ActionTarget[];
}

export interface ShopifyIntegration {
  shopify: Shopify;
  sessions: StoreSessionStorage;
  offline: OfflineSessions;
  triggers: ShopifyTrigger[];
  install: InstallDeps;
  webhooks: WebhookDeps;
  builtin: BuiltinAppShape;
  /** The shop's data for Get data steps. */
  data: ShopData;
}

type Log = InstallDeps['log'];

export function createShopifyIntegration(input: {
  store: Store;
  config: ShopifyConfig;
  log: Log;
  onAccepted?: () => void;
  onShopifyEvent?: WebhookDeps['onShopifyEvent'];
  extraTopics?: string[];
}): ShopifyIntegration {
  const shopify = createShopifyClient(input.config);
  const sessions = new StoreSessionStorage(input.store);
  const offline = new OfflineSessions(shopify, sessions, (name, work) => input.store.withLock(name, work));
  const triggers = SHOPIFY_TRIGGERS;
  const install: InstallDeps = { store: input.store, shopify, sessions, triggers, extraTopics: input.extraTopics, appUrl: input.config.appUrl, log: input.log };
  return {
    shopify,
    sessions,
    offline,
    triggers,
    install,
    webhooks: { store: input.store, shopify, triggers, onAccepted: input.onAccepted, onShopifyEvent: input.onShopifyEvent, log: input.log },
    builtin: { app: 'shopify', name: 'Shopify', triggers: triggers.map(shopifyTriggerSource), actions: [...tagActions(shopify, offline), { ...adminApiRequestAction(shopify, offline), check: (fields) => checkMutation(fields.mutation ?? '') }] },
    data: createShopData(shopify, offline),
  };
}

export function shopifyTriggerSource(t: ShopifyTrigger): TriggerSource {
  return {
    app: 'shopify',
    appName: 'Shopify',
    extension: { type: 'flow_trigger', handle: t.handle, name: t.name, description: t.description, fields: [], file: '(built-in)' },
    schema: t.schema,
    sample: t.toData(t.sample),
  };
}

/** Switchboard's own actions, available with or without Shopify. */
export function switchboardBuiltins(options: { allowPrivateHttp: boolean; timeoutMs: number; smtpUrl?: string; emailFrom: string; log: Log }): BuiltinAppShape {
  return {
    app: 'switchboard',
    name: 'Switchboard',
    triggers: [],
    actions: [
      httpRequestAction({ allowPrivate: options.allowPrivateHttp, timeoutMs: options.timeoutMs }),
      emailAction({ smtpUrl: options.smtpUrl, from: options.emailFrom, log: (o, m) => options.log.info(o, m) }),
    ],
  };
}
