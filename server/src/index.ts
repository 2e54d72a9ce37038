export { loadConfig, type Config } from './config.js';
export { startSwitchboard, createSwitchboard, type RunningSwitchboard, type Switchboard } from './switchboard.js';
export type * from './engine/definition.js';
export { startFakeShopify, createShopifyFetchRewrite, type FakeShopify } from './dev/fake-shopify/index.js';
export { isPublicAddress } from './shopify/index.js';
