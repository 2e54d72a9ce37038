import type { FieldError } from '../errors.js';
import type { ActionContext } from './types.js';

/** The action request's context, or the fields that are missing or mistyped. */
export function parseActionRequest(body: Record<string, unknown>): ActionContext | FieldError[] {
  const problems: FieldError[] = [];
  const expect = (field: string, ok: boolean, what: string) => {
    if (!ok) problems.push({ field, message: body[field] === undefined ? 'is missing' : `must be ${what}` });
  };
  const isText = (value: unknown) => typeof value === 'string' && value !== '';
  expect('shop_id', typeof body.shop_id === 'number', 'a number');
  expect('shopify_domain', isText(body.shopify_domain), 'a non-empty string');
  expect('action_run_id', isText(body.action_run_id), 'a non-empty string');
  expect('action_definition_id', isText(body.action_definition_id), 'a non-empty string');
  expect('handle', isText(body.handle), 'a non-empty string');
  const properties = body.properties;
  expect('properties', typeof properties === 'object' && properties !== null && !Array.isArray(properties), 'an object');
  if (problems.length > 0) return problems;
  return {
    shop: body.shopify_domain as string,
    shopId: body.shop_id as number,
    properties: properties as Record<string, unknown>,
    actionRunId: body.action_run_id as string,
    actionDefinitionId: body.action_definition_id as string,
    handle: body.handle as string,
  };
}
