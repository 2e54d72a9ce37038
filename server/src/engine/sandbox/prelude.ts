/**
 * Script run in each fresh context before the merchant's code: it removes
 * what would make a test run differ from the real run (clock, randomness,
 * network, timers), adds `console`, and returns the helpers the host calls.
 * The helpers keep their own references to JSON and Reflect, so code that
 * replaces globals changes only its own behaviour.
 */

/** Messages the shims throw; exported for tests. */
export const CLOCK_MESSAGE = 'the clock is not available in Run code: pass dates in through the input';
export const RANDOM_MESSAGE = 'randomness is not available in Run code';
export const networkMessage = (name: string): string => `${name} is not available in Run code: it has no network access`;
export const timerMessage = (name: string): string => `${name} is not available in Run code: it has no timers`;

/** Log levels `emit` receives. */
export type LogLevel = 'log' | 'info' | 'debug' | 'warn' | 'error';

/**
 * Evaluates to `function (emit, maxLineChars)`, returning `{ call, serialize }`:
 * - `emit(level, line)` is the host's; it returns true once the log is full, after which console calls stop formatting.
 * - `call(main, inputJson)` calls main with the parsed input.
 * - `serialize(value)` returns `"=" + JSON` when the value has a JSON form, else `"!" + its kind` (undefined, function, symbol).
 */
export const PRELUDE_SOURCE = String.raw`(function (emit, maxLineChars) {
  'use strict';
  const G = globalThis;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const apply = Reflect.apply;
  const construct = Reflect.construct;
  const defineProperty = Object.defineProperty;
  const toText = String;
  const hide = (target, key, value) => defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
  const thrower = (name, message) => ({ [name]: function () { throw new Error(message); } })[name];

  const CLOCK = ${JSON.stringify(CLOCK_MESSAGE)};
  const RealDate = Date;
  const SandboxDate = function Date(...args) {
    if (new.target === undefined || args.length === 0) throw new Error(CLOCK);
    return construct(RealDate, args, new.target);
  };
  SandboxDate.prototype = RealDate.prototype;
  hide(RealDate.prototype, 'constructor', SandboxDate);
  hide(SandboxDate, 'now', thrower('now', CLOCK));
  hide(SandboxDate, 'parse', RealDate.parse);
  hide(SandboxDate, 'UTC', RealDate.UTC);
  hide(G, 'Date', SandboxDate);
  hide(Math, 'random', thrower('random', ${JSON.stringify(RANDOM_MESSAGE)}));

  for (const name of ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource']) {
    hide(G, name, thrower(name, name + ' is not available in Run code: it has no network access'));
  }
  for (const name of ['setTimeout', 'setInterval', 'setImmediate']) {
    hide(G, name, thrower(name, name + ' is not available in Run code: it has no timers'));
  }

  const show = (value) => {
    if (typeof value === 'string') return value;
    if (value === undefined) return 'undefined';
    if (typeof value === 'function') return '[Function' + (value.name ? ' ' + value.name : '') + ']';
    if (typeof value === 'symbol' || typeof value === 'bigint') return toText(value);
    if (value instanceof Error) return value.name + ': ' + value.message;
    try {
      const seen = new WeakSet();
      const text = stringify(value, (key, v) => {
        if (typeof v === 'bigint') return toText(v);
        if (typeof v === 'object' && v !== null) {
          if (seen.has(v)) return '[Circular]';
          seen.add(v);
        }
        return v;
      });
      return text === undefined ? toText(value) : text;
    } catch (e) {
      try { return toText(value); } catch (e2) { return '[value that cannot be shown]'; }
    }
  };
  let full = false;
  const writer = (level) => function (...args) {
    if (full) return;
    let line = '';
    for (let i = 0; i < args.length; i++) line += (i === 0 ? '' : ' ') + show(args[i]);
    if (line.length > maxLineChars) line = line.slice(0, maxLineChars);
    full = emit(level, line) === true;
  };
  const console = {};
  for (const level of ['log', 'info', 'debug', 'warn', 'error']) console[level] = writer(level);
  hide(G, 'console', console);

  return {
    call: (main, inputJson) => apply(main, undefined, [parse(inputJson)]),
    serialize: (value) => {
      const text = stringify(value);
      if (text !== undefined) return '=' + text;
      return '!' + (value === undefined ? 'undefined' : typeof value);
    },
  };
})`;
