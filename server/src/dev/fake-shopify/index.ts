/**
 * A local fake of Shopify at its HTTP boundary: OAuth (authorization code,
 * token exchange, refresh), the Admin GraphQL API (a few operations; orders,
 * products, customers and draft orders searched, sorted, paged and counted,
 * with `seed` to make many), signed webhooks out, and App Bridge session tokens. Production code reaches it
 * through @shopify/shopify-api unchanged, via createShopifyFetchRewrite.
 *
 * Requests are routed by path; the shop comes from the `x-fake-shop` header
 * (set by the rewrite), else the `shop` query parameter.
 *
 * Clocks: `fake.now` governs access and refresh token lifetimes only. OAuth
 * callback timestamps and session tokens use the wall clock, because
 * shopify-api checks them against the wall clock.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { executeGraphql, type GraphqlStore } from './graphql.js';
import { signHs256, verifyHs256 } from './jwt.js';
import { generateRecord } from './records.js';
import type {
  FakeHttpAnswer,
  FakeOrder,
  FakeRecord,
  FakeShopify,
  GraphqlHook,
  IssuedToken,
  RecordedGraphqlRequest,
  RecordedMutation,
  RecordKind,
  SendWebhookOptions,
  SentWebhook,
  SessionTokenOptions,
  ShopInfo,
  StartFakeShopifyOptions,
  TokenGrant,
  WebhookSubscriptionRecord,
} from './types.js';

export { createShopifyFetchRewrite } from './rewrite.js';
export type * from './types.js';

const INVALID_TOKEN_MESSAGE = '[API] Invalid API key or access token (unrecognized login or wrong password)';
const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
const ONLINE_TOKEN_TYPE = 'urn:shopify:params:oauth:token-type:online-access-token';
const OFFLINE_TOKEN_TYPE = 'urn:shopify:params:oauth:token-type:offline-access-token';
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

interface AuthorizationCode {
  shop: string;
  scope: string;
  online: boolean;
  used: boolean;
  expiresAt: number;
}

/** `foo` → `foo.myshopify.com`; lower case. */
export function normalizeShop(shop: string): string {
  const s = shop.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return s.includes('.') ? s : `${s}.myshopify.com`;
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

function token(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

class FakeShopifyServer implements FakeShopify, GraphqlStore {
  url = '';
  readonly apiKey: string;
  private readonly apiSecret: string;
  private readonly defaultApiVersion: string;
  now: () => number = () => Date.now();
  tokenLifetimeSeconds: number;
  refreshTokenLifetimeSeconds = 7_776_000;
  onlineTokenLifetimeSeconds = 86_399;
  scopes: string[];
  orders: Record<string, FakeOrder[]> = {};
  products: Record<string, FakeRecord[]> = {};
  customers: Record<string, FakeRecord[]> = {};
  draftOrders: Record<string, FakeRecord[]> = {};
  readonly mutations: RecordedMutation[] = [];
  readonly graphqlRequests: RecordedGraphqlRequest[] = [];
  onGraphql: GraphqlHook | undefined = undefined;
  readonly subscriptions: WebhookSubscriptionRecord[] = [];
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly refreshes = new Map<string, number>();
  private readonly grantedScopes = new Map<string, string>();
  private readonly shops = new Map<string, Partial<ShopInfo>>();
  private idCounter = 1000;
  private server: Server | undefined;

  constructor(options: StartFakeShopifyOptions) {
    this.apiKey = options.apiKey;
    this.apiSecret = options.apiSecret;
    this.defaultApiVersion = options.apiVersion ?? '2026-07';
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
    this.scopes = options.scopes ?? ['write_orders', 'write_products', 'write_customers'];
  }

  async listen(port: number): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { errors: `Internal error in fake Shopify: ${String(error)}` });
        else res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const { port: actual } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${actual}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  nextId(): number {
    return ++this.idCounter;
  }

  seed(shop: string, kind: RecordKind, count: number, customize?: (index: number) => Record<string, unknown>): FakeRecord[] {
    const s = normalizeShop(shop);
    const store = this[kind] as Record<string, FakeRecord[]>;
    const list = (store[s] ??= []);
    const added: FakeRecord[] = [];
    for (let i = 0; i < count; i++) {
      const record = { ...generateRecord(kind, list.length + 1, () => this.nextId()), ...customize?.(i) } as FakeRecord;
      list.push(record);
      added.push(record);
    }
    return added;
  }

  issuedTokens(shop: string): IssuedToken[] {
    const s = normalizeShop(shop);
    return [...this.tokens.values()].filter((t) => t.shop === s).map((t) => ({ ...t }));
  }

  refreshCount(shop: string): number {
    return this.refreshes.get(normalizeShop(shop)) ?? 0;
  }

  revokeTokens(shop: string): void {
    const s = normalizeShop(shop);
    for (const t of this.tokens.values()) if (t.shop === s) t.revoked = true;
  }

  webhookSubscriptions(shop: string): WebhookSubscriptionRecord[] {
    const s = normalizeShop(shop);
    return this.subscriptions.filter((sub) => sub.shop === s).map((sub) => ({ ...sub }));
  }

  shopInfo(shop: string): ShopInfo {
    const s = normalizeShop(shop);
    const handle = s.replace(/\.myshopify\.com$/, '');
    const name = handle.split('-').map((w) => (w ? w[0]!.toUpperCase() + w.slice(1) : w)).join(' ');
    return {
      name,
      myshopifyDomain: s,
      ianaTimezone: 'America/New_York',
      currencyCode: 'USD',
      email: `owner@${handle}.example`,
      id: `gid://shopify/Shop/${[...handle].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 1_000_000_007, 7)}`,
      ...this.shops.get(s),
    };
  }

  setShopInfo(shop: string, info: Partial<ShopInfo>): void {
    const s = normalizeShop(shop);
    this.shops.set(s, { ...this.shops.get(s), ...info });
  }

  sessionToken(shop: string, options: SessionTokenOptions = {}): string {
    const s = normalizeShop(shop);
    const nowSec = Math.floor(Date.now() / 1000);
    return signHs256(
      {
        iss: `https://${s}/admin`,
        dest: `https://${s}`,
        aud: options.audience ?? this.apiKey,
        sub: String(options.userId ?? 1),
        exp: nowSec + (options.expiresInSeconds ?? 60),
        nbf: nowSec,
        iat: nowSec,
        jti: randomUUID(),
        sid: randomBytes(16).toString('hex'),
      },
      this.apiSecret,
    );
  }

  async sendWebhook(options: SendWebhookOptions): Promise<SentWebhook> {
    const body = typeof options.payload === 'string' ? options.payload : JSON.stringify(options.payload);
    const secret = options.badSignature ? `${this.apiSecret}-wrong` : this.apiSecret;
    const webhookId = options.webhookId ?? randomUUID();
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'Shopify-Captain-Hook',
      'X-Shopify-Hmac-Sha256': createHmac('sha256', secret).update(body, 'utf8').digest('base64'),
      'X-Shopify-Topic': options.topic,
      'X-Shopify-Shop-Domain': normalizeShop(options.shop),
      'X-Shopify-Webhook-Id': webhookId,
      'X-Shopify-API-Version': options.apiVersion ?? this.defaultApiVersion,
      'X-Shopify-Event-Id': options.eventId ?? randomUUID(),
      'X-Shopify-Triggered-At': options.triggeredAt ?? new Date().toISOString(),
      ...options.headers,
    };
    const response = await fetch(options.url, { method: 'POST', headers, body });
    return { status: response.status, body: await response.text(), webhookId, headers };
  }

  // --- HTTP ---

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const headerShop = req.headers['x-fake-shop'];
    const rawShop = (Array.isArray(headerShop) ? headerShop[0] : headerShop) ?? url.searchParams.get('shop') ?? '';
    const shop = rawShop ? normalizeShop(rawShop) : '';
    const path = url.pathname;

    if (req.method === 'GET' && path === '/admin/oauth/authorize') return this.authorize(url, shop, res);
    if (req.method === 'POST' && path === '/admin/oauth/access_token') {
      const body = await readBody(req);
      try {
        const params = { ...Object.fromEntries(url.searchParams), ...parseParams(body, req.headers['content-type']) };
        sendJson(res, 200, this.accessToken(shop, params));
      } catch (error) {
        if (error instanceof OAuthError) sendJson(res, error.status, { error: error.error, error_description: error.description });
        else throw error;
      }
      return;
    }
    const graphqlMatch = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(path);
    if (graphqlMatch) {
      if (req.method !== 'POST') return sendJson(res, 405, { errors: 'Method Not Allowed' });
      const body = await readBody(req);
      return this.graphql(graphqlMatch[1]!, shop, req, body, res);
    }
    sendJson(res, 404, { errors: 'Not Found' });
  }

  private authorize(url: URL, shop: string, res: ServerResponse): void {
    const q = url.searchParams;
    if (!SHOP_DOMAIN.test(shop)) return sendText(res, 400, 'Unknown shop');
    if (q.get('client_id') !== this.apiKey) return sendText(res, 400, 'Oauth error invalid_request: The client_id is invalid or missing');
    const redirectUri = q.get('redirect_uri');
    let redirect: URL;
    try {
      redirect = new URL(redirectUri ?? '');
    } catch {
      return sendText(res, 400, 'Oauth error invalid_request: The redirect_uri is missing or not whitelisted');
    }
    const scope = q.get('scope') ?? '';
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, {
      shop,
      scope,
      online: (q.get('grant_options[]') ?? '') === 'per-user',
      used: false,
      expiresAt: this.now() + 10 * 60_000,
    });
    this.grantedScopes.set(shop, scope);
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('host', Buffer.from(`${shop}/admin`).toString('base64'));
    redirect.searchParams.set('shop', shop);
    const state = q.get('state');
    if (state !== null) redirect.searchParams.set('state', state);
    redirect.searchParams.set('timestamp', String(Math.floor(Date.now() / 1000)));
    redirect.searchParams.delete('hmac');
    redirect.searchParams.set('hmac', this.queryHmac(redirect.searchParams));
    res.writeHead(302, { Location: redirect.toString() });
    res.end();
  }

  /** Shopify's OAuth HMAC, encoded as shopify-api verifies it: sorted keys, URL-encoded `k=v&...`, hex. */
  private queryHmac(params: URLSearchParams): string {
    const entries = [...params.entries()].filter(([k]) => k !== 'hmac' && k !== 'signature');
    entries.sort(([a], [b]) => a.localeCompare(b));
    const message = new URLSearchParams(entries).toString();
    return createHmac('sha256', this.apiSecret).update(message).digest('hex');
  }

  private accessToken(shop: string, params: Record<string, unknown>): Record<string, unknown> {
    if (!SHOP_DOMAIN.test(shop)) throw new OAuthError(400, 'invalid_request', 'Unknown shop');
    if (params['client_id'] !== this.apiKey || params['client_secret'] !== this.apiSecret) {
      throw new OAuthError(400, 'invalid_client', 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.');
    }
    const grantType = typeof params['grant_type'] === 'string' ? params['grant_type'] : 'authorization_code';
    const expiring = truthy(params['expiring']);
    if (grantType === 'authorization_code') {
      const code = typeof params['code'] === 'string' ? params['code'] : '';
      const grant = this.codes.get(code);
      if (!grant || grant.used || grant.shop !== shop || grant.expiresAt <= this.now()) {
        throw new OAuthError(400, 'invalid_request', 'The authorization code was not found or was already used');
      }
      grant.used = true;
      return this.issue(shop, { scope: grant.scope, online: grant.online, userId: 1, expiring, grant: 'authorization_code' });
    }
    if (grantType === TOKEN_EXCHANGE_GRANT) {
      const subject = typeof params['subject_token'] === 'string' ? params['subject_token'] : '';
      if (params['subject_token_type'] !== ID_TOKEN_TYPE) {
        throw new OAuthError(400, 'invalid_request', `subject_token_type must be ${ID_TOKEN_TYPE}`);
      }
      const verified = verifyHs256(subject, this.apiSecret, Date.now());
      if (!verified.ok) throw new OAuthError(400, 'invalid_subject_token', `Session token is invalid: ${verified.reason}`);
      const claims = verified.payload;
      if (claims['aud'] !== this.apiKey) throw new OAuthError(400, 'invalid_subject_token', 'Session token was issued for a different client');
      if (claims['dest'] !== `https://${shop}`) throw new OAuthError(400, 'invalid_subject_token', 'Session token was issued for a different shop');
      const requested = params['requested_token_type'];
      if (requested !== ONLINE_TOKEN_TYPE && requested !== OFFLINE_TOKEN_TYPE) {
        throw new OAuthError(400, 'invalid_request', `requested_token_type must be ${OFFLINE_TOKEN_TYPE} or ${ONLINE_TOKEN_TYPE}`);
      }
      const scope = this.grantedScopes.get(shop) ?? this.scopes.join(',');
      this.grantedScopes.set(shop, scope);
      const userId = Number(claims['sub']) || 1;
      return this.issue(shop, { scope, online: requested === ONLINE_TOKEN_TYPE, userId, expiring, grant: 'token_exchange' });
    }
    if (grantType === 'refresh_token') {
      const refreshToken = typeof params['refresh_token'] === 'string' ? params['refresh_token'] : '';
      const old = [...this.tokens.values()].find((t) => t.refreshToken !== null && t.refreshToken === refreshToken);
      if (!old || old.shop !== shop || old.revoked || (old.refreshTokenExpiresAt ?? 0) <= this.now()) {
        throw new OAuthError(400, 'invalid_grant', 'The refresh token is invalid, expired or was already used');
      }
      old.revoked = true;
      this.refreshes.set(shop, (this.refreshes.get(shop) ?? 0) + 1);
      return this.issue(shop, { scope: old.scope, online: false, userId: null, expiring: true, grant: 'refresh_token' });
    }
    throw new OAuthError(400, 'unsupported_grant_type', `The grant type '${grantType}' is not supported`);
  }

  private issue(
    shop: string,
    opts: { scope: string; online: boolean; userId: number | null; expiring: boolean; grant: TokenGrant },
  ): Record<string, unknown> {
    const now = this.now();
    const accessToken = token(opts.online ? 'shpua_' : 'shpat_');
    const lifetime = opts.online ? this.onlineTokenLifetimeSeconds : opts.expiring ? this.tokenLifetimeSeconds : null;
    const refreshToken = !opts.online && opts.expiring ? token('shprt_') : null;
    const record: IssuedToken = {
      shop,
      accessToken,
      scope: opts.scope,
      online: opts.online,
      userId: opts.online ? opts.userId : null,
      grant: opts.grant,
      issuedAt: now,
      expiresAt: lifetime === null ? null : now + lifetime * 1000,
      refreshToken,
      refreshTokenExpiresAt: refreshToken ? now + this.refreshTokenLifetimeSeconds * 1000 : null,
      revoked: false,
    };
    this.tokens.set(accessToken, record);
    const body: Record<string, unknown> = { access_token: accessToken, scope: opts.scope };
    if (opts.online) {
      const userId = opts.userId ?? 1;
      body['expires_in'] = lifetime;
      body['associated_user_scope'] = opts.scope;
      body['session'] = randomBytes(16).toString('hex');
      body['account_number'] = 0;
      body['associated_user'] = {
        id: userId,
        first_name: 'Fake',
        last_name: `User ${userId}`,
        email: `user${userId}@${shop.replace(/\.myshopify\.com$/, '')}.example`,
        email_verified: true,
        account_owner: userId === 1,
        locale: 'en',
        collaborator: false,
      };
    } else if (refreshToken) {
      body['expires_in'] = lifetime;
      body['refresh_token'] = refreshToken;
      body['refresh_token_expires_in'] = this.refreshTokenLifetimeSeconds;
    }
    return body;
  }

  private validToken(shop: string, accessToken: string | undefined): IssuedToken | undefined {
    if (!accessToken) return undefined;
    const record = this.tokens.get(accessToken);
    if (!record || record.revoked) return undefined;
    if (shop && record.shop !== shop) return undefined;
    if (record.expiresAt !== null && record.expiresAt <= this.now()) return undefined;
    return record;
  }

  private async graphql(version: string, headerShop: string, req: IncomingMessage, rawBody: string, res: ServerResponse): Promise<void> {
    if (!/^(\d{4}-\d{2}|unstable)$/.test(version)) return sendJson(res, 404, { errors: 'Not Found' });
    const tokenHeader = req.headers['x-shopify-access-token'];
    const record = this.validToken(headerShop, Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader);
    if (!record) return sendJson(res, 401, { errors: INVALID_TOKEN_MESSAGE });
    const shop = record.shop;
    let query = '';
    let variables: Record<string, unknown> = {};
    let operationName: string | null = null;
    const contentType = String(req.headers['content-type'] ?? '');
    if (contentType.includes('application/graphql')) {
      query = rawBody;
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        return sendJson(res, 400, { errors: { query: 'Required parameter missing or invalid' } });
      }
      const p = (parsed ?? {}) as Record<string, unknown>;
      query = typeof p['query'] === 'string' ? p['query'] : '';
      variables = p['variables'] && typeof p['variables'] === 'object' ? (p['variables'] as Record<string, unknown>) : {};
      operationName = typeof p['operationName'] === 'string' ? p['operationName'] : null;
    }
    if (!query) return sendJson(res, 400, { errors: { query: 'Required parameter missing or invalid' } });
    this.graphqlRequests.push({ shop, apiVersion: version, query, variables, operationName });
    if (this.onGraphql) {
      const answer = await this.onGraphql(shop, query, variables);
      if (isHttpAnswer(answer)) {
        if (answer.status === 'drop') {
          req.socket.destroy();
          return;
        }
        return sendJson(res, answer.status, answer.body ?? {}, answer.headers);
      }
      if (answer !== undefined) return sendJson(res, 200, answer);
    }
    sendJson(res, 200, await executeGraphql(this, shop, { query, variables, operationName }));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseParams(body: string, contentType: string | undefined): Record<string, unknown> {
  if (!body) return {};
  if ((contentType ?? '').includes('application/json') || body.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(body);
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      throw new OAuthError(400, 'invalid_request', 'The request body is not valid JSON');
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** For a GraphqlHook: answer with another status than 200 (`fakeHttpAnswer(503)`), or drop the connection (`fakeHttpAnswer('drop')`). */
export function fakeHttpAnswer(status: number | 'drop', body?: unknown, headers?: Record<string, string>): FakeHttpAnswer {
  return { fakeHttpAnswer: true, status, body, headers };
}

function isHttpAnswer(value: unknown): value is FakeHttpAnswer {
  return typeof value === 'object' && value !== null && (value as FakeHttpAnswer).fakeHttpAnswer === true;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startFakeShopify(options: StartFakeShopifyOptions): Promise<FakeShopify> {
  const fake = new FakeShopifyServer(options);
  await fake.listen(options.port ?? 0);
  return fake;
}
