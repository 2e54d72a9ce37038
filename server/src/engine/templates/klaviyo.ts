/**
 * The Klaviyo seed page's example workflows: Shopify triggers, "Track event"
 * (bundled `klaviyo`). These are events of the merchant's own; the commerce
 * events (Placed Order, Fulfilled Order, ...) Switchboard already sends.
 * Properties are JSON written with Liquid, so text goes through `json`.
 */
import { asksForGiftWrap, singleActionTemplate, usedDiscount } from './build.js';
import type { WorkflowTemplate } from './types.js';

const track = (metric: string, email: string, properties: string, value: string) => ({
  app: 'klaviyo',
  handle: 'track-event',
  fields: { metric, email, properties, value },
});

export const KLAVIYO_TEMPLATES: WorkflowTemplate[] = [
  singleActionTemplate({
    id: 'klaviyo-shipment-sent',
    name: 'Send shipment tracking to Klaviyo',
    description: 'When an order is fulfilled, track a Shipment Sent event with the carrier and tracking link, for a shipping flow.',
    category: 'Marketing',
    seed: 'klaviyo',
    trigger: 'order-fulfilled',
    action: track(
      'Shipment Sent',
      '{{ order.email }}',
      '{"order": {{ order.name | json }}, "carrier": {{ order.fulfillments.first.tracking_company | json }}, "tracking_number": {{ order.fulfillments.first.tracking_number | json }}, "tracking_url": {{ order.fulfillments.first.tracking_url | json }}}',
      '{{ order.total_price }}',
    ),
  }),
  singleActionTemplate({
    id: 'klaviyo-repeat-order',
    name: 'Track repeat customers in Klaviyo',
    description: 'When a customer places their fifth order or more, track a Placed Repeat Order event.',
    category: 'Marketing',
    seed: 'klaviyo',
    trigger: 'order-created',
    when: { field: 'order.customer.orders_count', op: 'greater_than_or_equal', value: 5 },
    action: track('Placed Repeat Order', '{{ order.email }}', '{"order": {{ order.name | json }}, "orders_count": {{ order.customer.orders_count }}, "total_spent": {{ order.customer.total_spent | json }}}', '{{ order.total_price }}'),
  }),
  singleActionTemplate({
    id: 'klaviyo-discount-used',
    name: 'Track discount code use in Klaviyo',
    description: 'When an order uses a discount code, track a Used Discount Code event with the code.',
    category: 'Marketing',
    seed: 'klaviyo',
    trigger: 'order-created',
    when: usedDiscount,
    action: track('Used Discount Code', '{{ order.email }}', '{"order": {{ order.name | json }}, "code": {{ order.discount_codes.first.code | json }}, "discount": {{ order.total_discounts | json }}}', '{{ order.total_discounts }}'),
  }),
  singleActionTemplate({
    id: 'klaviyo-gift-order',
    name: 'Track gift orders in Klaviyo',
    description: 'When an order asks for gift wrapping, track a Placed Gift Order event for a gift follow-up flow.',
    category: 'Marketing',
    seed: 'klaviyo',
    trigger: 'order-created',
    when: asksForGiftWrap,
    action: track('Placed Gift Order', '{{ order.email }}', '{"order": {{ order.name | json }}, "recipient": {{ order.shipping_address.name | json }}}', '{{ order.total_price }}'),
  }),
  singleActionTemplate({
    id: 'klaviyo-joined-newsletter',
    name: 'Track newsletter sign-ups in Klaviyo',
    description: 'When a new customer subscribes to email marketing, track a Joined Newsletter event for a welcome series.',
    category: 'Marketing',
    seed: 'klaviyo',
    trigger: 'customer-created',
    when: { field: 'customer.email_marketing_consent.state', op: 'equals', value: 'subscribed' },
    action: track('Joined Newsletter', '{{ customer.email }}', '{"first_name": {{ customer.first_name | json }}, "opt_in_level": {{ customer.email_marketing_consent.opt_in_level | json }}}', '0'),
  }),
];
