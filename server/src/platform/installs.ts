/**
 * Installing a connector app in a shop: the OAuth 2.0 authorization-code
 * grant in Shopify's style, with Switchboard as the authorization server
 * (DESIGN section 4, "Apps and installs").
 */
import { createHmac } from 'node:crypto';
import { signQuery } from '@switchboard/sdk';
import type { App, Install, Shop, Store } from '../store/index.js';
import type { Notice } from '../engine/index.js';
import { PlatformError } from './errors.js';
import { hashSecret, randomToken, safeEqual } from './secrets.js';
import { tokenCache } from './token-cache.js';

export const SCOPE = 'triggers,actions';

// Shopify's query signature, from the SDK: the app verifies with the same code.
export { signQuery };

/** Step 1: where the merchant is sent to start installing: the app's URL, signed. */
export function installRedirectUrl(app: App, shop: Shop, now = Date.now()): string {
  const params: Record<string, string> = { shop: shop.domain, timestamp: String(Math.floor(now / 1000)) };
  const url = new URL(app.applicationUrl);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  url.searchParams.set('hmac', signQuery(params, app.clientSecret));
  return url.toString();
}

export interface AuthorizeRequest {
  app: App;
  shop: Shop;
  redirectUri: string;
  state: string;
}

const oauthError = (status: number, code: string, message: string, field?: string) =>
  new PlatformError(status, code, message, field ? { fields: [{ field, message }] } : {});

/** Step 2: the app sends the merchant to /oauth/authorize; everything is checked before consent is asked. */
export async function checkAuthorizeRequest(store: Store, query: Record<string, unknown>): Promise<AuthorizeRequest> {
  const get = (k: string) => (typeof query[k] === 'string' ? (query[k] as string) : '');
  const clientId = get('client_id');
  if (!clientId) throw oauthError(400, 'invalid_request', 'client_id is missing', 'client_id');
  const app = await store.getAppByClientId(clientId);
  if (!app) throw oauthError(400, 'invalid_client', `no app has client_id "${clientId}"`, 'client_id');
  const redirectUri = get('redirect_uri');
  if (!redirectUri) throw oauthError(400, 'invalid_request', 'redirect_uri is missing', 'redirect_uri');
  // Exact match only: a prefix match would let an attacker's path receive the code.
  if (!app.redirectUrls.includes(redirectUri)) {
    throw oauthError(400, 'invalid_redirect_uri', `redirect_uri "${redirectUri}" is not one of the app's allowed redirect URLs`, 'redirect_uri');
  }
  const state = get('state');
  if (!state) throw oauthError(400, 'invalid_request', 'state is missing: the app must send a random state and check it on the callback', 'state');
  const shopDomain = get('shop');
  if (!shopDomain) throw oauthError(400, 'invalid_request', 'shop is missing', 'shop');
  const shop = await store.getShopByDomain(shopDomain);
  if (!shop || !shop.switchboardInstalled) throw oauthError(400, 'invalid_shop', `shop "${shopDomain}" does not have Switchboard installed`, 'shop');
  return { app, shop, redirectUri, state };
}

/**
 * A token for the consent form, binding what the merchant approves to this
 * server and to a short time window, so the approval cannot be forged.
 */
export function consentToken(req: AuthorizeRequest, serverSecret: string, now = Date.now()): string {
  const expires = now + 10 * 60_000;
  const mac = createHmac('sha256', serverSecret).update(`${req.app.clientId}|${req.shop.domain}|${req.redirectUri}|${req.state}|${expires}`).digest('hex');
  return `${expires}.${mac}`;
}

export function checkConsentToken(req: AuthorizeRequest, token: unknown, serverSecret: string, now = Date.now()): void {
  const [expires, mac] = typeof token === 'string' ? token.split('.') : [];
  const expected = createHmac('sha256', serverSecret).update(`${req.app.clientId}|${req.shop.domain}|${req.redirectUri}|${req.state}|${expires}`).digest('hex');
  if (!expires || !mac || !safeEqual(mac, expected)) throw oauthError(400, 'invalid_consent', 'the consent form is not valid: start the install again');
  if (Number(expires) < now) throw oauthError(400, 'invalid_consent', 'the consent form expired: start the install again');
}

/** Step 3: the merchant approved: issue a single-use code and send them back to the app. */
export async function approveInstall(store: Store, req: AuthorizeRequest, codeTtlMs: number, now = Date.now()): Promise<string> {
  const code = randomToken('sbc_', 24);
  await store.saveOAuthCode(hashSecret(code), { appId: req.app.id, shopId: req.shop.id, redirectUri: req.redirectUri, expiresAt: now + codeTtlMs });
  const params: Record<string, string> = { code, shop: req.shop.domain, state: req.state, timestamp: String(Math.floor(now / 1000)) };
  const url = new URL(req.redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  url.searchParams.set('hmac', signQuery(params, req.app.clientSecret));
  return url.toString();
}

/** Step 4: the app exchanges the code for a token valid for this (app, shop) only. */
export async function exchangeCode(store: Store, body: Record<string, unknown>, now = Date.now()) {
  const get = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
  const clientId = get('client_id');
  const app = clientId ? await store.getAppByClientId(clientId) : undefined;
  if (!app || !safeEqual(get('client_secret'), app.clientSecret)) {
    throw oauthError(401, 'invalid_client', 'client_id or client_secret is wrong', get('client_id') && app ? 'client_secret' : 'client_id');
  }
  const code = get('code');
  if (!code) throw oauthError(400, 'invalid_request', 'code is missing', 'code');
  const { code: grant, alreadyUsed } = await store.consumeOAuthCode(hashSecret(code), now);
  if (!grant || grant.appId !== app.id) throw oauthError(400, 'invalid_grant', 'the code is not valid for this app', 'code');
  if (alreadyUsed) throw oauthError(400, 'invalid_grant', 'the code was already used: codes are single-use', 'code');
  if (grant.expiresAt < now) throw oauthError(400, 'invalid_grant', 'the code expired: start the install again', 'code');
  const redirectUri = get('redirect_uri');
  if (redirectUri && redirectUri !== grant.redirectUri) throw oauthError(400, 'invalid_grant', 'redirect_uri does not match the one the code was issued for', 'redirect_uri');
  const shop = await store.getShop(grant.shopId);
  const accessToken = randomToken('sbat_', 32);
  await store.saveInstall({ appId: app.id, shopId: grant.shopId, scope: SCOPE, installedAt: now }, hashSecret(accessToken));
  tokenCache.forgetInstall(app.id, grant.shopId);
  return { access_token: accessToken, scope: SCOPE, shop: shop!.domain };
}

/** Resolves a bearer token to its install, or undefined when unknown or revoked. */
export async function authenticateToken(store: Store, token: string): Promise<Install | undefined> {
  return store.findInstallByToken(hashSecret(token));
}

/** Revokes the token, turns off the shop's workflows that use the app, and queues the signed notice. */
export async function uninstallConnector(store: Store, app: App, shop: Shop, now = Date.now()): Promise<boolean> {
  const using = (await store.listEnabledWorkflowsUsingApp(app.clientId)).filter((w) => w.shopId === shop.id);
  const notice: Notice = {
    appId: app.id,
    url: app.webhooksUrl ?? new URL('webhooks', app.applicationUrl.endsWith('/') ? app.applicationUrl : `${app.applicationUrl}/`).toString(),
    body: { shop_id: shop.id, shopify_domain: shop.domain, timestamp: new Date(now).toISOString() },
    headers: { 'x-shopify-topic': 'app/uninstalled', 'x-shopify-shop-domain': shop.domain },
  };
  const removed = await store.uninstallApp({
    appId: app.id,
    shopId: shop.id,
    reason: `${app.name} was uninstalled`,
    workflowIds: using.map((w) => w.workflow.id),
    notice: { ref: JSON.stringify(notice), runAt: now },
  });
  // After the commit: a request racing the uninstall cannot re-cache the old install.
  tokenCache.forgetInstall(app.id, shop.id);
  return removed;
}
