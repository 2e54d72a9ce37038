/**
 * The Run code sandbox: merchant JavaScript (`export default function
 * main(input)`) in QuickJS compiled to WebAssembly, with no network, clock,
 * randomness, timers or imports, so a test run gives the same result as the
 * real run. Time, memory, output and log size are limited per call.
 *
 * Importing this module loads QuickJS once (about 15 ms) so that `checkCode`
 * can be synchronous.
 */
export { runCode, type RunCodeOptions, type RunCodeResult } from './run-code.js';
export { checkCode } from './check-code.js';
export { checkOutputShape, outputSchema } from './output-shape.js';
export { DEFAULT_LIMITS, type SandboxLimits } from './limits.js';
