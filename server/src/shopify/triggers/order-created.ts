import { ORDER_SAMPLE } from './order-sample.js';
import { orderTrigger } from './order-trigger.js';

export const orderCreated = orderTrigger({
  handle: 'order-created',
  name: 'Order created',
  description: 'Starts when an order is placed, from the online store, the POS, a draft order or an app.',
  topic: 'orders/create',
  sample: ORDER_SAMPLE,
});
