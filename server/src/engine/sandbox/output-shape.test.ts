import { describe, expect, it } from 'vitest';
import type { OutputShape } from '../definition.js';
import { checkOutputShape, outputSchema } from './index.js';
import { checkOutputValue, isIsoDate } from './output-shape.js';

describe('checkOutputShape', () => {
  it('accepts type names, one-element lists and objects, nested', () => {
    expect(
      checkOutputShape({ total: 'number', note: 'string', ok: 'boolean', at: 'date', raw: 'any', tags: ['string'], lines: [{ sku: 'string', qty: 'number', meta: { a: ['any'] } }] }),
    ).toEqual([]);
  });

  it('names each problem with its path', () => {
    expect(
      checkOutputShape({
        qty: 'integer',
        tags: ['string', 'number'],
        lines: [{ sku: 'text', dims: {} }],
        'review rating': 5,
        empty: [],
      }),
    ).toEqual([
      'output.qty: unknown type "integer"; use one of string, number, boolean, date, any, a one-element list such as ["string"], or an object of shapes',
      'output.tags: a list is declared as a one-element array of its item shape, e.g. ["string"]; this one has 2 elements',
      'output.lines[0].sku: unknown type "text"; use one of string, number, boolean, date, any, a one-element list such as ["string"], or an object of shapes',
      'output.lines[0].dims: an object shape needs at least one key (declare "any" for an object of any shape)',
      'output.review rating: a shape is a type name (string, number, boolean, date, any), a one-element list or an object of shapes; got a number',
      'output.empty: a list is declared as a one-element array of its item shape, e.g. ["string"]; this one has 0 elements',
    ]);
  });

  it('refuses a declaration that is not an object, or is empty', () => {
    expect(checkOutputShape('string')).toEqual(['output: must be an object of output names and their shapes, e.g. { "total": "number" }; got a string']);
    expect(checkOutputShape(null)).toEqual(['output: must be an object of output names and their shapes, e.g. { "total": "number" }; got null']);
    expect(checkOutputShape({})).toEqual(['output: an object shape needs at least one key (declare "any" for an object of any shape)']);
  });

  it('refuses empty and __proto__ keys', () => {
    expect(checkOutputShape(JSON.parse('{ "": "string", "__proto__": "number" }'))).toEqual([
      'output: a key must not be empty',
      'output: "__proto__" cannot be an output key',
    ]);
  });

  it('uses the root it is given', () => {
    expect(checkOutputShape({ a: 'nope' }, 'steps[2].output')).toEqual([
      'steps[2].output.a: unknown type "nope"; use one of string, number, boolean, date, any, a one-element list such as ["string"], or an object of shapes',
    ]);
  });

  it('stops at a shape nested too deeply', () => {
    let shape: unknown = 'string';
    for (let i = 0; i < 20; i++) shape = { a: shape };
    const problems = checkOutputShape(shape);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^output(\.a){17}: the shape nests more than 16 levels deep$/);
  });
});

describe('outputSchema', () => {
  it('turns a declaration into the engine variable types', () => {
    expect(outputSchema({ total: 'number', note: 'string', ok: 'boolean', at: 'date', raw: 'any', lines: [{ sku: 'string' }] })).toEqual({
      kind: 'object',
      fields: {
        total: { kind: 'number' },
        note: { kind: 'string' },
        ok: { kind: 'boolean' },
        at: { kind: 'date' },
        raw: { kind: 'any' },
        lines: { kind: 'list', of: { kind: 'object', fields: { sku: { kind: 'string' } } } },
      },
    });
  });

  it('gives any for what it cannot read', () => {
    expect(outputSchema('nope' as OutputShape)).toEqual({ kind: 'any' });
    expect(outputSchema(['a', 'b'] as unknown as OutputShape)).toEqual({ kind: 'any' });
  });
});

describe('checkOutputValue', () => {
  const shape: Record<string, OutputShape> = { n: 'number', tags: ['string'], at: 'date', any: 'any', nested: { ok: 'boolean' } };

  it('accepts a matching value; any takes null and anything JSON', () => {
    expect(checkOutputValue({ n: 1.5, tags: [], at: '2026-01-31', any: null, nested: { ok: false } }, shape)).toEqual([]);
    expect(checkOutputValue({ n: 0, tags: ['a'], at: '2026-01-31T09:00:00.123+02:00', any: { deep: [1, 'x'] }, nested: { ok: true } }, shape)).toEqual([]);
  });

  it('names wrong types, missing keys and extra keys with their paths', () => {
    expect(checkOutputValue({ n: '1', tags: ['a', 2], at: 5, nested: { ok: 'yes', extra: 1 }, more: 1 }, shape)).toEqual([
      'output.n is a string, declared number',
      'output.tags[1] is a number, declared string',
      'output.at is a number, declared date',
      'output.any is missing (declared any)',
      'output.nested.ok is a string, declared boolean',
      'output.nested has a key that is not declared: "extra"',
      'output has a key that is not declared: "more"',
    ]);
  });

  it('says list and object where a list or object was declared', () => {
    expect(checkOutputValue({ n: 1, tags: 'a', at: '2026-01-01', any: 1, nested: [] }, shape)).toEqual([
      'output.tags is a string, declared a list',
      'output.nested is a list, declared an object',
    ]);
  });

  it('caps the number of problems', () => {
    const value = { list: Array.from({ length: 50 }, () => 'x') };
    const problems = checkOutputValue(value, { list: ['number'] });
    expect(problems).toHaveLength(11);
    expect(problems[10]).toMatch(/^and \d+ more$/);
  });
});

describe('isIsoDate', () => {
  it.each(['2026-01-31', '2026-01-31T09:00', '2026-01-31T09:00:00Z', '2026-01-31T09:00:00.000Z', '2026-01-31T09:00:00+02:00'])('accepts %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });
  it.each(['31/01/2026', 'tomorrow', '2026-13-01', '2026-01-31 09:00', ''])('refuses %s', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});
