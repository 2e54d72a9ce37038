/** Save-time problems of Run code, found without running it. */
import type { QuickJSWASMModule } from 'quickjs-emscripten';
import { DEFAULT_LIMITS } from './limits.js';
import { discardQuickJS, PARSE_STACK_BYTES, readyQuickJS } from './quickjs.js';
import { CHECK_ENTRY, CODE_FILE, importMessage, isCheckStop, isImportRefusal, STOP_MODULE, STOP_SOURCE } from './modules.js';
import { lineAndColumn, scanModule } from './source-scan.js';
import { describePlace, isStackOverflow, readVmError, type VmError } from './vm-error.js';

export const MAIN_EXAMPLE = '`export default function main(input) { ... }`';
// Parsing is linear in the code's size; this only guards against a pathological input.
const CHECK_TIME_MS = 2000;

export function syntaxMessage(error: VmError): string {
  const place = describePlace(error);
  if (isStackOverflow(error)) return `Run code nests too deeply to compile${place ? ` (at ${place})` : ''}`;
  return `Syntax error${place ? ` at ${place}` : ''}: ${error.message}`;
}

/**
 * Parses the code as a module without evaluating any of it (see CHECK_ENTRY)
 * and returns its syntax error, if any. Throws what the wasm code threw when
 * it failed from the host's side (the caller discards the module).
 */
function parseError(module: QuickJSWASMModule, code: string): VmError | undefined {
  const runtime = module.newRuntime();
  try {
    runtime.setMemoryLimit(DEFAULT_LIMITS.memoryBytes);
    runtime.setMaxStackSize(PARSE_STACK_BYTES);
    const deadline = performance.now() + CHECK_TIME_MS;
    runtime.setInterruptHandler(() => performance.now() > deadline);
    runtime.setModuleLoader((name) => {
      if (name === CODE_FILE) return code;
      if (name === STOP_MODULE) return STOP_SOURCE;
      return { error: new Error(importMessage(name)) };
    });
    const context = runtime.newContext();
    try {
      const result = context.evalCode(CHECK_ENTRY, 'sandbox:check', { type: 'module' });
      if (!result.error) {
        // Not reached: the entry cannot link. Were it ever, the code still did not run past the deadline.
        result.value.dispose();
        return undefined;
      }
      const error = readVmError(context, result.error);
      result.error.dispose();
      // Imports are reported by the scan, with their place.
      if (isCheckStop(error) || isImportRefusal(error)) return undefined;
      return error;
    } finally {
      context.dispose();
    }
  } finally {
    runtime.dispose();
  }
}

function placeOf(code: string, at: number): string {
  const { line, column } = lineAndColumn(code, at);
  return `line ${line}, column ${column}`;
}

/**
 * Problems to show when a workflow is saved: syntax errors (with line and
 * column), imports, and a missing or non-function default export. Never runs
 * the code.
 */
export function checkCode(code: string): string[] {
  if (typeof code !== 'string') return ['Run code must be JavaScript text'];
  if (code.trim() === '') return [`Run code is empty: write ${MAIN_EXAMPLE}`];
  const module = readyQuickJS();
  if (!module) return ['Run code could not be checked just now (its checker is restarting); try again'];
  let error: VmError | undefined;
  try {
    error = parseError(module, code);
  } catch {
    // Only a native stack overflow in the parser gets here in practice; the module may be inconsistent now.
    discardQuickJS(DEFAULT_LIMITS.memoryBytes, module);
    return ['Run code nests too deeply to compile'];
  }
  if (error?.message === 'interrupted') return ['Run code could not be checked: it took too long to parse'];
  if (error) return [syntaxMessage(error)];

  const problems: string[] = [];
  const facts = scanModule(code);
  for (const use of facts.imports) problems.push(`${placeOf(code, use.at)}: ${importMessage(use.specifier)}`);
  const exported = facts.defaultExport;
  // The scan is lexical; should it ever misread code, the words themselves being there is reason enough not to refuse it (the run checks again).
  if (exported.kind === 'none' && !/\bexport\s+default\b|\bas\s+default\b/.test(code)) {
    problems.push(`Run code has no default export: write ${MAIN_EXAMPLE}`);
  }
  else if (exported.kind === 'not-function') {
    problems.push(`${placeOf(code, exported.at)}: the default export is ${exported.what}, not a function: write ${MAIN_EXAMPLE}`);
  }
  return problems;
}
