/**
 * `@switchboard/sdk`: build Switchboard connector apps.
 *
 * - Send trigger events: `createClient(...).sendTrigger(shop, handle, payload)`.
 * - Answer action requests: `actionHandler({ clientSecret, actions })`.
 * - Install per shop: `verifyInstallRequest`, `beginInstall`, `completeInstall`, `uninstallHandler`.
 * - Test without a server: `createTestPlatform()` (also at `@switchboard/sdk/testing`).
 */
export {
  SwitchboardError,
  ValidationError,
  AuthenticationError,
  NotInstalledError,
  UnknownTriggerError,
  PayloadTooLargeError,
  RateLimitedError,
  ServerError,
  InstallError,
  ActionError,
  RetryLaterError,
  pending,
  isPending,
  type Pending,
  type FieldError,
  type SwitchboardErrorOptions,
} from './errors.js';
export {
  signBody,
  verifySignature,
  signQuery,
  verifyQuery,
  type QueryParams,
  type VerifyQueryOptions,
} from './signature.js';
export type { NodeHandler } from './http/index.js';
export {
  createClient,
  memoryTokenStore,
  toTokenStore,
  memoryLifecycleStore,
  MAX_PAYLOAD_BYTES,
  type ClientOptions,
  type SwitchboardClient,
  type SendTriggerOptions,
  type SendTriggersOptions,
  type SentTrigger,
  type SkippedTrigger,
  type TokenStore,
  type TokenSource,
  type RetryOptions,
  type RetryInfo,
  type LifecycleNotice,
  type LifecycleState,
  type LifecycleStore,
  type LifecycleResult,
  type LifecycleHandlerOptions,
} from './client/index.js';
export * from './action/index.js';
export * from './install/index.js';
export * from './testing/index.js';
export * from './manifest/index.js';
