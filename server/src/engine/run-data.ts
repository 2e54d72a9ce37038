import type { ManifestField } from '@switchboard/sdk/manifest';
import type { DataSchema } from './definition.js';
import { schemaFromFields } from './data-schema.js';

export interface RunContext {
  payload: unknown;
  shop: { id: number; domain: string; name: string };
  event: { id: string; receivedAt: number };
  outputs: Record<string, unknown>;
}

/**
 * The variables conditions and Liquid read: the trigger payload's fields at
 * the top level (as Flow exposes them), plus `shop`, `event` and `steps`
 * (earlier actions' return values by step id). The reserved names win.
 */
export function runData(ctx: RunContext): Record<string, unknown> {
  const payload = ctx.payload && typeof ctx.payload === 'object' ? (ctx.payload as Record<string, unknown>) : {};
  return {
    ...payload,
    shop: ctx.shop,
    event: { id: ctx.event.id, received_at: new Date(ctx.event.receivedAt).toISOString() },
    steps: ctx.outputs,
  };
}

export function runSchema(triggerFields: ManifestField[], declared?: DataSchema): DataSchema {
  return {
    ...(declared ?? schemaFromFields(triggerFields)),
    shop: { kind: 'object', fields: { id: { kind: 'number', integer: true }, domain: { kind: 'string' }, name: { kind: 'string' } } },
    event: { kind: 'object', fields: { id: { kind: 'string' }, received_at: { kind: 'date' } } },
    steps: { kind: 'any' },
  };
}
