import { describe, expect, it } from 'vitest';
import { checkCode, runCode } from './index.js';
import { scanModule } from './source-scan.js';

const MAIN = 'export default function main(input) {\n  return { total: input.a + input.b };\n}\n';

describe('checkCode', () => {
  it('finds nothing wrong in a plain main', () => {
    expect(checkCode(MAIN)).toEqual([]);
  });

  it.each([
    ['async main', 'export default async function main(input) { return {} }'],
    ['anonymous function', 'export default function (input) { return {} }'],
    ['arrow function', 'export default (input) => ({ a: input })'],
    ['a name exported as default', 'function main(input) { return {} }\nexport { main as default };'],
    ['a name exported by default', 'const main = (input) => ({});\nexport default main;'],
    ['top-level await', 'const rate = await Promise.resolve(2);\nexport default function main(input) { return { a: rate } }'],
  ])('accepts %s', (_name, code) => {
    expect(checkCode(code)).toEqual([]);
  });

  it('reports a syntax error with its line and column', () => {
    const problems = checkCode('export default function main(input) {\n  const total = input.a +;\n  return { total };\n}');
    expect(problems).toEqual(["Syntax error at line 2, column 26: unexpected token in expression: ';'"]);
  });

  it('reports an unclosed block', () => {
    const [problem, ...rest] = checkCode('export default function main(input) {\n  if (input.a) {\n    return {};\n}\n');
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^Syntax error at line \d+, column \d+: /);
  });

  it('needs a default export', () => {
    expect(checkCode('export function main(input) { return {} }')).toEqual([
      'Run code has no default export: write `export default function main(input) { ... }`',
    ]);
    expect(checkCode('function main(input) { return {} }')).toEqual([
      'Run code has no default export: write `export default function main(input) { ... }`',
    ]);
  });

  it('needs the default export to be a function', () => {
    expect(checkCode('const a = 1;\nexport default { main() {} };')).toEqual([
      'line 2, column 1: the default export is an object, not a function: write `export default function main(input) { ... }`',
    ]);
    expect(checkCode('export default class Main {}')).toEqual([
      'line 1, column 1: the default export is a class, not a function: write `export default function main(input) { ... }`',
    ]);
    expect(checkCode("export default 'main'")).toEqual([
      'line 1, column 1: the default export is a string, not a function: write `export default function main(input) { ... }`',
    ]);
  });

  it('does not take `export default` in comments, strings, templates or regular expressions for code', () => {
    const code = [
      '// export default function main() {}',
      '/* export default function main() {} */',
      "const a = 'export default function main() {}';",
      'const b = `export default ${a} function main() {}`;',
      'const c = /export default function main/;',
      'export function main() { return { a, b, c } }',
    ].join('\n');
    expect(scanModule(code).defaultExport).toEqual({ kind: 'none' });
    // checkCode itself gives such code the benefit of the doubt: the run reports a missing default export anyway.
    expect(checkCode(code)).toEqual([]);
  });

  it('refuses imports, naming them and their line', () => {
    const code = 'import _ from "lodash";\nimport { x } from \'./x.js\';\nexport * from "y";\nexport default async function main() { const m = await import("z"); return {} }';
    expect(checkCode(code)).toEqual([
      "line 1, column 1: imports are not available in Run code (import of 'lodash'): everything main needs must be in the code or come through its input",
      "line 2, column 1: imports are not available in Run code (import of './x.js'): everything main needs must be in the code or come through its input",
      "line 3, column 1: imports are not available in Run code (import of 'y'): everything main needs must be in the code or come through its input",
      "line 4, column 56: imports are not available in Run code (import of 'z'): everything main needs must be in the code or come through its input",
    ]);
  });

  it('does not run the code: a top-level infinite loop or throw is not a problem, and returns at once', () => {
    const started = performance.now();
    expect(checkCode('while (true) {}\nexport default function main() { return {} }')).toEqual([]);
    expect(checkCode('throw new Error("ran at save time");\nexport default function main() { return {} }')).toEqual([]);
    expect(checkCode('for (;;) { try { while (true) {} } catch {} }\nexport default function main() { return {} }')).toEqual([]);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('reports code that nests too deeply to parse, and keeps working', () => {
    const problems = checkCode(`export default function main() { return ${'('.repeat(5000)}1${')'.repeat(5000)} }`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Run code nests too deeply to compile \(at line 1, column \d+\)$/);
    expect(checkCode(MAIN)).toEqual([]);
  });

  it('accepts realistic nesting', () => {
    let body = 'return { a: 1 };';
    for (let i = 0; i < 40; i++) body = `if (input.n > ${i}) { const f${i} = (x) => [x, { y: (x + 1) * 2 }]; ${body} }`;
    expect(checkCode(`export default function main(input) { ${body} }`)).toEqual([]);
  });

  it('refuses empty code', () => {
    expect(checkCode('  \n')).toEqual(['Run code is empty: write `export default function main(input) { ... }`']);
  });

  it('agrees with runCode on code it accepts', async () => {
    const result = await runCode(MAIN, { a: 1, b: 2 }, { output: { total: 'number' } });
    expect(result).toMatchObject({ ok: true, value: { total: 3 } });
  });

  it('checks quickly', () => {
    for (let i = 0; i < 10; i++) checkCode(MAIN);
    const runs = 100;
    const started = performance.now();
    for (let i = 0; i < runs; i++) checkCode(MAIN);
    const perCheck = (performance.now() - started) / runs;
    console.info(`checkCode: ${perCheck.toFixed(2)} ms`);
    expect(perCheck).toBeLessThan(20);
  });
});

describe('scanModule', () => {
  it('finds the default export after templates with nested substitutions', () => {
    const code = 'const t = `a ${ `b ${ { x: 1 }.x }` } c`;\nconst r = 1 / 2 / 3;\nexport default function main() {}';
    expect(scanModule(code).defaultExport.kind).toBe('maybe-function');
    expect(scanModule(code).imports).toEqual([]);
  });

  it('tells import.meta and member names from imports and exports', () => {
    const code = 'const m = import.meta;\nconst o = { import: 1, export: 2 };\no.import; o.export;\nexport default function main() {}';
    expect(scanModule(code)).toEqual({ defaultExport: { kind: 'maybe-function', at: code.indexOf('export default') }, imports: [] });
  });

  it('reads a regular expression containing quotes and slashes in a class', () => {
    const code = "const r = /['\"`]+[/]/g;\nexport default function main() {}";
    expect(scanModule(code).defaultExport.kind).toBe('maybe-function');
  });
});
