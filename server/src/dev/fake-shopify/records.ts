/**
 * The fake's searchable records (orders, products, customers, draft orders):
 * how each kind answers Shopify's search terms and sort keys, and
 * realistic generated records for tests that need many of them.
 */
import { compareValue, type SearchNode } from './search.js';
import type { FakeRecord, RecordKind } from './types.js';

type Term = Extract<SearchNode, { kind: 'term' }>;

export interface KindSpec {
  typename: string;
  sortKeyType: string;
  sortKeys: ReadonlySet<string>;
  /** Filters the list query accepts; others are ignored with a warning, as Shopify does. */
  searchFields: ReadonlySet<string>;
  /** Filters the count query accepts, when fewer (customersCount). */
  countSearchFields?: ReadonlySet<string>;
  /** The value a `field:value` term compares with (snake_case field). */
  termValue(record: FakeRecord, field: string): unknown;
  /** What a free-text term searches. */
  text(record: FakeRecord): string;
  sortValue(record: FakeRecord, key: string): number | string;
}

const words = (text: string) => new Set(text.trim().split(/\s+/));

export function numericId(gid: unknown): number {
  const match = /(\d+)$/.exec(String(gid));
  return match ? Number(match[1]) : 0;
}

function snakeToCamel(s: string): string {
  return s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

const time = (value: unknown) => Date.parse(String(value ?? '')) || 0;
const amountOf = (bag: unknown) => Number((bag as { shopMoney?: { amount?: string } } | undefined)?.shopMoney?.amount ?? 0);
const tags = (r: FakeRecord) => (Array.isArray(r['tags']) ? (r['tags'] as string[]) : []);
const list = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value : Array.isArray((value as { nodes?: unknown })?.nodes) ? ((value as { nodes: Record<string, unknown>[] }).nodes) : [];

/** Shared answers: ids, tags, timestamps, and camelCase fields for the rest. */
function commonTermValue(r: FakeRecord, field: string): unknown {
  switch (field) {
    case 'id':
      return numericId(r.id);
    case 'tag':
      return tags(r);
    default:
      return r[snakeToCamel(field)] ?? r[field];
  }
}

function orderStatus(order: FakeRecord): string {
  if (order['cancelledAt']) return 'cancelled';
  if (order['closed'] === true || order['closedAt']) return 'closed';
  return 'open';
}

export const KINDS: Record<RecordKind, KindSpec> = {
  orders: {
    typename: 'Order',
    sortKeyType: 'OrderSortKeys',
    sortKeys: words(`CREATED_AT CURRENT_TOTAL_PRICE CUSTOMER_NAME DESTINATION FINANCIAL_STATUS FULFILLMENT_STATUS ID ORDER_NUMBER
      PO_NUMBER PROCESSED_AT RELEVANCE TOTAL_ITEMS_QUANTITY TOTAL_PRICE UPDATED_AT`),
    searchFields: words(`default cart_token channel channel_id chargeback_status checkout_token confirmation_number created_at
      credit_card_last4 current_total_price customer_id delivery_method discount_code earliest_fulfill_by email financial_status
      fraud_protection_level fulfillment_location_id fulfillment_status gateway id location_id name payment_id
      payment_provider_id po_number processed_at reference_location_id return_status risk_level sales_channel sku
      source_identifier source_name status subtotal_line_items_quantity subtotal_price tag tag_not test total_weight updated_at`),
    termValue(order, field) {
      switch (field) {
        case 'name':
          return [String(order['name']), String(order['name']).replace(/^#/, '')];
        case 'status':
          return orderStatus(order);
        case 'financial_status':
          return String(order['displayFinancialStatus'] ?? order['financialStatus'] ?? '').toLowerCase();
        case 'fulfillment_status':
          return String(order['displayFulfillmentStatus'] ?? order['fulfillmentStatus'] ?? '').toLowerCase();
        case 'customer_id': {
          const customer = order['customer'] as Record<string, unknown> | null | undefined;
          return customer?.['id'] !== undefined ? numericId(customer['id']) : order['customerId'];
        }
        case 'current_total_price':
          return amountOf(order['currentTotalPriceSet'] ?? order['totalPriceSet']);
        case 'sku':
          return list(order['lineItems']).map((l) => l['sku']);
        default:
          return commonTermValue(order, field);
      }
    },
    text: (o) => [o['name'], o['email'] ?? '', ...tags(o), o['note'] ?? ''].join(' '),
    sortValue(order, key) {
      switch (key) {
        case 'CREATED_AT':
          return time(order['createdAt']);
        case 'UPDATED_AT':
          return time(order['updatedAt'] ?? order['createdAt']);
        case 'PROCESSED_AT':
          return time(order['processedAt'] ?? order['createdAt']);
        case 'ORDER_NUMBER':
          return Number(/(\d+)/.exec(String(order['name']))?.[1] ?? 0);
        case 'TOTAL_PRICE':
          return order['totalPriceSet'] ? amountOf(order['totalPriceSet']) : Number(order['totalPrice'] ?? 0);
        case 'CURRENT_TOTAL_PRICE':
          return amountOf(order['currentTotalPriceSet'] ?? order['totalPriceSet']);
        case 'CUSTOMER_NAME':
          return String((order['customer'] as { displayName?: string } | null)?.displayName ?? '');
        case 'FINANCIAL_STATUS':
          return String(order['displayFinancialStatus'] ?? '');
        case 'FULFILLMENT_STATUS':
          return String(order['displayFulfillmentStatus'] ?? '');
        case 'TOTAL_ITEMS_QUANTITY':
          return Number(order['subtotalLineItemsQuantity'] ?? 0);
        default:
          return numericId(order.id);
      }
    },
  },
  products: {
    typename: 'Product',
    sortKeyType: 'ProductSortKeys',
    sortKeys: words('CREATED_AT ID INVENTORY_TOTAL PRODUCT_TYPE PUBLISHED_AT RELEVANCE TITLE UPDATED_AT VENDOR'),
    searchFields: words(`default barcode bundles category_id collection_id combined_listing_role created_at delivery_profile_id
      error_feedback gift_card handle has_only_composites has_only_default_variant has_variant_with_components id
      inventory_total is_price_reduced out_of_stock_somewhere price product_configuration_owner product_publication_status
      product_type publication_ids publishable_status published_at published_status sku status tag tag_not title updated_at
      variant_id variant_title vendor`),
    termValue(product, field) {
      const variants = list(product['variants']);
      switch (field) {
        case 'sku':
        case 'barcode':
        case 'price':
          return variants.map((v) => v[field]);
        case 'variant_id':
          return variants.map((v) => numericId(v['id']));
        case 'variant_title':
          return variants.map((v) => v['title']);
        case 'gift_card':
          return Boolean(product['isGiftCard']);
        case 'inventory_total':
          return product['totalInventory'];
        default:
          return commonTermValue(product, field);
      }
    },
    text: (p) => [p['title'], p['vendor'] ?? '', p['productType'] ?? '', ...tags(p)].join(' '),
    sortValue(product, key) {
      switch (key) {
        case 'CREATED_AT':
          return time(product['createdAt']);
        case 'UPDATED_AT':
          return time(product['updatedAt'] ?? product['createdAt']);
        case 'PUBLISHED_AT':
          return time(product['publishedAt']);
        case 'INVENTORY_TOTAL':
          return Number(product['totalInventory'] ?? 0);
        case 'TITLE':
          return String(product['title'] ?? '');
        case 'PRODUCT_TYPE':
          return String(product['productType'] ?? '');
        case 'VENDOR':
          return String(product['vendor'] ?? '');
        default:
          return numericId(product.id);
      }
    },
  },
  customers: {
    typename: 'Customer',
    sortKeyType: 'CustomerSortKeys',
    sortKeys: words('CREATED_AT ID LOCATION NAME RELEVANCE UPDATED_AT'),
    searchFields: words(`default accepts_marketing country customer_date email first_name id last_abandoned_order_date last_name
      order_date orders_count phone state tag tag_not total_spent updated_at city company email_marketing_state province
      sms_marketing_state territory_code created_at`),
    countSearchFields: words('created_at id updated_at'),
    termValue(customer, field) {
      const address = (customer['defaultAddress'] ?? {}) as Record<string, unknown>;
      switch (field) {
        case 'email':
          return customer['email'] ?? (customer['defaultEmailAddress'] as { emailAddress?: string } | undefined)?.emailAddress;
        case 'orders_count':
          return Number(customer['numberOfOrders'] ?? 0);
        case 'total_spent':
          return Number((customer['amountSpent'] as { amount?: string } | undefined)?.amount ?? 0);
        case 'customer_date':
          return customer['createdAt'];
        case 'country':
          return [address['country'], address['countryCodeV2']];
        case 'city':
        case 'province':
          return address[field];
        case 'accepts_marketing':
          return (customer['defaultEmailAddress'] as { marketingState?: string } | undefined)?.marketingState === 'SUBSCRIBED';
        default:
          return commonTermValue(customer, field);
      }
    },
    text: (c) => [c['displayName'] ?? '', c['email'] ?? '', c['phone'] ?? '', ...tags(c)].join(' '),
    sortValue(customer, key) {
      switch (key) {
        case 'CREATED_AT':
          return time(customer['createdAt']);
        case 'UPDATED_AT':
          return time(customer['updatedAt'] ?? customer['createdAt']);
        case 'NAME':
          return String(customer['displayName'] ?? `${String(customer['firstName'] ?? '')} ${String(customer['lastName'] ?? '')}`);
        case 'LOCATION':
          return String((customer['defaultAddress'] as { country?: string } | undefined)?.country ?? '');
        default:
          return numericId(customer.id);
      }
    },
  },
  draftOrders: {
    typename: 'DraftOrder',
    sortKeyType: 'DraftOrderSortKeys',
    sortKeys: words('CUSTOMER_NAME ID NUMBER RELEVANCE STATUS TOTAL_PRICE UPDATED_AT'),
    searchFields: words('default created_at customer_id id ids source status tag updated_at'),
    termValue(draft, field) {
      switch (field) {
        case 'customer_id':
          return numericId((draft['customer'] as { id?: string } | null)?.id ?? '');
        case 'ids':
          return numericId(draft.id);
        default:
          return commonTermValue(draft, field);
      }
    },
    text: (d) => [d['name'], d['email'] ?? '', ...tags(d)].join(' '),
    sortValue(draft, key) {
      switch (key) {
        case 'UPDATED_AT':
          return time(draft['updatedAt'] ?? draft['createdAt']);
        case 'NUMBER':
          return Number(/(\d+)/.exec(String(draft['name']))?.[1] ?? 0);
        case 'STATUS':
          return String(draft['status'] ?? '');
        case 'TOTAL_PRICE':
          return amountOf(draft['totalPriceSet']);
        case 'CUSTOMER_NAME':
          return String((draft['customer'] as { displayName?: string } | null)?.displayName ?? '');
        default:
          return numericId(draft.id);
      }
    },
  },
};

/** Whether a record matches one term (tag_not and free text handled here, the rest by the kind). */
export function matchTerm(spec: KindSpec, record: FakeRecord, term: Term): boolean {
  const field = term.field === 'default' ? null : term.field;
  if (field === null) return spec.text(record).toLowerCase().includes(term.value.toLowerCase().replace(/\*$/, ''));
  if (field === 'tag_not') return !compareValue(tags(record), '=', term.value);
  return compareValue(spec.termValue(record, field), term.op, term.value);
}

// --- generated records ---

const BASE_TIME = Date.parse('2026-01-01T00:00:00Z');

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: 'USD' }, presentmentMoney: { amount, currencyCode: 'USD' } });
const cents = (n: number) => (n / 100).toFixed(2);

/**
 * The `n`th record of a kind in a shop (from 1): realistic defaults in the
 * Admin API's shape, varied by `n` (amounts, quantities, one hour apart).
 */
export function generateRecord(kind: RecordKind, n: number, nextId: () => number): FakeRecord {
  const created = new Date(BASE_TIME + n * 3_600_000).toISOString();
  const id = nextId();
  const price = 500 + ((n * 731) % 9500); // 5.00 to 99.99
  const quantity = 1 + (n % 3);
  const lineItem = () => ({
    id: `gid://shopify/LineItem/${nextId()}`,
    name: `Widget ${n}`,
    title: `Widget ${n}`,
    sku: `SKU-${n}`,
    quantity,
    currentQuantity: quantity,
    variantTitle: null,
    vendor: 'Acme',
    originalUnitPriceSet: money(cents(price)),
    variant: { id: `gid://shopify/ProductVariant/${1_000_000 + n}` },
    product: { id: `gid://shopify/Product/${1_000_000 + n}` },
  });
  switch (kind) {
    case 'orders':
      return {
        id: `gid://shopify/Order/${id}`,
        legacyResourceId: String(id),
        name: `#${1000 + n}`,
        email: `buyer${n}@example.com`,
        phone: null,
        createdAt: created,
        updatedAt: created,
        processedAt: created,
        cancelledAt: null,
        cancelReason: null,
        closed: false,
        closedAt: null,
        test: false,
        note: null,
        tags: [],
        sourceName: 'web',
        currencyCode: 'USD',
        displayFinancialStatus: 'PAID',
        displayFulfillmentStatus: 'UNFULFILLED',
        subtotalLineItemsQuantity: quantity,
        totalWeight: '0',
        totalPriceSet: money(cents(price * quantity)),
        subtotalPriceSet: money(cents(price * quantity)),
        totalDiscountsSet: money('0.00'),
        totalShippingPriceSet: money('0.00'),
        totalTaxSet: money('0.00'),
        currentTotalPriceSet: money(cents(price * quantity)),
        customer: null,
        shippingAddress: null,
        lineItems: [lineItem()],
      };
    case 'products':
      return {
        id: `gid://shopify/Product/${id}`,
        legacyResourceId: String(id),
        title: `Product ${n}`,
        handle: `product-${n}`,
        status: 'ACTIVE',
        vendor: 'Acme',
        productType: 'Widget',
        tags: [],
        createdAt: created,
        updatedAt: created,
        publishedAt: created,
        isGiftCard: false,
        hasOnlyDefaultVariant: true,
        tracksInventory: true,
        totalInventory: n % 50,
        onlineStoreUrl: null,
        priceRangeV2: { minVariantPrice: { amount: cents(price), currencyCode: 'USD' }, maxVariantPrice: { amount: cents(price), currencyCode: 'USD' } },
        variants: [
          {
            id: `gid://shopify/ProductVariant/${nextId()}`,
            title: 'Default Title',
            sku: `SKU-${n}`,
            barcode: null,
            price: cents(price),
            compareAtPrice: null,
            inventoryQuantity: n % 50,
            availableForSale: n % 50 > 0,
          },
        ],
      };
    case 'customers':
      return {
        id: `gid://shopify/Customer/${id}`,
        legacyResourceId: String(id),
        displayName: `Customer ${n}`,
        firstName: 'Customer',
        lastName: String(n),
        email: `customer${n}@example.com`,
        phone: null,
        state: 'ENABLED',
        tags: [],
        note: null,
        verifiedEmail: true,
        taxExempt: false,
        createdAt: created,
        updatedAt: created,
        numberOfOrders: String(n % 5),
        amountSpent: { amount: cents(price * (n % 5)), currencyCode: 'USD' },
        defaultEmailAddress: { emailAddress: `customer${n}@example.com`, marketingState: n % 2 ? 'SUBSCRIBED' : 'NOT_SUBSCRIBED' },
        defaultAddress: { city: 'Ottawa', province: 'Ontario', provinceCode: 'ON', country: 'Canada', countryCodeV2: 'CA', zip: 'K1A 0B1' },
        lastOrder: null,
      };
    case 'draftOrders':
      return {
        id: `gid://shopify/DraftOrder/${id}`,
        legacyResourceId: String(id),
        name: `#D${n}`,
        email: `buyer${n}@example.com`,
        phone: null,
        status: 'OPEN',
        createdAt: created,
        updatedAt: created,
        completedAt: null,
        invoiceSentAt: null,
        invoiceUrl: `https://example.myshopify.com/invoices/${id}`,
        note2: null,
        tags: [],
        taxExempt: false,
        currencyCode: 'USD',
        totalPriceSet: money(cents(price * quantity)),
        subtotalPriceSet: money(cents(price * quantity)),
        totalTaxSet: money('0.00'),
        totalDiscountsSet: money('0.00'),
        totalShippingPriceSet: money('0.00'),
        customer: null,
        order: null,
        lineItems: [lineItem()],
      };
  }
}
