/**
 * refunds/create: the webhook body is the refund; it names its order only by
 * id, so `order` carries the id and the order's Admin GraphQL id (the full
 * order would need an Admin API read).
 */
import { LINE_ITEM } from './fragments.js';
import { AVIATOR_SUNGLASSES } from './order-sample.js';
import { bool, date, gidFromId, gidOf, int, listOf, num, obj, shapeObject, str, type ShopifyTrigger } from './types.js';

const REFUND = obj({
  id: int,
  admin_graphql_api_id: str,
  order_id: int,
  note: str,
  restock: bool,
  /** The staff member who issued it. */
  user_id: int,
  created_at: date,
  processed_at: date,
  refund_line_items: listOf(
    obj({
      id: int,
      line_item_id: int,
      quantity: int,
      /** no_restock, cancel, return or legacy_restock */
      restock_type: str,
      location_id: int,
      // Shopify sends these two as JSON numbers, unlike other amounts.
      subtotal: num,
      total_tax: num,
      line_item: LINE_ITEM,
    }),
  ),
  transactions: listOf(
    obj({
      id: int,
      admin_graphql_api_id: str,
      order_id: int,
      parent_id: int,
      kind: str,
      gateway: str,
      status: str,
      message: str,
      amount: str,
      currency: str,
      test: bool,
      created_at: date,
      processed_at: date,
    }),
  ),
});

const ORDER_REF = obj({ id: int, admin_graphql_api_id: str });

const money = (amount: string) => ({
  shop_money: { amount, currency_code: 'USD' },
  presentment_money: { amount, currency_code: 'USD' },
});

/**
 * Shopify's sample refunds/create payload; nulls in typed fields (location,
 * parent transaction, processed_at) filled with realistic values.
 */
const SAMPLE: Record<string, unknown> = {
  id: 890088186047892319,
  order_id: 820982911946154508,
  created_at: '2021-12-31T19:00:00-05:00',
  note: 'Things were damaged',
  user_id: 548380009,
  processed_at: '2021-12-31T19:00:00-05:00',
  restock: false,
  duties: [],
  total_duties_set: money('0.00'),
  additional_fees: [],
  total_additional_fees_set: money('0.00'),
  return: null,
  refund_shipping_lines: [],
  admin_graphql_api_id: 'gid://shopify/Refund/890088186047892319',
  refund_line_items: [
    {
      id: 487817672276298627,
      quantity: 1,
      line_item_id: 487817672276298554,
      location_id: 24826418,
      restock_type: 'no_restock',
      subtotal: 89.99,
      total_tax: 0.0,
      subtotal_set: money('89.99'),
      total_tax_set: money('0.00'),
      line_item: AVIATOR_SUNGLASSES,
    },
  ],
  transactions: [
    {
      id: 245135271310201283,
      admin_graphql_api_id: 'gid://shopify/OrderTransaction/245135271310201283',
      order_id: 820982911946154508,
      kind: 'refund',
      gateway: 'bogus',
      status: 'success',
      message: 'Bogus Gateway: Forced success',
      created_at: '2021-12-31T19:00:00-05:00',
      test: true,
      authorization: null,
      location_id: null,
      user_id: null,
      parent_id: 801038806,
      processed_at: '2021-12-31T19:00:00-05:00',
      device_id: null,
      error_code: null,
      source_name: 'web',
      receipt: {},
      amount: '89.99',
      currency: 'USD',
      payment_id: '#9999.2',
      manual_payment_gateway: false,
    },
  ],
  order_adjustments: [],
};

export const refundCreated: ShopifyTrigger = {
  handle: 'refund-created',
  name: 'Refund created',
  description: 'Starts when a refund is issued on an order: refunded line items (restocked or not) and the refund transactions.',
  topic: 'refunds/create',
  schema: { order: ORDER_REF, refund: REFUND },
  sample: SAMPLE,
  toData: (payload) => ({
    order: { id: payload.order_id, admin_graphql_api_id: gidFromId('Order', payload.order_id) },
    refund: shapeObject(REFUND, payload),
  }),
  subjectGid: (payload) => gidOf(payload, 'Refund'),
  // No customer(): a refund names no customer; webhooks files its event under the order (order:<order_id>).
};
