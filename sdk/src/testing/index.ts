/**
 * Test tools for connector apps: a fake Switchboard that runs in-process.
 * Import from `@switchboard/sdk/testing`.
 */
export {
  createTestPlatform,
  type TestPlatform,
  type TestPlatformOptions,
  type RecordedTrigger,
  type TriggerFailure,
  type TestAction,
  type ActionResponse,
} from './platform.js';
export type { AppResponse } from './signed-post.js';
