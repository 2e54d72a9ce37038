/**
 * Get data through the Admin GraphQL API: pages through a connection up to
 * the step's limit, counts with the `*Count` queries, sums a numeric field.
 * A query is checked before anything is sent, and Shopify's own search
 * warnings fail the step: a query Shopify half-understood would otherwise
 * quietly read every record.
 */
import type { Session, Shopify } from '@shopify/shopify-api';
import { StepError, type GetDataRequest, type GetDataResult, type ShopData } from '../../engine/index.js';
import type { OfflineSessions } from '../offline-session.js';
import { checkQuery, checkSumField, countQueryRefuses, normalizeSortKey } from './check.js';
import { describeShopifyFailure } from './failure.js';
import { RESOURCES, type ResourceSpec } from './resources.js';
import { narrowTo, pageSizeFor, renderSelection, type Selection } from './selection.js';
import { addDecimal, decimalValue, ZERO } from './sum.js';

/** Most records a Get data step reads (and counts by paging). */
export const MAX_LIMIT = 10_000;

export interface ShopDataOptions {
  /** Waits between pages when Shopify throttles; replaceable in tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Longest single wait for Shopify's cost bucket to refill before giving the step back to be retried later. */
  maxThrottleWaitMs?: number;
}

interface Page {
  nodes: Record<string, unknown>[];
  pageInfo?: { hasNextPage?: boolean; endCursor?: string | null };
}

/** Reads through the shop's offline session; implements the engine's ShopData port. */
export function createShopData(shopify: Shopify, offline: OfflineSessions, options: ShopDataOptions = {}): ShopData {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxWait = options.maxThrottleWaitMs ?? 10_000;

  return {
    checkQuery,
    checkSumField,
    async getData(shop, request) {
      const spec = RESOURCES[request.resource];
      if (!spec) throw new StepError(`"${String(request.resource)}" is not a resource Get data reads (orders, products, customers or draft_orders)`);
      if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_LIMIT) {
        throw new StepError(`limit must be a whole number from 1 to ${MAX_LIMIT.toLocaleString('en-US')}, got ${request.limit}`);
      }
      const problems = checkQuery(request.resource, request.query, request.sort);
      if (request.operation === 'sum') problems.push(...checkSumField(request.resource, request.sumField));
      if (problems.length) throw new StepError(`The ${spec.noun} query was not sent: ${problems.join('; ')}`);

      const reader = new Reader(shopify, await sessionFor(offline, shop.domain), spec, request, sleep, maxWait);
      if (request.operation === 'count') return reader.count();
      if (request.operation === 'sum') return reader.sum(request.sumField!.trim());
      return reader.list();
    },
  };
}

async function sessionFor(offline: OfflineSessions, shop: string): Promise<Session> {
  let session: Session | undefined;
  try {
    session = await offline.get(shop);
  } catch (err) {
    throw new StepError(`could not refresh the access token for ${shop}: ${(err as Error).message}`, true);
  }
  if (!session) throw new StepError(`Switchboard has no access to ${shop}: reinstall it`);
  return session;
}

/** One Get data request's conversation with Shopify. */
class Reader {
  requests = 0;
  private readonly client: InstanceType<Shopify['clients']['Graphql']>;

  constructor(
    shopify: Shopify,
    session: Session,
    private readonly spec: ResourceSpec,
    private readonly request: GetDataRequest,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly maxWait: number,
  ) {
    this.client = new shopify.clients.Graphql({ session });
  }

  async list(): Promise<GetDataResult> {
    const items = await this.read(this.spec.item, this.request.limit);
    return { items, count: items.length, requests: this.requests };
  }

  /** Reads only the summed field (and the item's id and label, for messages): far cheaper pages than full items. */
  async sum(path: string): Promise<GetDataResult> {
    const narrowed = narrowTo(this.spec.item, path, ['id', this.spec.label]);
    if ('problem' in narrowed) throw new StepError(`sum_field: ${narrowed.problem}`);
    const items = await this.read(narrowed.selection, this.request.limit);
    let total = ZERO;
    for (const item of items) {
      const raw = path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), item);
      const value = decimalValue(raw);
      if (value === undefined) {
        const label = item[this.spec.label];
        throw new StepError(`sum_field "${path}" of ${this.spec.noun.replace(/s$/, '')} ${label ? `${String(label)} ` : ''}(${String(item.id)}) is ${JSON.stringify(raw ?? null)}, not a number`);
      }
      total = addDecimal(total, value);
    }
    return { items, count: items.length, sum: Number(total.text()), requests: this.requests };
  }

  async count(): Promise<GetDataResult> {
    const refused = countQueryRefuses(this.spec, this.request.query);
    if (!refused.length) {
      // limit: null counts past Shopify's default cap of 10,000. A declared variable must be used, so $query only with a query.
      const document = this.request.query.trim()
        ? `query SwitchboardCount($query: String) { ${this.spec.countQuery}(query: $query, limit: null) { count precision } }`
        : `query SwitchboardCount { ${this.spec.countQuery}(limit: null) { count precision } }`;
      const body = await this.send(document, this.request.query.trim() ? { query: this.request.query } : {});
      const result = (body.data as Record<string, { count?: unknown } | null> | undefined)?.[this.spec.countQuery];
      if (typeof result?.count !== 'number') throw new StepError(`Shopify's ${this.spec.countQuery} answered without a count`, true);
      return { count: result.count, requests: this.requests };
    }
    // The count query does not accept these filters (customersCount takes only created_at, id and updated_at): count by paging ids.
    const ids = await this.read({ id: true }, MAX_LIMIT + 1);
    if (ids.length > MAX_LIMIT) {
      throw new StepError(
        `more than ${MAX_LIMIT.toLocaleString('en-US')} ${this.spec.noun} match; ${this.spec.countQuery} cannot filter by ${refused.join(', ')}, so they are counted by reading them, which stops at ${MAX_LIMIT.toLocaleString('en-US')}`,
      );
    }
    return { count: ids.length, requests: this.requests };
  }

  private async read(selection: Selection, limit: number): Promise<Record<string, unknown>[]> {
    const pageSize = pageSizeFor(selection);
    const sort = this.request.sort;
    const query = this.request.query.trim();
    const variables: Record<string, unknown> = {};
    const args = ['first: $first', 'after: $after'];
    const params = ['$first: Int!', '$after: String'];
    if (query) {
      args.push('query: $query');
      params.push('$query: String');
      variables.query = this.request.query;
    }
    if (sort) {
      args.push('sortKey: $sortKey', 'reverse: $reverse');
      params.push(`$sortKey: ${this.spec.sortKeyType}`, '$reverse: Boolean');
      variables.sortKey = normalizeSortKey(sort.key);
      variables.reverse = sort.reverse === true;
    }
    const document = `query SwitchboardGetData(${params.join(', ')}) { ${this.spec.connection}(${args.join(', ')}) { nodes { ${renderSelection(selection)} } pageInfo { hasNextPage endCursor } } }`;

    const items: Record<string, unknown>[] = [];
    let after: string | null = null;
    while (items.length < limit) {
      const body = await this.send(document, { ...variables, first: Math.min(pageSize, limit - items.length), after });
      const page = (body.data as Record<string, Page | null> | undefined)?.[this.spec.connection];
      if (!page || !Array.isArray(page.nodes)) throw new StepError(`Shopify answered ${this.spec.connection} without a page of ${this.spec.noun}`, true);
      items.push(...page.nodes);
      const next = page.pageInfo;
      if (!next?.hasNextPage || !next.endCursor || page.nodes.length === 0) break;
      after = next.endCursor;
    }
    return items.slice(0, limit);
  }

  /** One request; waits and tries again when throttled (a bounded number of times), else throws a StepError. */
  private async send(document: string, variables: Record<string, unknown>): Promise<{ data?: unknown; extensions?: unknown }> {
    for (let attempt = 1; ; attempt++) {
      this.requests++;
      try {
        const body = (await this.client.request(document, { variables })) as { data?: unknown; extensions?: unknown };
        this.failOnSearchWarnings(body.extensions);
        return body;
      } catch (err) {
        if (err instanceof StepError) throw err;
        const failure = describeShopifyFailure(err);
        if (failure.throttled && attempt < 3) {
          await this.sleep(Math.min(this.maxWait, failure.retryAfterMs ?? 1000 * attempt));
          continue;
        }
        throw new StepError(`Shopify refused the ${this.spec.noun} query: ${failure.message}`, failure.retryable);
      }
    }
  }

  /** Shopify drops the terms it does not understand and says so only in `extensions.search`. */
  private failOnSearchWarnings(extensions: unknown): void {
    const search = (extensions as { search?: Array<{ query?: string; warnings?: Array<{ field?: string; message?: string }> }> } | undefined)?.search;
    const warnings = (search ?? []).flatMap((s) => (s.warnings ?? []).map((w) => ({ query: s.query, ...w })));
    if (!warnings.length) return;
    const detail = warnings.map((w) => `${w.field ? `"${w.field}": ` : ''}${w.message ?? 'warning'}`).join('; ');
    throw new StepError(`Shopify did not understand part of the ${this.spec.noun} query "${warnings[0]!.query ?? this.request.query}" (${detail}); its answer was not used, since it would hold records the query did not mean`);
  }
}
