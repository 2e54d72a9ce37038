/** The Slack seed page's example workflows: Shopify triggers, "Send Slack message" (bundled `slack`). */
import { hasNote, singleActionTemplate, soldOut } from './build.js';
import type { WorkflowTemplate } from './types.js';

const slack = (channel: string, text: string) => ({ app: 'slack', handle: 'send-message', fields: { channel, text } });

export const SLACK_TEMPLATES: WorkflowTemplate[] = [
  singleActionTemplate({
    id: 'slack-order-note',
    name: 'Post orders with a customer note to Slack',
    description: 'When an order comes with a note, post it to #orders so nobody misses it.',
    category: 'Orders',
    seed: 'slack',
    trigger: 'order-created',
    when: hasNote,
    action: slack('#orders', 'Order {{ order.name }} from {{ order.customer.first_name }} {{ order.customer.last_name }} has a note:\n> {{ order.note }}'),
  }),
  singleActionTemplate({
    id: 'slack-first-order',
    name: 'Celebrate first orders in Slack',
    description: 'When a customer places their first order, post it to #wins.',
    category: 'Customers',
    seed: 'slack',
    trigger: 'order-created',
    when: { field: 'order.customer.orders_count', op: 'equals', value: 1 },
    action: slack('#wins', ':tada: First order from {{ order.customer.first_name }} ({{ order.shipping_address.city }}, {{ order.shipping_address.country }}): {{ order.name }}, {{ order.total_price }} {{ order.currency }}'),
  }),
  singleActionTemplate({
    id: 'slack-cancelled-order',
    name: 'Post cancelled orders to Slack',
    description: 'When an order is cancelled, post it with its reason to #orders.',
    category: 'Orders',
    seed: 'slack',
    trigger: 'order-cancelled',
    action: slack('#orders', 'Order {{ order.name }} was cancelled ({{ order.cancel_reason }}). Total {{ order.total_price }} {{ order.currency }}, customer {{ order.email }}.'),
  }),
  singleActionTemplate({
    id: 'slack-sold-out',
    name: 'Alert Slack when an item sells out',
    description: 'When an item sells out at a location, alert #inventory.',
    category: 'Inventory',
    seed: 'slack',
    trigger: 'inventory-quantity-changed',
    when: soldOut,
    action: slack('#inventory', 'Sold out: inventory item {{ inventory_item_id }} has {{ available }} available at location {{ location_id }}.'),
  }),
  singleActionTemplate({
    id: 'slack-new-product',
    name: 'Announce new products in Slack',
    description: 'When a product is created, announce it in #merchandising with its vendor and price.',
    category: 'Products',
    seed: 'slack',
    trigger: 'product-created',
    action: slack('#merchandising', 'New product: *{{ product.title }}* by {{ product.vendor }}, {{ product.variants.size }} variants from {{ product.variants.first.price }} ({{ product.status }}).'),
  }),
  singleActionTemplate({
    id: 'slack-refund',
    name: 'Post refunds to Slack',
    description: 'When a refund is created, post the amounts and the note to #finance.',
    category: 'Orders',
    seed: 'slack',
    trigger: 'refund-created',
    action: slack(
      '#finance',
      'Refund on order {{ order.id }}: {% for t in refund.transactions %}{{ t.amount }} {{ t.currency }} via {{ t.gateway }}{% unless forloop.last %}, {% endunless %}{% endfor %}. Note: {{ refund.note | default: "none" }}',
    ),
  }),
  singleActionTemplate({
    id: 'slack-bulk-order',
    name: 'Flag bulk orders in Slack',
    description: 'When an order has a line of 10 items or more, alert #wholesale.',
    category: 'Orders',
    seed: 'slack',
    trigger: 'order-created',
    when: { list: 'order.line_items', quantifier: 'any', where: { field: 'quantity', op: 'greater_than_or_equal', value: 10 } },
    action: slack('#wholesale', 'Bulk order {{ order.name }}:\n{% for item in order.line_items %}• {{ item.quantity }} × {{ item.title }} ({{ item.sku }})\n{% endfor %}'),
  }),
  singleActionTemplate({
    id: 'slack-express-shipping',
    name: 'Alert the warehouse about express orders',
    description: 'When an order ships express, alert #warehouse so it leaves today.',
    category: 'Fulfillment',
    seed: 'slack',
    trigger: 'order-created',
    when: { list: 'order.shipping_lines', quantifier: 'any', where: { field: 'title', op: 'contains', value: 'express' } },
    action: slack('#warehouse', 'Express order {{ order.name }} ({{ order.shipping_lines.first.title }}) to {{ order.shipping_address.city }}: please ship today.'),
  }),
];
