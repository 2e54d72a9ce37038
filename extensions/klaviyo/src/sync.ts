/** The Klaviyo sync: Shopify events in, Klaviyo events out, through the Events API. */
import { toDeliveryError, privateKeyOf } from './failures.js';
import { createKlaviyoClient, KLAVIYO_API_URL, type KlaviyoEvent } from './klaviyo-client.js';
import { klaviyoEventsFor } from './sync-rules.js';

export interface KlaviyoSyncOptions {
  /** The shop's Klaviyo credentials (`private_api_key`), as the connector's handler gets them. */
  credentials(shop: string): Promise<Record<string, string> | undefined>;
  /** `{ api }`: a fake's URL instead of https://a.klaviyo.com. */
  endpoints?: Partial<Record<string, string>>;
  fetch?: typeof fetch;
}

/** What one Shopify event led to. */
export interface SyncResult {
  /** The events Klaviyo accepted, in the order sent (none when the event maps to nothing). */
  sent: KlaviyoEvent[];
  /** Set when events were due but the shop has no Klaviyo key in Settings, so nothing was sent. */
  skipped?: 'no_credentials';
}

export interface KlaviyoSync {
  /**
   * Computes the Klaviyo events for one Shopify event (`klaviyoEventsFor`)
   * and records them in the shop's Klaviyo account, in order.
   *
   * Throws `RetryLaterError` (with `retryAfter`) on 429, 5xx or no answer:
   * call again later with the same payload; events already accepted are not
   * counted twice, since each has a deterministic unique_id. Throws
   * `ActionError` when Klaviyo refuses for good (a bad key, an invalid
   * event), and `ShopifyPayloadError` for a payload it cannot read.
   */
  handleShopifyEvent(shop: string, topic: string, payload: unknown): Promise<SyncResult>;
}

export function createKlaviyoSync(options: KlaviyoSyncOptions): KlaviyoSync {
  const baseUrl = options.endpoints?.api ?? KLAVIYO_API_URL;
  return {
    async handleShopifyEvent(shop, topic, payload) {
      const events = klaviyoEventsFor(topic, payload);
      if (events.length === 0) return { sent: [] };
      const privateKey = privateKeyOf(await options.credentials(shop));
      if (privateKey === undefined) return { sent: [], skipped: 'no_credentials' };
      const client = createKlaviyoClient({ privateKey, baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
      const sent: KlaviyoEvent[] = [];
      for (const event of events) {
        try {
          await client.createEvent(event);
        } catch (error) {
          throw toDeliveryError(error);
        }
        sent.push(event);
      }
      return { sent };
    },
  };
}
