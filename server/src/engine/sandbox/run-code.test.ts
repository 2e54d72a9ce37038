import { describe, expect, it } from 'vitest';
import type { OutputShape } from '../definition.js';
import { runCode, type RunCodeResult } from './index.js';

const ok = (result: RunCodeResult) => {
  if (!result.ok) throw new Error(`expected ok, got error: ${result.error}`);
  return result;
};
const failed = (result: RunCodeResult) => {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result;
};

const TRIVIAL = 'export default function main(input) { return { n: input.n + 1 } }';
// For tests of other limits whose code takes a while (a machine under load must not turn them into time-outs).
const SLOW_OK = { timeMs: 10_000 };
const trivial = () => runCode(TRIVIAL, { n: 1 }, { output: { n: 'number' } });

describe('runCode: results', () => {
  it('passes the input as JSON and returns the declared output', async () => {
    const code = `
      export default function main(input) {
        const total = input.lines.reduce((sum, line) => sum + line.qty * line.price, 0);
        return { total, skus: input.lines.map((line) => line.sku), big: total > 100, at: input.placedAt };
      }`;
    const input = { lines: [{ sku: 'A', qty: 2, price: 30 }, { sku: 'B', qty: 1, price: 50 }], placedAt: '2026-01-31T09:00:00Z' };
    const result = ok(await runCode(code, input, { output: { total: 'number', skus: ['string'], big: 'boolean', at: 'date' } }));
    expect(result.value).toEqual({ total: 110, skus: ['A', 'B'], big: true, at: '2026-01-31T09:00:00Z' });
    expect(result.logs).toEqual([]);
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it('settles an async main through the job queue', async () => {
    const code = `
      const double = async (n) => n * 2;
      export default async function main(input) { const a = await double(input.n); return { a: await Promise.resolve(a + 1) }; }`;
    expect(ok(await runCode(code, { n: 4 }, { output: { a: 'number' } })).value).toEqual({ a: 9 });
  });

  it('refuses a promise that can never settle', async () => {
    const result = failed(await runCode('export default function main() { return new Promise(() => {}) }', {}, { output: { a: 'any' } }));
    expect(result.error).toBe('main waits for a promise that never settles: Run code has no timers or network, so it can only wait for its own promises');
  });

  it('reports a rejected promise like a throw', async () => {
    const code = 'export default async function main() {\n  await null;\n  throw new RangeError("too many items");\n}';
    expect(failed(await runCode(code, {}, { output: { a: 'any' } })).error).toMatch(/^RangeError: too many items \(line 3, column \d+\)$/);
  });

  it('keeps nothing between runs', async () => {
    await runCode('globalThis.leftover = 1; export default function main() { return { a: 1 } }', {}, { output: { a: 'number' } });
    const result = ok(await runCode('export default function main() { return { a: typeof leftover } }', {}, { output: { a: 'string' } }));
    expect(result.value).toEqual({ a: 'undefined' });
  });

  it('runs top-level code and accepts `export { main as default }`', async () => {
    const code = 'const rate = 0.2;\nfunction main(input) { return { tax: input.amount * rate } }\nexport { main as default };';
    expect(ok(await runCode(code, { amount: 50 }, { output: { tax: 'number' } })).value).toEqual({ tax: 10 });
  });
});

describe('runCode: console', () => {
  it('captures console lines, objects as JSON', async () => {
    const code = `
      export default function main(input) {
        console.log('hello', input.name, 3);
        console.info({ a: 1, b: [true, null] });
        console.warn('careful');
        console.error(new TypeError('bad'));
        const loop = { name: 'loop' }; loop.self = loop;
        console.debug(loop, undefined, [1, 2]);
        return { done: true };
      }`;
    const result = ok(await runCode(code, { name: 'Ada' }, { output: { done: 'boolean' } }));
    expect(result.logs).toEqual([
      'hello Ada 3',
      '{"a":1,"b":[true,null]}',
      '[warn] careful',
      '[error] TypeError: bad',
      '{"name":"loop","self":"[Circular]"} undefined [1,2]',
    ]);
  });

  it('cuts the log at its limit with a marker, and keeps the run going', async () => {
    const code = `export default function main() { for (let i = 0; i < 1000; i++) console.log('line ' + i + ' ' + 'x'.repeat(80)); return { done: true }; }`;
    const result = ok(await runCode(code, {}, { output: { done: 'boolean' }, limits: { logBytes: 1024 } }));
    expect(result.logs.at(-1)).toBe('… logs truncated: Run code logged more than its limit of 1 KB');
    const kept = result.logs.slice(0, -1);
    expect(kept[0]).toBe(`line 0 ${'x'.repeat(80)}`);
    expect(kept.reduce((sum, line) => sum + Buffer.byteLength(line), 0)).toBe(1024);
  });

  it('keeps the logs of a run that fails', async () => {
    const result = failed(await runCode('export default function main() { console.log("before"); null.x; }', {}, { output: { a: 'any' } }));
    expect(result.logs).toEqual(['before']);
    expect(result.error).toMatch(/^TypeError: cannot read property 'x' of null \(line 1, column \d+\)$/);
  });
});

describe('runCode: errors in the code', () => {
  it('reports a thrown error with its line', async () => {
    const code = 'export default function main(input) {\n  if (!input.sku)\n    throw new Error("no SKU in the input");\n}';
    expect(failed(await runCode(code, {}, { output: { a: 'any' } })).error).toMatch(/^Error: no SKU in the input \(line 3, column \d+\)$/);
  });

  it('reports a thrown non-Error value', async () => {
    expect(failed(await runCode('export default function main() { throw "out of stock" }', {}, { output: { a: 'any' } })).error).toBe(
      'Run code threw out of stock',
    );
  });

  it('reports a syntax error with line and column', async () => {
    const result = failed(await runCode('export default function main() {\n  return { a: 1 +; }\n}', {}, { output: { a: 'any' } }));
    expect(result.error).toMatch(/^Syntax error at line 2, column \d+: /);
  });

  it('needs a default export that is a function', async () => {
    expect(failed(await runCode('export function main() { return {} }', {}, { output: { a: 'any' } })).error).toBe(
      'Run code has no default export: write `export default function main(input) { ... }`',
    );
    expect(failed(await runCode('export default 42', {}, { output: { a: 'any' } })).error).toBe(
      "Run code's default export is a number, not a function: write `export default function main(input) { ... }`",
    );
  });

  it('has no imports', async () => {
    const result = failed(await runCode('import _ from "lodash";\nexport default function main() { return {} }', {}, { output: { a: 'any' } }));
    expect(result.error).toBe("imports are not available in Run code (import of 'lodash'): everything main needs must be in the code or come through its input");
  });

  it('refuses input that has no JSON form', async () => {
    const input: Record<string, unknown> = {};
    input.self = input;
    expect(failed(await runCode(TRIVIAL, input, { output: { n: 'number' } })).error).toMatch(/^Run code's input cannot be passed as JSON: /);
  });

  it('stops deep recursion cleanly, and the next run works', async () => {
    const result = failed(await runCode('function down(n) { return down(n + 1) + 1 }\nexport default function main() { return { a: down(0) } }', {}, { output: { a: 'any' } }));
    expect(result.error).toMatch(/^Run code stopped: its calls nested too deeply \(stack overflow\) at line 1, column \d+$/);
    expect(ok(await trivial()).value).toEqual({ n: 2 });
  });

  it('survives native recursion deeper than the host stack (JSON of a deeply nested list), and the next run works', async () => {
    const code = 'export default function main() { let a = []; for (let i = 0; i < 1e5; i++) a = [a]; return { a: JSON.stringify(a).length } }';
    const result = failed(await runCode(code, {}, { output: { a: 'any' }, limits: SLOW_OK }));
    expect(result.error).toMatch(/^Run code stopped: its calls nested too deeply \(stack overflow\)/);
    expect(ok(await trivial()).value).toEqual({ n: 2 });
  });
});

describe('runCode: a test run equals the real run', () => {
  const cases: Array<[string, string]> = [
    ['fetch("https://x")', 'Error: fetch is not available in Run code: it has no network access'],
    ['new XMLHttpRequest()', 'Error: XMLHttpRequest is not available in Run code: it has no network access'],
    ['setTimeout(() => {}, 10)', 'Error: setTimeout is not available in Run code: it has no timers'],
    ['Date.now()', 'Error: the clock is not available in Run code: pass dates in through the input'],
    ['new Date()', 'Error: the clock is not available in Run code: pass dates in through the input'],
    ['Date()', 'Error: the clock is not available in Run code: pass dates in through the input'],
    ['Math.random()', 'Error: randomness is not available in Run code'],
  ];
  it.each(cases)('%s fails with a clear message and its line', async (expression, message) => {
    const result = failed(await runCode(`export default function main() {\n  ${expression};\n  return { a: 1 };\n}`, {}, { output: { a: 'number' } }));
    expect(result.error.startsWith(`${message} (line 2, column `)).toBe(true);
  });

  it('refuses fetch from async code too', async () => {
    const result = failed(await runCode('export default async function main() { const r = await fetch("https://x"); return { a: 1 } }', {}, { output: { a: 'number' } }));
    expect(result.error).toMatch(/^Error: fetch is not available in Run code: it has no network access/);
  });

  it('keeps dates made from values working', async () => {
    const code = `
      class Day extends Date {}
      export default function main(input) {
        const d = new Date('2026-01-01T00:00:00Z');
        return {
          iso: d.toISOString(),
          next: new Date(d.getTime() + 86400000).toISOString(),
          utc: Date.UTC(2026, 1, 3),
          parsed: Date.parse(input.when),
          sub: new Day(0).toISOString(),
          same: new Date(0).constructor === Date,
        };
      }`;
    const result = ok(await runCode(code, { when: '2026-03-01T00:00:00Z' }, { output: { iso: 'date', next: 'date', utc: 'number', parsed: 'number', sub: 'date', same: 'boolean' } }));
    expect(result.value).toEqual({
      iso: '2026-01-01T00:00:00.000Z',
      next: '2026-01-02T00:00:00.000Z',
      utc: Date.UTC(2026, 1, 3),
      parsed: Date.parse('2026-03-01T00:00:00Z'),
      sub: '1970-01-01T00:00:00.000Z',
      same: true,
    });
  });
});

describe('runCode: limits', () => {
  it('stops an infinite loop at the time limit, and the next run works', async () => {
    const result = failed(await runCode('export default function main() { while (true) {} }', {}, { output: { a: 'any' } }));
    expect(result.error).toBe('Run code stopped: it ran longer than its time limit of 1000 ms');
    expect(result.durationMs).toBeGreaterThanOrEqual(1000);
    expect(result.durationMs).toBeLessThan(3000);
    expect(ok(await trivial()).value).toEqual({ n: 2 });
  });

  it('cannot catch the time limit, nor escape it in promise jobs', async () => {
    const caught = 'export default function main() { for (;;) { try { while (true) {} } catch (e) {} } }';
    expect(failed(await runCode(caught, {}, { output: { a: 'any' }, limits: { timeMs: 200 } })).error).toBe(
      'Run code stopped: it ran longer than its time limit of 200 ms',
    );
    const jobs = 'export default async function main() { for (;;) await null; }';
    expect(failed(await runCode(jobs, {}, { output: { a: 'any' }, limits: { timeMs: 200 } })).error).toBe(
      'Run code stopped: it ran longer than its time limit of 200 ms',
    );
    const topLevel = 'while (true) {}\nexport default function main() { return {} }';
    expect(failed(await runCode(topLevel, {}, { output: { a: 'any' }, limits: { timeMs: 200 } })).error).toBe(
      'Run code stopped: it ran longer than its time limit of 200 ms',
    );
  });

  it('stops a 1 GB allocation at the memory limit, without growing the process, and the next run works', async () => {
    await trivial();
    const before = process.memoryUsage().rss;
    const oneBig = failed(await runCode('export default function main() { new Array(1e9).fill(0); return {} }', {}, { output: { a: 'any' }, limits: SLOW_OK }));
    expect(oneBig.error).toBe('Run code stopped: it used more than its memory limit of 64 MB');
    // Many allocations each far below the limit: QuickJS alone would only bound each one.
    const many = failed(await runCode('export default function main() { const keep = []; for (let i = 0; i < 1000; i++) keep.push(new Uint8Array(1024 * 1024)); return {} }', {}, { output: { a: 'any' }, limits: SLOW_OK }));
    expect(many.error).toBe('Run code stopped: it used more than its memory limit of 64 MB');
    const strings = failed(await runCode('export default function main() { const keep = []; for (let i = 0; i < 1000; i++) keep.push("x".repeat(1024 * 1024) + i); return {} }', {}, { output: { a: 'any' }, limits: SLOW_OK }));
    expect(strings.error).toBe('Run code stopped: it used more than its memory limit of 64 MB');
    // Each run that fills its memory leaves a module of ~72 MB for the garbage collector; without the fixed
    // wasm maximum the last two runs alone would have grown the process by 1 GB or more.
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeLessThan(400 * 1024 * 1024);
    expect(ok(await trivial()).value).toEqual({ n: 2 });
  });

  it('reports running out of memory even when QuickJS cannot build the error', async () => {
    // A million nested lists fill the heap; JSON.stringify then fails before it can allocate an error object and throws null.
    const code = 'export default function main() { let a = []; for (let i = 0; i < 1e6; i++) a = [a]; try { JSON.stringify(a) } catch (e) { return { a: String(e) } } }';
    expect(failed(await runCode(code, {}, { output: { a: 'any' }, limits: SLOW_OK })).error).toBe('Run code stopped: it used more than its memory limit of 64 MB');
    expect(failed(await runCode('export default function main() { throw null }', {}, { output: { a: 'any' } })).error).toBe('Run code threw null');
    expect(ok(await trivial()).value).toEqual({ n: 2 });
  });

  it('gives the code about its memory limit: 40 MB fits in 64 MB', async () => {
    const code = 'export default function main(input) { const keep = []; for (let i = 0; i < input.mb; i++) keep.push(new Uint8Array(1024 * 1024)); return { kept: keep.length } }';
    expect(ok(await runCode(code, { mb: 40 }, { output: { kept: 'number' }, limits: SLOW_OK })).value).toEqual({ kept: 40 });
    expect(failed(await runCode(code, { mb: 40 }, { output: { kept: 'number' }, limits: { ...SLOW_OK, memoryBytes: 16 * 1024 * 1024 } })).error).toBe(
      'Run code stopped: it used more than its memory limit of 16 MB',
    );
  });

  it('refuses output over its size limit', async () => {
    const code = "export default function main() { return { text: 'x'.repeat(300 * 1024 - 11) } }"; // {"text":""} is 11 bytes
    expect(failed(await runCode(code, {}, { output: { text: 'string' } })).error).toBe("Run code's output is 300 KB, over the limit of 256 KB");
  });

  it('refuses limits out of range', async () => {
    await expect(runCode(TRIVIAL, {}, { output: { n: 'number' }, limits: { timeMs: 0 } })).rejects.toThrow('sandbox limit timeMs must be an integer from 1 to 60000, got 0');
  });

  it('costs little per call', async () => {
    for (let i = 0; i < 20; i++) await trivial();
    const runs = 200;
    const started = performance.now();
    for (let i = 0; i < runs; i++) ok(await trivial());
    const perRun = (performance.now() - started) / runs;
    console.info(`trivial Run code call: ${perRun.toFixed(2)} ms`);
    expect(perRun).toBeLessThan(20);
  });
});

describe('runCode: output checked against its declaration', () => {
  const output: Record<string, OutputShape> = { total: 'number', lines: [{ sku: 'string', qty: 'number' }], when: 'date', extra: 'any' };
  const run = (returned: string) => runCode(`export default function main() { return ${returned} }`, {}, { output });

  it('names the path of a wrong type', async () => {
    const result = failed(await run(`{ total: 1, lines: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }, { sku: 'c', qty: '3' }], when: '2026-01-01', extra: null }`));
    expect(result.error).toBe("Run code's output does not match its declaration: output.lines[2].qty is a string, declared number");
  });

  it('names missing and undeclared keys', async () => {
    const result = failed(await run(`{ total: 1, lines: [{ sku: 'a', qty: 1, colour: 'red' }], debug: true, note: 'x' }`));
    expect(result.error).toBe(
      'Run code\'s output does not match its declaration: output.lines[0] has a key that is not declared: "colour"; output.when is missing (declared date); output.extra is missing (declared any); output has keys that are not declared: "debug", "note"',
    );
  });

  it('accepts ISO dates and Date objects, refuses other strings', async () => {
    expect(ok(await run(`{ total: 1, lines: [], when: new Date('2026-02-03T04:05:06Z'), extra: [1, 'a'] }`)).value.when).toBe('2026-02-03T04:05:06.000Z');
    expect(failed(await run(`{ total: 1, lines: [], when: 'next tuesday', extra: 1 }`)).error).toBe(
      'Run code\'s output does not match its declaration: output.when is "next tuesday", declared date (an ISO date such as 2026-01-31 or 2026-01-31T09:00:00Z)',
    );
  });

  it('needs an object back', async () => {
    expect(failed(await run('')).error).toBe('main returned nothing: it must return an object with the declared output keys (total, lines, when, extra)');
    expect(failed(await run('[1, 2]')).error).toBe('main returned a list, not an object with the declared output keys (total, lines, when, extra)');
    expect(failed(await run('() => 1')).error).toBe('main returned a function, not an object with the declared output keys (total, lines, when, extra)');
  });

  it('refuses an invalid declaration before running', async () => {
    const result = failed(await runCode(TRIVIAL, { n: 1 }, { output: { n: 'integer' as OutputShape } }));
    expect(result.error).toMatch(/^Run code's output declaration is invalid: output.n: unknown type "integer"/);
  });
});

describe('runCode: calls at the same time', () => {
  it('runs each on a usable module while others exhaust or break theirs', async () => {
    const hungry = 'export default function main() { const keep = []; for (;;) keep.push(new Uint8Array(1024 * 1024)); }';
    const deep = 'export default function main() { let a = []; for (let i = 0; i < 1e5; i++) a = [a]; return { a: JSON.stringify(a).length } }';
    const results = await Promise.all([
      trivial(),
      runCode(hungry, {}, { output: { a: 'any' }, limits: SLOW_OK }),
      trivial(),
      runCode(deep, {}, { output: { a: 'any' }, limits: SLOW_OK }),
      trivial(),
      trivial(),
    ]);
    expect(results.map((result) => (result.ok ? result.value : result.error))).toEqual([
      { n: 2 },
      'Run code stopped: it used more than its memory limit of 64 MB',
      { n: 2 },
      'Run code stopped: its calls nested too deeply (stack overflow)',
      { n: 2 },
      { n: 2 },
    ]);
  });
});
