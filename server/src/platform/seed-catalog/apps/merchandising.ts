/** Seed apps for search, stock alerts, pricing, discounts, sales events and wishlists. */
import { asks, sends } from '../fields.js';
import type { SeedApp } from '../types.js';

export const MERCHANDISING_SEED_APPS: SeedApp[] = [
  {
    handle: 'algolia',
    name: 'Algolia',
    aliases: ['Algolia Search and Discovery'],
    category: 'Search and merchandising',
    description: 'Search and discovery for your storefront, with daily search insights sent to your workflows.',
    triggers: [
      {
        handle: 'top-searches',
        name: 'Top searches',
        description: 'Every day, Algolia sends the previous day’s most frequent searches.',
        delivery: { kind: 'scheduled', schedule: 'Every day' },
        fields: [sends.text('Index', 'The search index'), sends.text('Searches', 'The top 10 searches, most frequent first, comma-separated'), sends.number('Total searches', 'All searches that day'), sends.text('Date', 'The day covered, YYYY-MM-DD')],
      },
      {
        handle: 'searches-without-results',
        name: 'Searches without results',
        description: 'Every day, Algolia sends the searches that found nothing the previous day.',
        delivery: { kind: 'scheduled', schedule: 'Every day' },
        fields: [sends.text('Index', 'The search index'), sends.text('Searches', 'The searches without results, most frequent first, comma-separated'), sends.number('Count', 'How many searches found nothing'), sends.text('Date', 'The day covered, YYYY-MM-DD')],
      },
      {
        handle: 'search-indexing-paused',
        name: 'Search indexing paused',
        description: 'Indexing of a search index was paused, so new and changed products do not show in search.',
        fields: [sends.text('Index', 'The search index'), sends.text('Reason', 'Why it was paused, e.g. record quota reached')],
      },
    ],
    actions: [
      {
        handle: 'reindex-products',
        name: 'Reindex products',
        description: 'Starts a full reindex of your products.',
        fields: [asks.text('index', 'Index', 'The index; all indices when empty.', false)],
      },
    ],
    examples: [
      { name: 'Email the day’s top searches', description: 'Every day when the top searches arrive, email them to the merchandising team.' },
      { name: 'Spot missing products', description: 'When searches without results arrive, post them to Slack so buyers see what shoppers want.' },
    ],
  },
  {
    handle: 'back-in-stock',
    name: 'Back in Stock',
    aliases: ['Back in Stock Restock Alerts'],
    category: 'Search and merchandising',
    description: 'Restock alerts by email and SMS for sold-out products, with demand reports.',
    triggers: [
      {
        handle: 'customer-subscribed',
        name: 'Customer subscribed',
        description: 'A shopper asked to be told when a sold-out variant is back.',
        fields: [sends.product(), sends.customer('The customer, when known', false), sends.email('Email', 'Where to send the alert', false), sends.text('Variant title', 'The variant wanted'), sends.text('Channel', 'email or sms')],
      },
      {
        handle: 'restock-alert-sent',
        name: 'Restock alert sent',
        description: 'Alerts went out because a variant is back in stock.',
        fields: [sends.product(), sends.text('Variant title', 'The variant restocked'), sends.number('Alerts sent', 'How many shoppers were told')],
      },
    ],
    actions: [
      {
        handle: 'send-restock-alerts',
        name: 'Send restock alerts',
        description: 'Sends the alerts for a product now instead of waiting for the stock check.',
        fields: [asks.product(), asks.integer('limit', 'Maximum alerts', 'Alert at most this many shoppers, first come first served.', false)],
      },
    ],
    examples: [{ name: 'Reorder what shoppers wait for', description: 'When a customer subscribes to a restock alert, tag the product in-demand for the buying team.' }],
  },
  {
    handle: 'better-price',
    name: 'Better Price',
    category: 'Search and merchandising',
    description: 'Price match requests: shoppers tell you where they saw a lower price, and you answer with an offer.',
    triggers: [
      {
        handle: 'better-price-requested',
        name: 'Better price requested',
        description: 'A shopper reported a lower price elsewhere.',
        fields: [sends.product(), sends.customer('The customer, when known', false), sends.email('Email', 'Where to send the answer'), sends.url('Competitor URL', 'Where they saw the price'), sends.number('Competitor price', 'The price they saw'), sends.number('Our price', 'Your current price')],
      },
    ],
    actions: [
      {
        handle: 'send-price-offer',
        name: 'Send price offer',
        description: 'Emails the shopper a discount code that matches or beats the price.',
        fields: [asks.email('email', 'Email', 'The shopper.'), asks.product(), asks.number('offer_price', 'Offer price', 'The price you offer.'), asks.longText('message', 'Message', 'Added to the email.', false)],
      },
    ],
    examples: [{ name: 'Alert pricing about competitors', description: 'When a better price is requested, email the pricing team the product, competitor link and both prices.' }],
  },
  {
    handle: 'bulk-discounts',
    name: 'Bulk Discounts',
    aliases: ['Bulk Discount Code Generator'],
    category: 'Search and merchandising',
    description: 'Generates thousands of unique discount codes at once.',
    triggers: [
      {
        handle: 'discount-codes-created',
        name: 'Discount codes created',
        description: 'A batch of codes was created. Sent once per batch of 100 codes: generating 500 codes sends five events, and starts five runs.',
        delivery: { kind: 'batched', batchSize: 100, items: 'codes' },
        fields: [sends.text('Discount', 'The discount’s title'), sends.text('Codes', 'The codes of this batch, comma-separated (up to 100)'), sends.number('Batch', 'This batch’s number, from 1'), sends.number('Batches', 'How many batches the job has'), sends.number('Codes in batch', 'How many codes this batch holds')],
      },
    ],
    actions: [
      {
        handle: 'generate-discount-codes',
        name: 'Generate discount codes',
        description: 'Creates unique codes for an existing discount.',
        fields: [asks.text('discount', 'Discount', 'The discount’s title.'), asks.integer('quantity', 'Quantity', 'How many codes (up to 100,000).'), asks.text('prefix', 'Prefix', 'Each code starts with it, e.g. VIP-.', false)],
      },
    ],
    examples: [
      { name: 'Send new codes to a spreadsheet', description: 'When a batch of codes is created, add the batch to a spreadsheet for the agency.' },
      { name: 'Generate codes for an event', description: 'When a Launchpad event starts, generate 500 codes for it (five batches, five runs).' },
    ],
  },
  {
    handle: 'in-stock-alerts',
    name: 'In Stock Alerts',
    category: 'Search and merchandising',
    description: 'Back in stock notifications by email, SMS and push.',
    triggers: [
      {
        handle: 'restock-request-created',
        name: 'Restock request created',
        description: 'A shopper asked to be notified about a sold-out product.',
        fields: [sends.product(), sends.customer('The customer, when known', false), sends.email('Email', 'The shopper’s email', false), sends.text('Phone', 'The shopper’s phone', false), sends.text('Variant title', 'The variant wanted')],
      },
      {
        handle: 'product-back-in-stock',
        name: 'Product back in stock',
        description: 'A product with waiting shoppers is in stock again.',
        fields: [sends.product(), sends.text('Variant title', 'The variant restocked'), sends.number('Waiting shoppers', 'How many asked to be told')],
      },
    ],
    actions: [
      {
        handle: 'send-stock-alerts',
        name: 'Send stock alerts',
        description: 'Notifies the waiting shoppers for a product now.',
        fields: [asks.product()],
      },
    ],
    examples: [{ name: 'Tell buyers about demand', description: 'When a restock request is created, email the buying team the product and variant.' }],
  },
  {
    handle: 'klevu',
    name: 'Klevu',
    category: 'Search and merchandising',
    description: 'AI search and merchandising, with search trends for your workflows.',
    triggers: [
      {
        handle: 'search-term-trending',
        name: 'Search term trending',
        description: 'A search term is rising fast compared with last week.',
        fields: [sends.text('Search term', 'The term'), sends.number('Searches', 'Searches in the last 24 hours'), sends.number('Results', 'How many products it finds')],
      },
      {
        handle: 'search-without-results',
        name: 'Search without results',
        description: 'A term searched several times found no products.',
        fields: [sends.text('Search term', 'The term'), sends.number('Searches', 'How many times it was searched')],
      },
    ],
    actions: [
      {
        handle: 'boost-product',
        name: 'Boost product in search',
        description: 'Ranks a product higher in search results.',
        fields: [asks.product(), asks.integer('boost', 'Boost', 'From 1 to 10.'), asks.integer('days', 'For days', 'Remove the boost after this many days; keep it when empty.', false)],
      },
    ],
    examples: [{ name: 'Boost new products', description: 'When a product is created, boost it in search for 14 days.' }],
  },
  {
    handle: 'launchpad',
    name: 'Launchpad',
    category: 'Search and merchandising',
    description: 'Shopify’s app for scheduling sales, product drops and theme changes as events.',
    triggers: [
      {
        handle: 'event-started',
        name: 'Event started',
        description: 'A scheduled Launchpad event began.',
        fields: [sends.text('Event name', 'The event'), sends.text('Starts at', 'ISO date and time'), sends.text('Ends at', 'ISO date and time', false)],
      },
      {
        handle: 'event-ended',
        name: 'Event ended',
        description: 'A Launchpad event ended and its changes were reverted.',
        fields: [sends.text('Event name', 'The event'), sends.text('Ended at', 'ISO date and time')],
      },
    ],
    actions: [],
    examples: [{ name: 'Announce a sale to the team', description: 'When a Launchpad event starts, post it to the team’s Slack channel.' }],
  },
  {
    handle: 'wishlist-plus',
    name: 'Wishlist Plus',
    aliases: ['Swym Wishlist Plus', 'Swym'],
    category: 'Search and merchandising',
    description: 'Wishlists and save-for-later by Swym, with reminders when wishlisted items change.',
    triggers: [
      {
        handle: 'item-added-to-wishlist',
        name: 'Item added to wishlist',
        description: 'A shopper saved a product to their wishlist.',
        fields: [sends.product(), sends.customer('The customer, when logged in', false), sends.email('Email', 'The shopper’s email', false), sends.text('Variant title', 'The variant saved')],
      },
      {
        handle: 'wishlisted-item-low-stock',
        name: 'Wishlisted item low in stock',
        description: 'A product on shoppers’ wishlists is almost sold out.',
        fields: [sends.product(), sends.number('Inventory', 'Units left'), sends.number('Wishlists', 'On how many wishlists')],
      },
    ],
    actions: [
      {
        handle: 'send-wishlist-reminder',
        name: 'Send wishlist reminder',
        description: 'Emails the customer what is on their wishlist.',
        fields: [asks.customer(), asks.text('subject', 'Subject', 'The email’s subject; the default when empty.', false)],
      },
    ],
    examples: [{ name: 'Nudge when wishlisted items run low', description: 'When a wishlisted item is low in stock, send wishlist reminders to shoppers who saved it.' }],
  },
];
