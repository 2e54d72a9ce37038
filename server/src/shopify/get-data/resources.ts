/**
 * What Get data reads for each resource: the Admin GraphQL connection and
 * count query, the search fields and sort keys Shopify documents for it
 * (Admin API 2025-07 to 2026-01 reference pages), and the fields of each item.
 *
 * Items are what later steps read (`steps.<id>.items[0].totalPriceSet.shopMoney.amount`),
 * in the Admin API's own shape: money as a MoneyBag's `shopMoney { amount currencyCode }`
 * (amount is a decimal string), nested lists as their first page `{ nodes, pageInfo }`.
 */
import type { GetDataResource } from '../../engine/index.js';
import { Connection, type Selection } from './selection.js';

export interface ResourceSpec {
  resource: GetDataResource;
  /** Plural noun for messages. */
  noun: string;
  /** The QueryRoot connection, e.g. `orders`. */
  connection: string;
  /** The QueryRoot count query, e.g. `ordersCount`. */
  countQuery: string;
  sortKeyType: string;
  sortKeys: readonly string[];
  /** Documented `query` filters (lower case); `default` is free text. */
  searchFields: ReadonlySet<string>;
  /** Whether `metafields.{namespace}.{key}` filters are documented. */
  metafieldSearch: boolean;
  /** Filters the count query accepts, when fewer than the connection's; other queries are counted by paging. */
  countSearchFields?: ReadonlySet<string>;
  /** The field that names an item in messages (`name` for an order: "#1001"). */
  label: string;
  item: Selection;
}

const MONEY_BAG: Selection = { shopMoney: { amount: 'number', currencyCode: true } };
const MONEY: Selection = { amount: 'number', currencyCode: true };

const ORDER_ITEM: Selection = {
  id: true,
  legacyResourceId: true,
  name: true,
  email: true,
  phone: true,
  createdAt: true,
  updatedAt: true,
  processedAt: true,
  cancelledAt: true,
  cancelReason: true,
  closed: true,
  closedAt: true,
  test: true,
  note: true,
  tags: true,
  sourceName: true,
  currencyCode: true,
  displayFinancialStatus: true,
  displayFulfillmentStatus: true,
  subtotalLineItemsQuantity: 'number',
  totalWeight: 'number',
  totalPriceSet: MONEY_BAG,
  subtotalPriceSet: MONEY_BAG,
  totalDiscountsSet: MONEY_BAG,
  totalShippingPriceSet: MONEY_BAG,
  totalTaxSet: MONEY_BAG,
  currentTotalPriceSet: MONEY_BAG,
  customer: { id: true, email: true, firstName: true, lastName: true, displayName: true, tags: true },
  shippingAddress: { name: true, address1: true, address2: true, city: true, province: true, provinceCode: true, country: true, countryCodeV2: true, zip: true },
  lineItems: new Connection(10, {
    id: true,
    name: true,
    title: true,
    sku: true,
    quantity: 'number',
    currentQuantity: 'number',
    variantTitle: true,
    vendor: true,
    originalUnitPriceSet: MONEY_BAG,
    variant: { id: true },
    product: { id: true },
  }),
};

const PRODUCT_ITEM: Selection = {
  id: true,
  legacyResourceId: true,
  title: true,
  handle: true,
  status: true,
  vendor: true,
  productType: true,
  tags: true,
  createdAt: true,
  updatedAt: true,
  publishedAt: true,
  isGiftCard: true,
  hasOnlyDefaultVariant: true,
  tracksInventory: true,
  totalInventory: 'number',
  onlineStoreUrl: true,
  priceRangeV2: { minVariantPrice: MONEY, maxVariantPrice: MONEY },
  variants: new Connection(10, {
    id: true,
    title: true,
    sku: true,
    barcode: true,
    price: 'number',
    compareAtPrice: 'number',
    inventoryQuantity: 'number',
    availableForSale: true,
  }),
};

const CUSTOMER_ITEM: Selection = {
  id: true,
  legacyResourceId: true,
  displayName: true,
  firstName: true,
  lastName: true,
  email: true,
  phone: true,
  state: true,
  tags: true,
  note: true,
  verifiedEmail: true,
  taxExempt: true,
  createdAt: true,
  updatedAt: true,
  numberOfOrders: 'number',
  amountSpent: MONEY,
  defaultEmailAddress: { emailAddress: true, marketingState: true },
  defaultAddress: { city: true, province: true, provinceCode: true, country: true, countryCodeV2: true, zip: true },
  lastOrder: { id: true, name: true },
};

const DRAFT_ORDER_ITEM: Selection = {
  id: true,
  legacyResourceId: true,
  name: true,
  email: true,
  phone: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  completedAt: true,
  invoiceSentAt: true,
  invoiceUrl: true,
  note2: true,
  tags: true,
  taxExempt: true,
  currencyCode: true,
  totalPriceSet: MONEY_BAG,
  subtotalPriceSet: MONEY_BAG,
  totalTaxSet: MONEY_BAG,
  totalDiscountsSet: MONEY_BAG,
  totalShippingPriceSet: MONEY_BAG,
  customer: { id: true, email: true, displayName: true },
  order: { id: true, name: true },
  lineItems: new Connection(10, {
    id: true,
    name: true,
    title: true,
    sku: true,
    quantity: 'number',
    originalUnitPriceSet: MONEY_BAG,
    variant: { id: true },
    product: { id: true },
  }),
};

const words = (text: string) => new Set(text.trim().split(/\s+/));

export const RESOURCES: Record<GetDataResource, ResourceSpec> = {
  orders: {
    resource: 'orders',
    noun: 'orders',
    connection: 'orders',
    countQuery: 'ordersCount',
    sortKeyType: 'OrderSortKeys',
    sortKeys: [
      'CREATED_AT', 'CURRENT_TOTAL_PRICE', 'CUSTOMER_NAME', 'DESTINATION', 'FINANCIAL_STATUS', 'FULFILLMENT_STATUS', 'ID',
      'ORDER_NUMBER', 'PO_NUMBER', 'PROCESSED_AT', 'RELEVANCE', 'TOTAL_ITEMS_QUANTITY', 'TOTAL_PRICE', 'UPDATED_AT',
    ],
    // earliest_fulfill_by and subtotal_price are documented by earlier versions and still accepted.
    searchFields: words(`
      default cart_token channel channel_id chargeback_status checkout_token confirmation_number created_at
      credit_card_last4 current_total_price customer_id delivery_method discount_code earliest_fulfill_by email
      financial_status fraud_protection_level fulfillment_location_id fulfillment_status gateway id location_id name
      payment_id payment_provider_id po_number processed_at reference_location_id return_status risk_level
      sales_channel sku source_identifier source_name status subtotal_line_items_quantity subtotal_price tag tag_not
      test total_weight updated_at`),
    metafieldSearch: true,
    label: 'name',
    item: ORDER_ITEM,
  },
  products: {
    resource: 'products',
    noun: 'products',
    connection: 'products',
    countQuery: 'productsCount',
    sortKeyType: 'ProductSortKeys',
    sortKeys: ['CREATED_AT', 'ID', 'INVENTORY_TOTAL', 'PRODUCT_TYPE', 'PUBLISHED_AT', 'RELEVANCE', 'TITLE', 'UPDATED_AT', 'VENDOR'],
    searchFields: words(`
      default barcode bundles category_id collection_id combined_listing_role created_at delivery_profile_id
      error_feedback gift_card handle has_only_composites has_only_default_variant has_variant_with_components id
      inventory_total is_price_reduced out_of_stock_somewhere price product_configuration_owner
      product_publication_status product_type publication_ids publishable_status published_at published_status sku
      status tag tag_not title updated_at variant_id variant_title vendor`),
    metafieldSearch: true,
    label: 'title',
    item: PRODUCT_ITEM,
  },
  customers: {
    resource: 'customers',
    noun: 'customers',
    connection: 'customers',
    countQuery: 'customersCount',
    sortKeyType: 'CustomerSortKeys',
    sortKeys: ['CREATED_AT', 'ID', 'LOCATION', 'NAME', 'RELEVANCE', 'UPDATED_AT'],
    // The second line: terms Shopify's changelog re-enabled in every version ("Re-enabled customer search terms"),
    // and created_at, documented for customersCount and long accepted by customers too.
    searchFields: words(`
      default accepts_marketing country customer_date email first_name id last_abandoned_order_date last_name
      order_date orders_count phone state tag tag_not total_spent updated_at
      city company email_marketing_state province sms_marketing_state territory_code created_at`),
    metafieldSearch: false,
    countSearchFields: words('created_at id updated_at'),
    label: 'displayName',
    item: CUSTOMER_ITEM,
  },
  draft_orders: {
    resource: 'draft_orders',
    noun: 'draft orders',
    connection: 'draftOrders',
    countQuery: 'draftOrdersCount',
    sortKeyType: 'DraftOrderSortKeys',
    sortKeys: ['CUSTOMER_NAME', 'ID', 'NUMBER', 'RELEVANCE', 'STATUS', 'TOTAL_PRICE', 'UPDATED_AT'],
    searchFields: words('default created_at customer_id id ids source status tag updated_at'),
    metafieldSearch: false,
    label: 'name',
    item: DRAFT_ORDER_ITEM,
  },
};
