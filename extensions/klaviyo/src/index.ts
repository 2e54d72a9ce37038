/**
 * `@switchboard/connector-klaviyo`: the Klaviyo connector bundled with
 * Switchboard.
 *
 * - `connector`: the "Track event" action, served with the SDK's `actionHandler`.
 * - `klaviyoEventsFor(topic, payload)`: which Klaviyo events a Shopify event becomes (pure).
 * - `createKlaviyoSync(...)`: computes those events and records them in the shop's Klaviyo account.
 * - `createKlaviyoClient(...)`: the Events API client both use.
 * The local fake of Klaviyo is at `@switchboard/connector-klaviyo/fake`.
 */
export { connector, type Connector, type ConnectorHandlerOptions, type CredentialField } from './connector.js';
export { trackEventAction, readTrackEventFields, type TrackEventOptions, type TrackedEvent } from './track-event.js';
export {
  klaviyoEventsFor,
  isFullRefund,
  fulfilmentStarted,
  SYNC_TOPICS,
  ASSEMBLED_TOPICS,
  METRICS,
  ShopifyPayloadError,
  type SyncTopic,
} from './sync-rules.js';
export { createKlaviyoSync, type KlaviyoSync, type KlaviyoSyncOptions, type SyncResult } from './sync.js';
export {
  createKlaviyoClient,
  eventBody,
  KlaviyoApiError,
  KLAVIYO_API_URL,
  KLAVIYO_REVISION,
  type KlaviyoClient,
  type KlaviyoClientOptions,
  type KlaviyoErrorObject,
  type KlaviyoEvent,
} from './klaviyo-client.js';
export { toDeliveryError, DEFAULT_RETRY_AFTER_SECONDS, PRIVATE_API_KEY } from './failures.js';
export type * from './shopify-payloads.js';
