/**
 * Shopify webhook payloads for the tests: the JSON files in fixtures/shopify
 * (shaped as Shopify's REST webhooks send them) and the states an order goes
 * through after it is placed. Each call returns a fresh copy.
 */
import { readFileSync } from 'node:fs';

// Loose on purpose: tests edit fixtures freely, as a webhook body is plain JSON.
type Json = Record<string, any>;

function load(name: string): Json {
  return JSON.parse(readFileSync(new URL(`../../fixtures/shopify/${name}.json`, import.meta.url), 'utf8')) as Json;
}

/** orders/create: #1042, three line items (2 + 1 + 1 units), 127.92 USD, paid, unfulfilled. */
export function placedOrder(): Json {
  return load('order');
}

const FULFILMENT = {
  id: 5311472615738,
  admin_graphql_api_id: 'gid://shopify/Fulfillment/5311472615738',
  created_at: '2024-11-06T09:41:12-05:00',
  location_id: 70123456826,
  name: '#1042.1',
  order_id: 5829371265338,
  origin_address: {},
  receipt: {},
  service: 'manual',
  shipment_status: null,
  status: 'success',
  tracking_company: 'UPS',
  tracking_number: '1Z999AA10123456784',
  tracking_numbers: ['1Z999AA10123456784'],
  tracking_url: 'https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1Z999AA10123456784',
  tracking_urls: ['https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=1Z999AA10123456784'],
  updated_at: '2024-11-06T09:41:12-05:00',
  line_items: [],
};

/** orders/fulfilled: the same order, shipped in one UPS parcel. */
export function fulfilledOrder(): Json {
  const order = placedOrder();
  order.fulfillment_status = 'fulfilled';
  order.updated_at = '2024-11-06T09:41:13-05:00';
  for (const item of order.line_items) {
    item.fulfillment_status = 'fulfilled';
    item.fulfillable_quantity = 0;
  }
  order.fulfillments = [{ ...FULFILMENT, line_items: structuredClone(order.line_items) }];
  return order;
}

/** orders/cancelled: cancelled by the customer before anything shipped (payment voided, restocked). */
export function cancelledBeforeFulfilment(): Json {
  const order = placedOrder();
  order.cancelled_at = '2024-11-05T16:02:44-05:00';
  order.cancel_reason = 'customer';
  order.closed_at = '2024-11-05T16:02:44-05:00';
  order.financial_status = 'voided';
  order.updated_at = '2024-11-05T16:02:45-05:00';
  for (const item of order.line_items) {
    item.current_quantity = 0;
    item.fulfillable_quantity = 0;
  }
  return order;
}

/** orders/cancelled: cancelled after it had shipped (a return handled as a cancellation). */
export function cancelledAfterFulfilment(): Json {
  const order = fulfilledOrder();
  order.cancelled_at = '2024-11-20T11:15:00-05:00';
  order.cancel_reason = 'other';
  order.closed_at = '2024-11-20T11:15:00-05:00';
  order.financial_status = 'refunded';
  order.updated_at = '2024-11-20T11:15:01-05:00';
  return order;
}

/** The Refund of the socks (17.56 of 127.92), as refunds/create sends it. */
export function partialRefund(): Json {
  return load('refund-partial');
}

/** A Refund giving back everything: all three line items, shipping, 127.92. */
export function fullRefund(): Json {
  const order = placedOrder();
  const refund = partialRefund();
  refund.id = 929361495866;
  refund.admin_graphql_api_id = 'gid://shopify/Refund/929361495866';
  refund.note = 'Order arrived damaged';
  refund.created_at = refund.processed_at = '2024-11-13T08:30:00-05:00';
  refund.transactions[0].id = 7241170346298;
  refund.transactions[0].amount = '127.92';
  refund.order_adjustments = [
    { id: 264875491642, order_id: order.id, refund_id: refund.id, amount: '-5.00', tax_amount: '0.00', kind: 'shipping_refund', reason: 'Shipping refund' },
  ];
  refund.refund_line_items = order.line_items.map((item: Json, i: number) => ({
    id: 512873939258 + i,
    line_item_id: item.id,
    location_id: 70123456826,
    quantity: item.quantity,
    restock_type: 'return',
    subtotal: Math.round(Number(item.price) * item.quantity * 100 - Number(item.discount_allocations[0].amount) * 100) / 100,
    total_tax: Number(item.tax_lines[0].price),
    line_item: item,
  }));
  return refund;
}

/** The fulfilled order after `refunds` were made, with the financial status Shopify then gives it. */
export function orderAfterRefunds(refunds: Json[], financialStatus: 'refunded' | 'partially_refunded'): Json {
  const order = fulfilledOrder();
  order.refunds = refunds;
  order.financial_status = financialStatus;
  order.updated_at = refunds.map((r) => r.processed_at as string).sort().at(-1);
  return order;
}

/** refunds/create as the sync takes it: the Refund with the refunded order attached. */
export function refundWithOrder(refund: Json, earlier: Json[] = []): Json {
  const all = [...earlier, refund];
  const refunded = all.flatMap((r) => r.transactions).reduce((sum: number, t: Json) => sum + Math.round(Number(t.amount) * 100), 0);
  const status = refunded >= Math.round(Number(placedOrder().total_price) * 100) ? 'refunded' : 'partially_refunded';
  return { ...refund, order: orderAfterRefunds(all, status) };
}

/** checkouts/create (or /update): two products, email given, with the recovery URL. */
export function checkout(): Json {
  return load('checkout');
}

/** A Web Pixel product_viewed event of a logged-in customer. */
export function productViewed(): Json {
  return load('product-viewed');
}

/** A Web Pixel product_added_to_cart event (2 beanies) of a logged-in customer. */
export function addedToCart(): Json {
  return load('product-added-to-cart');
}

/** The same payload from a customer Shopify knows no email for (a guest, a POS sale, a visitor not logged in). */
export function anonymous(payload: Json): Json {
  const copy = structuredClone(payload);
  for (const target of [copy, copy.order].filter(Boolean)) {
    if ('email' in target) target.email = null;
    if ('contact_email' in target) target.contact_email = null;
    if ('customer' in target) target.customer = null;
  }
  return copy;
}
