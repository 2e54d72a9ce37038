/**
 * How the merchant's code enters QuickJS: always as the module `main.js`,
 * loaded by a small entry module through the module loader.
 *
 * quickjs-emscripten's own compile-only flag cannot be used for modules (0.32
 * reads an uninitialised module pointer there and corrupts wasm memory), so:
 * - to check without running, the entry also imports a name that does not
 *   exist; all modules are parsed before linking, and the link error stops
 *   everything before any code is evaluated;
 * - to run, the entry imports `sandbox:start` before `main.js`; modules are
 *   evaluated in import order, so its body runs after `main.js` is parsed
 *   and before any of its code, which is where the stack limit is raised
 *   from the parser's to the run's (see PARSE_STACK_BYTES).
 */
import type { VmError } from './vm-error.js';

export { CODE_FILE } from './vm-error.js';

export const CHECK_ENTRY = 'import "main.js";\nimport { unlinkable } from "sandbox:stop";\n';
export const STOP_MODULE = 'sandbox:stop';
export const STOP_SOURCE = 'export {};\n';

export const RUN_ENTRY = 'import "sandbox:start";\nexport * as code from "main.js";\n';
export const START_MODULE = 'sandbox:start';
/** The global the start hook is found under; the start module removes it before the merchant's code runs. */
export const START_HOOK = '__sandboxStart';
export const START_SOURCE = `const start = globalThis.${START_HOOK};\ndelete globalThis.${START_HOOK};\nstart();\n`;

/** The error that ends a check: the code parsed, and nothing was evaluated. */
export function isCheckStop(error: VmError): boolean {
  return error.name === 'SyntaxError' && error.message.includes(`'${STOP_MODULE}'`);
}

const IMPORT_REFUSED = 'imports are not available in Run code';

export function importMessage(specifier: string | undefined): string {
  const what = specifier === undefined ? '' : ` (import of '${specifier}')`;
  return `${IMPORT_REFUSED}${what}: everything main needs must be in the code or come through its input`;
}

export function isImportRefusal(error: VmError): boolean {
  return error.message.startsWith(IMPORT_REFUSED);
}
