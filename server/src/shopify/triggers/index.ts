/**
 * Switchboard's built-in Shopify triggers: one webhook topic each, turned
 * into run data shaped as Shopify Flow exposes it (the subject at a top-level
 * key: order, refund, product, inventory_level, customer, checkout).
 */
import { checkoutCreated } from './checkout-created.js';
import { customerCreated } from './customer-created.js';
import { inventoryQuantityChanged } from './inventory-quantity-changed.js';
import { orderCancelled } from './order-cancelled.js';
import { orderCreated } from './order-created.js';
import { orderFulfilled } from './order-fulfilled.js';
import { orderPaid } from './order-paid.js';
import { productCreated } from './product-created.js';
import { productUpdated } from './product-updated.js';
import { refundCreated } from './refund-created.js';
import type { ShopifyTrigger } from './types.js';

export type { ShopifyTrigger } from './types.js';

export const SHOPIFY_TRIGGERS: ShopifyTrigger[] = [
  orderCreated,
  orderPaid,
  orderFulfilled,
  orderCancelled,
  refundCreated,
  productCreated,
  productUpdated,
  inventoryQuantityChanged,
  customerCreated,
  checkoutCreated,
];

const BY_HANDLE = new Map(SHOPIFY_TRIGGERS.map((t) => [t.handle, t]));

export function findShopifyTrigger(handle: string): ShopifyTrigger | undefined {
  return BY_HANDLE.get(handle);
}
