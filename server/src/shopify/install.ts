import { RequestedTokenType, type Session, type Shopify } from '@shopify/shopify-api';
import type { Shop, Store } from '../store/index.js';
import { checkTimeZone } from '../engine/index.js';
import type { StoreSessionStorage } from './session-storage.js';
import type { ShopifyTrigger } from './triggers/index.js';

export interface InstallDeps {
  store: Store;
  shopify: Shopify;
  sessions: StoreSessionStorage;
  triggers: ShopifyTrigger[];
  /** Topics subscribed beyond the triggers' (the Klaviyo sync's). */
  extraTopics?: string[];
  appUrl: string;
  log: { info(o: object, m?: string): void; warn(o: object, m?: string): void };
}

/** An error the admin or OAuth routes answer with 401 or 400, naming what failed. */
export class ShopifyAuthError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/**
 * After OAuth or a token exchange: keep the offline session, mark Switchboard
 * installed (workflows turned off by an uninstall stay off until the merchant
 * turns them on), and subscribe to the webhooks the triggers need.
 */
export async function completeInstall(deps: InstallDeps, session: Session): Promise<Shop> {
  await deps.sessions.storeSession(session);
  const shop = await deps.store.ensureShop(session.shop);
  await deps.store.setSwitchboardInstalled(shop.id, true);
  await registerWebhooks(deps, session);
  await rememberTimeZone(deps, session, shop.id);
  return (await deps.store.getShop(shop.id))!;
}

/** Scheduled workflows run in the shop's own time zone, as its admin shows it. */
async function rememberTimeZone(deps: InstallDeps, session: Session, shopId: number): Promise<void> {
  try {
    const client = new deps.shopify.clients.Graphql({ session });
    const res = await client.request<{ shop: { ianaTimezone: string } }>('query { shop { ianaTimezone } }');
    const zone = res.data?.shop.ianaTimezone;
    if (zone && checkTimeZone(zone)) await deps.store.setShopTimezone(shopId, zone);
  } catch (err) {
    deps.log.warn({ shop: session.shop, err: (err as Error).message }, "could not read the shop's time zone; schedules use UTC until the next install");
  }
}

const SUBSCRIBE = `mutation subscribe($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) { webhookSubscription { id } userErrors { field message } }
}`;

async function registerWebhooks(deps: InstallDeps, session: Session): Promise<void> {
  const client = new deps.shopify.clients.Graphql({ session });
  const callbackUrl = new URL('/webhooks/shopify', deps.appUrl).toString();
  const topics = new Set(['app/uninstalled', ...deps.triggers.map((t) => t.topic), ...(deps.extraTopics ?? [])]);
  for (const topic of topics) {
    try {
      await client.request(SUBSCRIBE, { variables: { topic: topic.toUpperCase().replace(/\//g, '_'), webhookSubscription: { callbackUrl, format: 'JSON' } } });
    } catch (err) {
      deps.log.warn({ shop: session.shop, topic, err: (err as Error).message }, 'webhook subscription failed');
    }
  }
}

/**
 * Authenticates an embedded-admin request by its App Bridge session token
 * (signature, audience, expiry and shop are checked by the library), and
 * makes sure an offline session (for the shop) and an online session (for
 * the user) exist, obtained by token exchange when missing or expired.
 */
export async function authenticateSessionToken(deps: InstallDeps, token: string): Promise<{ shop: Shop; userId?: string }> {
  let payload;
  try {
    payload = await deps.shopify.session.decodeSessionToken(token);
  } catch (err) {
    throw new ShopifyAuthError(401, 'invalid_session_token', `The session token is not valid: ${(err as Error).message}`);
  }
  const domain = new URL(payload.dest).hostname;
  const offline = await deps.sessions.loadSession(deps.shopify.session.getOfflineId(domain));
  let shop = await deps.store.getShopByDomain(domain);
  if (!offline || !shop?.switchboardInstalled) {
    const { session } = await exchange(deps, domain, token, RequestedTokenType.OfflineAccessToken);
    shop = await completeInstall(deps, session);
  }
  const onlineId = deps.shopify.session.getJwtSessionId(domain, payload.sub);
  const online = await deps.sessions.loadSession(onlineId);
  if (!online || online.isExpired()) {
    const { session } = await exchange(deps, domain, token, RequestedTokenType.OnlineAccessToken);
    await deps.sessions.storeSession(session);
  }
  return { shop: shop!, userId: payload.sub };
}

async function exchange(deps: InstallDeps, shop: string, sessionToken: string, requestedTokenType: RequestedTokenType) {
  try {
    return await deps.shopify.auth.tokenExchange({ shop, sessionToken, requestedTokenType, expiring: requestedTokenType === RequestedTokenType.OfflineAccessToken });
  } catch (err) {
    throw new ShopifyAuthError(401, 'token_exchange_failed', `Shopify refused the token exchange for ${shop}: ${(err as Error).message}`);
  }
}
