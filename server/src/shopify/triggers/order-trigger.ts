/** The orders/* triggers: the webhook body is the order, exposed as `order`. */
import type { VarType } from '../../engine/definition.js';
import { ORDER } from './order-schema.js';
import { customerIdentity, gidOf, shapeObject, type ShopifyTrigger } from './types.js';

export interface OrderTriggerSpec {
  handle: string;
  name: string;
  description: string;
  topic: string;
  sample: Record<string, unknown>;
  /** The order's type; ORDER unless the topic sends more (orders/fulfilled: fulfillments). */
  order?: VarType;
}

export function orderTrigger(spec: OrderTriggerSpec): ShopifyTrigger {
  const order = spec.order ?? ORDER;
  return {
    handle: spec.handle,
    name: spec.name,
    description: spec.description,
    topic: spec.topic,
    schema: { order },
    sample: spec.sample,
    toData: (payload) => ({ order: { ...shapeObject(order, payload), admin_graphql_api_id: gidOf(payload, 'Order') ?? null } }),
    subjectGid: (payload) => gidOf(payload, 'Order'),
    customer: (payload) => customerIdentity(payload.customer, payload.email ?? payload.contact_email),
  };
}
