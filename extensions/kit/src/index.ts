/** What the bundled connectors share: a service call with its error mapping, and the retry policy of their actions. */
export * from './retry-policy.js';
export * from './service-call.js';
