/** Seed apps for email, SMS, push and personalised marketing. */
import { asks, sends } from '../fields.js';
import type { SeedApp } from '../types.js';

export const MARKETING_SEED_APPS: SeedApp[] = [
  {
    handle: 'bronto',
    name: 'Bronto',
    aliases: ['Oracle Bronto'],
    category: 'Marketing',
    description: 'Email marketing automation: keep Bronto’s contact lists in step with what customers do in your store.',
    triggers: [
      {
        handle: 'contact-unsubscribed',
        name: 'Contact unsubscribed',
        description: 'A contact unsubscribed from your Bronto emails.',
        fields: [sends.customer('The Shopify customer with that email, when there is one', false), sends.email('Email', 'The contact’s email address'), sends.text('List', 'The list they left, or All lists')],
      },
    ],
    actions: [
      {
        handle: 'add-contact-to-list',
        name: 'Add contact to list',
        description: 'Adds the customer to a Bronto list, creating the contact when needed.',
        fields: [asks.email('email', 'Email', 'The contact’s email address.'), asks.text('list', 'List', 'The Bronto list name.'), asks.text('first_name', 'First name', 'Stored on the contact.', false)],
      },
      {
        handle: 'remove-contact-from-list',
        name: 'Remove contact from list',
        description: 'Removes the contact from a Bronto list; they stay subscribed to your other lists.',
        fields: [asks.email('email', 'Email', 'The contact’s email address.'), asks.text('list', 'List', 'The Bronto list name.')],
      },
    ],
    examples: [
      { name: 'Add wholesale buyers to a list', description: 'When a customer is tagged wholesale, add them to the Bronto Wholesale list for trade-only campaigns.' },
      { name: 'Mirror unsubscribes in Shopify', description: 'When a contact unsubscribes in Bronto, tag the Shopify customer unsubscribed.' },
    ],
  },
  {
    handle: 'cleverpush',
    name: 'CleverPush',
    category: 'Marketing',
    description: 'Web push notifications and chat: reach subscribers in their browser with news, restocks and order updates.',
    triggers: [
      {
        handle: 'push-subscriber-added',
        name: 'Push subscriber added',
        description: 'A visitor subscribed to your web push notifications.',
        fields: [sends.customer('The customer, when the visitor is logged in', false), sends.text('Subscription ID', 'CleverPush’s id of the subscription'), sends.text('Browser', 'Browser and platform, e.g. Chrome on Android')],
      },
    ],
    actions: [
      {
        handle: 'send-push-notification',
        name: 'Send push notification',
        description: 'Sends a web push notification to one customer’s browsers or to a segment.',
        fields: [
          asks.customer('The customer to notify; leave empty to use the segment', false),
          asks.text('segment', 'Segment', 'A CleverPush segment to notify instead of one customer.', false),
          asks.text('title', 'Title', 'The notification’s title.'),
          asks.longText('text', 'Text', 'The notification’s body.'),
          asks.url('url', 'Link', 'The page opened when the notification is clicked.'),
        ],
      },
      {
        handle: 'tag-subscriber',
        name: 'Tag subscriber',
        description: 'Adds a tag to the customer’s push subscriptions, for targeting later.',
        fields: [asks.customer(), asks.text('tag', 'Tag', 'The CleverPush tag.')],
      },
    ],
    examples: [{ name: 'Announce new products by push', description: 'When a product is created, send a push notification to the New arrivals segment.' }],
  },
  {
    handle: 'dotdigital',
    name: 'dotdigital',
    category: 'Marketing',
    description: 'Omnichannel marketing automation: address books, programs and triggered campaigns driven by store events.',
    triggers: [
      {
        handle: 'contact-unsubscribed',
        name: 'Contact unsubscribed',
        description: 'A contact unsubscribed or was suppressed in dotdigital.',
        fields: [sends.customer('The Shopify customer with that email, when there is one', false), sends.email('Email', 'The contact’s email address'), sends.text('Reason', 'Unsubscribed, hard bounced or spam complaint')],
      },
    ],
    actions: [
      {
        handle: 'add-contact-to-address-book',
        name: 'Add to address book',
        description: 'Adds or updates a contact in an address book, which can enrol them in a program.',
        fields: [
          asks.email('email', 'Email', 'The contact’s email address.'),
          asks.text('address_book', 'Address book', 'The address book’s name or ID.'),
          asks.text('first_name', 'First name', 'Stored in the FIRSTNAME data field.', false),
          asks.text('last_name', 'Last name', 'Stored in the LASTNAME data field.', false),
        ],
      },
      {
        handle: 'send-triggered-campaign',
        name: 'Send triggered campaign',
        description: 'Sends a triggered campaign to one contact, with personalisation values.',
        fields: [asks.email('email', 'Email', 'The recipient.'), asks.text('campaign_id', 'Campaign ID', 'The triggered campaign’s ID.'), asks.longText('personalization', 'Personalisation values', 'name=value lines for the campaign’s placeholders.', false)],
      },
    ],
    examples: [{ name: 'Enrol VIPs in a program', description: 'When a customer’s fifth order is paid, add them to the VIP address book, which starts the VIP program.' }],
  },
  {
    handle: 'emarsys',
    name: 'Emarsys',
    aliases: ['SAP Emarsys'],
    category: 'Marketing',
    description: 'Customer engagement platform: start Emarsys automation programs and keep contact data current from Switchboard.',
    triggers: [
      {
        handle: 'contact-opted-out',
        name: 'Contact opted out',
        description: 'A contact opted out of a channel in Emarsys.',
        fields: [sends.customer('The Shopify customer with that email, when there is one', false), sends.email('Email', 'The contact’s email address'), sends.text('Channel', 'Email, SMS or mobile push')],
      },
    ],
    actions: [
      {
        handle: 'trigger-external-event',
        name: 'Trigger external event',
        description: 'Triggers an Emarsys external event for a contact, which can start an automation program.',
        fields: [asks.text('event', 'External event', 'The external event’s name or ID.'), asks.email('email', 'Email', 'The contact.'), asks.longText('data', 'Event data', 'A JSON object available to the program’s emails.', false)],
      },
      {
        handle: 'update-contact',
        name: 'Update contact',
        description: 'Sets a field on the contact, creating the contact when needed.',
        fields: [asks.email('email', 'Email', 'The contact.'), asks.text('field', 'Field', 'The Emarsys field name or ID.'), asks.text('value', 'Value', 'The new value.')],
      },
    ],
    examples: [{ name: 'Welcome first-time buyers', description: 'When a customer’s first order is paid, trigger the first_purchase external event to start a welcome program.' }],
  },
  {
    handle: 'nosto',
    name: 'Nosto',
    category: 'Marketing',
    description: 'Personalisation and product recommendations; Nosto tells workflows about shoppers’ segments and intent.',
    triggers: [
      {
        handle: 'customer-joined-segment',
        name: 'Customer joined segment',
        description: 'A known customer entered one of your Nosto segments, e.g. High intent or Discount seekers.',
        fields: [sends.customer(), sends.text('Segment', 'The segment’s name'), sends.email('Email', 'The customer’s email')],
      },
    ],
    actions: [
      {
        handle: 'set-customer-attribute',
        name: 'Set customer attribute',
        description: 'Sets a customer attribute Nosto can target recommendations and campaigns on.',
        fields: [asks.customer(), asks.text('attribute', 'Attribute', 'The attribute’s name.'), asks.text('value', 'Value', 'Its value.')],
      },
    ],
    examples: [{ name: 'Tag high-intent shoppers', description: 'When a customer joins the High intent segment, add the customer tag high-intent for your sales team.' }],
  },
  {
    handle: 'omnisend',
    name: 'Omnisend',
    category: 'Marketing',
    description: 'Email and SMS marketing automation for ecommerce: contacts, tags and custom events from your workflows.',
    triggers: [
      {
        handle: 'contact-subscribed',
        name: 'Contact subscribed',
        description: 'A contact subscribed to email or SMS in Omnisend.',
        fields: [sends.customer('The Shopify customer, when known', false), sends.email('Email', 'The contact’s email', false), sends.text('Phone', 'The contact’s phone, for SMS', false), sends.text('Channel', 'Email or SMS')],
      },
      {
        handle: 'contact-unsubscribed',
        name: 'Contact unsubscribed',
        description: 'A contact unsubscribed from email or SMS in Omnisend.',
        fields: [sends.customer('The Shopify customer, when known', false), sends.email('Email', 'The contact’s email', false), sends.text('Channel', 'Email or SMS')],
      },
    ],
    actions: [
      {
        handle: 'add-contact-tags',
        name: 'Add contact tags',
        description: 'Adds tags to an Omnisend contact, for segments and automation splits.',
        fields: [asks.email('email', 'Email', 'The contact.'), asks.text('tags', 'Tags', 'Comma-separated tags.')],
      },
      {
        handle: 'send-custom-event',
        name: 'Send custom event',
        description: 'Sends a custom event for a contact, which can start an automation.',
        fields: [asks.text('event', 'Event name', 'The custom event’s system name.'), asks.email('email', 'Email', 'The contact.'), asks.longText('fields', 'Event fields', 'A JSON object of the event’s fields.', false)],
      },
    ],
    examples: [
      { name: 'Tag SMS subscribers in Shopify', description: 'When a contact subscribes to SMS in Omnisend, add the customer tag sms-subscriber.' },
      { name: 'Start a post-purchase automation', description: 'When an order is fulfilled, send the order_shipped custom event to Omnisend with the tracking link.' },
    ],
  },
  {
    handle: 'persosa',
    name: 'Persosa',
    category: 'Marketing',
    description: 'Personalised landing experiences for paid traffic: know which campaign experience led to a sale.',
    triggers: [
      {
        handle: 'campaign-visitor-converted',
        name: 'Campaign visitor converted',
        description: 'A visitor who saw a Persosa experience placed an order.',
        fields: [sends.order(), sends.text('Campaign', 'The ad campaign the visitor came from'), sends.text('Experience', 'The Persosa experience shown'), sends.text('Traffic source', 'e.g. facebook or google')],
      },
    ],
    actions: [
      {
        handle: 'assign-experience',
        name: 'Assign experience',
        description: 'Shows the customer a given experience on their next visits.',
        fields: [asks.customer(), asks.text('experience', 'Experience', 'The experience’s name.')],
      },
    ],
    examples: [{ name: 'Tag orders by experience', description: 'When a campaign visitor converts, tag the order with the experience’s name to compare landing pages.' }],
  },
  {
    handle: 'pushowl',
    name: 'PushOwl',
    category: 'Marketing',
    description: 'Web push notifications: abandoned cart reminders, back in stock and price drop alerts, and pushes from your workflows.',
    triggers: [
      {
        handle: 'push-subscriber-added',
        name: 'Push subscriber added',
        description: 'A visitor subscribed to push notifications.',
        fields: [sends.customer('The customer, when known', false), sends.text('Browser', 'e.g. Chrome'), sends.text('Country', 'The subscriber’s country')],
      },
    ],
    actions: [
      {
        handle: 'send-push',
        name: 'Send push notification',
        description: 'Sends a push notification to the customer’s subscribed browsers.',
        fields: [asks.customer(), asks.text('title', 'Title', 'The notification’s title.'), asks.longText('message', 'Message', 'The notification’s body.'), asks.url('url', 'Link', 'The page opened on click.')],
      },
    ],
    examples: [{ name: 'Push shipping updates', description: 'When an order is fulfilled, send the customer a push notification with the tracking link.' }],
  },
  {
    handle: 'reconvert',
    name: 'ReConvert',
    aliases: ['ReConvert Upsell'],
    category: 'Marketing',
    description: 'Thank-you page upsells, surveys and birthday collection after checkout.',
    triggers: [
      {
        handle: 'upsell-accepted',
        name: 'Upsell accepted',
        description: 'A customer added a post-purchase offer to their order.',
        fields: [sends.order(), sends.product('The product offered'), sends.text('Offer', 'The offer’s name'), sends.number('Revenue', 'What the upsell added')],
      },
      {
        handle: 'survey-answered',
        name: 'Survey answered',
        description: 'A customer answered the thank-you page survey.',
        fields: [sends.order(), sends.text('Question', 'The question'), sends.text('Answer', 'Their answer')],
      },
      {
        handle: 'birthday-collected',
        name: 'Birthday collected',
        description: 'A customer gave their birthday on the thank-you page.',
        fields: [sends.customer(), sends.text('Birthday', 'YYYY-MM-DD, or MM-DD without a year')],
      },
    ],
    actions: [],
    examples: [
      { name: 'Tag customers who share their birthday', description: 'When a birthday is collected, tag the customer birthday-known and store the date in a metafield.' },
      { name: 'Tag upsell orders', description: 'When an upsell is accepted, tag the order upsell so fulfilment packs the extra item.' },
    ],
  },
  {
    handle: 'savemysales',
    name: 'SaveMySales',
    category: 'Marketing',
    description: 'Recovers abandoned carts with timed reminders by email, SMS and push.',
    triggers: [
      {
        handle: 'cart-recovered',
        name: 'Cart recovered',
        description: 'A shopper completed their order after a SaveMySales reminder.',
        fields: [sends.order(), sends.customer('The customer', false), sends.text('Channel', 'The reminder that brought them back: email, SMS or push'), sends.number('Recovered value', 'The order’s total')],
      },
    ],
    actions: [
      {
        handle: 'send-recovery-reminder',
        name: 'Send recovery reminder',
        description: 'Sends the customer a reminder about their open cart now, outside the usual schedule.',
        fields: [asks.customer(), asks.text('channel', 'Channel', 'email, sms or push.'), asks.longText('message', 'Message', 'Extra text for the reminder.', false)],
      },
    ],
    examples: [{ name: 'Tag recovered orders', description: 'When a cart is recovered, tag the order recovered-by-reminder to measure the campaign.' }],
  },
  {
    handle: 'scribeless',
    name: 'Scribeless',
    category: 'Marketing',
    description: 'Handwritten notes written by robots with real pens and posted to your customers.',
    triggers: [
      {
        handle: 'note-posted',
        name: 'Note posted',
        description: 'A handwritten note was written and handed to the post.',
        fields: [sends.customer(), sends.order('The order the note thanks, when there is one', false), sends.text('Campaign', 'The Scribeless campaign')],
      },
    ],
    actions: [
      {
        handle: 'send-handwritten-note',
        name: 'Send handwritten note',
        description: 'Writes and posts a handwritten note to the customer’s default address.',
        fields: [
          asks.customer(),
          asks.text('campaign', 'Campaign', 'The campaign whose stationery and handwriting style to use.'),
          asks.longText('message', 'Message', 'The note’s text, e.g. Dear {{ order.customer.first_name }}, thank you...'),
          asks.text('sender', 'Signed by', 'The name the note is signed with.', false),
        ],
      },
    ],
    examples: [
      { name: 'Thank first-time customers by post', description: 'When a customer’s first order is created, send them a handwritten thank-you note.' },
      { name: 'Thank your VIPs', description: 'When a customer is tagged VIP, send a handwritten note from the founder.' },
    ],
  },
  {
    handle: 'smsbump',
    name: 'SMSBump',
    aliases: ['Yotpo SMSBump', 'Yotpo SMS'],
    category: 'Marketing',
    description: 'SMS marketing: subscribers, automations and one-off texts from your workflows.',
    triggers: [
      {
        handle: 'sms-subscriber-joined',
        name: 'SMS subscriber joined',
        description: 'A customer subscribed to your text messages.',
        fields: [sends.customer('The customer, when known', false), sends.text('Phone', 'The subscriber’s phone number'), sends.text('Source', 'Pop-up, checkout or keyword')],
      },
      {
        handle: 'sms-subscriber-left',
        name: 'SMS subscriber left',
        description: 'A subscriber replied STOP or was removed.',
        fields: [sends.customer('The customer, when known', false), sends.text('Phone', 'The phone number')],
      },
    ],
    actions: [
      {
        handle: 'send-sms',
        name: 'Send SMS',
        description: 'Sends a text message to a subscribed customer.',
        fields: [asks.customer(), asks.longText('message', 'Message', 'Up to 160 characters per segment.')],
      },
    ],
    examples: [{ name: 'Text customers when their order ships', description: 'When an order is fulfilled, text the customer the tracking link.' }],
  },
  {
    handle: 'tobi',
    name: 'Tobi',
    category: 'Marketing',
    description: 'Marketing over Facebook Messenger and SMS: cart recovery, order updates and campaigns.',
    triggers: [
      {
        handle: 'messenger-subscriber-added',
        name: 'Messenger subscriber added',
        description: 'A shopper opted in to messages on Messenger.',
        fields: [sends.customer('The customer, when known', false), sends.text('Name', 'The subscriber’s name on Messenger')],
      },
    ],
    actions: [
      {
        handle: 'send-messenger-message',
        name: 'Send Messenger message',
        description: 'Sends a message to the customer on Messenger, when they have opted in.',
        fields: [asks.customer(), asks.longText('message', 'Message', 'The message text.'), asks.url('button_url', 'Button link', 'Adds a button that opens this page.', false)],
      },
    ],
    examples: [{ name: 'Order updates on Messenger', description: 'When an order is fulfilled, send the customer its tracking link on Messenger.' }],
  },
];
