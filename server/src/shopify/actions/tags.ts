import { HttpResponseError, type Shopify } from '@shopify/shopify-api';
import type { ActionTarget, BuiltinResult } from '../../engine/index.js';
import type { OfflineSessions } from '../offline-session.js';
import { actionExtension, builtinAction, field, since } from './fields.js';

type Subject = 'Order' | 'Customer' | 'Product';

const MUTATION = {
  add: `mutation tagsAdd($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }`,
  remove: `mutation tagsRemove($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) { node { id } userErrors { field message } } }`,
};

/** Add or remove tags on an order, a customer or a product, through the Admin GraphQL API. */
export function tagActions(shopify: Shopify, sessions: OfflineSessions): ActionTarget[] {
  const subjects: Array<[Subject, string]> = [['Order', 'order'], ['Customer', 'customer'], ['Product', 'product']];
  return subjects.flatMap(([subject, variable]) =>
    (['add', 'remove'] as const).map((op): ActionTarget => {
      const handle = `${op}-${variable}-tags`;
      return builtinAction(
        'shopify',
        actionExtension(handle, `${op === 'add' ? 'Add' : 'Remove'} ${variable} tags`, `${op === 'add' ? 'Adds tags to' : 'Removes tags from'} the ${variable}`, [
          field('single_line_text_field', 'id', `${subject} ID`, true, `e.g. {{ ${variable}.admin_graphql_api_id }}`),
          field('single_line_text_field', 'tags', 'Tags', true, 'Comma-separated'),
        ]),
        (properties, ctx) => changeTags(shopify, sessions, ctx.shop.domain, op, subject, properties),
      );
    }),
  );
}

async function changeTags(
  shopify: Shopify,
  sessions: OfflineSessions,
  shop: string,
  op: 'add' | 'remove',
  subject: Subject,
  properties: Record<string, unknown>,
): Promise<BuiltinResult> {
  const started = performance.now();
  const raw = String(properties.id ?? '').trim();
  const id = /^\d+$/.test(raw) ? `gid://shopify/${subject}/${raw}` : raw;
  if (!new RegExp(`^gid://shopify/${subject}/\\d+$`).test(id)) {
    return { outcome: { kind: 'failed', reason: `"${raw}" is not a ${subject} id (a number or gid://shopify/${subject}/...)` }, latencyMs: since(started) };
  }
  const tags = String(properties.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  if (!tags.length) return { outcome: { kind: 'failed', reason: 'no tags to change: the tags field rendered empty' }, latencyMs: since(started) };
  let session;
  try {
    session = await sessions.get(shop);
  } catch (err) {
    return { outcome: { kind: 'retry', reason: `could not refresh the access token: ${(err as Error).message}` }, latencyMs: since(started) };
  }
  if (!session) return { outcome: { kind: 'failed', reason: `Switchboard has no access to ${shop}: reinstall it` }, latencyMs: since(started) };
  try {
    const client = new shopify.clients.Graphql({ session });
    const res = await client.request(MUTATION[op], { variables: { id, tags } });
    const data = (res.data as Record<string, { userErrors: Array<{ message: string }> }> | undefined)?.[op === 'add' ? 'tagsAdd' : 'tagsRemove'];
    const excerpt = JSON.stringify(res.data ?? res.errors ?? {}).slice(0, 500);
    if (res.errors) return { outcome: { kind: 'failed', reason: res.errors.message ?? 'GraphQL error' }, statusCode: 200, latencyMs: since(started), responseExcerpt: excerpt };
    if (data?.userErrors.length) {
      return { outcome: { kind: 'failed', reason: data.userErrors.map((e) => e.message).join('; ') }, statusCode: 200, latencyMs: since(started), responseExcerpt: excerpt };
    }
    return { outcome: { kind: 'succeeded', returnValue: { id, tags } }, statusCode: 200, latencyMs: since(started), responseExcerpt: excerpt };
  } catch (err) {
    if (err instanceof HttpResponseError) {
      const status = err.response.code;
      const retry = status === 429 || status >= 500;
      const reason = `Shopify answered ${status}: ${err.message}`;
      return { outcome: retry ? { kind: 'retry', reason } : { kind: 'failed', reason }, statusCode: status, latencyMs: since(started) };
    }
    return { outcome: { kind: 'retry', reason: `could not reach Shopify: ${(err as Error).message}` }, latencyMs: since(started), error: (err as Error).message };
  }
}
