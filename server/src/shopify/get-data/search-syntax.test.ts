import { describe, expect, it } from 'vitest';
import { checkQuery, checkSumField } from './check.js';
import { parseSearch } from './search-syntax.js';
import { RESOURCES } from './resources.js';
import { nodeCost, pageSizeFor, MAX_QUERY_COST } from './selection.js';

describe('parseSearch', () => {
  it.each([
    '',
    '   ',
    'John Smith',
    'tag:vip AND created_at:>\'2020-10-21T23:39:20Z\'',
    'state:enabled OR state:disabled',
    '-tag:test NOT tag:internal',
    '(tag:a OR tag:b) financial_status:paid',
    '-(tag:a OR tag:b)',
    "title:D'Addario*",
    "customer_date: >='2024-01-01'",
    'email:"bo.wang@example.com"',
    'name:\\(1001\\)',
    'metafields.custom.on_sale:true',
    'tag:* -published_at:*',
    'updated_at:2024-01-01T00:00:00Z',
    'total_spent:>=100.50 total_spent:<=200',
    '"Bob Norman"',
  ])('accepts %j', (query) => {
    expect(parseSearch(query).problems).toEqual([]);
  });

  it('reads fields, comparators and values', () => {
    expect(parseSearch("-tag:vip created_at:>='2026-01-01' \"gift card\" name:\\#1001").terms).toEqual([
      { field: 'tag', comparator: ':', value: 'vip', position: 2 },
      { field: 'created_at', comparator: ':>=', value: '2026-01-01', position: 10 },
      { field: null, comparator: ':', value: 'gift card', position: 36 },
      { field: 'name', comparator: ':', value: '#1001', position: 48 },
    ]);
  });

  it.each([
    ['(tag:a', "unbalanced parentheses: the '(' at character 1 is never closed"],
    ['tag:a)', "unbalanced parentheses: the ')' at character 6 has no matching '('"],
    ['tag:', "'tag:' at character 1 has no value"],
    ['tag: AND x', "'tag:' at character 1 has no value"],
    ['tag:a AND', 'the AND at character 7 has no term after it'],
    ['OR tag:a', 'the OR at character 1 has no term before it'],
    ['tag:a AND OR tag:b', 'the OR at character 11 follows another connective'],
    ['name:"#1001', 'the quote " at character 6 is never closed'],
    ['()', 'the parentheses at character 1 are empty'],
    ['tag:a -', "the '-' at character 7 is not followed by a term to exclude"],
    ['tag:a NOT', 'the NOT at character 7 is not followed by a term'],
    ['tag:a or tag:b', "'or' at character 7 is searched as a word: write OR in capitals to combine terms, or quote it to search for it"],
    [':x', "the ':' at character 1 has no field name before it"],
  ])('refuses %j', (query, problem) => {
    expect(parseSearch(query).problems).toContain(problem);
  });
});

describe('checkQuery', () => {
  it('accepts documented fields and sort keys of each resource', () => {
    expect(checkQuery('orders', 'financial_status:paid tag_not:test metafields.custom.rush:true', { key: 'CREATED_AT' })).toEqual([]);
    expect(checkQuery('products', 'vendor:Snowdevil status:active,draft', { key: 'title' })).toEqual([]);
    expect(checkQuery('customers', 'orders_count:>5 country:CA', { key: 'NAME' })).toEqual([]);
    expect(checkQuery('draft_orders', 'status:open customer_id:12', { key: 'NUMBER' })).toEqual([]);
  });

  it('names unknown fields with the nearest known one', () => {
    expect(checkQuery('orders', 'finacial_status:paid colour:red')).toEqual([
      'query: "finacial_status" (character 1) is not a search field of orders; did you mean "financial_status"?',
      'query: "colour" (character 22) is not a search field of orders',
    ]);
    expect(checkQuery('customers', 'metafields.custom.vip:true')).toEqual(['query: customers cannot be searched by metafield ("metafields.custom.vip", character 1)']);
    expect(checkQuery('draft_orders', 'financial_status:paid')[0]).toMatch(/"financial_status" \(character 1\) is not a search field of draft orders/);
  });

  it('refuses unknown sort keys and RELEVANCE without a query', () => {
    expect(checkQuery('orders', '', { key: 'PRICE' })).toEqual([
      'sort: "PRICE" is not a sort key of orders; use one of ' + RESOURCES.orders.sortKeys.join(', '),
    ]);
    expect(checkQuery('customers', '', { key: 'RELEVANCE' })).toEqual(['sort: RELEVANCE needs a search query (without one Shopify returns an arbitrary order)']);
  });

  it('checks sum fields against the items', () => {
    expect(checkSumField('orders', 'totalPriceSet.shopMoney.amount')).toEqual([]);
    expect(checkSumField('customers', 'amountSpent.amount')).toEqual([]);
    expect(checkSumField('orders', 'email')[0]).toMatch(/^sum_field: "email" is not a numeric field of orders; numeric fields are subtotalLineItemsQuantity, totalWeight, totalPriceSet.shopMoney.amount/);
    expect(checkSumField('orders', 'lineItems.nodes.quantity')[0]).toMatch(/^sum_field: "lineItems" is a list, not a number/);
    expect(checkSumField('orders', 'totalPrice')[0]).toMatch(/^sum_field: "totalPrice" is not a field of the items/);
    expect(checkSumField('orders', '')).toEqual(['sum_field: a sum needs the path of a numeric field, e.g. totalPriceSet.shopMoney.amount']);
  });
});

describe('item selections', () => {
  it.each(Object.values(RESOURCES))('a page of $noun stays within Shopify\'s query cost', (spec) => {
    const size = pageSizeFor(spec.item);
    expect(size).toBeGreaterThanOrEqual(10);
    expect(size).toBeLessThanOrEqual(250);
    expect(2 + size * nodeCost(spec.item) + 1).toBeLessThanOrEqual(MAX_QUERY_COST);
  });
});
