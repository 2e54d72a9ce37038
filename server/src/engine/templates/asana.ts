/** The Asana seed page's example workflows: Shopify triggers, "Create Asana task" (bundled `asana`). */
import { hasNote, singleActionTemplate, soldOut } from './build.js';
import type { WorkflowTemplate } from './types.js';

// Asana takes the project's ID (the long number in its URL); the merchant puts theirs in after importing.
const task = (project: string, name: string, notes: string) => ({ app: 'asana', handle: 'create-task', fields: { project: `your-${project}-project-id`, name, notes } });

export const ASANA_TEMPLATES: WorkflowTemplate[] = [
  singleActionTemplate({
    id: 'asana-reorder-sold-out',
    name: 'Create an Asana task to reorder sold-out items',
    description: 'When an item sells out at a location, create an Asana task to reorder it.',
    category: 'Inventory',
    seed: 'asana',
    trigger: 'inventory-quantity-changed',
    when: soldOut,
    action: task('purchasing', 'Reorder inventory item {{ inventory_item_id }}', '{{ available }} available at location {{ location_id }}.'),
  }),
  singleActionTemplate({
    id: 'asana-photograph-new-products',
    name: 'Create an Asana task to photograph new products',
    description: 'When a product is created, create an Asana task for the studio to photograph it.',
    category: 'Products',
    seed: 'asana',
    trigger: 'product-created',
    action: task('studio', 'Photograph {{ product.title }}', 'Vendor: {{ product.vendor }}\nVariants: {% for v in product.variants %}{{ v.title }}{% unless forloop.last %}, {% endunless %}{% endfor %}'),
  }),
  singleActionTemplate({
    id: 'asana-order-instructions',
    name: 'Create an Asana task for orders with special instructions',
    description: 'When an order comes with a customer note, create an Asana task so someone reads it before fulfilment.',
    category: 'Fulfillment',
    seed: 'asana',
    trigger: 'order-created',
    when: hasNote,
    action: task('fulfilment', 'Read the note on {{ order.name }}', '{{ order.note }}\n\nCustomer: {{ order.email }}\nOrder status page: {{ order.order_status_url }}'),
  }),
  singleActionTemplate({
    id: 'asana-review-large-refunds',
    name: 'Create an Asana task to review large refunds',
    description: 'When a refund returns 100 or more for a single line, create an Asana task to review it.',
    category: 'Orders',
    seed: 'asana',
    trigger: 'refund-created',
    when: { list: 'refund.refund_line_items', quantifier: 'any', where: { field: 'subtotal', op: 'greater_than_or_equal', value: 100 } },
    action: task('finance', 'Review refund on order {{ order.id }}', '{% for r in refund.refund_line_items %}{{ r.quantity }} × {{ r.line_item.title }}: {{ r.subtotal }} ({{ r.restock_type }})\n{% endfor %}Note: {{ refund.note }}'),
  }),
  singleActionTemplate({
    id: 'asana-finish-draft-products',
    name: 'Create an Asana task to finish draft products',
    description: 'When a product is created as a draft, create an Asana task to complete and publish it.',
    category: 'Products',
    seed: 'asana',
    trigger: 'product-created',
    when: { field: 'product.status', op: 'equals', value: 'draft' },
    action: task('catalog', 'Finish and publish {{ product.title }}', 'Created {{ product.created_at | date: "%Y-%m-%d" }} as a draft. Check images, description, price and SEO before publishing.'),
  }),
];
