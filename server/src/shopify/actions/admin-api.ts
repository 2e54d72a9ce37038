import type { Session, Shopify } from '@shopify/shopify-api';
import { GraphQLError, Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { ActionTarget, BuiltinResult } from '../../engine/index.js';
import { describeShopifyFailure } from '../get-data/index.js';
import type { OfflineSessions } from '../offline-session.js';
import { actionExtension, builtinAction, field, since } from './fields.js';

/**
 * Problems of a mutation document, for save time and before sending: it must
 * parse, hold exactly one operation, and that operation must be a mutation
 * (reads belong to Get data, which pages and checks queries).
 */
export function checkMutation(text: string): string[] {
  if (!text.trim()) return ['mutation: the mutation is empty'];
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch (err) {
    const e = err as GraphQLError;
    const where = e.locations?.[0];
    return [`mutation: ${where ? `line ${where.line}, column ${where.column}: ` : ''}${e.message.replace(/^Syntax Error: /, '')}`];
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) return [`mutation: the document must hold exactly one operation, found ${operations.length}`];
  const op = operations[0]!;
  if (op.operation !== 'mutation') {
    const where = op.loc ? `line ${op.loc.startToken.line}, column ${op.loc.startToken.column}: ` : '';
    return [`mutation: ${where}the operation is a ${op.operation}, not a mutation (use Get data to read)`];
  }
  return [];
}

/** "Send Admin API request": any Admin GraphQL mutation, with JSON variables, through the shop's offline session. */
export function adminApiRequestAction(shopify: Shopify, offline: OfflineSessions): ActionTarget {
  return builtinAction(
    'shopify',
    actionExtension('admin_api_request', 'Send Admin API request', 'Runs an Admin GraphQL API mutation in the shop', [
      field('multi_line_text_field', 'mutation', 'Mutation', true, 'One GraphQL mutation, e.g. mutation($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { userErrors { field message } } }'),
      field('multi_line_text_field', 'variables', 'Variables', false, 'A JSON object, e.g. { "id": "{{ order.admin_graphql_api_id }}", "tags": ["vip"] }'),
    ]),
    (properties, ctx) => sendMutation(shopify, offline, ctx.shop.domain, properties),
  );
}

async function sendMutation(shopify: Shopify, offline: OfflineSessions, shop: string, properties: Record<string, unknown>): Promise<BuiltinResult> {
  const started = performance.now();
  const fail = (reason: string, extra: Partial<BuiltinResult> = {}): BuiltinResult => ({ outcome: { kind: 'failed', reason }, latencyMs: since(started), ...extra });
  const mutation = String(properties.mutation ?? '');
  const problems = checkMutation(mutation);
  if (problems.length) return fail(problems.join('; '));
  const parsed = parseVariables(properties.variables);
  if ('problem' in parsed) return fail(parsed.problem);

  let session: Session | undefined;
  try {
    session = await offline.get(shop);
  } catch (err) {
    return { outcome: { kind: 'retry', reason: `could not refresh the access token: ${(err as Error).message}` }, latencyMs: since(started) };
  }
  if (!session) return fail(`Switchboard has no access to ${shop}: reinstall it`);
  try {
    const client = new shopify.clients.Graphql({ session });
    const res = await client.request(mutation, { variables: parsed.variables });
    const excerpt = JSON.stringify(res.data ?? {}).slice(0, 500);
    const userErrors = [...new Set(collectUserErrors(res.data))];
    if (userErrors.length) return fail(`Shopify refused the change: ${userErrors.join('; ')}`, { statusCode: 200, responseExcerpt: excerpt });
    return { outcome: { kind: 'succeeded', returnValue: res.data ?? null }, statusCode: 200, latencyMs: since(started), responseExcerpt: excerpt };
  } catch (err) {
    const failure = describeShopifyFailure(err);
    const base = { statusCode: failure.statusCode, latencyMs: since(started), error: failure.message };
    if (failure.retryable) return { ...base, outcome: { kind: 'retry', reason: failure.message, retryAfterMs: failure.retryAfterMs } };
    return { ...base, outcome: { kind: 'failed', reason: `Shopify refused the mutation: ${failure.message}` } };
  }
}

function parseVariables(raw: unknown): { variables: Record<string, unknown> } | { problem: string } {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) return { variables: raw as Record<string, unknown> };
  const text = raw === undefined || raw === null ? '' : String(raw);
  if (!text.trim()) return { variables: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problem: `variables is not valid JSON: ${(err as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problem: `variables must be a JSON object ({ "name": value, ... }), got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}` };
  }
  return { variables: value as Record<string, unknown> };
}

/**
 * Every non-empty `userErrors` list in the payload (and the older
 * `customerUserErrors`-style names), as "field.path: message".
 */
function collectUserErrors(data: unknown, out: string[] = []): string[] {
  if (Array.isArray(data)) {
    for (const item of data) collectUserErrors(item, out);
  } else if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) {
      if (/^(userErrors|\w+UserErrors)$/.test(key) && Array.isArray(value)) {
        for (const e of value as Array<{ field?: unknown; message?: unknown }>) {
          const path = Array.isArray(e?.field) ? e.field.join('.') : typeof e?.field === 'string' ? e.field : '';
          out.push(`${path ? `${path}: ` : ''}${String(e?.message ?? 'error')}`);
        }
      } else collectUserErrors(value, out);
    }
  }
  return out;
}
