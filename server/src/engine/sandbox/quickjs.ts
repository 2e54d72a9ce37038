/**
 * The QuickJS WebAssembly modules Run code executes in, loaded once and kept.
 *
 * Each module gets a WebAssembly memory with a fixed maximum. QuickJS's own
 * `setMemoryLimit` is not enough on its own in this build: without
 * `malloc_usable_size` it only bounds each single allocation, so many small
 * ones could grow the wasm memory to 2 GB (quickjs-emscripten issues #255,
 * #271). With a fixed maximum, growing past it fails inside malloc and QuickJS
 * throws its ordinary "out of memory". So there is one module per memory
 * limit in use (normally only the default).
 *
 * A module whose wasm code failed from the host's point of view (a native
 * stack overflow, an abort) may be left inconsistent; it is dropped and a new
 * one loaded.
 */
import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC, type QuickJSWASMModule } from 'quickjs-emscripten';
import { DEFAULT_LIMITS } from './limits.js';

// The server's TypeScript lib has no WebAssembly types (they come with "dom"); this is the one constructor used.
declare const WebAssembly: { Memory: new (descriptor: { initial: number; maximum: number }) => { readonly buffer: ArrayBuffer } };

const PAGE = 64 * 1024;
// The build's declared initial memory (16 MiB): the memory may not start smaller.
const INITIAL_PAGES = 256;
// Static data, the C stack and an empty runtime take about 5 MiB of the first 16 (measured: an
// empty runtime can allocate ~11 MiB of the initial memory). Added so the code itself gets about `memoryBytes`.
const RESERVED_BYTES = 5 * 1024 * 1024;

interface Slot {
  module?: QuickJSWASMModule;
  loading?: Promise<QuickJSWASMModule>;
}

const slots = new Map<number, Slot>();
/** Each module's memory and its maximum, to tell when a run used all of it. */
const memories = new WeakMap<QuickJSWASMModule, { memory: { readonly buffer: ArrayBuffer }; maxBytes: number }>();

// Emscripten grows the memory by at least 5% of its size at a time (by 20%, 10%, then 5%), so the last
// ~5% below the maximum cannot be reached; the maximum is raised by that much.
const LAST_GROWTH = 1.05;

function pagesFor(memoryBytes: number): number {
  return Math.max(INITIAL_PAGES, Math.ceil(((RESERVED_BYTES + memoryBytes) * LAST_GROWTH) / PAGE));
}

function slotFor(memoryBytes: number): Slot {
  const pages = pagesFor(memoryBytes);
  let slot = slots.get(pages);
  if (!slot) {
    slot = {};
    slots.set(pages, slot);
  }
  return slot;
}

function load(memoryBytes: number, slot: Slot): Promise<QuickJSWASMModule> {
  const pages = pagesFor(memoryBytes);
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: pages });
  const loading = newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory: memory as never })).then(
    (module) => {
      memories.set(module, { memory, maxBytes: pages * PAGE });
      if (slot.loading === loading) {
        slot.module = module;
        slot.loading = undefined;
      }
      return module;
    },
    (error: unknown) => {
      if (slot.loading === loading) slot.loading = undefined;
      throw error;
    },
  );
  slot.loading = loading;
  return loading;
}

/** The module for this memory limit, loading it when needed. */
export function quickJSFor(memoryBytes: number): Promise<QuickJSWASMModule> {
  const slot = slotFor(memoryBytes);
  if (slot.module) return Promise.resolve(slot.module);
  return slot.loading ?? load(memoryBytes, slot);
}

/**
 * Whether the module is still the one to use. A call that awaited the module
 * checks this right before using it synchronously: another call may have
 * discarded it in between.
 */
export function isCurrentQuickJS(memoryBytes: number, module: QuickJSWASMModule): boolean {
  return slotFor(memoryBytes).module === module;
}

/**
 * Whether the module's memory has grown as far as it can. A fresh module
 * starts well below that, and a module that got there is discarded after its
 * run, so this says the run that just ended used all of it.
 */
export function memoryExhausted(module: QuickJSWASMModule): boolean {
  const entry = memories.get(module);
  // `buffer` is replaced on each growth, so it is read now.
  return entry !== undefined && entry.memory.buffer.byteLength * LAST_GROWTH > entry.maxBytes;
}

/** The default-limit module if it is ready now (save-time checks are synchronous). */
export function readyQuickJS(): QuickJSWASMModule | undefined {
  return slotFor(DEFAULT_LIMITS.memoryBytes).module;
}

/**
 * Forgets a module that may be inconsistent, or whose memory grew to its
 * maximum (memory is never given back to the process otherwise). The default
 * one is reloaded at once so synchronous checks have it back within milliseconds.
 */
export function discardQuickJS(memoryBytes: number, module: QuickJSWASMModule): void {
  const slot = slotFor(memoryBytes);
  if (slot.module !== module) return;
  slot.module = undefined;
  if (pagesFor(memoryBytes) === pagesFor(DEFAULT_LIMITS.memoryBytes)) load(memoryBytes, slot).catch(() => undefined);
}

/**
 * QuickJS stack limits. The wasm code also uses the host's native stack, much
 * more per level than QuickJS counts (the parser ~30 times more), and running
 * out of that is a host error that leaves the module unusable. So the parser
 * gets a small limit (about 250 nested brackets, plenty for real code) and
 * running code a larger one (about 650 nested calls); both measured to fail
 * cleanly inside QuickJS with most of the native stack already in use.
 */
export const PARSE_STACK_BYTES = 16 * 1024;
export const RUN_STACK_BYTES = 128 * 1024;

// Loaded when the engine is imported, so checkCode (synchronous, at save time) has a module from the start.
await quickJSFor(DEFAULT_LIMITS.memoryBytes);
