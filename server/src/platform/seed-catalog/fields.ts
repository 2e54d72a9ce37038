/**
 * Short builders for seed fields, so the catalog data reads as a list of
 * what each trigger sends and each action asks for.
 */
import type { SeedField } from './types.js';

const ref = (type: 'customer_reference' | 'order_reference' | 'product_reference', description: string, required: boolean): SeedField => ({
  type,
  description,
  required,
});

/**
 * Trigger fields. A trigger field's key is its payload's JSON key and the
 * label merchants see: letters and spaces only, as Flow requires. Triggers
 * cannot send whole numbers or multi-line text; counts are decimals.
 */
export const sends = {
  customer: (description = 'The customer', required = true) => ref('customer_reference', description, required),
  order: (description = 'The order', required = true) => ref('order_reference', description, required),
  product: (description = 'The product', required = true) => ref('product_reference', description, required),
  text: (key: string, description: string, required = true): SeedField => ({ type: 'single_line_text_field', key, description, required }),
  email: (key: string, description: string, required = true): SeedField => ({ type: 'email', key, description, required }),
  url: (key: string, description: string, required = true): SeedField => ({ type: 'url', key, description, required }),
  number: (key: string, description: string, required = true): SeedField => ({ type: 'number_decimal', key, description, required }),
  flag: (key: string, description: string, required = true): SeedField => ({ type: 'boolean', key, description, required }),
};

/** Action fields: a free-form key (the property name the app receives) and a label. */
export const asks = {
  customer: (description = 'The customer', required = true) => ref('customer_reference', description, required),
  order: (description = 'The order', required = true) => ref('order_reference', description, required),
  product: (description = 'The product', required = true) => ref('product_reference', description, required),
  text: (key: string, name: string, description: string, required = true): SeedField => ({ type: 'single_line_text_field', key, name, description, required }),
  longText: (key: string, name: string, description: string, required = true): SeedField => ({ type: 'multi_line_text_field', key, name, description, required }),
  integer: (key: string, name: string, description: string, required = true): SeedField => ({ type: 'number_integer', key, name, description, required }),
  number: (key: string, name: string, description: string, required = true): SeedField => ({ type: 'number_decimal', key, name, description, required }),
  email: (key: string, name: string, description: string, required = true): SeedField => ({ type: 'email', key, name, description, required }),
  url: (key: string, name: string, description: string, required = true): SeedField => ({ type: 'url', key, name, description, required }),
  flag: (key: string, name: string, description: string, required = true): SeedField => ({ type: 'boolean', key, name, description, required }),
};
