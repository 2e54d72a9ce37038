import { ORDER_SAMPLE } from './order-sample.js';
import { orderTrigger } from './order-trigger.js';

export const orderCancelled = orderTrigger({
  handle: 'order-cancelled',
  name: 'Order cancelled',
  description: 'Starts when an order is cancelled. cancelled_at and cancel_reason say when and why.',
  topic: 'orders/cancelled',
  // Shopify's published sample is already a cancelled order (cancel_reason "customer").
  sample: ORDER_SAMPLE,
});
