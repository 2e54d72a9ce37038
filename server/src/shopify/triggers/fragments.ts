/**
 * Schema pieces shared by the triggers, typed as Shopify's REST webhook
 * payloads send them: ids as whole numbers, money amounts as strings
 * ("398.00"), timestamps as ISO 8601 dates, tags as one comma-separated string.
 */
import type { VarType } from '../../engine/definition.js';
import { bool, date, fieldsOf, int, listOf, obj, str } from './types.js';

export const ADDRESS: VarType = obj({
  first_name: str,
  last_name: str,
  name: str,
  company: str,
  address1: str,
  address2: str,
  city: str,
  province: str,
  province_code: str,
  country: str,
  country_code: str,
  zip: str,
  phone: str,
});

/** A customer's saved address (also carries its own and its customer's ids). */
export const CUSTOMER_ADDRESS: VarType = obj({
  ...fieldsOf(ADDRESS),
  id: int,
  customer_id: int,
  country_name: str,
  default: bool,
});

const MONEY: VarType = obj({ amount: str, currency_code: str });
/** An amount in the shop's currency and in the currency the buyer saw. */
export const MONEY_SET: VarType = obj({ shop_money: MONEY, presentment_money: MONEY });

export const EMAIL_MARKETING_CONSENT: VarType = obj({ state: str, opt_in_level: str, consent_updated_at: date });

/** The customer object embedded in orders and checkouts. */
export const CUSTOMER: VarType = obj({
  id: int,
  admin_graphql_api_id: str,
  email: str,
  first_name: str,
  last_name: str,
  phone: str,
  tags: str,
  note: str,
  state: str,
  verified_email: bool,
  tax_exempt: bool,
  orders_count: int,
  total_spent: str,
  currency: str,
  created_at: date,
  updated_at: date,
  email_marketing_consent: EMAIL_MARKETING_CONSENT,
  default_address: CUSTOMER_ADDRESS,
});

/** `name`/`value` pairs: order note attributes (cart attributes) and line item properties. */
export const NAME_VALUE: VarType = listOf(obj({ name: str, value: str }));

export const LINE_ITEM: VarType = obj({
  id: int,
  admin_graphql_api_id: str,
  title: str,
  name: str,
  variant_title: str,
  sku: str,
  vendor: str,
  quantity: int,
  price: str,
  total_discount: str,
  product_id: int,
  variant_id: int,
  grams: int,
  requires_shipping: bool,
  taxable: bool,
  gift_card: bool,
  fulfillable_quantity: int,
  fulfillment_service: str,
  properties: NAME_VALUE,
});

export const DISCOUNT_CODE: VarType = obj({ code: str, amount: str, type: str });

export const SHIPPING_LINE: VarType = obj({ title: str, code: str, price: str, discounted_price: str, source: str });
