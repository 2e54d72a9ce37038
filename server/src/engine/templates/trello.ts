/** The Trello seed page's example workflows: Shopify triggers, "Create Trello card" (bundled `trello`). */
import { asksForGiftWrap, hasNote, singleActionTemplate, soldOut } from './build.js';
import type { WorkflowTemplate } from './types.js';

// Trello takes the list's ID; the merchant puts theirs in after importing (the board is optional).
const card = (list: string, name: string, description: string) => ({ app: 'trello', handle: 'create-card', fields: { list: `your-${list}-list-id`, name, description } });

export const TRELLO_TEMPLATES: WorkflowTemplate[] = [
  singleActionTemplate({
    id: 'trello-order-note',
    name: 'Create a Trello card for orders with a note',
    description: 'When an order comes with a customer note, create a card on the fulfilment board.',
    category: 'Fulfillment',
    seed: 'trello',
    trigger: 'order-created',
    when: hasNote,
    action: card('to-check', 'Order {{ order.name }}: customer note', '**Note:** {{ order.note }}\n\nCustomer: {{ order.customer.first_name }} {{ order.customer.last_name }} ({{ order.email }})\nItems:\n{% for item in order.line_items %}- {{ item.quantity }} × {{ item.title }}\n{% endfor %}'),
  }),
  singleActionTemplate({
    id: 'trello-restock',
    name: 'Create a Trello card to restock sold-out items',
    description: 'When an item sells out at a location, create a card on the purchasing board.',
    category: 'Inventory',
    seed: 'trello',
    trigger: 'inventory-quantity-changed',
    when: soldOut,
    action: card('to-reorder', 'Restock inventory item {{ inventory_item_id }}', 'Available: {{ available }} at location {{ location_id }} (since {{ inventory_level.updated_at | date: "%Y-%m-%d %H:%M" }}).'),
  }),
  singleActionTemplate({
    id: 'trello-product-description',
    name: 'Create a Trello card to write product descriptions',
    description: 'When a product is created without a description, create a card for the copywriters.',
    category: 'Products',
    seed: 'trello',
    trigger: 'product-created',
    when: { field: 'product.body_html', op: 'is_empty' },
    action: card('to-write', 'Write a description for {{ product.title }}', 'Vendor: {{ product.vendor }}\nType: {{ product.product_type }}\nHandle: {{ product.handle }}'),
  }),
  singleActionTemplate({
    id: 'trello-gift-wrap',
    name: 'Create a Trello card for gift wrap requests',
    description: 'When an order asks for gift wrapping, create a card so the packers add it.',
    category: 'Fulfillment',
    seed: 'trello',
    trigger: 'order-created',
    when: asksForGiftWrap,
    action: card('gift-wrap', 'Gift wrap {{ order.name }}', '{% for a in order.note_attributes %}{{ a.name }}: {{ a.value }}\n{% endfor %}'),
  }),
  singleActionTemplate({
    id: 'trello-refund-follow-up',
    name: 'Create a Trello card to follow up on refunds',
    description: 'When a refund is created, create a card for customer care to follow up.',
    category: 'Orders',
    seed: 'trello',
    trigger: 'refund-created',
    action: card('follow-up', 'Refund on order {{ order.id }}', 'Refunded items:\n{% for r in refund.refund_line_items %}- {{ r.quantity }} × {{ r.line_item.title }} ({{ r.subtotal }})\n{% endfor %}\nNote: {{ refund.note }}'),
  }),
];
