/**
 * Get data / Count / Sum for Shopify: the engine's ShopData port over the
 * Admin GraphQL API, with a checker of Shopify's search syntax so a malformed
 * query fails instead of reading every record.
 */
export { createShopData, MAX_LIMIT, type ShopDataOptions } from './shop-data.js';
export { checkQuery, checkSumField } from './check.js';
export { parseSearch, type ParsedSearch, type SearchTerm } from './search-syntax.js';
export { RESOURCES, type ResourceSpec } from './resources.js';
export { pageSizeFor, nodeCost, renderSelection, MAX_QUERY_COST } from './selection.js';
export { describeShopifyFailure, type ShopifyFailure } from './failure.js';
