/** Reading a thrown value out of QuickJS, and where in the merchant's code it happened. */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';

/** The file name the merchant's code is evaluated under; stack frames in it are theirs. */
export const CODE_FILE = 'main.js';

export interface VmError {
  /** `TypeError`, `SyntaxError`...; empty when a non-Error value was thrown. */
  name: string;
  message: string;
  /**
   * Nothing to read: `throw null` or `throw undefined`, or an error whose name and message cannot be read.
   * QuickJS throws null when it cannot even allocate the error object, so with a full heap this means out of memory.
   */
  unreadable?: boolean;
  line?: number;
  column?: number;
}

function stringProp(context: QuickJSContext, handle: QuickJSHandle, key: string): string | undefined {
  const prop = context.getProp(handle, key);
  try {
    return context.typeof(prop) === 'string' ? context.getString(prop) : undefined;
  } finally {
    prop.dispose();
  }
}

const FRAME = new RegExp(`${CODE_FILE.replace('.', '\\.')}:(\\d+)(?::(\\d+))?`);

export function readVmError(context: QuickJSContext, handle: QuickJSHandle): VmError {
  const type = context.typeof(handle);
  if (type !== 'object') {
    const value: unknown = context.dump(handle);
    const message = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
    return type === 'undefined' ? { name: '', message, unreadable: true } : { name: '', message };
  }
  if (context.sameValue(handle, context.null)) return { name: '', message: 'null', unreadable: true };
  const name = stringProp(context, handle, 'name') ?? '';
  const message = stringProp(context, handle, 'message') ?? '';
  const stack = stringProp(context, handle, 'stack') ?? '';
  // The first frame in the merchant's file: a throw inside a shim (Date.now) points at their call.
  const frame = FRAME.exec(stack);
  const error: VmError = name === '' && message === '' ? { name, message, unreadable: true } : { name, message };
  if (frame) {
    error.line = Number(frame[1]);
    if (frame[2] !== undefined) error.column = Number(frame[2]);
  }
  return error;
}

/** `line 3, column 19` (or `line 3`), or undefined. */
export function describePlace(error: VmError): string | undefined {
  if (error.line === undefined) return undefined;
  return error.column === undefined ? `line ${error.line}` : `line ${error.line}, column ${error.column}`;
}

export function isOutOfMemory(error: VmError): boolean {
  return error.name === 'InternalError' && error.message === 'out of memory';
}

export function isStackOverflow(error: VmError): boolean {
  return (error.name === 'InternalError' || error.name === 'SyntaxError') && error.message === 'stack overflow';
}
