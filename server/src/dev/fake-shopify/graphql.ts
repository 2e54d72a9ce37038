import {
  GraphQLError,
  Kind,
  parse,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { KINDS, matchTerm, numericId } from './records.js';
import { evaluateSearch, parseSearchQuery, searchFields, SearchSyntaxError } from './search.js';
import type { FakeOrder, FakeRecord, RecordedMutation, RecordKind, ShopInfo, WebhookSubscriptionRecord } from './types.js';

/** What the GraphQL executor needs from the fake. */
export interface GraphqlStore {
  orders: Record<string, FakeOrder[]>;
  products: Record<string, FakeRecord[]>;
  customers: Record<string, FakeRecord[]>;
  draftOrders: Record<string, FakeRecord[]>;
  mutations: RecordedMutation[];
  shopInfo(shop: string): ShopInfo;
  subscriptions: WebhookSubscriptionRecord[];
  nextId(): number;
}

interface GraphqlErrorBody {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

class FieldError extends Error {
  constructor(
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const TAGGABLE_GID = /^gid:\/\/shopify\/(Order|Customer|Product|DraftOrder|Article|BlogPost)\/(\d+)$/;
const TAGS_GID = /^gid:\/\/shopify\/(Order|Customer|Product)\/(\d+)$/;

/** Abstract types an inline fragment may name while the object has a concrete __typename. */
const ABSTRACT_TYPES = new Set(['Node', 'TaggableResource', 'HasMetafields', 'HasEvents', 'CommentEventSubject', 'LegacyInteroperability', 'WebhookSubscriptionEndpoint']);

export async function executeGraphql(
  store: GraphqlStore,
  shop: string,
  request: { query: string; variables: Record<string, unknown>; operationName: string | null },
): Promise<Record<string, unknown>> {
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    const e = error as GraphQLError;
    return { errors: [{ message: e.message, locations: e.locations ?? [] }] };
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let operation: OperationDefinitionNode | undefined;
  if (request.operationName) operation = operations.find((o) => o.name?.value === request.operationName);
  else if (operations.length === 1) operation = operations[0];
  if (!operation) {
    return {
      errors: [{ message: request.operationName ? `No operation named "${request.operationName}"` : 'An operation name is required' }],
    };
  }
  if (operation.operation === 'subscription') {
    return { errors: [{ message: 'Subscriptions are not supported' }] };
  }
  const variables = { ...defaultVariables(operation), ...request.variables };
  const isMutation = operation.operation === 'mutation';
  const typeName = isMutation ? 'Mutation' : 'QueryRoot';
  const opPath = `${operation.operation}${operation.name ? ` ${operation.name.value}` : ''}`;
  const rootFields = collectFields(operation.selectionSet, fragments, variables);
  const resolvers = isMutation ? MUTATIONS : QUERIES;

  const validation: GraphqlErrorBody[] = [];
  for (const field of rootFields) {
    const name = field.name.value;
    if (name === '__typename') continue;
    if (!Object.hasOwn(resolvers, name)) {
      validation.push({
        message: `Field '${name}' doesn't exist on type '${typeName}'`,
        locations: [loc(field)],
        path: [opPath, name],
        extensions: { code: 'undefinedField', typeName, fieldName: name },
      });
    }
  }
  if (validation.length) return { errors: validation };

  const data: Record<string, unknown> = {};
  const errors: GraphqlErrorBody[] = [];
  const searchWarnings: SearchWarning[] = [];
  for (const field of rootFields) {
    const name = field.name.value;
    const key = field.alias?.value ?? name;
    if (name === '__typename') {
      data[key] = typeName;
      continue;
    }
    const args = argumentsOf(field, variables);
    try {
      const resolver = resolvers[name]!;
      const value = resolver({ store, shop, args, field, warn: (w) => searchWarnings.push({ path: [key], ...w }) });
      if (isMutation) store.mutations.push({ shop, name, variables: request.variables, args });
      data[key] = project(value, field.selectionSet, fragments, variables);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      data[key] = null;
      errors.push({ message: error.message, locations: [loc(field)], path: [key], extensions: error.extensions });
    }
  }
  const body: Record<string, unknown> = errors.length ? { data, errors } : { data };
  // Shopify reports the search terms it ignored here, next to an answer that left them out.
  if (searchWarnings.length) body['extensions'] = { search: searchWarnings };
  return body;
}

/** One entry of Shopify's `extensions.search`. */
interface SearchWarning {
  path: (string | number)[];
  query: string;
  warnings: { field: string; message: string; code: string }[];
}

function loc(node: FieldNode): { line: number; column: number } {
  const start = node.loc?.startToken;
  return { line: start?.line ?? 1, column: start?.column ?? 1 };
}

function defaultVariables(operation: OperationDefinitionNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of operation.variableDefinitions ?? []) {
    if (def.defaultValue) out[def.variable.name.value] = valueFromASTUntyped(def.defaultValue);
  }
  return out;
}

function argumentsOf(field: FieldNode, variables: Record<string, unknown>): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of field.arguments ?? []) args[arg.name.value] = valueOf(arg.value, variables);
  return args;
}

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  return valueFromASTUntyped(node, variables);
}

function skipped(node: { directives?: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: ValueNode }[] }[] }, variables: Record<string, unknown>): boolean {
  for (const d of node.directives ?? []) {
    const ifArg = d.arguments?.find((a) => a.name.value === 'if');
    const cond = ifArg ? Boolean(valueOf(ifArg.value, variables)) : true;
    if (d.name.value === 'skip' && cond) return true;
    if (d.name.value === 'include' && !cond) return true;
  }
  return false;
}

function typeMatches(condition: string | undefined, value: Record<string, unknown>): boolean {
  if (!condition) return true;
  const typename = value['__typename'];
  if (typeof typename !== 'string') return true;
  return condition === typename || ABSTRACT_TYPES.has(condition);
}

function collectFields(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  value: Record<string, unknown> = {},
  out: FieldNode[] = [],
): FieldNode[] {
  for (const selection of selectionSet.selections) {
    if (skipped(selection, variables)) continue;
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (typeMatches(selection.typeCondition?.name.value, value)) collectFields(selection.selectionSet, fragments, variables, value, out);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment && typeMatches(fragment.typeCondition.name.value, value)) collectFields(fragment.selectionSet, fragments, variables, value, out);
    }
  }
  return out;
}

/** Keeps the selected fields of plain data, with aliases; fields the data lacks come out null. */
function project(
  value: unknown,
  selectionSet: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((item) => project(item, selectionSet, fragments, variables));
  if (!selectionSet || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of collectFields(selectionSet, fragments, variables, obj)) {
    const key = field.alias?.value ?? field.name.value;
    let raw = obj[field.name.value];
    // A nested list stored as an array, read as a connection (`lineItems(first: 10) { nodes { ... } }`).
    if (Array.isArray(raw) && selectsConnection(field.selectionSet)) {
      raw = connection(raw as Record<string, unknown>[], argumentsOf(field, variables), (item) => String(item['id'] ?? ''));
    }
    const child = project(raw, field.selectionSet, fragments, variables);
    const existing = out[key];
    out[key] =
      existing && typeof existing === 'object' && child && typeof child === 'object' && !Array.isArray(child)
        ? { ...(existing as Record<string, unknown>), ...(child as Record<string, unknown>) }
        : child;
  }
  return out;
}

function selectsConnection(selectionSet: SelectionSetNode | undefined): boolean {
  return Boolean(selectionSet?.selections.some((s) => s.kind === Kind.FIELD && ['nodes', 'edges', 'pageInfo'].includes(s.name.value)));
}

interface ResolverArgs {
  store: GraphqlStore;
  shop: string;
  args: Record<string, unknown>;
  field: FieldNode;
  /** Adds an `extensions.search` entry for this root field. */
  warn: (entry: Omit<SearchWarning, 'path'>) => void;
}
type Resolver = (input: ResolverArgs) => unknown;

function tagList(value: unknown): string[] {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return raw
    .flatMap((t) => String(t).split(','))
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

function typenameOfGid(id: string): string {
  return TAGGABLE_GID.exec(id)?.[1] ?? 'Node';
}

function tagsMutation(kind: 'add' | 'remove'): Resolver {
  return ({ store, shop, args }) => {
    const id = typeof args['id'] === 'string' ? args['id'] : '';
    if (!TAGS_GID.test(id)) {
      return { node: null, userErrors: [{ field: ['id'], message: `Invalid id: ${id || '(missing)'}`, __typename: 'UserError' }] };
    }
    if (args['tags'] === undefined) throw new FieldError("Argument 'tags' on Field 'tags" + (kind === 'add' ? 'Add' : 'Remove') + "' is required", { code: 'missingRequiredArguments' });
    const tags = tagList(args['tags']);
    const records: FakeRecord[] = [...(store.orders[shop] ?? []), ...(store.customers[shop] ?? []), ...(store.products[shop] ?? [])];
    const record = records.find((o) => o.id === id);
    if (record) {
      const current = Array.isArray(record['tags']) ? (record['tags'] as string[]) : [];
      if (kind === 'add') record['tags'] = [...current, ...tags.filter((t) => !current.some((c) => c.toLowerCase() === t.toLowerCase()))];
      else record['tags'] = current.filter((c) => !tags.some((t) => t.toLowerCase() === c.toLowerCase()));
    }
    return { node: { __typename: typenameOfGid(id), id }, userErrors: [] };
  };
}

function subscriptionView(s: WebhookSubscriptionRecord): Record<string, unknown> {
  return {
    __typename: 'WebhookSubscription',
    id: s.id,
    topic: s.topic,
    format: s.format,
    callbackUrl: s.callbackUrl,
    uri: s.callbackUrl,
    endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl: s.callbackUrl },
    includeFields: [],
    metafieldNamespaces: [],
    filter: null,
    createdAt: s.createdAt,
    updatedAt: s.createdAt,
    apiVersion: null,
  };
}

const MUTATIONS: Record<string, Resolver> = {
  tagsAdd: tagsMutation('add'),
  tagsRemove: tagsMutation('remove'),
  webhookSubscriptionCreate: ({ store, shop, args }) => {
    const topic = args['topic'];
    if (typeof topic !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(topic)) {
      throw new FieldError(`Argument 'topic' on Field 'webhookSubscriptionCreate' has an invalid value (${JSON.stringify(topic)}). Expected type 'WebhookSubscriptionTopic!'.`, { code: 'argumentLiteralsIncompatible' });
    }
    const input = (args['webhookSubscription'] ?? {}) as Record<string, unknown>;
    const callbackUrl = typeof input['callbackUrl'] === 'string' ? input['callbackUrl'] : typeof input['uri'] === 'string' ? input['uri'] : '';
    const format = typeof input['format'] === 'string' ? input['format'] : 'JSON';
    const userErrors: { field: string[]; message: string }[] = [];
    if (!callbackUrl) userErrors.push({ field: ['webhookSubscription', 'callbackUrl'], message: "Address can't be blank" });
    else if (!/^https?:\/\/[^\s]+$/.test(callbackUrl)) userErrors.push({ field: ['webhookSubscription', 'callbackUrl'], message: 'Address is invalid' });
    else if (store.subscriptions.some((s) => s.shop === shop && s.topic === topic && s.callbackUrl === callbackUrl)) {
      userErrors.push({ field: ['webhookSubscription', 'callbackUrl'], message: 'Address for this topic has already been taken' });
    }
    if (userErrors.length) return { webhookSubscription: null, userErrors };
    const record: WebhookSubscriptionRecord = {
      id: `gid://shopify/WebhookSubscription/${store.nextId()}`,
      shop,
      topic,
      callbackUrl,
      format,
      createdAt: new Date().toISOString(),
    };
    store.subscriptions.push(record);
    return { webhookSubscription: subscriptionView(record), userErrors: [] };
  },
  webhookSubscriptionDelete: ({ store, shop, args }) => {
    const id = args['id'];
    const index = store.subscriptions.findIndex((s) => s.shop === shop && s.id === id);
    if (index < 0) return { deletedWebhookSubscriptionId: null, userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }] };
    store.subscriptions.splice(index, 1);
    return { deletedWebhookSubscriptionId: id, userErrors: [] };
  },
};

const QUERIES: Record<string, Resolver> = {
  shop: ({ store, shop }) => ({ __typename: 'Shop', ...store.shopInfo(shop) }),
  orders: ({ store, shop, args, warn }) => recordsConnection('orders', store.orders[shop] ?? [], args, warn),
  products: ({ store, shop, args, warn }) => recordsConnection('products', store.products[shop] ?? [], args, warn),
  customers: ({ store, shop, args, warn }) => recordsConnection('customers', store.customers[shop] ?? [], args, warn),
  draftOrders: ({ store, shop, args, warn }) => recordsConnection('draftOrders', store.draftOrders[shop] ?? [], args, warn),
  ordersCount: ({ store, shop, args, warn }) => recordsCount('orders', store.orders[shop] ?? [], args, warn),
  productsCount: ({ store, shop, args, warn }) => recordsCount('products', store.products[shop] ?? [], args, warn),
  customersCount: ({ store, shop, args, warn }) => recordsCount('customers', store.customers[shop] ?? [], args, warn),
  draftOrdersCount: ({ store, shop, args, warn }) => recordsCount('draftOrders', store.draftOrders[shop] ?? [], args, warn),
  order: ({ store, shop, args }) => byId('orders', store.orders[shop] ?? [], args),
  product: ({ store, shop, args }) => byId('products', store.products[shop] ?? [], args),
  customer: ({ store, shop, args }) => byId('customers', store.customers[shop] ?? [], args),
  draftOrder: ({ store, shop, args }) => byId('draftOrders', store.draftOrders[shop] ?? [], args),
  webhookSubscriptions: ({ store, shop, args }) => {
    const topics = Array.isArray(args['topics']) ? (args['topics'] as unknown[]) : null;
    const list = store.subscriptions.filter((s) => s.shop === shop && (!topics || topics.includes(s.topic)));
    return connection(list.map(subscriptionView), args, (s) => String(s['id']));
  },
};

function byId(kind: RecordKind, records: FakeRecord[], args: Record<string, unknown>): unknown {
  const record = records.find((r) => r.id === args['id']);
  return record ? { __typename: KINDS[kind].typename, ...record } : null;
}

/**
 * The records a `query` argument selects. Like Shopify, terms on fields the
 * query does not accept are left out (they match everything) and reported
 * in `extensions.search`; a malformed query is an error.
 */
function search(kind: RecordKind, records: FakeRecord[], query: unknown, fields: ReadonlySet<string>, warn: ResolverArgs['warn']): FakeRecord[] {
  if (typeof query !== 'string' || query.trim() === '') return records;
  let tree;
  try {
    tree = parseSearchQuery(query);
  } catch (error) {
    if (error instanceof SearchSyntaxError) {
      throw new FieldError(`Invalid search query '${query}': ${error.message}`, { code: 'INVALID_SEARCH_QUERY', argumentName: 'query' });
    }
    throw error;
  }
  const ignored = new Set(searchFields(tree).filter((f) => !fields.has(f)));
  if (ignored.size) {
    warn({ query, warnings: [...ignored].map((field) => ({ field, message: 'Invalid search field for this query.', code: 'invalid_field' })) });
  }
  const spec = KINDS[kind];
  return records.filter((record) => evaluateSearch(tree, (term) => (term.field !== null && ignored.has(term.field)) || matchTerm(spec, record, term)));
}

function recordsConnection(kind: RecordKind, all: FakeRecord[], args: Record<string, unknown>, warn: ResolverArgs['warn']): unknown {
  const spec = KINDS[kind];
  const sortKey = args['sortKey'] === undefined || args['sortKey'] === null ? 'ID' : String(args['sortKey']);
  if (!spec.sortKeys.has(sortKey)) {
    throw new FieldError(`Argument 'sortKey' on Field '${kind}' has an invalid value (${sortKey}). Expected type '${spec.sortKeyType}'.`, {
      code: 'argumentLiteralsIncompatible',
      typeName: 'Field',
      argumentName: 'sortKey',
    });
  }
  const list = search(kind, all, args['query'], spec.searchFields, warn);
  const sorted = [...list].sort((a, b) => {
    const av = spec.sortValue(a, sortKey);
    const bv = spec.sortValue(b, sortKey);
    const cmp = typeof av === 'number' && typeof bv === 'number' ? av - bv : String(av).localeCompare(String(bv));
    return cmp !== 0 ? cmp : numericId(a.id) - numericId(b.id);
  });
  if (args['reverse'] === true) sorted.reverse();
  return connection(
    sorted.map((r) => ({ __typename: spec.typename, ...r })),
    args,
    (r) => String(r['id']),
  );
}

/** `ordersCount(query:, limit:)` and the like: `limit` defaults to 10,000; null counts everything. */
function recordsCount(kind: RecordKind, all: FakeRecord[], args: Record<string, unknown>, warn: ResolverArgs['warn']): unknown {
  const spec = KINDS[kind];
  const limit = args['limit'] === undefined ? 10_000 : args['limit'];
  if (limit !== null && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0)) {
    throw new FieldError(`Argument 'limit' must be a non-negative integer or null`, { code: 'BAD_REQUEST' });
  }
  const matched = search(kind, all, args['query'], spec.countSearchFields ?? spec.searchFields, warn).length;
  const count = limit === null ? matched : Math.min(matched, limit);
  return { __typename: 'Count', count, precision: count < matched ? 'AT_LEAST' : 'EXACT' };
}

function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ last_id: numericId(id), gid: id })).toString('base64');
}

function decodeCursor(cursor: unknown, argument: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(String(cursor), 'base64').toString('utf8')) as { gid?: unknown };
    if (typeof parsed.gid === 'string') return parsed.gid;
  } catch {
    // fall through
  }
  throw new FieldError(`Invalid cursor for current pagination sort (${argument}).`, { code: 'BAD_REQUEST' });
}

function connection(items: Record<string, unknown>[], args: Record<string, unknown>, idOf: (item: Record<string, unknown>) => string): unknown {
  const first = args['first'];
  const last = args['last'];
  if ((first === undefined || first === null) && (last === undefined || last === null)) {
    throw new FieldError('you must provide one of first or last', { code: 'BAD_REQUEST' });
  }
  for (const [name, n] of [['first', first], ['last', last]] as const) {
    if (n !== undefined && n !== null && (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 250)) {
      throw new FieldError(`Argument '${name}' must be an integer between 0 and 250`, { code: 'BAD_REQUEST' });
    }
  }
  let start = 0;
  let end = items.length;
  if (args['after'] !== undefined && args['after'] !== null) {
    const id = decodeCursor(args['after'], 'after');
    const index = items.findIndex((item) => idOf(item) === id);
    start = index >= 0 ? index + 1 : items.length;
  }
  if (args['before'] !== undefined && args['before'] !== null) {
    const id = decodeCursor(args['before'], 'before');
    const index = items.findIndex((item) => idOf(item) === id);
    end = index >= 0 ? index : 0;
  }
  let windowStart = start;
  let windowEnd = Math.max(start, end);
  if (typeof first === 'number') windowEnd = Math.min(windowEnd, windowStart + first);
  if (typeof last === 'number') windowStart = Math.max(windowStart, windowEnd - last);
  const page = items.slice(windowStart, windowEnd);
  const edges = page.map((node) => ({ __typename: 'Edge', cursor: encodeCursor(idOf(node)), node }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      __typename: 'PageInfo',
      hasNextPage: windowEnd < end,
      hasPreviousPage: windowStart > start,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
