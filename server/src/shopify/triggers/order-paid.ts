import { PAID_ORDER_SAMPLE } from './order-sample.js';
import { orderTrigger } from './order-trigger.js';

export const orderPaid = orderTrigger({
  handle: 'order-paid',
  name: 'Order paid',
  description: "Starts when an order's payment is complete: its financial status becomes paid.",
  topic: 'orders/paid',
  sample: PAID_ORDER_SAMPLE,
});
