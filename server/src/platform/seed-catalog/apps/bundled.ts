/**
 * The five seed apps that ship with Switchboard as bundled connectors
 * (extensions/). Their handles are the bundled apps' client ids, and their
 * actions' fields are the bundled actions' own, so the seed entry and the
 * real app describe the same thing. Their example workflows use only
 * Shopify's triggers and these actions, so each one is a template.
 */
import { asks } from '../fields.js';
import type { SeedApp } from '../types.js';

export const BUNDLED_SEED_APPS: SeedApp[] = [
  {
    handle: 'asana',
    name: 'Asana',
    category: 'Productivity',
    description: 'Turn store events into Asana tasks for your team: restocks, product shoots, orders that need a personal touch.',
    triggers: [],
    actions: [
      {
        handle: 'create-task',
        name: 'Create Asana task',
        description: 'Creates a task in an Asana project, with a name and notes written with Liquid.',
        fields: [
          asks.text('workspace', 'Workspace', 'The workspace’s ID; when set, Asana refuses a project from another workspace.', false),
          asks.text('project', 'Project', 'The ID of the project the task is added to, the long number in its URL.'),
          asks.text('name', 'Task name', 'The task’s title, e.g. Reorder {{ product.title }}.'),
          asks.longText('notes', 'Notes', 'The task’s description.', false),
        ],
      },
    ],
    examples: [
      { name: 'Reorder sold-out items', description: 'When an item sells out at a location, create an Asana task to reorder it.', template: 'asana-reorder-sold-out' },
      { name: 'Photograph new products', description: 'When a product is created, create an Asana task for the studio to photograph it.', template: 'asana-photograph-new-products' },
      { name: 'Handle special instructions', description: 'When an order comes with a customer note, create an Asana task so someone reads it before fulfilment.', template: 'asana-order-instructions' },
      { name: 'Review large refunds', description: 'When a refund returns 100 or more for a single line, create an Asana task to review it.', template: 'asana-review-large-refunds' },
      { name: 'Finish draft products', description: 'When a product is created as a draft, create an Asana task to complete and publish it.', template: 'asana-finish-draft-products' },
    ],
  },
  {
    handle: 'google-sheets',
    name: 'Google Sheets',
    category: 'Productivity',
    description:
      'Add rows to a Google spreadsheet. Values separated by commas become columns; use the remove or replace Liquid filters to keep commas inside a value from splitting it.',
    triggers: [],
    actions: [
      {
        handle: 'add-row',
        name: 'Add row to spreadsheet',
        description: 'Appends one row to a sheet. Each comma-separated value goes into its own column.',
        fields: [
          asks.text('spreadsheet_id', 'Spreadsheet ID', 'The ID in the spreadsheet’s URL, between /d/ and /edit.'),
          asks.text('sheet', 'Sheet', 'The sheet (tab) name; the first sheet when empty.', false),
          asks.longText('values', 'Values', 'Comma-separated values, one per column, e.g. {{ order.name }},{{ order.total_price }}. Remove commas inside a value with | remove: \',\'.'),
        ],
      },
    ],
    examples: [
      { name: 'Log every order', description: 'When an order is created, add its number, date, email, total and country to a spreadsheet.', template: 'sheets-log-orders' },
      { name: 'Record refunds', description: 'When a refund is created, add the order, amount and note to a spreadsheet.', template: 'sheets-record-refunds' },
      { name: 'Keep a list of new customers', description: 'When a customer account is created, add their name, email and marketing consent to a spreadsheet.', template: 'sheets-new-customers' },
      { name: 'Track sold-out items', description: 'When an item sells out at a location, add it to a spreadsheet for the buying team.', template: 'sheets-sold-out-items' },
      { name: 'Log discount code use', description: 'When an order uses a discount code, add the code and the discount to a spreadsheet.', template: 'sheets-discount-codes' },
      { name: 'Log cancelled orders', description: 'When an order is cancelled, add it with its reason to a spreadsheet.', template: 'sheets-cancelled-orders' },
    ],
  },
  {
    handle: 'klaviyo',
    name: 'Klaviyo',
    category: 'Marketing',
    description:
      'Email and SMS marketing. Switchboard sends Klaviyo your store’s events (Placed Order, Ordered Product, Fulfilled Order, Started Checkout, ...) for identified customers, and workflows can track events of their own.',
    triggers: [],
    actions: [
      {
        handle: 'track-event',
        name: 'Track event',
        description: 'Records an event on a customer’s Klaviyo profile, found by email, to start flows and build segments.',
        fields: [
          asks.text('metric', 'Metric name', 'The event’s name in Klaviyo, e.g. Shipment Sent.'),
          asks.email('email', 'Customer email', 'The profile the event belongs to, e.g. {{ order.email }}.'),
          asks.longText('properties', 'Event properties', 'A JSON object written with Liquid, e.g. {"order": {{ order.name | json }}}.', false),
          asks.number('value', 'Value', 'A monetary value for revenue reporting.', false),
        ],
      },
    ],
    examples: [
      { name: 'Send shipment tracking to Klaviyo', description: 'When an order is fulfilled, track a Shipment Sent event with the carrier and tracking link, for a shipping flow.', template: 'klaviyo-shipment-sent' },
      { name: 'Track repeat customers', description: 'When a customer places their fifth order or more, track a Placed Repeat Order event.', template: 'klaviyo-repeat-order' },
      { name: 'Track discount code use', description: 'When an order uses a discount code, track a Used Discount Code event with the code.', template: 'klaviyo-discount-used' },
      { name: 'Track gift orders', description: 'When an order asks for gift wrapping, track a Placed Gift Order event for a gift follow-up flow.', template: 'klaviyo-gift-order' },
      { name: 'Track newsletter sign-ups', description: 'When a new customer subscribes to email marketing, track a Joined Newsletter event for a welcome series.', template: 'klaviyo-joined-newsletter' },
    ],
  },
  {
    handle: 'slack',
    name: 'Slack',
    category: 'Productivity',
    description: 'Post messages to your Slack workspace’s channels, written with Liquid from the workflow’s data.',
    triggers: [],
    actions: [
      {
        handle: 'send-message',
        name: 'Send Slack message',
        description: 'Posts a message to a channel of your workspace.',
        fields: [
          asks.text('channel', 'Channel', 'The channel’s name (#orders) or ID. Invite the Switchboard bot to private channels.'),
          asks.longText('text', 'Message', 'The message, e.g. New order {{ order.name }}. Slack formatting (*bold*, <url|text>) works.'),
        ],
      },
    ],
    examples: [
      { name: 'Orders with a customer note', description: 'When an order comes with a note, post it to #orders so nobody misses it.', template: 'slack-order-note' },
      { name: 'Celebrate first orders', description: 'When a customer places their first order, post it to #wins.', template: 'slack-first-order' },
      { name: 'Cancelled orders', description: 'When an order is cancelled, post it with its reason to #orders.', template: 'slack-cancelled-order' },
      { name: 'Sold-out alerts', description: 'When an item sells out at a location, alert #inventory.', template: 'slack-sold-out' },
      { name: 'New products', description: 'When a product is created, announce it in #merchandising with its vendor and price.', template: 'slack-new-product' },
      { name: 'Refunds', description: 'When a refund is created, post the amounts and note to #finance.', template: 'slack-refund' },
      { name: 'Bulk orders', description: 'When an order has a line of 10 items or more, alert #wholesale.', template: 'slack-bulk-order' },
      { name: 'Express shipping', description: 'When an order ships express, alert #warehouse so it leaves today.', template: 'slack-express-shipping' },
    ],
  },
  {
    handle: 'trello',
    name: 'Trello',
    category: 'Productivity',
    description: 'Create cards on your Trello boards from store events, so work lands where your team already plans it.',
    triggers: [],
    actions: [
      {
        handle: 'create-card',
        name: 'Create Trello card',
        description: 'Adds a card to a list on a board, with a name and description written with Liquid.',
        fields: [
          asks.text('board', 'Board', 'The board’s ID or URL; when set, the card is created only if the list is on this board.', false),
          asks.text('list', 'List', 'The ID of the list the card goes in.'),
          asks.text('name', 'Card name', 'The card’s title, e.g. Order {{ order.name }}.'),
          asks.longText('description', 'Description', 'The card’s description (Markdown).', false),
        ],
      },
    ],
    examples: [
      { name: 'Orders with a customer note', description: 'When an order comes with a note, create a card on the fulfilment board.', template: 'trello-order-note' },
      { name: 'Restock sold-out items', description: 'When an item sells out at a location, create a card on the purchasing board.', template: 'trello-restock' },
      { name: 'Write missing product descriptions', description: 'When a product is created without a description, create a card for the copywriters.', template: 'trello-product-description' },
      { name: 'Gift wrap requests', description: 'When an order asks for gift wrapping, create a card so the packers add it.', template: 'trello-gift-wrap' },
      { name: 'Follow up on refunds', description: 'When a refund is created, create a card for customer care to follow up.', template: 'trello-refund-follow-up' },
    ],
  },
];
