/** The `order` variable of the order triggers: Shopify's REST Order as its orders/* webhooks send it. */
import type { VarType } from '../../engine/definition.js';
import { ADDRESS, CUSTOMER, DISCOUNT_CODE, LINE_ITEM, MONEY_SET, NAME_VALUE, SHIPPING_LINE } from './fragments.js';
import { bool, date, fieldsOf, int, listOf, obj, str } from './types.js';

export const ORDER: VarType = obj({
  id: int,
  admin_graphql_api_id: str,
  /** '#1001' */
  name: str,
  order_number: int,
  email: str,
  contact_email: str,
  phone: str,
  created_at: date,
  updated_at: date,
  processed_at: date,
  cancelled_at: date,
  cancel_reason: str,
  currency: str,
  presentment_currency: str,
  financial_status: str,
  fulfillment_status: str,
  confirmed: bool,
  test: bool,
  buyer_accepts_marketing: bool,
  taxes_included: bool,
  total_price: str,
  subtotal_price: str,
  total_tax: str,
  total_discounts: str,
  total_line_items_price: str,
  current_total_price: str,
  current_subtotal_price: str,
  total_outstanding: str,
  total_price_set: MONEY_SET,
  total_shipping_price_set: MONEY_SET,
  total_weight: int,
  tags: str,
  note: str,
  note_attributes: NAME_VALUE,
  discount_codes: listOf(DISCOUNT_CODE),
  payment_gateway_names: listOf(str),
  source_name: str,
  order_status_url: str,
  customer_locale: str,
  line_items: listOf(LINE_ITEM),
  shipping_lines: listOf(SHIPPING_LINE),
  shipping_address: ADDRESS,
  billing_address: ADDRESS,
  customer: CUSTOMER,
});

export const FULFILLMENT: VarType = obj({
  id: int,
  admin_graphql_api_id: str,
  order_id: int,
  /** '#9999.1' */
  name: str,
  status: str,
  shipment_status: str,
  service: str,
  location_id: int,
  tracking_company: str,
  tracking_number: str,
  tracking_numbers: listOf(str),
  tracking_url: str,
  tracking_urls: listOf(str),
  created_at: date,
  updated_at: date,
  line_items: listOf(LINE_ITEM),
});

/** The order of orders/fulfilled: also its fulfillments, with tracking. */
export const FULFILLED_ORDER: VarType = obj({ ...fieldsOf(ORDER), fulfillments: listOf(FULFILLMENT) });
