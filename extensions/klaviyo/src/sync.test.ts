import { ActionError, RetryLaterError } from '@switchboard/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKlaviyoSync, DEFAULT_RETRY_AFTER_SECONDS, type KlaviyoSync } from './index.js';
import { startFake, type KlaviyoFake } from './fake.js';
import {
  anonymous,
  cancelledBeforeFulfilment,
  checkout,
  fullRefund,
  orderAfterRefunds,
  partialRefund,
  placedOrder,
  refundWithOrder,
} from './test-support/shopify-fixtures.js';

const SHOP = 'northwind-outfitters.myshopify.com';
const KEY = 'pk_3f9a2c7e41b8d05e6a1c9f2b7d4e8a0c5b';

let fake: KlaviyoFake;
let credentials: Map<string, Record<string, string>>;
let sync: KlaviyoSync;

beforeEach(async () => {
  fake = await startFake({ apiKeys: [KEY] });
  credentials = new Map([[SHOP, { private_api_key: KEY }]]);
  sync = createKlaviyoSync({ credentials: async (shop) => credentials.get(shop), endpoints: fake.endpoints });
});
afterEach(() => fake.close());

/** What the fake recorded, as [metric, unique_id, email]. */
const recorded = () => fake.events.map((e) => [e.metric, e.uniqueId, e.profile.email]);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the sync to throw');
}

describe('createKlaviyoSync against the fake Klaviyo', () => {
  it('records Placed Order and one Ordered Product per line item, and returns what it sent', async () => {
    const result = await sync.handleShopifyEvent(SHOP, 'orders/create', placedOrder());
    expect(result.sent.map((e) => e.metric)).toEqual(['Placed Order', 'Ordered Product', 'Ordered Product', 'Ordered Product']);
    expect(result.skipped).toBeUndefined();
    expect(recorded()).toEqual([
      ['Placed Order', '5829371265338', 'ana.lima@example.com'],
      ['Ordered Product', '5829371265338:14763201855546', 'ana.lima@example.com'],
      ['Ordered Product', '5829371265338:14763201888314', 'ana.lima@example.com'],
      ['Ordered Product', '5829371265338:14763201921082', 'ana.lima@example.com'],
    ]);
    expect(fake.requests.every((r) => r.headers.authorization === `Klaviyo-API-Key ${KEY}`)).toBe(true);
    expect(fake.events[0]).toMatchObject({ value: 127.92, valueCurrency: 'USD', time: '2024-11-05T19:32:05.000Z' });
  });

  it('a webhook Shopify sends twice is recorded once (Klaviyo dedupes by unique_id)', async () => {
    await sync.handleShopifyEvent(SHOP, 'orders/create', placedOrder());
    await sync.handleShopifyEvent(SHOP, 'orders/create', placedOrder());
    expect(fake.requests).toHaveLength(8);
    expect(fake.events).toHaveLength(4);
  });

  it('records Started Checkout once for a checkout Shopify updates again and again', async () => {
    await sync.handleShopifyEvent(SHOP, 'checkouts/create', checkout());
    const updated = checkout();
    updated.updated_at = '2024-11-05T14:25:02-05:00';
    await sync.handleShopifyEvent(SHOP, 'checkouts/update', updated);
    expect(recorded()).toEqual([['Started Checkout', '7e2b4c1d9f3a8e6b5c4d3e2f1a0b9c8d', 'ana.lima@example.com']]);
    expect(fake.events[0]?.properties.CheckoutURL).toBe(checkout().abandoned_checkout_url);
  });

  it('records one Refunded Order for a full refund, whichever webhooks report it, and none for a partial one', async () => {
    expect(await sync.handleShopifyEvent(SHOP, 'refunds/create', refundWithOrder(partialRefund()))).toEqual({ sent: [] });
    expect(await sync.handleShopifyEvent(SHOP, 'orders/updated', orderAfterRefunds([partialRefund()], 'partially_refunded'))).toEqual({ sent: [] });
    expect(fake.requests).toHaveLength(0);

    await sync.handleShopifyEvent(SHOP, 'refunds/create', refundWithOrder(fullRefund()));
    await sync.handleShopifyEvent(SHOP, 'orders/updated', orderAfterRefunds([fullRefund()], 'refunded'));
    expect(recorded()).toEqual([['Refunded Order', '5829371265338', 'ana.lima@example.com']]);
  });

  it('sends nothing for an unidentified customer', async () => {
    expect(await sync.handleShopifyEvent(SHOP, 'orders/create', anonymous(placedOrder()))).toEqual({ sent: [] });
    expect(await sync.handleShopifyEvent(SHOP, 'orders/cancelled', anonymous(cancelledBeforeFulfilment()))).toEqual({ sent: [] });
    expect(fake.requests).toHaveLength(0);
  });

  it('skips a shop without a Klaviyo key, saying so', async () => {
    credentials.delete(SHOP);
    expect(await sync.handleShopifyEvent(SHOP, 'orders/create', placedOrder())).toEqual({ sent: [], skipped: 'no_credentials' });
    expect(fake.requests).toHaveLength(0);
  });

  it('429 halfway: throws RetryLaterError with Klaviyo’s delay; calling again completes without duplicates', async () => {
    fake.failNext({ status: 429, retryAfter: 5, after: 2 }); // the third event of the order is throttled
    const error = await rejection(sync.handleShopifyEvent(SHOP, 'orders/create', placedOrder()));
    expect(error).toBeInstanceOf(RetryLaterError);
    expect(error).toMatchObject({ retryAfter: 5, message: expect.stringContaining('Request was throttled') });
    expect(fake.events).toHaveLength(2);

    const retried = await sync.handleShopifyEvent(SHOP, 'orders/create', placedOrder());
    expect(retried.sent).toHaveLength(4);
    expect(fake.events.map((e) => e.uniqueId)).toEqual([
      '5829371265338',
      '5829371265338:14763201855546',
      '5829371265338:14763201888314',
      '5829371265338:14763201921082',
    ]);
  });

  it('5xx or no answer: throws RetryLaterError, with a default delay when Klaviyo gives none', async () => {
    fake.failNext({ status: 503, detail: 'Service unavailable.' });
    const unavailable = await rejection(sync.handleShopifyEvent(SHOP, 'checkouts/create', checkout()));
    expect(unavailable).toBeInstanceOf(RetryLaterError);
    expect(unavailable).toMatchObject({ retryAfter: DEFAULT_RETRY_AFTER_SECONDS, message: expect.stringContaining('Klaviyo failed (503): Service unavailable.') });

    fake.failNext({ noAnswer: true });
    expect(await rejection(sync.handleShopifyEvent(SHOP, 'checkouts/create', checkout()))).toBeInstanceOf(RetryLaterError);
    expect(fake.events).toHaveLength(0);
  });

  it('a refusal for good (400, a bad key) throws ActionError with Klaviyo’s detail', async () => {
    fake.failNext({ status: 400, detail: 'Invalid email address.', pointer: '/data/attributes/profile/data/attributes/email' });
    const invalid = await rejection(sync.handleShopifyEvent(SHOP, 'checkouts/create', checkout()));
    expect(invalid).toBeInstanceOf(ActionError);
    expect(invalid).toMatchObject({ message: 'Klaviyo refused the event (400): Invalid email address. (at /data/attributes/profile/data/attributes/email)' });

    credentials.set(SHOP, { private_api_key: 'pk_not_this_accounts_key' });
    expect(await rejection(sync.handleShopifyEvent(SHOP, 'checkouts/create', checkout()))).toMatchObject({ code: 'klaviyo_unauthorized' });
  });
});
