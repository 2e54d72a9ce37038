import { FULFILLED_ORDER } from './order-schema.js';
import { FULFILLED_ORDER_SAMPLE } from './order-sample.js';
import { orderTrigger } from './order-trigger.js';

export const orderFulfilled = orderTrigger({
  handle: 'order-fulfilled',
  name: 'Order fulfilled',
  description: 'Starts when every item of an order has been fulfilled. The order includes its fulfillments, with tracking.',
  topic: 'orders/fulfilled',
  sample: FULFILLED_ORDER_SAMPLE,
  order: FULFILLED_ORDER,
});
