export {
  createClient,
  MAX_PAYLOAD_BYTES,
  type ClientOptions,
  type SwitchboardClient,
  type SendTriggerOptions,
  type SendTriggersOptions,
  type SentTrigger,
  type SkippedTrigger,
} from './client.js';
export { memoryTokenStore, toTokenStore, type TokenStore, type TokenSource } from './token-store.js';
export {
  memoryLifecycleStore,
  parseLifecycleNotice,
  type LifecycleNotice,
  type LifecycleState,
  type LifecycleStore,
  type LifecycleResult,
  type LifecycleHandlerOptions,
} from './lifecycle.js';
export type { RetryOptions, RetryInfo } from './retry.js';
export { readWireError, type WireError } from './response-error.js';
