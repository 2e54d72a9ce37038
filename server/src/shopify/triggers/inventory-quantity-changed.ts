/**
 * inventory_levels/update: an inventory item's available quantity at one
 * location. Exposed as `inventory_level`, plus its three fields at the top
 * level as Flow does.
 */
import { date, gidOf, int, obj, shapeObject, str, type ShopifyTrigger } from './types.js';

const INVENTORY_LEVEL = obj({
  inventory_item_id: int,
  location_id: int,
  /** Units available to sell at the location (can be negative when overselling). */
  available: int,
  updated_at: date,
  admin_graphql_api_id: str,
});

/** Shopify's sample inventory_levels/update payload. */
const SAMPLE: Record<string, unknown> = {
  inventory_item_id: 271878346596884015,
  location_id: 24826418,
  available: 1,
  updated_at: '2021-12-31T19:00:00-05:00',
  admin_graphql_api_id: 'gid://shopify/InventoryLevel/24826418?inventory_item_id=271878346596884015',
};

export const inventoryQuantityChanged: ShopifyTrigger = {
  handle: 'inventory-quantity-changed',
  name: 'Inventory quantity changed',
  description: "Starts when an item's available quantity changes at a location: sales, restocks, adjustments and transfers.",
  topic: 'inventory_levels/update',
  schema: { inventory_level: INVENTORY_LEVEL, inventory_item_id: int, location_id: int, available: int },
  sample: SAMPLE,
  toData: (payload) => ({
    inventory_level: shapeObject(INVENTORY_LEVEL, payload),
    inventory_item_id: payload.inventory_item_id,
    location_id: payload.location_id,
    available: payload.available,
  }),
  // Inventory level ids carry a query: gid://shopify/InventoryLevel/<location>?inventory_item_id=<item>.
  subjectGid: (payload) =>
    gidOf(payload, 'InventoryLevel') ??
    (typeof payload.location_id === 'number' && typeof payload.inventory_item_id === 'number'
      ? `gid://shopify/InventoryLevel/${payload.location_id}?inventory_item_id=${payload.inventory_item_id}`
      : undefined),
};
