import { randomUUID } from 'node:crypto';
import { listen } from '../http/index.js';
import { authorize, exchangeCode, withSignedParams } from './oauth.js';
import { postSigned, type AppResponse } from './signed-post.js';
import { sendError, shopIdFor, tokenFor, type PlatformState, type RecordedTrigger, type TriggerFailure } from './state.js';
import { receiveTrigger } from './trigger-intake.js';

export type { RecordedTrigger, TriggerFailure } from './state.js';

/** Options of `createTestPlatform`. */
export interface TestPlatformOptions {
  /** Default `test-client-id`. */
  clientId?: string;
  /** Default `test-client-secret`. */
  clientSecret?: string;
  /** Trigger handles the platform knows; others answer 404. Default: any handle is accepted. */
  triggerHandles?: readonly string[];
  /** `runs_started` in each 202 answer. Default 0. */
  runsStarted?: number;
}

/** What `sendAction` sends; everything but `handle` has a default. */
export interface TestAction {
  handle: string;
  properties?: Record<string, unknown>;
  /** Default `test-shop.myshopify.com`. */
  shop?: string;
  /** Default: a new random id. Pass the same one to simulate Switchboard's retry. */
  actionRunId?: string;
  actionDefinitionId?: string;
}

/** An app's answer to `sendAction`, with the `actionRunId` sent. */
export interface ActionResponse extends AppResponse {
  actionRunId: string;
}

/** An in-process fake Switchboard for a connector app's tests. */
export interface TestPlatform {
  /** Give this to `createClient({ serverUrl })`. */
  readonly serverUrl: string;
  /** The app's client id the platform expects (`test-client-id` unless set). */
  readonly clientId: string;
  /** The secret it signs with and expects (`test-client-secret` unless set). */
  readonly clientSecret: string;
  /** Every accepted trigger event, oldest first (a repeated idempotency key adds nothing). */
  readonly triggers: RecordedTrigger[];
  /** The shop's access token, issuing one (installing the app there) if needed. */
  tokenFor(shop: string): string;
  /** The shop's numeric id, stable for the platform's life. */
  shopIdFor(shop: string): number;
  /** Makes the next trigger request (after any already scripted) answer this error. */
  failNextTrigger(failure: TriggerFailure): void;
  /** The signed install redirect Switchboard sends a merchant to: `appUrl?shop=&timestamp=&hmac=`. */
  installUrl(appUrl: string, shop: string): string;
  /** Sends a correctly signed action request to the app, as Switchboard does. */
  sendAction(url: string, action: TestAction): Promise<ActionResponse>;
  /** Sends a signed trigger lifecycle notice. */
  sendLifecycleNotice(
    url: string,
    notice: { handle: string; hasEnabledFlow: boolean; shop?: string; timestamp?: Date | string },
  ): Promise<AppResponse>;
  /** Revokes the shop's token and sends the app the signed `app/uninstalled` notice. */
  sendUninstall(url: string, options?: { shop?: string }): Promise<AppResponse>;
  /** Stops the server. Call it in `afterEach`/`afterAll`. */
  close(): Promise<void>;
}

const DEFAULT_SHOP = 'test-shop.myshopify.com';

/**
 * Starts a fake Switchboard on 127.0.0.1 (a free port) for unit tests: it
 * accepts trigger events and records them, runs the OAuth install, and sends
 * the app signed action requests and notices.
 *
 * @example
 * const platform = await createTestPlatform();
 * const client = createClient({ serverUrl: platform.serverUrl, clientId: platform.clientId,
 *   clientSecret: platform.clientSecret, tokens: { 'test-shop.myshopify.com': platform.tokenFor('test-shop.myshopify.com') } });
 * await client.sendTrigger('test-shop.myshopify.com', 'review-created', { rating: 5 });
 * expect(platform.triggers[0]?.payload).toEqual({ rating: 5 });
 * await platform.close();
 */
export async function createTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const state: PlatformState = {
    clientId: options.clientId ?? 'test-client-id',
    clientSecret: options.clientSecret ?? 'test-client-secret',
    triggerHandles: options.triggerHandles,
    runsStarted: options.runsStarted ?? 0,
    triggers: [],
    failures: [],
    tokens: new Map(),
    shopIds: new Map(),
    codes: new Map(),
    answered: new Map(),
  };
  const { clientId, clientSecret } = state;

  const server = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = `${req.method} ${url.pathname}`;
    const handled =
      route === 'POST /connector-api/v1/triggers'
        ? receiveTrigger(state, req, res)
        : route === 'GET /oauth/authorize'
          ? Promise.resolve(authorize(state, url, res))
          : route === 'POST /oauth/access_token'
            ? exchangeCode(state, req, res)
            : Promise.resolve(sendError(res, 404, 'not_found', `No route ${route}`));
    handled.catch(() => sendError(res, 500, 'internal_error', 'Test platform error'));
  });

  return {
    serverUrl: server.url,
    clientId,
    clientSecret,
    triggers: state.triggers,
    tokenFor: (shop) => tokenFor(state, shop),
    shopIdFor: (shop) => shopIdFor(state, shop),
    failNextTrigger: (failure) => void state.failures.push(failure),
    installUrl: (appUrl, shop) =>
      withSignedParams(appUrl, { shop, timestamp: String(Math.floor(Date.now() / 1000)) }, clientSecret),
    async sendAction(url, action) {
      const shop = action.shop ?? DEFAULT_SHOP;
      const actionRunId = action.actionRunId ?? randomUUID();
      const response = await postSigned(
        url,
        {
          shop_id: shopIdFor(state, shop),
          shopify_domain: shop,
          action_run_id: actionRunId,
          action_definition_id: action.actionDefinitionId ?? `${action.handle}-definition`,
          handle: action.handle,
          properties: action.properties ?? {},
        },
        clientSecret,
      );
      return { ...response, actionRunId };
    },
    sendLifecycleNotice(url, notice) {
      const shop = notice.shop ?? DEFAULT_SHOP;
      const timestamp = notice.timestamp ?? new Date();
      return postSigned(
        url,
        {
          flow_trigger_definition_id: notice.handle,
          has_enabled_flow: notice.hasEnabledFlow,
          shop_id: shopIdFor(state, shop),
          shopify_domain: shop,
          timestamp: typeof timestamp === 'string' ? timestamp : timestamp.toISOString(),
        },
        clientSecret,
      );
    },
    sendUninstall(url, uninstall = {}) {
      const shop = uninstall.shop ?? DEFAULT_SHOP;
      state.tokens.delete(shop);
      return postSigned(
        url,
        { shop_id: shopIdFor(state, shop), shopify_domain: shop, timestamp: new Date().toISOString() },
        clientSecret,
        { 'x-shopify-topic': 'app/uninstalled', 'x-shopify-shop-domain': shop },
      );
    },
    close: () => server.close(),
  };
}
