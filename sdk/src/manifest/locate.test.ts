import { describe, expect, it } from 'vitest';
import { indexLines, lineOf, locateField } from './locate.js';

const lines = (...l: string[]): string => l.join('\n');

describe('locateField', () => {
  const unified = lines(
    'api_version = "2024-01"', // 1
    '', // 2
    '[[extensions]]', // 3
    'type = "flow_trigger"', // 4
    'handle = "a"', // 5
    '  [[extensions.settings.fields]]', // 6
    '  type = "email"', // 7
    '  [[extensions.settings.fields]]', // 8
    '  type = "url"', // 9
    '[[extensions]]', // 10
    'handle = "b"', // 11
    '  [[extensions.settings.fields]]', // 12
    '  type = "boolean"', // 13
    '  [[extensions.settings.fields]]', // 14
    '  type = "boolean"', // 15
    '  [[extensions.settings.fields]]', // 16
    '  type = "email" # the third field of the second entry', // 17
    '  key = "to"', // 18
    '  [extensions.template]', // 19
    '  module = "./t.flow"', // 20
    '[settings]', // 21: a root table, whatever the indentation above suggests
    '[[settings.fields]]', // 22
    'type = "order_reference"', // 23
  );

  it.each([
    ['api_version', 1],
    ['extensions[0]', 3],
    ['extensions[0].handle', 5],
    ['extensions[0].settings.fields[0].type', 7],
    ['extensions[0].settings.fields[1].type', 9],
    ['extensions[1].handle', 11],
    ['extensions[1].settings.fields[0].type', 13],
    ['extensions[1].settings.fields[2].type', 17],
    ['extensions[1].settings.fields[2].key', 18],
    ['extensions[1].template.module', 20],
    ['settings', 21],
    ['settings.fields[0].type', 23],
  ])('finds %s on line %i', (path, line) => {
    expect(locateField(unified, path)).toBe(line);
  });

  it.each([
    ['extensions[1].name', 10], // missing key: its [[extensions]] header
    ['extensions[0].settings.fields[1].key', 8], // missing key in a field: the field header
    ['extensions[1].template.categories', 19],
    ['extensions[0].settings', 6], // implicit table: where it first appears
  ])('falls back from %s to its enclosing table on line %i', (path, line) => {
    expect(locateField(unified, path)).toBe(line);
  });

  it('gives no line for a missing top-level key', () => {
    expect(locateField(unified, 'handle')).toBeUndefined();
    expect(locateField('', 'type')).toBeUndefined();
  });

  it('is not fooled by multi-line strings and arrays', () => {
    const source = lines(
      'description = """', // 1
      '[fake]', // 2
      'handle = "inside a string"', // 3
      '"""', // 4
      "note = '''", // 5
      '[[also.fake]]', // 6
      "'''", // 7
      'categories = [', // 8
      '  ["nested"],', // 9
      '  "x = 1",', // 10
      ']', // 11
      'handle = "real" # [not] a header', // 12
      'escaped = "a \\" [b]" ; other = 1', // 13
      'quoted = """ends on one line"""', // 14
      'name = "after"', // 15
    );
    expect(locateField(source, 'handle')).toBe(12);
    expect(locateField(source, 'categories')).toBe(8);
    expect(locateField(source, 'name')).toBe(15);
    expect(locateField(source, 'fake')).toBeUndefined();
  });

  it('reads quoted keys, dotted keys, inline tables and CRLF line ends', () => {
    const source = lines(
      '[settings]', // 1
      '"odd key" = 1', // 2
      'template.module = "./t.flow"', // 3
      "[ 'quoted' . table ]", // 4
      'inline = { a = 1, b = 2 }', // 5
    ).replace(/\n/g, '\r\n');
    expect(locateField(source, 'settings.odd key')).toBe(2);
    expect(locateField(source, 'settings.template.module')).toBe(3);
    expect(locateField(source, 'settings.template')).toBe(3);
    expect(locateField(source, 'quoted.table')).toBe(4);
    expect(locateField(source, 'quoted.table.inline.b')).toBe(5);
  });

  it('counts arrays of tables per parent element', () => {
    const index = indexLines(lines('[[a]]', '[[a.b]]', '[[a]]', '[[a.b]]', '[[a.b]]'));
    expect(lineOf(index, 'a[1].b[0]')).toBe(4);
    expect(lineOf(index, 'a[1].b[1]')).toBe(5);
    expect(lineOf(index, 'a[0].b[1]')).toBe(2); // no such element: falls back to the first a[0].b
  });
});
