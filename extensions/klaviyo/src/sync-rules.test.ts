import { describe, expect, it } from 'vitest';
import { klaviyoEventsFor, METRICS, ShopifyPayloadError, SYNC_TOPICS, ASSEMBLED_TOPICS } from './index.js';
import {
  addedToCart,
  anonymous,
  cancelledAfterFulfilment,
  cancelledBeforeFulfilment,
  checkout,
  fulfilledOrder,
  fullRefund,
  orderAfterRefunds,
  partialRefund,
  placedOrder,
  productViewed,
  refundWithOrder,
} from './test-support/shopify-fixtures.js';

const ORDER = '5829371265338';
const [BEANIE, SOCKS, TOTE] = ['14763201855546', '14763201888314', '14763201921082'];
const EMAIL = 'ana.lima@example.com';

interface Case {
  behaviour: string;
  topic: string;
  payload: () => Record<string, unknown>;
  /** [metric, unique_id] of each event, in order. */
  events: Array<[string, string]>;
}

// The acceptance table: each Shopify event and exactly the Klaviyo events it becomes.
const TABLE: Case[] = [
  {
    behaviour: 'an order with 3 line items gives one Placed Order and 3 Ordered Product',
    topic: 'orders/create',
    payload: placedOrder,
    events: [
      [METRICS.placedOrder, ORDER],
      [METRICS.orderedProduct, `${ORDER}:${BEANIE}`],
      [METRICS.orderedProduct, `${ORDER}:${SOCKS}`],
      [METRICS.orderedProduct, `${ORDER}:${TOTE}`],
    ],
  },
  { behaviour: 'fulfilment gives Fulfilled Order', topic: 'orders/fulfilled', payload: fulfilledOrder, events: [[METRICS.fulfilledOrder, ORDER]] },
  {
    behaviour: 'cancellation before fulfilment gives Cancelled Order',
    topic: 'orders/cancelled',
    payload: cancelledBeforeFulfilment,
    events: [[METRICS.cancelledOrder, ORDER]],
  },
  { behaviour: 'cancellation after fulfilment gives nothing', topic: 'orders/cancelled', payload: cancelledAfterFulfilment, events: [] },
  { behaviour: 'a partial refund gives nothing', topic: 'refunds/create', payload: () => refundWithOrder(partialRefund()), events: [] },
  { behaviour: 'a full refund gives one Refunded Order', topic: 'refunds/create', payload: () => refundWithOrder(fullRefund()), events: [[METRICS.refundedOrder, ORDER]] },
  {
    behaviour: 'a refund that completes earlier partial ones gives one Refunded Order',
    topic: 'refunds/create',
    payload: () => {
      const rest = fullRefund();
      rest.transactions[0].amount = '110.36'; // 127.92 - 17.56 already refunded
      return refundWithOrder(rest, [partialRefund()]);
    },
    events: [[METRICS.refundedOrder, ORDER]],
  },
  {
    behaviour: 'an order updated to partially_refunded gives nothing',
    topic: 'orders/updated',
    payload: () => orderAfterRefunds([partialRefund()], 'partially_refunded'),
    events: [],
  },
  {
    behaviour: 'an order updated to refunded gives one Refunded Order',
    topic: 'orders/updated',
    payload: () => orderAfterRefunds([fullRefund()], 'refunded'),
    events: [[METRICS.refundedOrder, ORDER]],
  },
  { behaviour: 'any other order update gives nothing', topic: 'orders/updated', payload: fulfilledOrder, events: [] },
  { behaviour: 'a checkout gives Started Checkout', topic: 'checkouts/create', payload: checkout, events: [[METRICS.startedCheckout, '7e2b4c1d9f3a8e6b5c4d3e2f1a0b9c8d']] },
  {
    behaviour: 'a checkout update gives Started Checkout with the same unique_id',
    topic: 'checkouts/update',
    payload: checkout,
    events: [[METRICS.startedCheckout, '7e2b4c1d9f3a8e6b5c4d3e2f1a0b9c8d']],
  },
  {
    behaviour: 'a product view gives Viewed Product',
    topic: 'storefront/product_viewed',
    payload: productViewed,
    events: [[METRICS.viewedProduct, 'sh-88153c5a-8F2D-4CCA-3231-EF5C032A4C3B']],
  },
  {
    behaviour: 'an add to cart gives Added to Cart',
    topic: 'storefront/product_added_to_cart',
    payload: addedToCart,
    events: [[METRICS.addedToCart, 'sh-9a41f0b2-1C3E-47D5-8B6A-0E2F4D7C9A11']],
  },
];

describe('klaviyoEventsFor: the sync rules table', () => {
  it.each(TABLE)('$topic: $behaviour', ({ topic, payload, events }) => {
    const produced = klaviyoEventsFor(topic, payload());
    expect(produced.map((e) => [e.metric, e.uniqueId])).toEqual(events);
    for (const event of produced) expect(event.profile.email).toBe(EMAIL);
  });

  it('covers every topic the sync handles', () => {
    expect(new Set(TABLE.map((c) => c.topic))).toEqual(new Set([...SYNC_TOPICS, ...ASSEMBLED_TOPICS]));
  });

  it.each(TABLE.filter((c) => c.events.length > 0))('$topic: an unidentified customer gets nothing ($behaviour otherwise)', ({ topic, payload, events }) => {
    expect(klaviyoEventsFor(topic, payload())).toHaveLength(events.length);
    expect(klaviyoEventsFor(topic, anonymous(payload()))).toEqual([]);
  });

  it('gives the same events, unique_ids included, for a webhook sent twice', () => {
    expect(klaviyoEventsFor('orders/create', placedOrder())).toEqual(klaviyoEventsFor('orders/create', placedOrder()));
  });

  it('identifies the customer by the customer record when the order has no email of its own', () => {
    const order = placedOrder();
    order.email = null;
    order.contact_email = null;
    expect(klaviyoEventsFor('orders/create', order)[0]?.profile).toEqual({ email: EMAIL, first_name: 'Ana', last_name: 'Lima' });
  });
});

describe('klaviyoEventsFor: what each event carries', () => {
  it('Placed Order: the order, its total as value, processed_at as time', () => {
    const [placed] = klaviyoEventsFor('orders/create', placedOrder());
    expect(placed).toMatchObject({
      metric: 'Placed Order',
      profile: { email: EMAIL, first_name: 'Ana', last_name: 'Lima' },
      time: '2024-11-05T19:32:05.000Z',
      value: 127.92,
      valueCurrency: 'USD',
      uniqueId: ORDER,
    });
    expect(placed?.properties).toMatchObject({
      OrderId: 5829371265338,
      OrderName: '#1042',
      ItemNames: ['Merino Beanie', 'Trail Socks 3-Pack', 'Waxed Canvas Tote'],
      ItemCount: 4,
      Brands: ['Northwind', 'Fieldhouse Goods'],
      DiscountCodes: ['WELCOME12'],
      TotalDiscounts: 12,
      Currency: 'USD',
      SourceName: 'web',
    });
    expect(placed?.properties.Items).toEqual([
      { ProductID: 8143275819066, VariantID: 44327412138042, SKU: 'MB-CHAR', ProductName: 'Merino Beanie', VariantName: 'Charcoal', Brand: 'Northwind', Quantity: 2, ItemPrice: 28, RowTotal: 56 },
      { ProductID: 8143276081210, VariantID: 44327413055546, SKU: 'TS3-M', ProductName: 'Trail Socks 3-Pack', VariantName: 'M', Brand: 'Northwind', Quantity: 1, ItemPrice: 18, RowTotal: 18 },
      { ProductID: 8143277260858, VariantID: 44327416955194, SKU: 'WCT-OLV', ProductName: 'Waxed Canvas Tote', VariantName: 'Olive', Brand: 'Fieldhouse Goods', Quantity: 1, ItemPrice: 52, RowTotal: 52 },
    ]);
  });

  it('Ordered Product: one line item each, valued at its row total', () => {
    const products = klaviyoEventsFor('orders/create', placedOrder()).slice(1);
    expect(products.map((e) => [e.properties.ProductName, e.properties.Quantity, e.value, e.properties.OrderName])).toEqual([
      ['Merino Beanie', 2, 56, '#1042'],
      ['Trail Socks 3-Pack', 1, 18, '#1042'],
      ['Waxed Canvas Tote', 1, 52, '#1042'],
    ]);
    expect(new Set(products.map((e) => e.time))).toEqual(new Set(['2024-11-05T19:32:05.000Z']));
  });

  it('Started Checkout: the checkout URL, the cart and its total', () => {
    const [started] = klaviyoEventsFor('checkouts/update', checkout());
    expect(started?.properties).toMatchObject({
      CheckoutURL: 'https://northwind-outfitters.myshopify.com/61234567890/checkouts/ac/Z2NwLXVzLWVhc3QxOjAxSkJRNkQ5V0s3/recover?key=4d1a6c0e8b2f9a73',
      ItemNames: ['Merino Beanie', 'Waxed Canvas Tote'],
      ItemCount: 3,
    });
    expect(started).toMatchObject({ value: 108, valueCurrency: 'USD', time: '2024-11-05T19:21:40.000Z' });
  });

  it('Fulfilled Order: tracking from the successful fulfilment, at its time', () => {
    const [fulfilled] = klaviyoEventsFor('orders/fulfilled', fulfilledOrder());
    expect(fulfilled).toMatchObject({ time: '2024-11-06T14:41:12.000Z', value: 127.92 });
    expect(fulfilled?.properties).toMatchObject({ TrackingCompanies: ['UPS'], TrackingNumbers: ['1Z999AA10123456784'] });
  });

  it('Cancelled Order: the reason, at cancelled_at', () => {
    const [cancelled] = klaviyoEventsFor('orders/cancelled', cancelledBeforeFulfilment());
    expect(cancelled).toMatchObject({ time: '2024-11-05T21:02:44.000Z', value: 127.92, properties: { CancelReason: 'customer', OrderName: '#1042' } });
  });

  it('Cancelled Order when the only fulfilment was itself cancelled; none while one is in progress', () => {
    const undone = cancelledBeforeFulfilment();
    undone.fulfillments = [{ ...fulfilledOrder().fulfillments[0], status: 'cancelled' }];
    expect(klaviyoEventsFor('orders/cancelled', undone).map((e) => e.metric)).toEqual(['Cancelled Order']);
    const underway = cancelledBeforeFulfilment();
    underway.fulfillments = [{ ...fulfilledOrder().fulfillments[0], status: 'open' }];
    expect(klaviyoEventsFor('orders/cancelled', underway)).toEqual([]);
  });

  it('Refunded Order: the same event (unique_id) from refunds/create and orders/updated', () => {
    const [fromRefund] = klaviyoEventsFor('refunds/create', refundWithOrder(fullRefund()));
    const [fromUpdate] = klaviyoEventsFor('orders/updated', orderAfterRefunds([fullRefund()], 'refunded'));
    expect(fromRefund).toMatchObject({ value: 127.92, time: '2024-11-13T13:30:00.000Z', properties: { RefundNote: 'Order arrived damaged' } });
    expect(fromUpdate).toMatchObject({ value: 127.92, time: '2024-11-13T13:30:00.000Z' });
    expect(fromUpdate?.uniqueId).toBe(fromRefund?.uniqueId);
  });

  it('a refund of a free order is full when every unit is refunded', () => {
    const free = (refund: Record<string, any>) => {
      const payload = refundWithOrder(refund);
      payload.order.total_price = '0.00';
      return payload;
    };
    const all = fullRefund();
    expect(klaviyoEventsFor('refunds/create', free(all)).map((e) => e.metric)).toEqual(['Refunded Order']);
    const some = fullRefund();
    some.refund_line_items[0].quantity = 1; // one beanie of two
    expect(klaviyoEventsFor('refunds/create', free(some))).toEqual([]);
  });

  it('Viewed Product and Added to Cart: absolute product and image URLs, the price as value', () => {
    const [viewed] = klaviyoEventsFor('storefront/product_viewed', productViewed());
    expect(viewed).toMatchObject({ value: 28, valueCurrency: 'USD', time: '2024-11-05T19:10:02.114Z' });
    expect(viewed?.properties).toMatchObject({
      ProductName: 'Merino Beanie',
      ProductID: '8143275819066',
      Categories: ['Hats'],
      URL: 'https://northwind-outfitters.com/products/merino-beanie',
      ImageURL: 'https://northwind-outfitters.com/cdn/shop/files/merino-beanie-charcoal.jpg?v=1699271234',
    });
    const [added] = klaviyoEventsFor('storefront/product_added_to_cart', addedToCart());
    expect(added).toMatchObject({ value: 56, properties: { AddedItemProductName: 'Merino Beanie', AddedItemQuantity: 2, AddedItemPrice: 28 } });
  });

  it('leaves out what Shopify sent as null', () => {
    const [placed] = klaviyoEventsFor('orders/create', placedOrder());
    expect(JSON.stringify(placed)).not.toContain('null');
  });
});

describe('klaviyoEventsFor: payloads it cannot read', () => {
  const problem = (topic: string, payload: unknown) => {
    try {
      klaviyoEventsFor(topic, payload);
    } catch (error) {
      if (error instanceof ShopifyPayloadError) return { field: error.field, message: error.message };
      throw error;
    }
    throw new Error('expected a ShopifyPayloadError');
  };

  it('names an unknown topic and lists the known ones', () => {
    expect(problem('products/update', placedOrder())).toMatchObject({ field: 'topic', message: expect.stringContaining('orders/create') });
  });

  it('asks for the order on refunds/create', () => {
    expect(problem('refunds/create', partialRefund())).toMatchObject({ field: 'order', message: expect.stringContaining('order attached') });
    const refund = refundWithOrder(fullRefund());
    delete refund.order.total_price;
    expect(problem('refunds/create', refund).field).toBe('order.total_price');
  });

  it('names the missing or mistyped field of an order, a checkout and a pixel event', () => {
    const noItems = placedOrder();
    delete noItems.line_items;
    expect(problem('orders/create', noItems).field).toBe('line_items');
    const badPrice = placedOrder();
    badPrice.line_items[1].price = 'eighteen';
    expect(problem('orders/create', badPrice).field).toBe('line_items[1].price');
    const noToken = checkout();
    delete noToken.token;
    expect(problem('checkouts/create', noToken).field).toBe('token');
    const noVariant = productViewed();
    delete noVariant.data.productVariant;
    expect(problem('storefront/product_viewed', noVariant).field).toBe('data.productVariant');
    expect(problem('orders/create', 'not json').field).toBe('the payload');
  });
});
