import { productTrigger } from './product-trigger.js';

export const productUpdated = productTrigger({
  handle: 'product-updated',
  name: 'Product updated',
  description: 'Starts when a product or one of its variants changes: title, status, tags, prices, inventory and so on.',
  topic: 'products/update',
});
