/** Templates built on Shopify's triggers and Switchboard's own actions: they import in every shop. */
import type { WorkflowTemplate } from './types.js';

export const SHOPIFY_TEMPLATES: WorkflowTemplate[] = [
  {
    id: 'tag-returning-customers-orders',
    name: 'Tag orders from returning customers',
    description: 'When an order is created by a customer who has ordered before, tag the order "returning-customer".',
    category: 'Orders',
    definition: {
      name: 'Tag orders from returning customers',
      trigger: { app: 'shopify', handle: 'order-created' },
      steps: [
        {
          id: 'returning',
          type: 'condition',
          condition: { field: 'order.customer.orders_count', op: 'greater_than', value: 1 },
          then: [{ id: 'tag-order', type: 'action', action: { app: 'shopify', handle: 'add-order-tags' }, fields: { id: '{{ order.admin_graphql_api_id }}', tags: 'returning-customer' } }],
          otherwise: [],
        },
      ],
    },
  },
  {
    id: 'tag-discounted-orders',
    name: 'Tag orders that used a discount code',
    description: 'When an order uses a discount code, tag it with the code so the team can follow up on promotions.',
    category: 'Orders',
    definition: {
      name: 'Tag orders that used a discount code',
      trigger: { app: 'shopify', handle: 'order-created' },
      steps: [
        {
          id: 'has-discount',
          type: 'condition',
          condition: { field: 'order.discount_codes', op: 'is_not_empty' },
          then: [{ id: 'tag-order', type: 'action', action: { app: 'shopify', handle: 'add-order-tags' }, fields: { id: '{{ order.admin_graphql_api_id }}', tags: "discount-{{ order.discount_codes.first.code | downcase | remove: ',' }}" } }],
          otherwise: [],
        },
      ],
    },
  },
  {
    id: 'email-staff-out-of-stock',
    name: 'Email staff when an item sells out',
    description: 'When an item’s available quantity drops to zero or below at a location, email the team.',
    category: 'Inventory',
    definition: {
      name: 'Email staff when an item sells out',
      trigger: { app: 'shopify', handle: 'inventory-quantity-changed' },
      steps: [
        {
          id: 'sold-out',
          type: 'condition',
          condition: { field: 'available', op: 'less_than_or_equal', value: 0 },
          then: [{ id: 'email', type: 'action', action: { app: 'switchboard', handle: 'send-internal-email' }, fields: { to: 'team@example.com', subject: 'Sold out: item {{ inventory_item_id }}', body: 'Inventory item {{ inventory_item_id }} has {{ available }} available at location {{ location_id }}.' } }],
          otherwise: [],
        },
      ],
    },
  },
  {
    id: 'tag-new-customers-by-marketing',
    name: 'Tag customers who accept marketing',
    description: 'When a customer is created and accepts email marketing, tag them "newsletter".',
    category: 'Customers',
    definition: {
      name: 'Tag customers who accept marketing',
      trigger: { app: 'shopify', handle: 'customer-created' },
      steps: [
        {
          id: 'accepts',
          type: 'condition',
          condition: { field: 'customer.email', op: 'is_not_empty' },
          then: [{ id: 'tag-customer', type: 'action', action: { app: 'shopify', handle: 'add-customer-tags' }, fields: { id: '{{ customer.admin_graphql_api_id }}', tags: 'newsletter' } }],
          otherwise: [],
        },
      ],
    },
  },
];
