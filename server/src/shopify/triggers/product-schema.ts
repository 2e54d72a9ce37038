/** The `product` variable: Shopify's REST Product as products/* webhooks send it. */
import type { VarType } from '../../engine/definition.js';
import { bool, date, int, listOf, num, obj, str } from './types.js';

export const VARIANT: VarType = obj({
  id: int,
  admin_graphql_api_id: str,
  product_id: int,
  title: str,
  sku: str,
  barcode: str,
  price: str,
  compare_at_price: str,
  position: int,
  option1: str,
  inventory_item_id: int,
  inventory_quantity: int,
  old_inventory_quantity: int,
  /** deny or continue (sell when out of stock) */
  inventory_policy: str,
  inventory_management: str,
  taxable: bool,
  requires_shipping: bool,
  weight: num,
  weight_unit: str,
  grams: int,
  created_at: date,
  updated_at: date,
});

export const PRODUCT: VarType = obj({
  id: int,
  admin_graphql_api_id: str,
  title: str,
  body_html: str,
  handle: str,
  product_type: str,
  vendor: str,
  /** active, archived or draft */
  status: str,
  tags: str,
  published_at: date,
  published_scope: str,
  created_at: date,
  updated_at: date,
  variants: listOf(VARIANT),
  options: listOf(obj({ id: int, product_id: int, name: str, position: int, values: listOf(str) })),
});
