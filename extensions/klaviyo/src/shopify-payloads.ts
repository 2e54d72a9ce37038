/**
 * The parts of Shopify's webhook payloads (REST Admin API JSON) the sync
 * reads, and of the storefront's Web Pixel events. Shopify sends more; the
 * rest is ignored. Money is a decimal string, as Shopify writes it.
 */

export interface ShopifyCustomer {
  id?: number;
  email?: string | null;
  first_name?: string | null;
  last_name?: string | null;
}

export interface ShopifyLineItem {
  id: number;
  product_id?: number | null;
  variant_id?: number | null;
  title?: string;
  name?: string;
  variant_title?: string | null;
  sku?: string | null;
  vendor?: string | null;
  quantity: number;
  price: string;
  total_discount?: string;
}

export interface ShopifyTransaction {
  id: number;
  kind: string;
  status: string;
  amount: string;
}

export interface ShopifyRefund {
  id: number;
  order_id: number;
  created_at?: string;
  processed_at?: string | null;
  note?: string | null;
  refund_line_items?: Array<{ line_item_id: number; quantity: number; subtotal?: number | string }>;
  transactions?: ShopifyTransaction[];
}

export interface ShopifyFulfillment {
  id: number;
  status: string;
  created_at?: string;
  updated_at?: string;
  tracking_company?: string | null;
  tracking_numbers?: string[];
  tracking_urls?: string[];
}

/** An Order, as `orders/*` webhooks send it. */
export interface ShopifyOrder {
  id: number;
  name?: string;
  order_number?: number;
  email?: string | null;
  contact_email?: string | null;
  customer?: ShopifyCustomer | null;
  created_at?: string;
  processed_at?: string | null;
  updated_at?: string;
  cancelled_at?: string | null;
  cancel_reason?: string | null;
  currency?: string;
  financial_status?: string | null;
  fulfillment_status?: string | null;
  total_price: string;
  subtotal_price?: string;
  total_discounts?: string;
  total_tax?: string;
  discount_codes?: Array<{ code: string; amount: string; type?: string }>;
  source_name?: string;
  order_status_url?: string;
  line_items: ShopifyLineItem[];
  fulfillments?: ShopifyFulfillment[];
  refunds?: ShopifyRefund[];
}

/** A Checkout, as `checkouts/create` and `checkouts/update` send it. */
export interface ShopifyCheckout {
  id?: number;
  token: string;
  email?: string | null;
  customer?: ShopifyCustomer | null;
  created_at?: string;
  updated_at?: string;
  currency?: string;
  presentment_currency?: string;
  total_price: string;
  subtotal_price?: string;
  total_discounts?: string;
  discount_codes?: Array<{ code: string; amount?: string }>;
  abandoned_checkout_url?: string | null;
  line_items: Array<Omit<ShopifyLineItem, 'id'> & { key?: string; line_price?: string }>;
}

/**
 * What `refunds/create` must carry: the Refund as Shopify sends it, plus the
 * refunded order under `order` (as `GET /admin/api/<version>/orders/<order_id>.json`
 * returns it, after the refund). The Refund alone names neither the customer
 * nor the order's total, so it cannot tell a full refund from a partial one.
 */
export type ShopifyRefundWithOrder = ShopifyRefund & { order: ShopifyOrder };

/** A product variant as Web Pixel events describe it. */
export interface PixelProductVariant {
  id: string;
  title?: string | null;
  sku?: string | null;
  price: { amount: number; currencyCode: string };
  image?: { src?: string | null } | null;
  product: { id: string; title: string; vendor?: string | null; type?: string | null; url?: string | null };
}

/**
 * A storefront event: Shopify's Web Pixel standard event (`product_viewed`,
 * `product_added_to_cart`, from `analytics.subscribe`) with the customer the
 * pixel knows (`init.data.customer`, present when the visitor is logged in).
 */
export interface PixelEvent {
  /** The pixel event's id, unique per event: the Klaviyo unique_id. */
  id: string;
  name?: string;
  timestamp: string;
  customer?: ShopifyCustomer | null;
  context?: { document?: { location?: { href?: string } } };
  data: {
    productVariant?: PixelProductVariant;
    cartLine?: {
      quantity: number;
      merchandise: PixelProductVariant;
      cost?: { totalAmount?: { amount: number; currencyCode: string } };
    };
  };
}
