import { describe, expect, it } from 'vitest';
import {
  formatPath,
  lookupPath,
  parsePath,
  readPath,
  schemaFromFields,
  unknownPathMessage,
} from './data-schema.js';
import type { DataSchema } from './definition.js';

describe('schemaFromFields', () => {
  const cases: Array<[string, string, unknown]> = [
    ['single_line_text_field', 'title', { kind: 'string' }],
    ['multi_line_text_field', 'body', { kind: 'string' }],
    ['email', 'email', { kind: 'string' }],
    ['url', 'link', { kind: 'string' }],
    ['number_integer', 'rating', { kind: 'number', integer: true }],
    ['number_decimal', 'score', { kind: 'number' }],
    ['boolean', 'verified', { kind: 'boolean' }],
    ['customer_reference', 'customer_id', { kind: 'string' }],
    ['order_reference', 'order_id', { kind: 'string' }],
    ['company_contact_reference', 'company_contact_id', { kind: 'string' }],
    ['schema.Review', 'review', { kind: 'any' }],
    ['single_line_text_field', 'review title', { kind: 'string' }],
  ];
  it.each(cases)('%s (%s)', (type, payloadKey, expected) => {
    expect(schemaFromFields([{ type, payloadKey }])).toEqual({ [payloadKey]: expected });
  });

  it('keeps every field under its payload key', () => {
    expect(
      Object.keys(
        schemaFromFields([
          { type: 'boolean', payloadKey: 'a b' },
          { type: 'number_integer', payloadKey: 'c' },
        ]),
      ),
    ).toEqual(['a b', 'c']);
  });
});

describe('parsePath / formatPath', () => {
  const ok: Array<[string, Array<string | number>]> = [
    ['a', ['a']],
    ['a.b.c', ['a', 'b', 'c']],
    ['review rating', ['review rating']],
    ['a["key with spaces"]', ['a', 'key with spaces']],
    ["a['single'].b", ['a', 'single', 'b']],
    ['items[0].sku', ['items', 0, 'sku']],
    ['m[1][2]', ['m', 1, 2]],
    ['["top key"].x', ['top key', 'x']],
    ['a["dot.ted"]', ['a', 'dot.ted']],
    ['a["q\\"uote"]', ['a', 'q"uote']],
  ];
  it.each(ok)('parses %s', (path, segs) => {
    expect(parsePath(path)).toEqual(segs);
  });

  it.each(['', '.a', 'a.', 'a..b', 'a[', 'a[x]', 'a["open]', 'a]b', 'a[0]b'])('rejects %j', (path) => {
    expect(parsePath(path)).toBeUndefined();
  });

  it.each(ok)('formats %s back to an equivalent path', (_path, segs) => {
    expect(parsePath(formatPath(segs))).toEqual(segs);
  });
});

describe('lookupPath', () => {
  const schema: DataSchema = {
    title: { kind: 'string' },
    'review rating': { kind: 'number', integer: true },
    customer: { kind: 'object', fields: { name: { kind: 'string' }, 'first name': { kind: 'string' } } },
    items: { kind: 'list', of: { kind: 'object', fields: { sku: { kind: 'string' } } } },
    tags: { kind: 'list', of: { kind: 'string' } },
    payload: { kind: 'any' },
  };
  const cases: Array<[string, unknown]> = [
    ['title', { kind: 'string' }],
    ['review rating', { kind: 'number', integer: true }],
    ['["review rating"]', { kind: 'number', integer: true }],
    ['customer.name', { kind: 'string' }],
    ['customer["first name"]', { kind: 'string' }],
    ['items[0].sku', { kind: 'string' }],
    ['items.0.sku', { kind: 'string' }],
    ['tags[3]', { kind: 'string' }],
    ['items', schema.items],
    ['payload', { kind: 'any' }],
    ['payload.anything.deep[2]["x y"]', { kind: 'any' }],
    ['missing', undefined],
    ['title.length', undefined],
    ['customer.nmae', undefined],
    ['items.sku', undefined],
    ['items[0].price', undefined],
    ['constructor', undefined],
    ['customer.toString', undefined],
    ['a..b', undefined],
  ];
  it.each(cases)('%s', (path, expected) => {
    expect(lookupPath(schema, path)).toEqual(expected);
  });

  it('explains unknown variables with close known names', () => {
    expect(unknownPathMessage(schema, ['titel'])).toMatch(/Unknown variable "titel".*title/);
    expect(unknownPathMessage(schema, ['customer', 'nmae'])).toMatch(/"customer" has no field "nmae".*name/);
    expect(unknownPathMessage(schema, ['items', 'sku'])).toMatch(/"items" is a list of objects; index it like items\[0\]/);
    expect(unknownPathMessage(schema, ['title', 'x'])).toMatch(/"title" is a text value and has no field "x"/);
  });
});

describe('readPath', () => {
  const data = {
    title: 'Great',
    'review rating': 5,
    customer: { name: 'Ann', 'first name': 'Ann', nothing: null },
    items: [{ sku: 'A-1' }, { sku: 'B-2' }],
    tags: ['vip'],
  };
  const cases: Array<[string, unknown]> = [
    ['title', 'Great'],
    ['review rating', 5],
    ['customer["first name"]', 'Ann'],
    ['items[1].sku', 'B-2'],
    ['items.0.sku', 'A-1'],
    ['items[5].sku', undefined],
    ['items.length', undefined],
    ['customer.nothing', null],
    ['customer.nothing.deeper', undefined],
    ['title.length', undefined],
    ['constructor', undefined],
    ['customer.__proto__', undefined],
    ['customer.hasOwnProperty', undefined],
    ['missing.x', undefined],
    ['bad..path', undefined],
  ];
  it.each(cases)('%s', (path, expected) => {
    expect(readPath(data, path)).toEqual(expected);
  });

  it('reads from non-object roots as missing', () => {
    expect(readPath(null, 'a')).toBeUndefined();
    expect(readPath('text', 'length')).toBeUndefined();
  });
});
