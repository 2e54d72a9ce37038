/**
 * Shopify webhooks in: verified by @shopify/shopify-api (HMAC of the raw
 * body), counted once per webhook id, then routed: app/uninstalled, the
 * mandatory compliance topics, or a Shopify trigger.
 */
import type { Shopify } from '@shopify/shopify-api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Shop, Store } from '../store/index.js';
import { acceptEvent } from '../engine/index.js';
import type { ShopifyTrigger } from './triggers/index.js';

export const SWITCHBOARD_UNINSTALLED = 'Switchboard uninstalled';

export interface WebhookDeps {
  store: Store;
  shopify: Shopify;
  triggers: ShopifyTrigger[];
  onAccepted?: () => void;
  /**
   * Told of every verified, first-seen event of a shop that has Switchboard
   * (the Klaviyo sync listens here). Not awaited: Shopify wants its answer
   * within seconds, whatever a listener's service is doing.
   */
  onShopifyEvent?: (shop: Shop, topic: string, payload: Record<string, unknown>) => Promise<unknown>;
  log: { info(o: object, m?: string): void; warn(o: object, m?: string): void };
}

export interface WebhookOutcome {
  status: number;
  body: Record<string, unknown>;
}

export async function receiveWebhook(deps: WebhookDeps, rawBody: string, req: IncomingMessage, res: ServerResponse): Promise<WebhookOutcome> {
  const check = await deps.shopify.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
  if (!check.valid) {
    return { status: 401, body: { error: { code: 'invalid_webhook', message: `Webhook refused: ${check.reason}` } } };
  }
  // The library reports the topic in storage form (ORDERS_CREATE); routing uses Shopify's header form (orders/create).
  const topic = String(req.headers['x-shopify-topic'] ?? '').toLowerCase();
  const fresh = await deps.store.recordWebhook(check.webhookId, check.domain, topic, Date.now());
  if (!fresh) return { status: 200, body: { duplicate: true } };
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(rawBody) as Record<string, unknown>;
  } catch {
    return { status: 400, body: { error: { code: 'malformed_json', message: 'The webhook body is not JSON' } } };
  }
  const shop = await deps.store.getShopByDomain(check.domain);
  if (!shop) return { status: 200, body: { ignored: `unknown shop ${check.domain}` } };
  return route(deps, topic, shop, payload);
}

async function route(deps: WebhookDeps, topic: string, shop: Shop, payload: Record<string, unknown>): Promise<WebhookOutcome> {
  switch (topic) {
    case 'app/uninstalled': {
      await deps.store.setSwitchboardInstalled(shop.id, false, SWITCHBOARD_UNINSTALLED);
      const sessions = await deps.store.findShopifySessionsByShop(shop.domain);
      await deps.store.deleteShopifySessions(sessions.map((s) => s.id));
      deps.log.info({ shop: shop.domain }, 'Switchboard uninstalled: workflows turned off, kept');
      return { status: 200, body: { uninstalled: true } };
    }
    case 'customers/redact': {
      const result = await deps.store.redactCustomer(shop.id, customerKeysOfRequest(payload));
      deps.log.info({ shop: shop.domain, ...result }, 'customer data redacted');
      return { status: 200, body: { redacted: result } };
    }
    case 'shop/redact': {
      await deps.store.redactShop(shop.id);
      deps.log.info({ shop: shop.domain }, 'shop data redacted');
      return { status: 200, body: { redacted: true } };
    }
    case 'customers/data_request': {
      const keys = customerKeysOfRequest(payload);
      const data = await deps.store.collectCustomerData(shop.id, keys);
      const document = {
        shop: shop.domain,
        customer: payload.customer ?? null,
        data_request: payload.data_request ?? null,
        events: data.events.map((e) => ({ id: e.id, source: e.source, handle: e.handle, payload: e.payload, received_at: new Date(e.receivedAt).toISOString() })),
        runs: data.runs.map((r) => ({ id: r.id, workflow_id: r.workflowId, status: r.status, created_at: new Date(r.createdAt).toISOString() })),
        actions_sent: data.deliveries.map((d) => ({ action_run_id: d.id, handle: d.handle, request: JSON.parse(d.body) as unknown, status: d.status })),
      };
      const id = await deps.store.saveDataRequest(shop.id, keys, document);
      deps.log.info({ shop: shop.domain, data_request: id, events: data.events.length }, 'customer data request answered');
      return { status: 200, body: { data_request_id: id } };
    }
  }
  if (shop.switchboardInstalled && deps.onShopifyEvent) {
    deps.onShopifyEvent(shop, topic, payload).catch((err: unknown) => deps.log.warn({ shop: shop.domain, topic, err: String(err) }, 'a Shopify event listener failed'));
  }
  const trigger = deps.triggers.find((t) => t.topic === topic);
  if (!trigger) return { status: 200, body: { ignored: `no trigger for ${topic}` } };
  if (!shop.switchboardInstalled) return { status: 200, body: { ignored: 'Switchboard is not installed in this shop' } };
  const result = await acceptEvent(deps.store, {
    shopId: shop.id,
    source: 'shopify',
    handle: trigger.handle,
    payload: trigger.toData(payload),
    customerKeys: customerKeys(trigger.customer?.(payload), orderKey(topic, payload)),
  });
  if (!result.replayed && result.runsStarted > 0) deps.onAccepted?.();
  return { status: 200, body: result.answer as unknown as Record<string, unknown> };
}

/** Keys under which an event is filed for a customer: `id:<n>`, `email:<lower-case>`, plus `order:<n>`. */
export function customerKeys(customer: { id?: number; email?: string } | undefined, order?: string): string[] {
  const keys: string[] = [];
  if (customer?.id !== undefined) keys.push(`id:${customer.id}`);
  if (customer?.email) keys.push(`email:${customer.email.toLowerCase()}`);
  if (order) keys.push(order);
  return keys;
}

function orderKey(topic: string, payload: Record<string, unknown>): string | undefined {
  if (topic.startsWith('orders/') && typeof payload.id === 'number') return `order:${payload.id}`;
  if (topic === 'refunds/create' && typeof payload.order_id === 'number') return `order:${payload.order_id}`;
  return undefined;
}

/** The customer named by a compliance request, and the orders it lists. */
function customerKeysOfRequest(payload: Record<string, unknown>): string[] {
  const customer = (payload.customer ?? {}) as { id?: number; email?: string };
  const orders = [...((payload.orders_to_redact as number[] | undefined) ?? []), ...((payload.orders_requested as number[] | undefined) ?? [])];
  return [...customerKeys(customer), ...orders.map((o) => `order:${o}`)];
}
