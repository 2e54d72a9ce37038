/** The products/* triggers: the webhook body is the product, exposed as `product`. */
import { PRODUCT } from './product-schema.js';
import { PRODUCT_SAMPLE } from './product-sample.js';
import { gidOf, shapeObject, type ShopifyTrigger } from './types.js';

export function productTrigger(spec: { handle: string; name: string; description: string; topic: string }): ShopifyTrigger {
  return {
    ...spec,
    schema: { product: PRODUCT },
    sample: PRODUCT_SAMPLE,
    toData: (payload) => ({ product: { ...shapeObject(PRODUCT, payload), admin_graphql_api_id: gidOf(payload, 'Product') ?? null } }),
    subjectGid: (payload) => gidOf(payload, 'Product'),
  };
}
