/**
 * Which Klaviyo events a Shopify event becomes: the commerce events of
 * Klaviyo's Shopify integration (DESIGN.md section 2). Pure: no I/O, the
 * same input always gives the same events, with the same unique_id, so a
 * webhook Shopify sends twice is recorded once.
 *
 * | topic                          | Klaviyo events                                                     |
 * |--------------------------------|--------------------------------------------------------------------|
 * | orders/create                  | Placed Order, and Ordered Product per line item                    |
 * | orders/fulfilled               | Fulfilled Order                                                    |
 * | orders/cancelled               | Cancelled Order, only if nothing was fulfilled before cancelling  |
 * | orders/updated                 | Refunded Order when financial_status is "refunded" (full refund)  |
 * | refunds/create (+ its order)   | Refunded Order when the refunds now cover the whole order         |
 * | checkouts/create, /update      | Started Checkout, with the checkout URL (once per checkout)        |
 * | storefront/product_viewed      | Viewed Product                                                     |
 * | storefront/product_added_to_cart | Added to Cart                                                    |
 *
 * Nothing at all for a customer who is not identified (no email).
 */
import type { KlaviyoEvent } from './klaviyo-client.js';
import type {
  PixelEvent,
  PixelProductVariant,
  ShopifyCheckout,
  ShopifyCustomer,
  ShopifyLineItem,
  ShopifyOrder,
  ShopifyRefund,
  ShopifyRefundWithOrder,
} from './shopify-payloads.js';

/** The Shopify webhook topics to subscribe to, delivered with Shopify's payload as is. */
export const SYNC_TOPICS = [
  'orders/create',
  'orders/updated',
  'orders/fulfilled',
  'orders/cancelled',
  'checkouts/create',
  'checkouts/update',
] as const;

/**
 * Topics whose payload the caller assembles: `refunds/create` with the
 * order attached (see `ShopifyRefundWithOrder`; `orders/updated` already
 * covers full refunds without it), and storefront Web Pixel events.
 */
export const ASSEMBLED_TOPICS = ['refunds/create', 'storefront/product_viewed', 'storefront/product_added_to_cart'] as const;

export type SyncTopic = (typeof SYNC_TOPICS)[number] | (typeof ASSEMBLED_TOPICS)[number];

/** Klaviyo's metric names, as its Shopify integration and the seed documents name them. */
export const METRICS = {
  viewedProduct: 'Viewed Product',
  addedToCart: 'Added to Cart',
  startedCheckout: 'Started Checkout',
  placedOrder: 'Placed Order',
  orderedProduct: 'Ordered Product',
  fulfilledOrder: 'Fulfilled Order',
  cancelledOrder: 'Cancelled Order',
  refundedOrder: 'Refunded Order',
} as const;

/** A payload the rules cannot read: `field` names what is missing or mistyped. */
export class ShopifyPayloadError extends Error {
  readonly topic: string;
  readonly field: string;
  readonly problem: string;

  constructor(topic: string, field: string, problem: string) {
    super(`${topic}: ${field} ${problem}`);
    this.name = 'ShopifyPayloadError';
    this.topic = topic;
    this.field = field;
    this.problem = problem;
  }
}

/** The Klaviyo events for one Shopify event, in the order to send them; none for an anonymous customer. */
export function klaviyoEventsFor(topic: string, payload: unknown): KlaviyoEvent[] {
  const rule = Object.hasOwn(RULES, topic) ? RULES[topic as SyncTopic] : undefined;
  if (rule === undefined) {
    throw new ShopifyPayloadError(topic, 'topic', `is not one the Klaviyo sync handles (${[...SYNC_TOPICS, ...ASSEMBLED_TOPICS].join(', ')})`);
  }
  return rule(payload, topic);
}

type Rule = (payload: unknown, topic: string) => KlaviyoEvent[];

const RULES: Record<SyncTopic, Rule> = {
  'orders/create': (payload, topic) => {
    const order = readOrder(payload, topic);
    const profile = profileOf(order.email, order.contact_email, order.customer);
    if (!profile) return [];
    const time = orderTime(order);
    const placed: KlaviyoEvent = {
      metric: METRICS.placedOrder,
      profile,
      properties: { ...orderSummary(order), ...discounts(order), SourceName: order.source_name, OrderStatusURL: order.order_status_url },
      ...timed(time),
      ...priced(order.total_price, order.currency),
      uniqueId: String(order.id),
    };
    const products = order.line_items.map((item): KlaviyoEvent => ({
      metric: METRICS.orderedProduct,
      profile,
      properties: { OrderId: order.id, OrderName: order.name, ...orderedItem(item) },
      ...timed(time),
      ...priced(rowTotal(item), order.currency),
      uniqueId: `${order.id}:${item.id}`,
    }));
    return [placed, ...products].map(withoutEmptyProperties);
  },

  'orders/fulfilled': (payload, topic) => {
    const order = readOrder(payload, topic);
    const profile = profileOf(order.email, order.contact_email, order.customer);
    if (!profile) return [];
    const shipped = (order.fulfillments ?? []).filter((f) => f.status === 'success');
    const latest = shipped.map((f) => f.created_at).filter(isText).sort().at(-1);
    return [
      withoutEmptyProperties({
        metric: METRICS.fulfilledOrder,
        profile,
        properties: {
          ...orderSummary(order),
          TrackingCompanies: unique(shipped.map((f) => f.tracking_company)),
          TrackingNumbers: unique(shipped.flatMap((f) => f.tracking_numbers ?? [])),
          TrackingURLs: unique(shipped.flatMap((f) => f.tracking_urls ?? [])),
        },
        ...timed(latest ?? order.updated_at),
        ...priced(order.total_price, order.currency),
        uniqueId: String(order.id),
      }),
    ];
  },

  'orders/cancelled': (payload, topic) => {
    const order = readOrder(payload, topic);
    const profile = profileOf(order.email, order.contact_email, order.customer);
    // Klaviyo's Cancelled Order is for orders cancelled before they shipped.
    if (!profile || fulfilmentStarted(order)) return [];
    return [
      withoutEmptyProperties({
        metric: METRICS.cancelledOrder,
        profile,
        properties: { ...orderSummary(order), CancelReason: order.cancel_reason },
        ...timed(order.cancelled_at ?? order.updated_at),
        ...priced(order.total_price, order.currency),
        uniqueId: String(order.id),
      }),
    ];
  },

  // Shopify's own verdict: "refunded" once refunds cover what was paid, "partially_refunded" before.
  'orders/updated': (payload, topic) => {
    const order = readOrder(payload, topic);
    if (order.financial_status !== 'refunded') return [];
    const latest = (order.refunds ?? []).map((r) => r.processed_at ?? r.created_at).filter(isText).sort().at(-1);
    return refundedOrder(order, latest ?? order.updated_at, undefined);
  },

  'refunds/create': (payload, topic) => {
    const refund = readRefund(payload, topic);
    if (!isFullRefund(refund, refund.order)) return [];
    return refundedOrder(refund.order, refund.processed_at ?? refund.created_at, refund.note);
  },

  'checkouts/create': startedCheckout,
  'checkouts/update': startedCheckout,

  'storefront/product_viewed': (payload, topic) => {
    const event = readPixelEvent(payload, topic, 'productVariant');
    const variant = event.data.productVariant as PixelProductVariant;
    const profile = profileOf(event.customer?.email);
    if (!profile) return [];
    return [
      withoutEmptyProperties({
        metric: METRICS.viewedProduct,
        profile,
        properties: variantProperties(variant, event, ''),
        ...timed(event.timestamp),
        value: variant.price.amount,
        valueCurrency: variant.price.currencyCode,
        uniqueId: event.id,
      }),
    ];
  },

  'storefront/product_added_to_cart': (payload, topic) => {
    const event = readPixelEvent(payload, topic, 'cartLine');
    const line = event.data.cartLine as NonNullable<PixelEvent['data']['cartLine']>;
    const profile = profileOf(event.customer?.email);
    if (!profile) return [];
    const total = line.cost?.totalAmount ?? { amount: line.merchandise.price.amount * line.quantity, currencyCode: line.merchandise.price.currencyCode };
    return [
      withoutEmptyProperties({
        metric: METRICS.addedToCart,
        profile,
        properties: { ...variantProperties(line.merchandise, event, 'AddedItem'), AddedItemQuantity: line.quantity },
        ...timed(event.timestamp),
        value: roundMoney(total.amount),
        valueCurrency: total.currencyCode,
        uniqueId: event.id,
      }),
    ];
  },
};

function startedCheckout(payload: unknown, topic: string): KlaviyoEvent[] {
  const checkout = readCheckout(payload, topic);
  const profile = profileOf(checkout.email, checkout.customer);
  // Shopify sends checkouts/update on every change; the first identified one counts (same unique_id).
  if (!profile) return [];
  const items = checkout.line_items.map((item) => ({ ...itemProperties(item), Quantity: item.quantity, ItemPrice: money(item.price), RowTotal: rowTotal(item) }));
  return [
    withoutEmptyProperties({
      metric: METRICS.startedCheckout,
      profile,
      properties: {
        CheckoutURL: checkout.abandoned_checkout_url,
        ItemNames: checkout.line_items.map((i) => i.title),
        ItemCount: checkout.line_items.reduce((n, i) => n + i.quantity, 0),
        Brands: unique(checkout.line_items.map((i) => i.vendor)),
        DiscountCodes: (checkout.discount_codes ?? []).map((d) => d.code),
        TotalDiscounts: optionalMoney(checkout.total_discounts),
        Currency: checkout.currency,
        Items: items,
      },
      ...timed(checkout.updated_at ?? checkout.created_at),
      ...priced(checkout.total_price, checkout.currency),
      uniqueId: checkout.token,
    }),
  ];
}

function refundedOrder(order: ShopifyOrder, time: string | null | undefined, note: string | null | undefined): KlaviyoEvent[] {
  const profile = profileOf(order.email, order.contact_email, order.customer);
  if (!profile) return [];
  return [
    withoutEmptyProperties({
      metric: METRICS.refundedOrder,
      profile,
      properties: { ...orderSummary(order), RefundNote: note },
      ...timed(time),
      ...priced(order.total_price, order.currency),
      // Both refund paths share it, so subscribing to both still records one event.
      uniqueId: String(order.id),
    }),
  ];
}

/**
 * True when the refunds, this one included, give back the whole order: the
 * successful refund transactions add up to its total. An order that cost
 * nothing is fully refunded when every unit of every line item is.
 */
export function isFullRefund(refund: ShopifyRefund, order: ShopifyOrder): boolean {
  const refunds = new Map((order.refunds ?? []).map((r) => [r.id, r]));
  refunds.set(refund.id, refund);
  const total = cents(order.total_price);
  if (total > 0) {
    let refunded = 0;
    for (const r of refunds.values()) {
      for (const t of r.transactions ?? []) if (t.kind === 'refund' && t.status === 'success') refunded += cents(t.amount);
    }
    return refunded >= total;
  }
  const units = new Map<number, number>();
  for (const r of refunds.values()) {
    for (const line of r.refund_line_items ?? []) units.set(line.line_item_id, (units.get(line.line_item_id) ?? 0) + line.quantity);
  }
  return order.line_items.every((item) => (units.get(item.id) ?? 0) >= item.quantity);
}

/** Whether any fulfilment had begun: Shopify's status, or a fulfilment that was not cancelled or failed. */
export function fulfilmentStarted(order: ShopifyOrder): boolean {
  if (order.fulfillment_status === 'fulfilled' || order.fulfillment_status === 'partial') return true;
  return (order.fulfillments ?? []).some((f) => !['cancelled', 'error', 'failure'].includes(f.status));
}

// ---- properties, modelled on Klaviyo's Shopify and custom-integration events

function orderSummary(order: ShopifyOrder): Record<string, unknown> {
  return {
    OrderId: order.id,
    OrderName: order.name,
    ItemNames: order.line_items.map((i) => i.title),
    ItemCount: order.line_items.reduce((n, i) => n + i.quantity, 0),
    Brands: unique(order.line_items.map((i) => i.vendor)),
    Currency: order.currency,
    Items: order.line_items.map(orderedItem),
  };
}

function discounts(order: ShopifyOrder): Record<string, unknown> {
  return { DiscountCodes: (order.discount_codes ?? []).map((d) => d.code), TotalDiscounts: optionalMoney(order.total_discounts) };
}

function orderedItem(item: ShopifyLineItem): Record<string, unknown> {
  return { ...itemProperties(item), Quantity: item.quantity, ItemPrice: money(item.price), RowTotal: rowTotal(item) };
}

function itemProperties(item: Omit<ShopifyLineItem, 'id'>): Record<string, unknown> {
  return { ProductID: item.product_id, VariantID: item.variant_id, SKU: item.sku, ProductName: item.title, VariantName: item.variant_title, Brand: item.vendor };
}

function variantProperties(variant: PixelProductVariant, event: PixelEvent, prefix: '' | 'AddedItem'): Record<string, unknown> {
  const page = event.context?.document?.location?.href;
  return {
    [`${prefix}ProductName`]: variant.product.title,
    [`${prefix}ProductID`]: variant.product.id,
    [`${prefix}VariantID`]: variant.id,
    [`${prefix}VariantName`]: variant.title,
    [`${prefix}SKU`]: variant.sku,
    [`${prefix}Brand`]: variant.product.vendor,
    [`${prefix}Categories`]: variant.product.type ? [variant.product.type] : [],
    [`${prefix}Price`]: variant.price.amount,
    [`${prefix}ImageURL`]: absoluteUrl(variant.image?.src, page),
    [`${prefix}URL`]: absoluteUrl(variant.product.url, page),
  };
}

// ---- reading payloads

function readOrder(payload: unknown, topic: string): ShopifyOrder {
  const order = readObject(payload, topic, 'the payload');
  requireId(order, topic, 'id');
  requireMoney(order, topic, 'total_price');
  requireLineItems(order, topic, 'line_items', true);
  return order as unknown as ShopifyOrder;
}

function readRefund(payload: unknown, topic: string): ShopifyRefundWithOrder {
  const refund = readObject(payload, topic, 'the payload');
  requireId(refund, topic, 'id');
  if (typeof refund.order !== 'object' || refund.order === null) {
    throw new ShopifyPayloadError(
      topic,
      'order',
      'is missing: send the Refund with the refunded order attached as "order" (the webhook alone names neither the customer nor the order total)',
    );
  }
  try {
    readOrder(refund.order, topic);
  } catch (error) {
    if (error instanceof ShopifyPayloadError) throw new ShopifyPayloadError(topic, `order.${error.field}`, error.problem);
    throw error;
  }
  return refund as unknown as ShopifyRefundWithOrder;
}

function readCheckout(payload: unknown, topic: string): ShopifyCheckout {
  const checkout = readObject(payload, topic, 'the payload');
  if (!isText(checkout.token)) throw new ShopifyPayloadError(topic, 'token', 'must be the checkout token (a string)');
  requireMoney(checkout, topic, 'total_price');
  requireLineItems(checkout, topic, 'line_items', false);
  return checkout as unknown as ShopifyCheckout;
}

function readPixelEvent(payload: unknown, topic: string, key: 'productVariant' | 'cartLine'): PixelEvent {
  const event = readObject(payload, topic, 'the payload');
  if (!isText(event.id)) throw new ShopifyPayloadError(topic, 'id', 'must be the pixel event id (a string)');
  const data = readObject(event.data, topic, 'data');
  const variant = key === 'cartLine' ? readObject(data.cartLine, topic, 'data.cartLine').merchandise : data.productVariant;
  const path = key === 'cartLine' ? 'data.cartLine.merchandise' : 'data.productVariant';
  const v = readObject(variant, topic, path);
  const product = readObject(v.product, topic, `${path}.product`);
  const price = readObject(v.price, topic, `${path}.price`);
  if (!isText(product.id) && typeof product.id !== 'number') throw new ShopifyPayloadError(topic, `${path}.product.id`, 'is missing');
  if (typeof price.amount !== 'number') throw new ShopifyPayloadError(topic, `${path}.price.amount`, 'must be a number');
  return event as unknown as PixelEvent;
}

function readObject(value: unknown, topic: string, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ShopifyPayloadError(topic, field, 'must be a JSON object');
  return value as Record<string, unknown>;
}

/** `key` must hold a Shopify id; `label` is how problems name it (`line_items[2].id`). */
function requireId(object: Record<string, unknown>, topic: string, key: string, label = key): void {
  const id = object[key];
  if (!(typeof id === 'number' && Number.isInteger(id)) && !isText(id)) throw new ShopifyPayloadError(topic, label, 'must be the Shopify id');
}

function requireMoney(object: Record<string, unknown>, topic: string, key: string, label = key): void {
  const value = object[key];
  if (!((isText(value) || typeof value === 'number') && Number.isFinite(Number(value)))) {
    throw new ShopifyPayloadError(topic, label, 'must be an amount such as "19.99"');
  }
}

function requireLineItems(object: Record<string, unknown>, topic: string, field: string, withIds: boolean): void {
  const items = object[field];
  if (!Array.isArray(items)) throw new ShopifyPayloadError(topic, field, 'must be a list');
  items.forEach((item: unknown, i) => {
    const line = readObject(item, topic, `${field}[${i}]`);
    if (withIds) requireId(line, topic, 'id', `${field}[${i}].id`);
    if (typeof line.quantity !== 'number') throw new ShopifyPayloadError(topic, `${field}[${i}].quantity`, 'must be a number');
    requireMoney(line, topic, 'price', `${field}[${i}].price`);
  });
}

// ---- small values

function profileOf(...candidates: Array<string | ShopifyCustomer | null | undefined>): KlaviyoEvent['profile'] | undefined {
  const customer = candidates.find((c): c is ShopifyCustomer => typeof c === 'object' && c !== null);
  const email = candidates.map((c) => (typeof c === 'string' ? c : c?.email)).find(isText)?.trim();
  if (!email) return undefined;
  return {
    email,
    ...(isText(customer?.first_name) ? { first_name: customer.first_name } : {}),
    ...(isText(customer?.last_name) ? { last_name: customer.last_name } : {}),
  };
}

function orderTime(order: ShopifyOrder): string | null | undefined {
  return order.processed_at ?? order.created_at;
}

function timed(time: string | null | undefined): { time?: string } {
  const ms = time ? Date.parse(time) : Number.NaN;
  return Number.isNaN(ms) ? {} : { time: new Date(ms).toISOString() };
}

function priced(amount: string | number, currency: string | undefined): { value: number; valueCurrency?: string } {
  return { value: money(amount), ...(currency ? { valueCurrency: currency } : {}) };
}

function rowTotal(item: { price: string; quantity: number }): number {
  return (cents(item.price) * item.quantity) / 100;
}

function cents(amount: string | number): number {
  return Math.round(Number(amount) * 100);
}

function money(amount: string | number): number {
  return cents(amount) / 100;
}

function optionalMoney(amount: string | undefined): number | undefined {
  return amount === undefined ? undefined : money(amount);
}

function roundMoney(amount: number): number {
  return Math.round(amount * 100) / 100;
}

function unique(values: Array<string | null | undefined>): string[] {
  return [...new Set(values.filter(isText))];
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function absoluteUrl(url: string | null | undefined, page: string | undefined): string | undefined {
  if (!isText(url)) return undefined;
  if (url.startsWith('//')) return `https:${url}`;
  try {
    return new URL(url, page).toString();
  } catch {
    return url; // relative, and no page to resolve it against
  }
}

/** Drops null and undefined properties (and in items), so Klaviyo stores only what Shopify knew. */
function withoutEmptyProperties(event: KlaviyoEvent): KlaviyoEvent {
  return { ...event, properties: compact(event.properties) as Record<string, unknown> };
}

function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k, compact(v)]),
  );
}
