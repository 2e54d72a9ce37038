/**
 * Runs a merchant's `export default function main(input)` in a fresh QuickJS
 * runtime and context (nothing survives between calls) and checks what it
 * returns against the step's declared output.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';
import type { OutputShape } from '../definition.js';
import { MAIN_EXAMPLE, syntaxMessage } from './check-code.js';
import { formatBytes, resolveLimits, type SandboxLimits } from './limits.js';
import { LogCollector } from './logs.js';
import { checkOutputShape, checkOutputValue } from './output-shape.js';
import { CODE_FILE, importMessage, isImportRefusal, RUN_ENTRY, START_HOOK, START_MODULE, START_SOURCE } from './modules.js';
import { PRELUDE_SOURCE, type LogLevel } from './prelude.js';
import { discardQuickJS, isCurrentQuickJS, memoryExhausted, PARSE_STACK_BYTES, quickJSFor, RUN_STACK_BYTES } from './quickjs.js';
import { describePlace, isOutOfMemory, isStackOverflow, readVmError, type VmError } from './vm-error.js';

export interface RunCodeOptions {
  /** The step's declared output; the returned value must match it exactly. */
  output: Record<string, OutputShape>;
  limits?: Partial<SandboxLimits>;
}

export type RunCodeResult =
  | { ok: true; value: Record<string, unknown>; logs: string[]; durationMs: number }
  | { ok: false; error: string; logs: string[]; durationMs: number };

type Outcome = { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

export const timeLimitMessage = (limits: SandboxLimits): string => `Run code stopped: it ran longer than its time limit of ${limits.timeMs} ms`;
export const memoryLimitMessage = (limits: SandboxLimits): string =>
  `Run code stopped: it used more than its memory limit of ${formatBytes(limits.memoryBytes)}`;
export const outputLimitMessage = (bytes: number, limits: SandboxLimits): string =>
  `Run code's output is ${formatBytes(bytes)}, over the limit of ${formatBytes(limits.outputBytes)}`;
const STACK_MESSAGE = 'Run code stopped: its calls nested too deeply (stack overflow)';

/**
 * Runs `code` with `input` (passed as JSON). `main` may be async: its promise
 * is settled by running QuickJS's job queue, which is all that can ever
 * settle it (there are no timers or network).
 */
export async function runCode(code: string, input: unknown, options: RunCodeOptions): Promise<RunCodeResult> {
  const started = performance.now();
  const limits = resolveLimits(options.limits);
  const logs = new LogCollector(limits.logBytes);
  const finish = (outcome: Outcome): RunCodeResult => ({
    ...outcome,
    logs: logs.lines,
    durationMs: Math.round((performance.now() - started) * 100) / 100,
  });

  const declaration = checkOutputShape(options.output);
  if (declaration.length > 0) return finish({ ok: false, error: `Run code's output declaration is invalid: ${declaration.join('; ')}` });
  let inputJson: string;
  try {
    inputJson = JSON.stringify(input) ?? 'null';
  } catch (error) {
    return finish({ ok: false, error: `Run code's input cannot be passed as JSON: ${error instanceof Error ? error.message : String(error)}` });
  }

  let module = await quickJSFor(limits.memoryBytes);
  while (!isCurrentQuickJS(limits.memoryBytes, module)) module = await quickJSFor(limits.memoryBytes);
  // Everything below is synchronous and, after the await, starts from a microtask's shallow stack: the stack limits rely on it.
  const evaluated = evaluate(module, code, inputJson, limits, logs);
  if (!evaluated.ok) return finish(evaluated);
  return finish(acceptOutput(evaluated.serialized, options.output, limits));
}

/** A failure of the merchant's code, reported as the run's error; the module stays usable. */
class RunFailure extends Error {}

function evaluate(
  module: QuickJSWASMModule,
  code: string,
  inputJson: string,
  limits: SandboxLimits,
  logs: LogCollector,
): { ok: true; serialized: string } | { ok: false; error: string } {
  const deadline = performance.now() + limits.timeMs;
  let timedOut = false;
  let runtime: QuickJSRuntime | undefined;
  let context: QuickJSContext | undefined;
  const owned: QuickJSHandle[] = [];
  try {
    runtime = module.newRuntime();
    runtime.setMemoryLimit(limits.memoryBytes);
    runtime.setInterruptHandler(() => {
      if (performance.now() <= deadline) return false;
      timedOut = true;
      return true;
    });
    runtime.setModuleLoader((name) => {
      if (name === CODE_FILE) return code;
      if (name === START_MODULE) return START_SOURCE;
      return { error: new Error(importMessage(name)) };
    });
    context = runtime.newContext();
    const serialized = new Evaluation(runtime, context, owned, limits, logs, () => timedOut, () => memoryExhausted(module)).run(inputJson);
    release(owned, context, runtime);
    // A module grown to its maximum stays that size; a fresh one keeps the process small and memoryExhausted meaningful.
    if (memoryExhausted(module)) discardQuickJS(limits.memoryBytes, module);
    return { ok: true, serialized };
  } catch (error) {
    if (error instanceof RunFailure) {
      try {
        release(owned, context, runtime);
      } catch {
        discardQuickJS(limits.memoryBytes, module);
        return { ok: false, error: error.message };
      }
      if (memoryExhausted(module)) discardQuickJS(limits.memoryBytes, module);
      return { ok: false, error: error.message };
    }
    // The wasm code failed from the host's side (native stack overflow, abort): the module may be
    // inconsistent, so nothing more is asked of it, not even disposal; it is dropped whole.
    discardQuickJS(limits.memoryBytes, module);
    if (timedOut) return { ok: false, error: timeLimitMessage(limits) };
    if (memoryExhausted(module)) return { ok: false, error: memoryLimitMessage(limits) };
    if (error instanceof RangeError && /call stack/i.test(error.message)) return { ok: false, error: STACK_MESSAGE };
    return { ok: false, error: `Run code stopped: the sandbox failed (${error instanceof Error ? error.message : String(error)})` };
  }
}

function release(owned: QuickJSHandle[], context: QuickJSContext | undefined, runtime: QuickJSRuntime | undefined): void {
  for (const handle of owned.reverse()) if (handle.alive) handle.dispose();
  context?.dispose();
  runtime?.dispose();
}

class Evaluation {
  constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly context: QuickJSContext,
    private readonly owned: QuickJSHandle[],
    private readonly limits: SandboxLimits,
    private readonly logs: LogCollector,
    private readonly timedOut: () => boolean,
    private readonly memoryExhausted: () => boolean,
  ) {}

  /** Whether sandbox:start ran: errors before it are the code failing to load (syntax, imports). */
  private started = false;

  /** Returns the serialized result (see PRELUDE_SOURCE); throws RunFailure. */
  run(inputJson: string): string {
    const { context, runtime } = this;
    const emit = this.own(
      context.newFunction('emit', (level, text) => {
        const full = this.logs.add(context.getString(level) as LogLevel, context.getString(text));
        return full ? context.true : context.false;
      }),
    );
    const prelude = this.value(context.evalCode(PRELUDE_SOURCE, 'sandbox-prelude.js', { type: 'global' }));
    const helpers = this.value(context.callFunction(prelude, context.undefined, emit, this.own(context.newNumber(this.limits.logBytes))));
    const call = this.own(context.getProp(helpers, 'call'));
    const serialize = this.own(context.getProp(helpers, 'serialize'));

    // main.js is parsed under the parser's stack limit; sandbox:start raises it just before main.js runs (see modules.ts).
    runtime.setMaxStackSize(PARSE_STACK_BYTES);
    const start = context.newFunction('start', () => {
      this.started = true;
      runtime.setMaxStackSize(RUN_STACK_BYTES);
    });
    context.setProp(context.global, START_HOOK, start);
    start.dispose();
    const namespace = this.settle(context.evalCode(RUN_ENTRY, 'sandbox:entry', { type: 'module' }), "Run code's top-level code");
    const exports = this.own(context.getProp(namespace, 'code'));
    const main = this.own(context.getProp(exports, 'default'));
    const mainType = context.typeof(main);
    if (mainType === 'undefined') throw new RunFailure(`Run code has no default export: write ${MAIN_EXAMPLE}`);
    if (mainType !== 'function') throw new RunFailure(`Run code's default export is ${withArticle(mainType)}, not a function: write ${MAIN_EXAMPLE}`);

    const returned = this.settle(context.callFunction(call, context.undefined, main, this.own(context.newString(inputJson))), 'main');
    const serialized = this.value(context.callFunction(serialize, context.undefined, returned));
    return context.getString(serialized);
  }

  private own(handle: QuickJSHandle): QuickJSHandle {
    this.owned.push(handle);
    return handle;
  }

  private value(result: { error?: QuickJSHandle; value?: QuickJSHandle }): QuickJSHandle {
    if (result.error) throw this.failure(result.error);
    return this.own(result.value as QuickJSHandle);
  }

  /** The value, or what its promise settles to once QuickJS's job queue is empty. */
  private settle(result: { error?: QuickJSHandle; value?: QuickJSHandle }, what: string): QuickJSHandle {
    const handle = this.value(result);
    let state = this.context.getPromiseState(handle);
    if (state.type === 'fulfilled' && state.notAPromise) return handle;
    if (state.type === 'pending') {
      const jobs = this.runtime.executePendingJobs(-1);
      if (jobs.error) throw this.failure(jobs.error);
      state = this.context.getPromiseState(handle);
    }
    if (state.type === 'pending') {
      throw new RunFailure(`${what} waits for a promise that never settles: Run code has no timers or network, so it can only wait for its own promises`);
    }
    if (state.type === 'rejected') throw this.failure(state.error);
    return this.own(state.value);
  }

  /** Reads and disposes a thrown value; the failure to report. */
  private failure(handle: QuickJSHandle): RunFailure {
    let error: VmError;
    try {
      error = readVmError(this.context, handle);
    } finally {
      handle.dispose();
    }
    if (this.timedOut()) return new RunFailure(timeLimitMessage(this.limits));
    if (!this.started && error.name === 'SyntaxError') return new RunFailure(syntaxMessage(error));
    // QuickJS throws null when it cannot even allocate the error object.
    if (isOutOfMemory(error) || (error.unreadable && this.memoryExhausted())) return new RunFailure(memoryLimitMessage(this.limits));
    const place = describePlace(error);
    if (isImportRefusal(error)) return new RunFailure(place ? `${error.message} (${place})` : error.message);
    if (isStackOverflow(error)) return new RunFailure(place ? `${STACK_MESSAGE} at ${place}` : STACK_MESSAGE);
    const text = error.name ? `${error.name}: ${error.message}` : `Run code threw ${error.message}`;
    return new RunFailure(place ? `${text} (${place})` : text);
  }
}

function withArticle(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function acceptOutput(serialized: string, shape: Record<string, OutputShape>, limits: SandboxLimits): Outcome {
  const keys = Object.keys(shape).join(', ');
  if (serialized.startsWith('!')) {
    const kind = serialized.slice(1);
    return {
      ok: false,
      error:
        kind === 'undefined'
          ? `main returned nothing: it must return an object with the declared output keys (${keys})`
          : `main returned ${withArticle(kind)}, not an object with the declared output keys (${keys})`,
    };
  }
  const json = serialized.slice(1);
  const bytes = Buffer.byteLength(json);
  if (bytes > limits.outputBytes) return { ok: false, error: outputLimitMessage(bytes, limits) };
  const value: unknown = JSON.parse(json);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'a list' : withArticle(typeof value);
    return { ok: false, error: `main returned ${what}, not an object with the declared output keys (${keys})` };
  }
  const problems = checkOutputValue(value, shape);
  if (problems.length > 0) return { ok: false, error: `Run code's output does not match its declaration: ${problems.join('; ')}` };
  return { ok: true, value: value as Record<string, unknown> };
}
