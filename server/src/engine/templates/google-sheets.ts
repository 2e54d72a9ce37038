/**
 * The Google Sheets seed page's example workflows: Shopify triggers, "Add row
 * to spreadsheet" (bundled `google-sheets`). Values separated by commas become
 * columns, so text that may hold commas goes through `remove: ','`.
 */
import { singleActionTemplate, soldOut, usedDiscount } from './build.js';
import type { WorkflowTemplate } from './types.js';

const SPREADSHEET = 'your-spreadsheet-id';
const addRow = (sheet: string, values: string) => ({ app: 'google-sheets', handle: 'add-row', fields: { spreadsheet_id: SPREADSHEET, sheet, values } });

export const GOOGLE_SHEETS_TEMPLATES: WorkflowTemplate[] = [
  singleActionTemplate({
    id: 'sheets-log-orders',
    name: 'Add every order to a spreadsheet',
    description: 'When an order is created, add its number, date, email, total and country to a Google Sheet.',
    category: 'Orders',
    seed: 'google-sheets',
    trigger: 'order-created',
    action: addRow('Orders', "{{ order.name }},{{ order.created_at | date: '%Y-%m-%d %H:%M' }},{{ order.email }},{{ order.total_price }},{{ order.currency }},{{ order.shipping_address.country | remove: ',' }}"),
  }),
  singleActionTemplate({
    id: 'sheets-record-refunds',
    name: 'Record refunds in a spreadsheet',
    description: 'When a refund is created, add the order, date, amount and note to a Google Sheet.',
    category: 'Orders',
    seed: 'google-sheets',
    trigger: 'refund-created',
    action: addRow('Refunds', "{{ order.id }},{{ refund.created_at | date: '%Y-%m-%d' }},{{ refund.transactions.first.amount }},{{ refund.transactions.first.currency }},{{ refund.note | remove: ',' }}"),
  }),
  singleActionTemplate({
    id: 'sheets-new-customers',
    name: 'Keep a spreadsheet of new customers',
    description: 'When a customer account is created, add their name, email and marketing consent to a Google Sheet.',
    category: 'Customers',
    seed: 'google-sheets',
    trigger: 'customer-created',
    action: addRow('Customers', "{{ customer.first_name | remove: ',' }},{{ customer.last_name | remove: ',' }},{{ customer.email }},{{ customer.email_marketing_consent.state }},{{ customer.created_at | date: '%Y-%m-%d' }}"),
  }),
  singleActionTemplate({
    id: 'sheets-sold-out-items',
    name: 'Track sold-out items in a spreadsheet',
    description: 'When an item sells out at a location, add it to a Google Sheet for the buying team.',
    category: 'Inventory',
    seed: 'google-sheets',
    trigger: 'inventory-quantity-changed',
    when: soldOut,
    action: addRow('Sold out', "{{ inventory_item_id }},{{ location_id }},{{ available }},{{ inventory_level.updated_at | date: '%Y-%m-%d %H:%M' }}"),
  }),
  singleActionTemplate({
    id: 'sheets-discount-codes',
    name: 'Log discount code use in a spreadsheet',
    description: 'When an order uses a discount code, add the code and the discount to a Google Sheet.',
    category: 'Marketing',
    seed: 'google-sheets',
    trigger: 'order-created',
    when: usedDiscount,
    action: addRow('Discounts', "{{ order.name }},{{ order.discount_codes.first.code | remove: ',' }},{{ order.total_discounts }},{{ order.total_price }},{{ order.currency }}"),
  }),
  singleActionTemplate({
    id: 'sheets-cancelled-orders',
    name: 'Log cancelled orders in a spreadsheet',
    description: 'When an order is cancelled, add it with its reason to a Google Sheet.',
    category: 'Orders',
    seed: 'google-sheets',
    trigger: 'order-cancelled',
    action: addRow('Cancelled', "{{ order.name }},{{ order.cancelled_at | date: '%Y-%m-%d' }},{{ order.cancel_reason }},{{ order.total_price }},{{ order.email }}"),
  }),
];
