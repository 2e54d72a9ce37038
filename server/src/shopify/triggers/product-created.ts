import { productTrigger } from './product-trigger.js';

export const productCreated = productTrigger({
  handle: 'product-created',
  name: 'Product created',
  description: 'Starts when a product is added to the store, in the admin, by import or by an app.',
  topic: 'products/create',
});
