import { describe, expect, it } from 'vitest';
import type { DataSchema, VarType } from '../../engine/definition.js';
import { lookupPath, readPath } from '../../engine/data-schema.js';
import { findShopifyTrigger, SHOPIFY_TRIGGERS } from './index.js';

/** Every leaf path of a schema (lists walked through their first item). */
function leaves(schema: DataSchema): Array<[string, VarType]> {
  const out: Array<[string, VarType]> = [];
  const walk = (path: string, t: VarType): void => {
    if (t.kind === 'object') for (const [k, f] of Object.entries(t.fields)) walk(`${path}.${k}`, f);
    else if (t.kind === 'list' && (t.of.kind === 'object' || t.of.kind === 'list')) walk(`${path}[0]`, t.of);
    else out.push([path, t]);
  };
  for (const [k, t] of Object.entries(schema)) walk(k, t);
  return out;
}

/** Why `v` is not of kind `t`, or undefined when it is. */
function mismatch(t: VarType, v: unknown): string | undefined {
  const shown = JSON.stringify(v) ?? 'undefined';
  switch (t.kind) {
    case 'string':
      return typeof v === 'string' ? undefined : `expected a string, got ${shown}`;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return `expected a number, got ${shown}`;
      return t.integer && !Number.isInteger(v) ? `expected a whole number, got ${shown}` : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `expected a boolean, got ${shown}`;
    case 'date':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? undefined : `expected a date, got ${shown}`;
    case 'list': {
      if (!Array.isArray(v) || v.length === 0) return `expected a non-empty list, got ${shown}`;
      return mismatch(t.of, v[0]);
    }
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : `expected an object, got ${shown}`;
    case 'any':
      return v === undefined ? 'missing' : undefined;
  }
}

describe.each(SHOPIFY_TRIGGERS.map((t) => [t.handle, t] as const))('%s', (_handle, trigger) => {
  const data = trigger.toData(structuredClone(trigger.sample));

  it('resolves every schema path in toData(sample) with a value of its kind', () => {
    const problems: string[] = [];
    for (const [path, t] of leaves(trigger.schema)) {
      expect(lookupPath(trigger.schema, path)).toEqual(t);
      const problem = mismatch(t, readPath(data, path));
      if (problem) problems.push(`${path}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  it('exposes only declared top-level variables', () => {
    expect(Object.keys(data).sort()).toEqual(Object.keys(trigger.schema).sort());
  });

  it('does not use the names the run data reserves', () => {
    for (const reserved of ['shop', 'event', 'steps']) expect(Object.hasOwn(trigger.schema, reserved)).toBe(false);
  });

  it('gives a subject gid for its sample', () => {
    expect(trigger.subjectGid?.(trigger.sample)).toMatch(/^gid:\/\/shopify\/[A-Za-z]+\/\d+/);
  });

  it('tolerates a payload missing most fields', () => {
    expect(() => trigger.toData({ id: 1 })).not.toThrow();
    expect(() => trigger.subjectGid?.({})).not.toThrow();
    expect(() => trigger.customer?.({})).not.toThrow();
  });
});

describe('SHOPIFY_TRIGGERS', () => {
  it('has unique kebab-case handles and unique topics', () => {
    const handles = SHOPIFY_TRIGGERS.map((t) => t.handle);
    const topics = SHOPIFY_TRIGGERS.map((t) => t.topic);
    for (const h of handles) expect(h).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(handles).size).toBe(handles.length);
    expect(new Set(topics).size).toBe(topics.length);
    for (const t of topics) expect(t).toMatch(/^[a-z_]+\/[a-z_]+$/);
  });

  it('covers the documented topics', () => {
    expect(SHOPIFY_TRIGGERS.map((t) => t.topic).sort()).toEqual(
      [
        'orders/create',
        'orders/paid',
        'orders/fulfilled',
        'orders/cancelled',
        'refunds/create',
        'products/create',
        'products/update',
        'inventory_levels/update',
        'customers/create',
        'checkouts/create',
      ].sort(),
    );
  });

  it('finds triggers by handle', () => {
    expect(findShopifyTrigger('order-created')?.topic).toBe('orders/create');
    expect(findShopifyTrigger('nope')).toBeUndefined();
  });
});

describe('order triggers', () => {
  const trigger = findShopifyTrigger('order-created')!;
  const sample = trigger.sample as { email: string; customer: { id: number; email: string } };

  it('names the order by its exact Admin GraphQL id', () => {
    expect(trigger.subjectGid?.(trigger.sample)).toBe('gid://shopify/Order/820982911946154508');
    // Without admin_graphql_api_id it is built from the numeric id.
    expect(trigger.subjectGid?.({ id: 450789469 })).toBe('gid://shopify/Order/450789469');
  });

  it("reports the order's customer id and email", () => {
    expect(trigger.customer?.(trigger.sample)).toEqual({ id: sample.customer.id, email: sample.customer.email });
    // A guest order: the order's email.
    expect(trigger.customer?.({ email: 'guest@example.com', customer: null })).toEqual({ email: 'guest@example.com' });
    expect(trigger.customer?.({ customer: null })).toBeUndefined();
  });

  it('exposes the webhook body as `order`, with the line items', () => {
    const data = trigger.toData(trigger.sample) as { order: { name: string; line_items: Array<{ title: string }> } };
    expect(data.order.name).toBe('#9999');
    expect(data.order.line_items.map((l) => l.title)).toEqual(['Aviator sunglasses', 'Mid-century lounger']);
  });

  it('leaves out fields the schema does not declare', () => {
    const data = trigger.toData({ ...trigger.sample, token: 'secret' }) as { order: Record<string, unknown> };
    expect(data.order).not.toHaveProperty('token');
    expect(data.order).not.toHaveProperty('client_details');
  });
});

describe('refund-created', () => {
  const trigger = findShopifyTrigger('refund-created')!;
  it("exposes the refund and its order's id", () => {
    const data = trigger.toData({ id: 509562969, order_id: 450789469, admin_graphql_api_id: 'gid://shopify/Refund/509562969' });
    expect(data.order).toEqual({ id: 450789469, admin_graphql_api_id: 'gid://shopify/Order/450789469' });
    expect(trigger.subjectGid?.(trigger.sample)).toBe('gid://shopify/Refund/890088186047892319');
  });
});

describe('inventory-quantity-changed', () => {
  const trigger = findShopifyTrigger('inventory-quantity-changed')!;
  it('exposes the level and its fields at the top level', () => {
    const data = trigger.toData(trigger.sample);
    expect(data.available).toBe(1);
    expect(data.location_id).toBe(24826418);
    expect(trigger.subjectGid?.({ location_id: 1, inventory_item_id: 2 })).toBe('gid://shopify/InventoryLevel/1?inventory_item_id=2');
  });
});

describe('checkout-created and customer-created', () => {
  it('adds the checkout admin_graphql_api_id and reads its customer', () => {
    const trigger = findShopifyTrigger('checkout-created')!;
    const data = trigger.toData({ id: 42, email: 'a@example.com' }) as { checkout: Record<string, unknown> };
    expect(data.checkout.admin_graphql_api_id).toBe('gid://shopify/AbandonedCheckout/42');
    expect(trigger.customer?.({ id: 42, email: 'A@example.com', customer: null })).toEqual({ email: 'A@example.com' });
  });

  it('reads the customer from a customers/create body', () => {
    const trigger = findShopifyTrigger('customer-created')!;
    expect(trigger.customer?.({ id: 706405506, email: 'bob@biller.com' })).toEqual({ id: 706405506, email: 'bob@biller.com' });
    expect(trigger.subjectGid?.({ id: 706405506 })).toBe('gid://shopify/Customer/706405506');
  });
});
