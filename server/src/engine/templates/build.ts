/**
 * A template in one line of intent: on a Shopify trigger, when a condition
 * holds (or always), take one action. Most seed examples have that shape.
 */
import type { ActionStep, Condition, ExtensionRef, WorkflowDefinition } from '../definition.js';
import type { WorkflowTemplate } from './types.js';

export interface SingleActionSpec {
  id: string;
  name: string;
  description: string;
  category: string;
  seed?: string;
  /** A Shopify trigger's handle (app `shopify`). */
  trigger: string;
  /** Runs the action only when this holds. */
  when?: Condition;
  action: ExtensionRef & { fields: Record<string, string> };
}

export function singleActionTemplate(spec: SingleActionSpec): WorkflowTemplate {
  const { app, handle, fields } = spec.action;
  const act: ActionStep = { id: handle, type: 'action', action: { app, handle }, fields };
  const definition: WorkflowDefinition = {
    name: spec.name,
    trigger: { app: 'shopify', handle: spec.trigger },
    steps: spec.when ? [{ id: 'check', type: 'condition', condition: spec.when, then: [act], otherwise: [] }] : [act],
  };
  return {
    id: spec.id,
    name: spec.name,
    description: spec.description,
    category: spec.category,
    definition,
    ...(spec.seed ? { seed: spec.seed } : {}),
  };
}

/** Conditions the templates use, named as they read. */
export const soldOut: Condition = { field: 'available', op: 'less_than_or_equal', value: 0 };
export const hasNote: Condition = { field: 'order.note', op: 'is_not_empty' };
export const usedDiscount: Condition = { field: 'order.discount_codes', op: 'is_not_empty' };
export const asksForGiftWrap: Condition = { list: 'order.note_attributes', quantifier: 'any', where: { field: 'name', op: 'contains', value: 'gift' } };
