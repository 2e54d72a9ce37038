/** Seed apps for orders, fraud, tagging, shipping and tracking. */
import { asks, sends } from '../fields.js';
import type { SeedApp, SeedField } from '../types.js';

/** What a shipment tracking trigger sends. */
const shipment = (extra: SeedField[] = []): SeedField[] => [
  sends.order(),
  sends.customer('The order’s customer', false),
  sends.text('Tracking number', 'The parcel’s tracking number'),
  sends.text('Carrier', 'e.g. USPS or DHL Express'),
  sends.url('Tracking URL', 'The tracking page'),
  ...extra,
];

export const ORDER_SEED_APPS: SeedApp[] = [
  {
    handle: 'agechecked',
    name: 'AgeChecked',
    category: 'Orders and shipping',
    description: 'Age verification at checkout against official records, for age-restricted products.',
    triggers: [
      {
        handle: 'age-verification-passed',
        name: 'Age verification passed',
        description: 'The customer’s age was verified for an order.',
        fields: [sends.order(), sends.customer('The customer', false), sends.text('Method', 'How it was verified, e.g. electoral roll or ID document')],
      },
      {
        handle: 'age-verification-failed',
        name: 'Age verification failed',
        description: 'The customer could not be verified as old enough.',
        fields: [sends.order(), sends.customer('The customer', false), sends.text('Reason', 'Why it failed'), sends.number('Attempts', 'How many attempts were made')],
      },
    ],
    actions: [
      {
        handle: 'request-age-verification',
        name: 'Request age verification',
        description: 'Emails the customer a link to verify their age for the order.',
        fields: [asks.order(), asks.longText('message', 'Message', 'Added to the email.', false)],
      },
    ],
    examples: [
      { name: 'Hold orders that fail age checks', description: 'When age verification fails, tag the order age-check-failed so it is not fulfilled.' },
      { name: 'Verify age on restricted products', description: 'When an order contains a product tagged 18+, request age verification from the customer.' },
    ],
  },
  {
    handle: 'bespoke-shipping',
    name: 'Bespoke Shipping',
    category: 'Orders and shipping',
    description: 'Custom shipping rates by rules: weight, postcode, product, customer tag and more.',
    triggers: [
      {
        handle: 'shipping-rate-applied',
        name: 'Shipping rate applied',
        description: 'An order was placed with one of your Bespoke rates.',
        fields: [sends.order(), sends.text('Rate name', 'The rate shown at checkout'), sends.number('Rate price', 'What the customer paid for shipping'), sends.text('Rule', 'The rule that produced it')],
      },
    ],
    actions: [
      {
        handle: 'set-rule-status',
        name: 'Enable or disable rule',
        description: 'Turns a shipping rule on or off, e.g. a holiday rate.',
        fields: [asks.text('rule', 'Rule', 'The rule’s name.'), asks.flag('enabled', 'Enabled', 'true to turn it on, false to turn it off.')],
      },
    ],
    examples: [{ name: 'Tag orders by shipping rule', description: 'When a Bespoke rate is applied, tag the order with the rule’s name for the packers.' }],
  },
  {
    handle: 'customer-tagger',
    name: 'Customer Tagger',
    category: 'Orders and shipping',
    description: 'Tags customers automatically by rules: spend, order count, products bought, location.',
    triggers: [
      {
        handle: 'customer-tagged',
        name: 'Customer tagged',
        description: 'A tagging rule added tags to a customer.',
        fields: [sends.customer(), sends.text('Tags', 'The tags added, comma-separated'), sends.text('Rule', 'The rule that added them')],
      },
    ],
    actions: [
      {
        handle: 'apply-tagging-rules',
        name: 'Apply tagging rules',
        description: 'Runs your tagging rules on the customer now.',
        fields: [asks.customer(), asks.text('rule', 'Rule', 'Run only this rule; all rules when empty.', false)],
      },
    ],
    examples: [{ name: 'Retag customers after each order', description: 'When an order is paid, apply the tagging rules to its customer so their tags reflect the new order.' }],
  },
  {
    handle: 'edit-order',
    name: 'Edit Order',
    aliases: ['OrderEditing', 'Order Editing'],
    category: 'Orders and shipping',
    description: 'Lets customers edit their orders after checkout: address, items, sizes, with upsells.',
    triggers: [
      {
        handle: 'order-edited',
        name: 'Order edited',
        description: 'A customer or staff member edited an order.',
        fields: [sends.order(), sends.customer('The customer', false), sends.text('Changes', 'What changed, e.g. Shipping address, Size M to L'), sends.number('Amount difference', 'Charged (positive) or refunded (negative)'), sends.text('Edited by', 'customer or staff')],
      },
    ],
    actions: [
      {
        handle: 'extend-edit-window',
        name: 'Extend edit window',
        description: 'Gives the customer more time to edit the order.',
        fields: [asks.order(), asks.integer('minutes', 'Minutes', 'How much longer.')],
      },
    ],
    examples: [{ name: 'Warn fulfilment about edits', description: 'When an order is edited, tag it edited and email the warehouse if it was already picked.' }],
  },
  {
    handle: 'ns8-protect',
    name: 'NS8 Protect',
    aliases: ['Avolin NS8 Protect', 'Avolin', 'NS8'],
    category: 'Orders and shipping',
    description: 'Fraud protection by Avolin: scores every order and can approve or cancel it.',
    triggers: [
      {
        handle: 'order-score-updated',
        name: 'Order score updated',
        description: 'NS8 scored or rescored an order.',
        fields: [sends.order(), sends.number('Score', 'From 0 (fraud) to 1000 (safe)'), sends.text('Risk', 'low, medium or high'), sends.text('Status', 'approved, merchant review or canceled')],
      },
      {
        handle: 'order-status-updated',
        name: 'Order status updated',
        description: 'An order’s NS8 status changed.',
        fields: [sends.order(), sends.text('Status', 'The new status'), sends.text('Previous status', 'The former status')],
      },
    ],
    actions: [
      {
        handle: 'approve-order',
        name: 'Approve order',
        description: 'Marks the order as approved in NS8.',
        fields: [asks.order()],
      },
      {
        handle: 'cancel-order',
        name: 'Cancel order',
        description: 'Cancels the order as fraudulent in NS8.',
        fields: [asks.order(), asks.text('reason', 'Reason', 'Recorded with the cancellation.', false)],
      },
    ],
    examples: [
      { name: 'Hold high-risk orders', description: 'When an order’s risk is high, tag it fraud-review so nobody ships it before a check.' },
      { name: 'Tell the team about cancellations', description: 'When NS8 cancels an order, post it to the fraud channel.' },
    ],
  },
  {
    handle: 'order-merger',
    name: 'Order Merger',
    category: 'Orders and shipping',
    description: 'Merges orders from the same customer and address so they ship together.',
    triggers: [
      {
        handle: 'orders-merged',
        name: 'Orders merged',
        description: 'Several orders were merged into one.',
        fields: [sends.order('The merged order'), sends.customer(), sends.text('Merged orders', 'The original order names, comma-separated'), sends.number('Order count', 'How many orders were merged')],
      },
    ],
    actions: [
      {
        handle: 'merge-open-orders',
        name: 'Merge open orders',
        description: 'Merges the customer’s unfulfilled orders to the same address.',
        fields: [asks.customer()],
      },
    ],
    examples: [{ name: 'Merge repeat orders', description: 'When a customer places a second order the same day, merge their open orders.' }],
  },
  {
    handle: 'order-tagger',
    name: 'Order Tagger',
    category: 'Orders and shipping',
    description: 'Tags orders automatically by rules: products, shipping method, discount, channel, risk.',
    triggers: [
      {
        handle: 'order-tagged',
        name: 'Order tagged',
        description: 'A tagging rule added tags to an order.',
        fields: [sends.order(), sends.text('Tags', 'The tags added, comma-separated'), sends.text('Rule', 'The rule that added them')],
      },
    ],
    actions: [
      {
        handle: 'apply-tagging-rules',
        name: 'Apply tagging rules',
        description: 'Runs your tagging rules on the order now.',
        fields: [asks.order(), asks.text('rule', 'Rule', 'Run only this rule; all rules when empty.', false)],
      },
    ],
    examples: [{ name: 'Tag orders once they are paid', description: 'When an order is paid, apply the tagging rules, so payment-dependent tags are right.' }],
  },
  {
    handle: 'parcel-panel',
    name: 'Parcel Panel',
    aliases: ['ParcelPanel'],
    category: 'Orders and shipping',
    description: 'Order tracking pages and shipping notifications.',
    triggers: [
      { handle: 'shipment-delivered', name: 'Shipment delivered', description: 'The carrier delivered a parcel.', fields: shipment() },
      {
        handle: 'shipment-exception',
        name: 'Shipment exception',
        description: 'A parcel hit a problem: failed delivery, returned, lost or held at customs.',
        fields: shipment([sends.text('Status', 'exception, failed attempt or expired'), sends.text('Message', 'The carrier’s last message')]),
      },
    ],
    actions: [],
    examples: [
      { name: 'Ask for a review on delivery', description: 'When a shipment is delivered, send the customer a review request.' },
      { name: 'Alert support about delivery problems', description: 'When a shipment exception occurs, email support with the tracking link.' },
    ],
  },
  {
    handle: 'pre-order-manager',
    name: 'Pre-order Manager',
    aliases: ['Preorder Manager'],
    category: 'Orders and shipping',
    description: 'Takes pre-orders on out-of-stock and upcoming products.',
    triggers: [
      {
        handle: 'preorder-placed',
        name: 'Preorder placed',
        description: 'An order included pre-order items.',
        fields: [sends.order(), sends.product('The pre-ordered product'), sends.number('Quantity', 'Units pre-ordered'), sends.text('Expected ship date', 'As shown to the customer')],
      },
    ],
    actions: [
      {
        handle: 'enable-preorders',
        name: 'Enable preorders',
        description: 'Turns pre-orders on for a product.',
        fields: [asks.product(), asks.integer('limit', 'Limit', 'How many pre-orders to accept; no limit when empty.', false), asks.text('message', 'Message', 'Shown on the product page, e.g. Ships in May.', false)],
      },
      {
        handle: 'disable-preorders',
        name: 'Disable preorders',
        description: 'Turns pre-orders off for a product.',
        fields: [asks.product()],
      },
    ],
    examples: [{ name: 'Take pre-orders when an item sells out', description: 'When a product variant is out of stock, enable pre-orders on it.' }],
  },
  {
    handle: 'trackingmore',
    name: 'TrackingMore',
    category: 'Orders and shipping',
    description: 'Shipment tracking across 1,000 carriers, with status updates.',
    triggers: [
      {
        handle: 'tracking-status-updated',
        name: 'Tracking status updated',
        description: 'A parcel’s tracking status changed.',
        fields: shipment([sends.text('Status', 'e.g. transit, pickup, delivered, exception'), sends.text('Checkpoint', 'The latest checkpoint message')]),
      },
      { handle: 'shipment-delivered', name: 'Shipment delivered', description: 'The carrier delivered a parcel.', fields: shipment() },
    ],
    actions: [
      {
        handle: 'add-tracking-number',
        name: 'Add tracking number',
        description: 'Starts tracking a parcel for an order.',
        fields: [asks.order(), asks.text('tracking_number', 'Tracking number', 'The parcel’s number.'), asks.text('carrier', 'Carrier code', 'e.g. usps; detected when empty.', false)],
      },
    ],
    examples: [{ name: 'Email support about stuck parcels', description: 'When a tracking status becomes exception, email support with the order and checkpoint.' }],
  },
  {
    handle: 'tracktor',
    name: 'Tracktor',
    category: 'Orders and shipping',
    description: 'Order status page with custom statuses, so customers see where their order is.',
    triggers: [
      {
        handle: 'order-status-changed',
        name: 'Order status changed',
        description: 'An order moved to another Tracktor status.',
        fields: [sends.order(), sends.text('Status', 'The new status'), sends.text('Previous status', 'The former status')],
      },
    ],
    actions: [
      {
        handle: 'set-order-status',
        name: 'Set order status',
        description: 'Sets the status customers see for the order.',
        fields: [asks.order(), asks.text('status', 'Status', 'One of your Tracktor statuses.'), asks.longText('note', 'Note', 'Shown under the status.', false)],
      },
    ],
    examples: [{ name: 'Show made-to-order progress', description: 'When an order is tagged in-production, set its Tracktor status to In production.' }],
  },
  {
    handle: 'typoly',
    name: 'Typoly',
    category: 'Orders and shipping',
    description: 'Catches typos in customers’ email addresses (gmial.com, hotmal.com) so confirmations and shipping updates arrive.',
    triggers: [
      {
        handle: 'email-typo-detected',
        name: 'Email typo detected',
        description: 'An order or account was created with an email address that looks mistyped.',
        fields: [sends.customer(), sends.order('The order, when it came from checkout', false), sends.text('Email entered', 'The address as typed'), sends.email('Suggested email', 'The likely intended address')],
      },
    ],
    actions: [
      {
        handle: 'correct-customer-email',
        name: 'Correct customer email',
        description: 'Replaces the customer’s email address.',
        fields: [asks.customer(), asks.email('email', 'Email', 'The corrected address.')],
      },
    ],
    examples: [{ name: 'Fix mistyped emails', description: 'When an email typo is detected, correct the customer’s email to the suggestion and tag them email-corrected.' }],
  },
  {
    handle: 'wholesale-channel',
    name: 'Wholesale channel',
    aliases: ['Shopify Wholesale', 'Wholesale'],
    category: 'Orders and shipping',
    description: 'Shopify’s wholesale storefront: price lists and wholesale orders for approved buyers.',
    triggers: [
      {
        handle: 'wholesale-order-created',
        name: 'Wholesale order created',
        description: 'A buyer placed an order on the wholesale storefront.',
        fields: [sends.order(), sends.customer(), sends.text('Price list', 'The price list applied')],
      },
      {
        handle: 'access-requested',
        name: 'Wholesale access requested',
        description: 'A business asked for access to your wholesale storefront.',
        fields: [sends.customer('The customer, when they already exist', false), sends.text('Company', 'The company’s name'), sends.email('Email', 'The contact’s email')],
      },
    ],
    actions: [
      {
        handle: 'assign-price-list',
        name: 'Assign price list',
        description: 'Gives the customer access to a wholesale price list.',
        fields: [asks.customer(), asks.text('price_list', 'Price list', 'The price list’s name.')],
      },
    ],
    examples: [{ name: 'Tag wholesale orders', description: 'When a wholesale order is created, tag it wholesale and add the price list’s name.' }],
  },
  {
    handle: 'wotio',
    name: 'WOTIO',
    category: 'Orders and shipping',
    description: 'Sends orders to your warehouses and fulfilment partners and reports back what happened.',
    triggers: [
      {
        handle: 'order-sent-to-warehouse',
        name: 'Order sent to warehouse',
        description: 'An order was accepted by a warehouse.',
        fields: [sends.order(), sends.text('Warehouse', 'The warehouse’s name'), sends.text('Reference', 'The warehouse’s order reference')],
      },
      {
        handle: 'warehouse-export-failed',
        name: 'Warehouse export failed',
        description: 'A warehouse refused an order.',
        fields: [sends.order(), sends.text('Warehouse', 'The warehouse’s name'), sends.text('Error', 'Why it was refused')],
      },
    ],
    actions: [
      {
        handle: 'send-order-to-warehouse',
        name: 'Send order to warehouse',
        description: 'Sends the order to a warehouse now.',
        fields: [asks.order(), asks.text('warehouse', 'Warehouse', 'The warehouse’s name; the default warehouse when empty.', false)],
      },
    ],
    examples: [{ name: 'Fix refused orders quickly', description: 'When a warehouse export fails, tag the order warehouse-error and email operations.' }],
  },
];
