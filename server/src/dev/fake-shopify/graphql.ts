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
import { compareValue, evaluateSearch, parseSearchQuery, SearchSyntaxError } from './search.js';
import type { FakeOrder, RecordedMutation, ShopInfo, WebhookSubscriptionRecord } from './types.js';

/** What the GraphQL executor needs from the fake. */
export interface GraphqlStore {
  orders: Record<string, FakeOrder[]>;
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

const ORDER_SEARCH_FIELDS = new Set([
  'default', 'cart_token', 'channel', 'channel_id', 'chargeback_status', 'checkout_token', 'confirmation_number',
  'created_at', 'credit_card_last4', 'customer_id', 'delivery_method', 'discount_code', 'earliest_fulfill_by', 'email',
  'financial_status', 'fraud_protection_level', 'fulfillment_location_id', 'fulfillment_status', 'gateway', 'id',
  'location_id', 'name', 'payment_id', 'payment_provider_id', 'po_number', 'processed_at', 'reference_location_id',
  'return_status', 'risk_level', 'sales_channel', 'sku', 'source_identifier', 'source_name', 'status', 'subtotal_price',
  'tag', 'tag_not', 'test', 'updated_at',
]);

const ORDER_SORT_KEYS = new Set([
  'CREATED_AT', 'CUSTOMER_NAME', 'DESTINATION', 'FINANCIAL_STATUS', 'FULFILLMENT_STATUS', 'ID', 'ORDER_NUMBER',
  'PO_NUMBER', 'PROCESSED_AT', 'RELEVANCE', 'TOTAL_ITEMS_QUANTITY', 'TOTAL_PRICE', 'UPDATED_AT',
]);

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
      const value = resolver({ store, shop, args, field });
      if (isMutation) store.mutations.push({ shop, name, variables: request.variables, args });
      data[key] = project(value, field.selectionSet, fragments, variables);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      data[key] = null;
      errors.push({ message: error.message, locations: [loc(field)], path: [key], extensions: error.extensions });
    }
  }
  return errors.length ? { data, errors } : { data };
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
    const child = project(obj[field.name.value], field.selectionSet, fragments, variables);
    const existing = out[key];
    out[key] =
      existing && typeof existing === 'object' && child && typeof child === 'object' && !Array.isArray(child)
        ? { ...(existing as Record<string, unknown>), ...(child as Record<string, unknown>) }
        : child;
  }
  return out;
}

interface ResolverArgs {
  store: GraphqlStore;
  shop: string;
  args: Record<string, unknown>;
  field: FieldNode;
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
    const order = (store.orders[shop] ?? []).find((o) => o.id === id);
    if (order) {
      const current = order.tags ?? [];
      if (kind === 'add') order.tags = [...current, ...tags.filter((t) => !current.some((c) => c.toLowerCase() === t.toLowerCase()))];
      else order.tags = current.filter((c) => !tags.some((t) => t.toLowerCase() === c.toLowerCase()));
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
  orders: ({ store, shop, args }) => ordersConnection(store.orders[shop] ?? [], args),
  order: ({ store, shop, args }) => {
    const order = (store.orders[shop] ?? []).find((o) => o.id === args['id']);
    return order ? { __typename: 'Order', ...order } : null;
  },
  webhookSubscriptions: ({ store, shop, args }) => {
    const topics = Array.isArray(args['topics']) ? (args['topics'] as unknown[]) : null;
    const list = store.subscriptions.filter((s) => s.shop === shop && (!topics || topics.includes(s.topic)));
    return connection(list.map(subscriptionView), args, (s) => String(s['id']));
  },
};

function numericId(gid: unknown): number {
  const match = /(\d+)$/.exec(String(gid));
  return match ? Number(match[1]) : 0;
}

function orderStatus(order: FakeOrder): string {
  if (order['cancelledAt']) return 'cancelled';
  if (order['closed'] === true || order['closedAt']) return 'closed';
  return 'open';
}

function snakeToCamel(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function orderTermValue(order: FakeOrder, field: string): unknown {
  switch (field) {
    case 'id':
      return numericId(order.id);
    case 'name': {
      const name = order.name;
      return [name, name.replace(/^#/, '')];
    }
    case 'tag':
      return order.tags ?? [];
    case 'status':
      return orderStatus(order);
    case 'financial_status':
      return String(order['displayFinancialStatus'] ?? order['financialStatus'] ?? '').toLowerCase();
    case 'fulfillment_status':
      return String(order['displayFulfillmentStatus'] ?? order['fulfillmentStatus'] ?? '').toLowerCase();
    case 'customer_id': {
      const customer = order['customer'] as Record<string, unknown> | null | undefined;
      return customer?.['id'] !== undefined ? numericId(customer['id']) : order['customerId'];
    }
    default: {
      const camel = snakeToCamel(field);
      return order[camel] ?? order[field];
    }
  }
}

function matchOrder(order: FakeOrder, term: { field: string | null; op: '=' | '>' | '>=' | '<' | '<='; value: string }): boolean {
  const field = term.field === 'default' ? null : term.field;
  if (field === null) {
    const haystack = [order.name, order.email ?? '', ...(order.tags ?? []), String(order['note'] ?? '')].join(' ').toLowerCase();
    const needle = term.value.toLowerCase().replace(/\*$/, '');
    return haystack.includes(needle);
  }
  if (field === 'tag_not') return !compareValue(order.tags ?? [], '=', term.value);
  return compareValue(orderTermValue(order, field), term.op, term.value);
}

function sortValue(order: FakeOrder, sortKey: string): number | string {
  switch (sortKey) {
    case 'CREATED_AT':
      return Date.parse(order.createdAt ?? '') || 0;
    case 'UPDATED_AT':
      return Date.parse(order.updatedAt ?? order.createdAt ?? '') || 0;
    case 'PROCESSED_AT':
      return Date.parse(order.processedAt ?? order.createdAt ?? '') || 0;
    case 'ORDER_NUMBER':
      return Number(/(\d+)/.exec(order.name)?.[1] ?? 0);
    case 'TOTAL_PRICE': {
      const set = order['totalPriceSet'] as { shopMoney?: { amount?: string } } | undefined;
      return Number(set?.shopMoney?.amount ?? order['totalPrice'] ?? 0);
    }
    default:
      return numericId(order.id);
  }
}

function ordersConnection(all: FakeOrder[], args: Record<string, unknown>): unknown {
  const sortKey = args['sortKey'] === undefined || args['sortKey'] === null ? 'ID' : String(args['sortKey']);
  if (!ORDER_SORT_KEYS.has(sortKey)) {
    throw new FieldError(`Argument 'sortKey' on Field 'orders' has an invalid value (${sortKey}). Expected type 'OrderSortKeys'.`, {
      code: 'argumentLiteralsIncompatible',
      typeName: 'Field',
      argumentName: 'sortKey',
    });
  }
  let list = all;
  const query = args['query'];
  if (typeof query === 'string' && query.trim() !== '') {
    let tree;
    try {
      tree = parseSearchQuery(query, ORDER_SEARCH_FIELDS);
    } catch (error) {
      if (error instanceof SearchSyntaxError) {
        throw new FieldError(`Invalid search query '${query}': ${error.message}`, { code: 'INVALID_SEARCH_QUERY', argumentName: 'query' });
      }
      throw error;
    }
    list = all.filter((order) => evaluateSearch(tree, (term) => matchOrder(order, term)));
  }
  const sorted = [...list].sort((a, b) => {
    const av = sortValue(a, sortKey);
    const bv = sortValue(b, sortKey);
    const cmp = typeof av === 'number' && typeof bv === 'number' ? av - bv : String(av).localeCompare(String(bv));
    return cmp !== 0 ? cmp : numericId(a.id) - numericId(b.id);
  });
  if (args['reverse'] === true) sorted.reverse();
  return connection(
    sorted.map((o) => ({ __typename: 'Order', ...o })),
    args,
    (o) => String(o['id']),
  );
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
