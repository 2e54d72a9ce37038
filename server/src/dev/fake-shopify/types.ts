/** Public types of the fake Shopify. */

export interface StartFakeShopifyOptions {
  apiKey: string;
  apiSecret: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /**
   * Scopes granted by a token exchange (a managed install) when the shop has
   * not been through OAuth: Shopify takes them from the app's configuration,
   * which the fake does not have. Default: write_orders, write_products, write_customers.
   */
  scopes?: string[];
  /** API version put in webhooks' X-Shopify-API-Version when the call gives none. Default 2026-07. */
  apiVersion?: string;
  /** Lifetime of expiring offline access tokens. Default 3600. */
  tokenLifetimeSeconds?: number;
}

export type TokenGrant = 'authorization_code' | 'token_exchange' | 'refresh_token';

export interface IssuedToken {
  shop: string;
  accessToken: string;
  scope: string;
  online: boolean;
  /** The associated user of an online token. */
  userId: number | null;
  grant: TokenGrant;
  /** Milliseconds on the fake's clock (`fake.now`). */
  issuedAt: number;
  /** null for a non-expiring offline token. */
  expiresAt: number | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: number | null;
  /** Set when the token was replaced by a refresh or revoked. */
  revoked: boolean;
}

export interface FakeOrder {
  /** `gid://shopify/Order/<number>` */
  id: string;
  /** e.g. `#1001` */
  name: string;
  createdAt?: string;
  updatedAt?: string;
  processedAt?: string;
  email?: string | null;
  tags?: string[];
  /** Any other Order fields a query may select (nested objects are returned as given). */
  [field: string]: unknown;
}

/** A product, customer or draft order as the fake stores it: the Admin API's field names; nested lists as arrays. */
export interface FakeRecord {
  /** `gid://shopify/<Type>/<number>` */
  id: string;
  [field: string]: unknown;
}

/** The kinds of records the fake searches, counts and pages (their QueryRoot connection names). */
export type RecordKind = 'orders' | 'products' | 'customers' | 'draftOrders';

export interface ShopInfo {
  name: string;
  myshopifyDomain: string;
  ianaTimezone: string;
  currencyCode: string;
  email: string;
  [field: string]: unknown;
}

export interface RecordedMutation {
  shop: string;
  name: string;
  /** The request's GraphQL variables, as sent. */
  variables: Record<string, unknown>;
  /** The field's arguments with variables substituted. */
  args: Record<string, unknown>;
}

export interface RecordedGraphqlRequest {
  shop: string;
  apiVersion: string;
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
}

export interface WebhookSubscriptionRecord {
  id: string;
  shop: string;
  topic: string;
  callbackUrl: string;
  format: string;
  createdAt: string;
}

/**
 * Returns the whole response body (`{ data, errors? }`) to answer a GraphQL
 * request with 200, a `fakeHttpAnswer(...)` for another status or a dropped
 * connection, or undefined to let the fake answer.
 */
export type GraphqlHook = (
  shop: string,
  document: string,
  variables: Record<string, unknown>,
) => unknown | Promise<unknown>;

/** An answer of a GraphqlHook other than 200: a status with a JSON body and headers, or `'drop'` to close the connection unanswered. */
export interface FakeHttpAnswer {
  readonly fakeHttpAnswer: true;
  status: number | 'drop';
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SessionTokenOptions {
  /** `sub` claim; default 1. */
  userId?: string | number;
  /** Default 60, as App Bridge. Negative gives an already expired token. */
  expiresInSeconds?: number;
  /** `aud` claim; default the apiKey. */
  audience?: string;
}

export interface SendWebhookOptions {
  url: string;
  /** As Shopify sends it in X-Shopify-Topic, e.g. `orders/create`. */
  topic: string;
  shop: string;
  /** An object is sent as JSON; a string is sent as is. */
  payload: unknown;
  webhookId?: string;
  eventId?: string;
  apiVersion?: string;
  triggeredAt?: string;
  /** Sign with a wrong secret. */
  badSignature?: boolean;
  /** Extra or overriding headers. */
  headers?: Record<string, string>;
}

export interface SentWebhook {
  status: number;
  body: string;
  webhookId: string;
  headers: Record<string, string>;
}

export interface FakeShopify {
  /** Base URL, e.g. http://127.0.0.1:43121 (no trailing slash). */
  readonly url: string;
  readonly apiKey: string;
  /** The fake's clock for access and refresh token lifetimes (milliseconds). Settable. */
  now: () => number;
  tokenLifetimeSeconds: number;
  refreshTokenLifetimeSeconds: number;
  onlineTokenLifetimeSeconds: number;
  /** Scopes a token exchange grants to a shop that has not been through OAuth. */
  scopes: string[];
  /** Orders per shop domain, served by the `orders` and `ordersCount` queries. Settable. */
  orders: Record<string, FakeOrder[]>;
  /** Products per shop domain (`products`, `productsCount`). Settable. */
  products: Record<string, FakeRecord[]>;
  /** Customers per shop domain (`customers`, `customersCount`). Settable. */
  customers: Record<string, FakeRecord[]>;
  /** Draft orders per shop domain (`draftOrders`, `draftOrdersCount`). Settable. */
  draftOrders: Record<string, FakeRecord[]>;
  /**
   * Adds `count` generated records of a kind to a shop and returns them:
   * realistic Admin API shapes (money bags, line items, timestamps one hour
   * apart from 2026-01-01), numbered after the shop's existing ones.
   * `customize` returns fields to override for the i-th new record (from 0).
   */
  seed(shop: string, kind: RecordKind, count: number, customize?: (index: number) => Record<string, unknown>): FakeRecord[];
  readonly mutations: RecordedMutation[];
  readonly graphqlRequests: RecordedGraphqlRequest[];
  onGraphql: GraphqlHook | undefined;
  issuedTokens(shop: string): IssuedToken[];
  refreshCount(shop: string): number;
  /** Revokes every token of the shop (as an uninstall does). */
  revokeTokens(shop: string): void;
  webhookSubscriptions(shop: string): WebhookSubscriptionRecord[];
  shopInfo(shop: string): ShopInfo;
  setShopInfo(shop: string, info: Partial<ShopInfo>): void;
  sessionToken(shop: string, options?: SessionTokenOptions): string;
  sendWebhook(options: SendWebhookOptions): Promise<SentWebhook>;
  close(): Promise<void>;
}
