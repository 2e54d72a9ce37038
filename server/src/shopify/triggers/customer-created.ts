/** customers/create: the webhook body is the customer, exposed as `customer`. */
import { CUSTOMER, CUSTOMER_ADDRESS } from './fragments.js';
import { customerIdentity, fieldsOf, gidOf, listOf, obj, shapeObject, type ShopifyTrigger } from './types.js';

const CREATED_CUSTOMER = obj({ ...fieldsOf(CUSTOMER), addresses: listOf(CUSTOMER_ADDRESS) });

const ADDRESS = {
  id: 1053317291,
  customer_id: 706405506930370084,
  first_name: 'Bob',
  last_name: 'Biller',
  company: 'My Company',
  address1: '123 Billing Street',
  address2: 'Apt 2',
  city: 'Billtown',
  province: 'Kentucky',
  country: 'United States',
  zip: 'K2P0B0',
  phone: '555-555-BILL',
  name: 'Bob Biller',
  province_code: 'KY',
  country_code: 'US',
  country_name: 'United States',
  default: true,
};

/**
 * Shopify's sample customers/create payload; its nulls and empty lists in
 * typed fields (phone, marketing consent, addresses) filled with realistic values.
 */
const SAMPLE: Record<string, unknown> = {
  id: 706405506930370084,
  email: 'bob@biller.com',
  created_at: '2021-12-31T19:00:00-05:00',
  updated_at: '2021-12-31T19:00:00-05:00',
  first_name: 'Bob',
  last_name: 'Biller',
  orders_count: 0,
  state: 'disabled',
  total_spent: '0.00',
  last_order_id: null,
  note: 'This customer loves ice cream',
  verified_email: true,
  multipass_identifier: null,
  tax_exempt: false,
  tags: '',
  last_order_name: null,
  currency: 'USD',
  phone: '+16135550135',
  addresses: [ADDRESS],
  tax_exemptions: [],
  email_marketing_consent: {
    state: 'subscribed',
    opt_in_level: 'single_opt_in',
    consent_updated_at: '2021-12-31T19:00:00-05:00',
  },
  sms_marketing_consent: null,
  admin_graphql_api_id: 'gid://shopify/Customer/706405506930370084',
  default_address: ADDRESS,
};

export const customerCreated: ShopifyTrigger = {
  handle: 'customer-created',
  name: 'Customer created',
  description: 'Starts when a customer account is created: by sign-up, at checkout, in the admin or by an app.',
  topic: 'customers/create',
  schema: { customer: CREATED_CUSTOMER },
  sample: SAMPLE,
  toData: (payload) => ({
    customer: { ...shapeObject(CREATED_CUSTOMER, payload), admin_graphql_api_id: gidOf(payload, 'Customer') ?? null },
  }),
  subjectGid: (payload) => gidOf(payload, 'Customer'),
  customer: (payload) => customerIdentity(payload),
};
