/** Seed apps for customer service, forms, surveys and automation platforms. */
import { asks, sends } from '../fields.js';
import type { SeedApp } from '../types.js';

export const SERVICE_SEED_APPS: SeedApp[] = [
  {
    handle: 'arigato',
    name: 'Arigato',
    aliases: ['Arigato Automation'],
    category: 'Automation',
    description: 'Automation workflows that edit products, customers and orders in bulk, on a schedule or on demand.',
    triggers: [
      {
        handle: 'arigato-workflow-finished',
        name: 'Arigato workflow finished',
        description: 'One of your Arigato workflows finished a run.',
        fields: [sends.text('Workflow', 'The workflow’s name'), sends.number('Records processed', 'How many records it changed'), sends.text('Status', 'completed or failed')],
      },
    ],
    actions: [
      {
        handle: 'run-arigato-workflow',
        name: 'Run Arigato workflow',
        description: 'Starts one of your Arigato workflows, optionally for one order, customer or product.',
        fields: [asks.text('workflow_id', 'Workflow ID', 'The Arigato workflow to run.'), asks.order('The order to run it for', false), asks.customer('The customer to run it for', false), asks.product('The product to run it for', false)],
      },
    ],
    examples: [{ name: 'Bulk edit new products', description: 'When a product is created, run the Arigato workflow that sets its SEO fields and metafields.' }],
  },
  {
    handle: 'callback',
    name: 'Callback',
    aliases: ['Callback Request'],
    category: 'Customer service',
    description: 'A call-me-back button for your store: shoppers leave their number and your team calls them.',
    triggers: [
      {
        handle: 'callback-requested',
        name: 'Callback requested',
        description: 'A shopper asked to be called back.',
        fields: [sends.customer('The customer, when known', false), sends.text('Name', 'The shopper’s name'), sends.text('Phone', 'Their phone number'), sends.text('Preferred time', 'When they want the call', false), sends.text('Message', 'What it is about', false), sends.url('Page', 'The page they asked from')],
      },
    ],
    actions: [
      {
        handle: 'schedule-callback',
        name: 'Schedule callback',
        description: 'Adds a call to your team’s callback queue.',
        fields: [asks.customer(), asks.text('phone', 'Phone', 'The number to call.'), asks.longText('note', 'Note', 'What the call is about.', false)],
      },
    ],
    examples: [{ name: 'Call back big spenders', description: 'When a callback is requested by a customer tagged VIP, tag them call-today and email the sales lead.' }],
  },
  {
    handle: 'enquire',
    name: 'Enquire',
    aliases: ['Enquire Post Purchase Surveys', 'Enquire Labs'],
    category: 'Customer service',
    description: 'Post-purchase surveys: ask buyers how they heard about you, right after checkout.',
    triggers: [
      {
        handle: 'survey-answered',
        name: 'Survey answered',
        description: 'A customer answered a post-purchase survey question.',
        fields: [sends.order(), sends.customer('The customer', false), sends.text('Survey', 'The survey’s name'), sends.text('Question', 'The question'), sends.text('Answer', 'Their answer')],
      },
    ],
    actions: [],
    examples: [{ name: 'Tag orders by attribution', description: 'When a survey is answered, tag the order with the answer, e.g. heard-from-podcast.' }],
  },
  {
    handle: 'form-builder',
    name: 'Form Builder',
    aliases: ['Globo Form Builder'],
    category: 'Customer service',
    description: 'Contact, wholesale and quote forms for your store.',
    triggers: [
      {
        handle: 'form-submitted',
        name: 'Form submitted',
        description: 'A visitor submitted one of your forms.',
        fields: [sends.customer('The customer, when the form creates or matches one', false), sends.text('Form', 'The form’s title'), sends.email('Email', 'The email given'), sends.text('Name', 'The name given', false), sends.text('Answers', 'Every answer as label: value pairs, separated by semicolons'), sends.url('Page', 'Where the form was submitted')],
      },
    ],
    actions: [],
    examples: [{ name: 'Review wholesale applications', description: 'When the wholesale form is submitted, tag the customer wholesale-applicant and email the sales team.' }],
  },
  {
    handle: 'gorgias',
    name: 'Gorgias',
    category: 'Customer service',
    description: 'Helpdesk for ecommerce: tickets from email, chat and social in one place.',
    triggers: [
      {
        handle: 'ticket-created',
        name: 'Ticket created',
        description: 'A customer opened a ticket.',
        fields: [sends.customer('The customer, when Gorgias matched one', false), sends.text('Ticket ID', 'Gorgias’s ticket number'), sends.text('Subject', 'The subject'), sends.text('Channel', 'email, chat, facebook, instagram, phone'), sends.url('Ticket URL', 'The ticket in Gorgias')],
      },
      {
        handle: 'satisfaction-survey-answered',
        name: 'Satisfaction survey answered',
        description: 'A customer rated the support they got.',
        fields: [sends.customer('The customer, when known', false), sends.number('Score', 'From 1 to 5'), sends.text('Comment', 'Their comment', false), sends.url('Ticket URL', 'The ticket in Gorgias')],
      },
    ],
    actions: [
      {
        handle: 'create-ticket',
        name: 'Create ticket',
        description: 'Opens a ticket for the customer, e.g. to follow up on an order.',
        fields: [asks.email('email', 'Customer email', 'Who the ticket is with.'), asks.text('subject', 'Subject', 'The ticket’s subject.'), asks.longText('message', 'Message', 'An internal note opening the ticket.'), asks.text('tags', 'Tags', 'Comma-separated Gorgias tags.', false)],
      },
    ],
    examples: [
      { name: 'Follow up on cancelled orders', description: 'When an order is cancelled, create a Gorgias ticket so an agent contacts the customer.' },
      { name: 'Tag unhappy customers', description: 'When a satisfaction score of 2 or less arrives, tag the customer support-detractor.' },
    ],
  },
  {
    handle: 'mesa',
    name: 'Mesa',
    category: 'Automation',
    description: 'Automation platform connecting Shopify with hundreds of apps through workflows built in Mesa.',
    triggers: [
      {
        handle: 'mesa-event',
        name: 'Mesa event',
        description: 'A Mesa workflow sent an event to Switchboard.',
        fields: [sends.text('Workflow', 'The Mesa workflow’s name'), sends.text('Event', 'The event’s name'), sends.text('Data', 'Event data as JSON text', false)],
      },
    ],
    actions: [
      {
        handle: 'run-mesa-workflow',
        name: 'Run Mesa workflow',
        description: 'Starts a Mesa workflow with data from this workflow.',
        fields: [asks.text('workflow_key', 'Workflow key', 'The Mesa workflow’s key.'), asks.longText('payload', 'Data', 'A JSON object written with Liquid.', false)],
      },
    ],
    examples: [{ name: 'Send orders to an ERP through Mesa', description: 'When an order is paid, run the Mesa workflow that creates the sales order in your ERP.' }],
  },
  {
    handle: 'shophire',
    name: 'ShopHire',
    category: 'Customer service',
    description: 'A careers page for your store: job posts and applications.',
    triggers: [
      {
        handle: 'application-received',
        name: 'Application received',
        description: 'Someone applied for one of your jobs.',
        fields: [sends.text('Job', 'The job’s title'), sends.text('Applicant', 'The applicant’s name'), sends.email('Email', 'The applicant’s email'), sends.url('Resume URL', 'Their resume', false)],
      },
    ],
    actions: [
      {
        handle: 'close-job',
        name: 'Close job posting',
        description: 'Stops accepting applications for a job.',
        fields: [asks.text('job', 'Job', 'The job’s title.')],
      },
    ],
    examples: [{ name: 'Notify the hiring manager', description: 'When an application is received, email the hiring manager with the resume link.' }],
  },
];
