/** Seed apps for analytics, KPI alerts and mobile shopping apps. */
import { asks, sends } from '../fields.js';
import type { SeedApp } from '../types.js';

export const INSIGHTS_AND_MOBILE_SEED_APPS: SeedApp[] = [
  {
    handle: 'kmetric',
    name: 'Kmetric',
    category: 'Analytics',
    description: 'Real-time KPI dashboards and alerts for your store.',
    triggers: [
      {
        handle: 'metric-threshold-crossed',
        name: 'Metric threshold crossed',
        description: 'A KPI crossed a threshold you set, e.g. conversion rate below 1.5%.',
        fields: [sends.text('Metric', 'The KPI, e.g. Conversion rate'), sends.number('Value', 'Its current value'), sends.number('Threshold', 'The threshold crossed'), sends.text('Direction', 'above or below'), sends.text('Period', 'The period measured, e.g. last hour')],
      },
      {
        handle: 'daily-kpi-summary',
        name: 'Daily KPI summary',
        description: 'Every morning, Kmetric sends the previous day’s headline numbers.',
        delivery: { kind: 'scheduled', schedule: 'Every day at 8 a.m.' },
        fields: [sends.text('Date', 'The day covered, YYYY-MM-DD'), sends.number('Revenue', 'Total sales'), sends.number('Orders', 'Number of orders'), sends.number('Conversion rate', 'In percent'), sends.number('Average order value', 'Revenue divided by orders')],
      },
    ],
    actions: [],
    examples: [{ name: 'Alert on conversion drops', description: 'When conversion rate falls below its threshold, email the team with the value and period.' }],
  },
  {
    handle: 'littledata',
    name: 'Littledata',
    category: 'Analytics',
    description: 'Accurate Google Analytics and marketing attribution for Shopify.',
    triggers: [
      {
        handle: 'order-attributed',
        name: 'Order attributed',
        description: 'Littledata attributed an order to a marketing channel.',
        fields: [sends.order(), sends.text('Source', 'e.g. google'), sends.text('Medium', 'e.g. cpc'), sends.text('Campaign', 'The campaign, when known', false), sends.url('Landing page', 'The session’s first page', false)],
      },
    ],
    actions: [
      {
        handle: 'send-analytics-event',
        name: 'Send analytics event',
        description: 'Sends a custom event to Google Analytics for the customer.',
        fields: [asks.text('event', 'Event name', 'e.g. loyalty_tier_up.'), asks.customer('The customer', false), asks.number('value', 'Value', 'A value to report with it.', false)],
      },
    ],
    examples: [{ name: 'Tag orders by channel', description: 'When an order is attributed, tag it with its source and medium, e.g. google-cpc.' }],
  },
  {
    handle: 'plobal',
    name: 'Plobal',
    aliases: ['Plobal Apps'],
    category: 'Mobile apps',
    description: 'Native iOS and Android shopping apps for your store, with push notifications.',
    triggers: [
      {
        handle: 'app-order-placed',
        name: 'Order placed in app',
        description: 'An order was placed in your mobile app.',
        fields: [sends.order(), sends.customer('The customer', false), sends.text('Platform', 'ios or android')],
      },
      {
        handle: 'app-installed',
        name: 'App installed',
        description: 'A shopper installed your app and signed in.',
        fields: [sends.customer(), sends.text('Platform', 'ios or android')],
      },
    ],
    actions: [
      {
        handle: 'send-app-push',
        name: 'Send app push notification',
        description: 'Sends a push notification to the customer’s app, or to every app user.',
        fields: [asks.customer('The customer; every app user when empty', false), asks.text('title', 'Title', 'The notification’s title.'), asks.longText('message', 'Message', 'Its body.'), asks.url('link', 'Link', 'The page opened in the app.', false)],
      },
    ],
    examples: [{ name: 'Tag app orders', description: 'When an order is placed in the app, tag it mobile-app with the platform.' }],
  },
  {
    handle: 'tapcart',
    name: 'Tapcart',
    category: 'Mobile apps',
    description: 'Mobile shopping apps with push notifications and app-only offers.',
    triggers: [
      {
        handle: 'app-order-placed',
        name: 'Order placed in app',
        description: 'An order was placed in your Tapcart app.',
        fields: [sends.order(), sends.customer('The customer', false), sends.text('Platform', 'ios or android')],
      },
      {
        handle: 'push-opt-in',
        name: 'Push notifications enabled',
        description: 'A signed-in app user turned push notifications on.',
        fields: [sends.customer(), sends.text('Platform', 'ios or android')],
      },
    ],
    actions: [
      {
        handle: 'send-push-notification',
        name: 'Send push notification',
        description: 'Sends a push notification to the customer’s devices, or to every app user.',
        fields: [asks.customer('The customer; every app user when empty', false), asks.text('title', 'Title', 'The notification’s title.'), asks.longText('message', 'Message', 'Its body.'), asks.url('deep_link', 'Deep link', 'The screen opened in the app.', false)],
      },
    ],
    examples: [
      { name: 'Push new arrivals', description: 'When a product is created in the New collection, send every app user a push notification.' },
      { name: 'Reward app customers', description: 'When an order is placed in the app, tag the customer app-buyer for app-only offers.' },
    ],
  },
];
