import { describe, expect, it } from 'vitest';
import { checkCondition, compileCondition } from './conditions.js';
import type { Condition, DataSchema, Operator, VarType } from './definition.js';

const NOW = new Date('2024-06-15T12:00:00Z');

const DATA = {
  title: 'Great Product, Loved it',
  rating: 4,
  zero: 0,
  zero_text: '0',
  blank: ' ',
  price: '19.99',
  verified: true,
  created_at: '2024-06-10T08:00:00Z',
  created_date: new Date('2024-06-10T08:00:00Z'),
  week_ago: '2024-06-08T12:00:00Z',
  future: '2024-07-01T00:00:00Z',
  not_a_date: 'yesterday',
  tags: ['vip', 'Wholesale'],
  scores: [1, 5, 9],
  customer: { name: 'Ann Lee', 'first name': 'Ann', orders_count: 3 },
  items: [
    { sku: 'A-1', qty: 2, tags: ['sale'] },
    { sku: 'B-2', qty: 0, tags: [] },
  ],
  customer_id: 12345,
  empty_text: '',
  empty_list: [],
  nothing: null,
  matrix: [[1, 2], [3]],
  payload: { deep: { x: 'y' } },
};

const cmp = (field: string, op: Operator, value?: unknown): Condition =>
  value === undefined ? { field, op } : { field, op, value };

describe('compileCondition: comparisons', () => {
  const cases: Array<[string, Condition, boolean]> = [
    // equals / not_equals
    ['text equals exact', cmp('title', 'equals', 'Great Product, Loved it'), true],
    ['text equals is case-sensitive', cmp('title', 'equals', 'great product, loved it'), false],
    ['number equals', cmp('rating', 'equals', 4), true],
    ['number equals other', cmp('rating', 'equals', 5), false],
    ['numeric string equals number', cmp('price', 'equals', 19.99), true],
    ['boolean equals true', cmp('verified', 'equals', true), true],
    ['boolean equals false', cmp('verified', 'equals', false), false],
    ['numeric id equals string id', cmp('customer_id', 'equals', '12345'), true],
    ['numeric id equals differently written id', cmp('customer_id', 'equals', '012345'), false],
    ['date equals date-only (same UTC day)', cmp('created_at', 'equals', '2024-06-10'), true],
    ['date equals other day', cmp('created_at', 'equals', '2024-06-11'), false],
    ['date equals same instant other offset', cmp('created_at', 'equals', '2024-06-10T10:00:00+02:00'), true],
    ['Date object equals date-only', cmp('created_date', 'equals', '2024-06-10'), true],
    ['bracketed key with space', cmp('customer["first name"]', 'equals', 'Ann'), true],
    ['missing equals', cmp('nope', 'equals', 'x'), false],
    ['null equals', cmp('nothing', 'equals', 'x'), false],
    ['text not_equals other', cmp('title', 'not_equals', 'Other'), true],
    ['text not_equals same', cmp('title', 'not_equals', 'Great Product, Loved it'), false],
    ['number not_equals', cmp('rating', 'not_equals', 5), true],
    ['boolean not_equals', cmp('verified', 'not_equals', false), true],
    ['missing not_equals is false', cmp('nope', 'not_equals', 'x'), false],
    // numeric comparisons
    ['greater_than true', cmp('rating', 'greater_than', 3), true],
    ['greater_than equal value', cmp('rating', 'greater_than', 4), false],
    ['greater_than_or_equal', cmp('rating', 'greater_than_or_equal', 4), true],
    ['greater_than_or_equal false', cmp('rating', 'greater_than_or_equal', 4.5), false],
    ['less_than', cmp('rating', 'less_than', 5), true],
    ['less_than false', cmp('rating', 'less_than', 4), false],
    ['less_than_or_equal', cmp('rating', 'less_than_or_equal', 4), true],
    ['less_than_or_equal false', cmp('rating', 'less_than_or_equal', 3), false],
    ['numeric string coerced', cmp('price', 'greater_than', 19), true],
    ['zero compares', cmp('zero', 'less_than', 1), true],
    ['non-numeric text is false', cmp('title', 'greater_than', 1), false],
    ['empty string is not zero', cmp('empty_text', 'greater_than', -1), false],
    ['blank string is not zero', cmp('blank', 'equals', 0), false],
    ['"0" is zero', cmp('zero_text', 'equals', 0), true],
    ['missing greater_than', cmp('nope', 'greater_than', 0), false],
    ['missing less_than', cmp('nope', 'less_than', 0), false],
    // text
    ['contains is case-insensitive', cmp('title', 'contains', 'LOVED'), true],
    ['contains absent', cmp('title', 'contains', 'hated'), false],
    ['contains regexp characters literally', cmp('title', 'contains', 'product,'), true],
    ['contains does not treat . as wildcard', cmp('title', 'contains', 'G.eat'), false],
    ['not_contains absent', cmp('title', 'not_contains', 'hated'), true],
    ['not_contains present', cmp('title', 'not_contains', 'loved'), false],
    ['missing contains', cmp('nope', 'contains', 'x'), false],
    ['missing not_contains is false', cmp('nope', 'not_contains', 'x'), false],
    ['starts_with', cmp('title', 'starts_with', 'great'), true],
    ['starts_with elsewhere', cmp('title', 'starts_with', 'product'), false],
    ['ends_with', cmp('title', 'ends_with', 'IT'), true],
    ['ends_with elsewhere', cmp('title', 'ends_with', 'great'), false],
    ['starts_with on numeric id', cmp('customer_id', 'starts_with', '123'), true],
    ['missing starts_with', cmp('nope', 'starts_with', ''), false],
    // lists of scalars
    ['list contains', cmp('tags', 'contains', 'vip'), true],
    ['list contains is exact membership', cmp('tags', 'contains', 'VIP'), false],
    ['list contains number', cmp('scores', 'contains', 5), true],
    ['list contains absent number', cmp('scores', 'contains', 2), false],
    ['list not_contains', cmp('tags', 'not_contains', 'retail'), true],
    ['list not_contains present', cmp('tags', 'not_contains', 'Wholesale'), false],
    // emptiness
    ['is_empty on empty string', cmp('empty_text', 'is_empty'), true],
    ['is_empty on empty list', cmp('empty_list', 'is_empty'), true],
    ['is_empty on null', cmp('nothing', 'is_empty'), true],
    ['is_empty on missing', cmp('nope', 'is_empty'), true],
    ['is_empty on text', cmp('title', 'is_empty'), false],
    ['is_empty on zero', cmp('zero', 'is_empty'), false],
    ['is_empty on false', cmp('verified', 'is_empty'), false],
    ['is_not_empty on text', cmp('title', 'is_not_empty'), true],
    ['is_not_empty on list', cmp('tags', 'is_not_empty'), true],
    ['is_not_empty on empty list', cmp('empty_list', 'is_not_empty'), false],
    ['is_not_empty on missing', cmp('nope', 'is_not_empty'), false],
    // is_one_of
    ['text is_one_of', cmp('title', 'is_one_of', ['a', 'Great Product, Loved it']), true],
    ['text is_one_of is case-sensitive', cmp('title', 'is_one_of', ['great product, loved it']), false],
    ['number is_one_of', cmp('rating', 'is_one_of', [1, 4]), true],
    ['number is_one_of absent', cmp('rating', 'is_one_of', [1, 5]), false],
    ['numeric string is_one_of numbers', cmp('price', 'is_one_of', [19.99]), true],
    ['numeric id is_one_of string ids', cmp('customer_id', 'is_one_of', ['999', '12345']), true],
    ['missing is_one_of', cmp('nope', 'is_one_of', ['x']), false],
    // dates
    ['before later date', cmp('created_at', 'before', '2024-06-11'), true],
    ['before earlier date', cmp('created_at', 'before', '2024-06-10T07:59:59Z'), false],
    ['after earlier instant', cmp('created_at', 'after', '2024-06-10T07:59:59Z'), true],
    ['after later date', cmp('created_at', 'after', '2024-06-11'), false],
    ['after on Date object', cmp('created_date', 'after', '2024-06-01'), true],
    ['unparseable date before', cmp('not_a_date', 'before', '2030-01-01'), false],
    ['missing before', cmp('nope', 'before', '2030-01-01'), false],
    ['missing after', cmp('nope', 'after', '2000-01-01'), false],
    ['within_last_days inside', cmp('created_at', 'within_last_days', 7), true],
    ['within_last_days too old', cmp('created_at', 'within_last_days', 5), false],
    ['within_last_days exact boundary', cmp('week_ago', 'within_last_days', 7), true],
    ['within_last_days future', cmp('future', 'within_last_days', 30), false],
    ['within_last_days missing', cmp('nope', 'within_last_days', 30), false],
    // undeclared shapes
    ['deep path into any', cmp('payload.deep.x', 'equals', 'y'), true],
    ['indexed path', cmp('items[1].sku', 'equals', 'B-2'), true],
  ];

  it.each(cases)('%s', (_name, cond, expected) => {
    const compiled = compileCondition(cond);
    const outcome = compiled.evaluate(DATA, NOW);
    expect(outcome.result).toBe(expected);
    expect(compiled.matches(DATA, NOW)).toBe(expected);
    expect(outcome.checks).toHaveLength(1);
    expect(outcome.checks[0]?.result).toBe(expected);
  });

  it('records field, op, expected and actual per comparison', () => {
    expect(compileCondition(cmp('rating', 'greater_than', 3)).evaluate(DATA, NOW).checks).toEqual([
      { field: 'rating', op: 'greater_than', expected: 3, actual: 4, result: true },
    ]);
    expect(compileCondition(cmp('nope', 'is_empty')).evaluate(DATA, NOW).checks).toEqual([
      { field: 'nope', op: 'is_empty', actual: undefined, result: true },
    ]);
  });

  it('does not read inherited properties', () => {
    expect(compileCondition(cmp('customer.constructor', 'is_empty')).evaluate(DATA, NOW).result).toBe(true);
    expect(compileCondition(cmp('tags.length', 'equals', 2)).evaluate(DATA, NOW).result).toBe(false);
  });

  it('is reusable across evaluations and times', () => {
    const c = compileCondition(cmp('created_at', 'within_last_days', 1));
    expect(c.matches(DATA, NOW)).toBe(false);
    expect(c.matches(DATA, new Date('2024-06-10T20:00:00Z'))).toBe(true);
    expect(c.matches({ created_at: '2024-06-15T00:00:00Z' }, NOW)).toBe(true);
  });

  it('rejects malformed conditions at compile time', () => {
    expect(() => compileCondition(cmp('a..b', 'equals', 1))).toThrow(/Invalid variable path/);
    expect(() => compileCondition(cmp('a', 'bigger' as Operator, 1))).toThrow(/Unknown condition operator/);
  });
});

describe('compileCondition: groups', () => {
  const yes = cmp('rating', 'equals', 4);
  const no = cmp('rating', 'equals', 5);
  const cases: Array<[string, Condition, boolean, number]> = [
    ['all true', { all: [yes, yes] }, true, 2],
    ['all with a false last', { all: [yes, no] }, false, 2],
    ['all stops at first false', { all: [no, yes] }, false, 1],
    ['any stops at first true', { any: [yes, no] }, true, 1],
    ['any all false', { any: [no, no] }, false, 2],
    ['nested all of any', { all: [{ any: [no, yes] }, { any: [yes] }] }, true, 3],
    ['nested any of all', { any: [{ all: [yes, no] }, { all: [yes, yes] }] }, true, 4],
    ['nested false', { all: [yes, { any: [no, { all: [no] }] }] }, false, 3],
  ];
  it.each(cases)('%s', (_name, cond, expected, checks) => {
    const outcome = compileCondition(cond).evaluate(DATA, NOW);
    expect(outcome.result).toBe(expected);
    expect(outcome.checks).toHaveLength(checks);
  });
});

describe('compileCondition: list tests', () => {
  const cases: Array<[string, Condition, boolean, { actual: unknown; item?: number }]> = [
    ['any object matches', { list: 'items', quantifier: 'any', where: cmp('qty', 'greater_than', 1) }, true, { actual: 2, item: 0 }],
    ['any object none match', { list: 'items', quantifier: 'any', where: cmp('qty', 'greater_than', 5) }, false, { actual: 2 }],
    ['all objects fail at second', { list: 'items', quantifier: 'all', where: cmp('qty', 'greater_than', 1) }, false, { actual: 2, item: 1 }],
    ['all objects hold', { list: 'items', quantifier: 'all', where: cmp('sku', 'contains', '-') }, true, { actual: 2 }],
    ['none of objects', { list: 'items', quantifier: 'none', where: cmp('sku', 'equals', 'C-3') }, true, { actual: 2 }],
    ['none fails on a match', { list: 'items', quantifier: 'none', where: cmp('sku', 'starts_with', 'b') }, false, { actual: 2, item: 1 }],
    ['any scalar', { list: 'tags', quantifier: 'any', where: cmp('item', 'equals', 'vip') }, true, { actual: 2, item: 0 }],
    ['all scalars', { list: 'scores', quantifier: 'all', where: cmp('item', 'greater_than', 0) }, true, { actual: 3 }],
    ['none scalars fails', { list: 'scores', quantifier: 'none', where: cmp('item', 'greater_than', 8) }, false, { actual: 3, item: 2 }],
    ['any on empty list', { list: 'empty_list', quantifier: 'any', where: cmp('item', 'is_empty') }, false, { actual: 0 }],
    ['all on empty list', { list: 'empty_list', quantifier: 'all', where: cmp('item', 'is_empty') }, true, { actual: 0 }],
    ['none on empty list', { list: 'empty_list', quantifier: 'none', where: cmp('item', 'is_empty') }, true, { actual: 0 }],
    ['any on missing list', { list: 'nope', quantifier: 'any', where: cmp('item', 'is_empty') }, false, { actual: undefined }],
    ['all on missing list', { list: 'nope', quantifier: 'all', where: cmp('item', 'is_empty') }, false, { actual: undefined }],
    ['none on missing list', { list: 'nope', quantifier: 'none', where: cmp('item', 'is_empty') }, false, { actual: undefined }],
    ['none on a non-list', { list: 'title', quantifier: 'none', where: cmp('item', 'is_empty') }, false, { actual: DATA.title }],
    [
      'where with a group',
      { list: 'items', quantifier: 'any', where: { all: [cmp('qty', 'equals', 0), cmp('sku', 'ends_with', '2')] } },
      true,
      { actual: 2, item: 1 },
    ],
    ['nested list field contains', { list: 'items', quantifier: 'any', where: cmp('tags', 'contains', 'sale') }, true, { actual: 2, item: 0 }],
    [
      'nested list test',
      { list: 'items', quantifier: 'all', where: { list: 'tags', quantifier: 'none', where: cmp('item', 'equals', 'clearance') } },
      true,
      { actual: 2 },
    ],
    [
      'list of lists',
      { list: 'matrix', quantifier: 'any', where: cmp('item', 'contains', 3) },
      true,
      { actual: 2, item: 1 },
    ],
  ];
  it.each(cases)('%s', (_name, cond, expected, check) => {
    const outcome = compileCondition(cond).evaluate(DATA, NOW);
    expect(outcome.result).toBe(expected);
    const q = (cond as { quantifier: string }).quantifier;
    expect(outcome.checks).toEqual([{ field: (cond as { list: string }).list, op: `list_${q}`, result: expected, ...check }]);
  });

  it('records only the list outcome among other comparisons', () => {
    const outcome = compileCondition({
      all: [cmp('rating', 'equals', 4), { list: 'tags', quantifier: 'any', where: cmp('item', 'equals', 'Wholesale') }],
    }).evaluate(DATA, NOW);
    expect(outcome.checks.map((c) => c.op)).toEqual(['equals', 'list_any']);
    expect(outcome.checks[1]).toMatchObject({ item: 1, result: true });
  });
});

// ---------------------------------------------------------------------------

const SCHEMA: DataSchema = {
  title: { kind: 'string' },
  rating: { kind: 'number', integer: true },
  price: { kind: 'number' },
  verified: { kind: 'boolean' },
  created_at: { kind: 'date' },
  tags: { kind: 'list', of: { kind: 'string' } },
  scores: { kind: 'list', of: { kind: 'number' } },
  customer: {
    kind: 'object',
    fields: { name: { kind: 'string' }, 'first name': { kind: 'string' }, orders_count: { kind: 'number' } },
  },
  items: {
    kind: 'list',
    of: { kind: 'object', fields: { sku: { kind: 'string' }, qty: { kind: 'number' }, tags: { kind: 'list', of: { kind: 'string' } } } },
  },
  matrix: { kind: 'list', of: { kind: 'list', of: { kind: 'number' } } },
  customer_id: { kind: 'string' },
  payload: { kind: 'any' },
};

describe('checkCondition: valid conditions', () => {
  const valid: Array<[string, VarType['kind'] | 'scalar list', Operator, unknown]> = [
    ['title', 'string', 'equals', 'x'],
    ['title', 'string', 'not_equals', 'x'],
    ['title', 'string', 'contains', 'x'],
    ['title', 'string', 'not_contains', 'x'],
    ['title', 'string', 'starts_with', 'x'],
    ['title', 'string', 'ends_with', 'x'],
    ['title', 'string', 'is_empty', undefined],
    ['title', 'string', 'is_not_empty', undefined],
    ['title', 'string', 'is_one_of', ['a', 'b']],
    ['customer_id', 'string', 'equals', 12345],
    ['customer_id', 'string', 'is_one_of', [1, '2']],
    ['rating', 'number', 'equals', 4],
    ['rating', 'number', 'not_equals', 4],
    ['rating', 'number', 'greater_than', 3],
    ['rating', 'number', 'greater_than_or_equal', 3],
    ['price', 'number', 'less_than', 9.5],
    ['price', 'number', 'less_than_or_equal', 9.5],
    ['price', 'number', 'is_empty', undefined],
    ['price', 'number', 'is_not_empty', undefined],
    ['rating', 'number', 'is_one_of', [1, 2]],
    ['verified', 'boolean', 'equals', true],
    ['verified', 'boolean', 'not_equals', false],
    ['verified', 'boolean', 'is_empty', undefined],
    ['verified', 'boolean', 'is_not_empty', undefined],
    ['created_at', 'date', 'before', '2024-01-01'],
    ['created_at', 'date', 'after', '2024-01-01T10:00:00Z'],
    ['created_at', 'date', 'after', '2024-01-01T10:00:00.123+02:00'],
    ['created_at', 'date', 'within_last_days', 7],
    ['created_at', 'date', 'within_last_days', 0.5],
    ['created_at', 'date', 'equals', '2024-01-01'],
    ['created_at', 'date', 'is_empty', undefined],
    ['created_at', 'date', 'is_not_empty', undefined],
    ['tags', 'scalar list', 'contains', 'vip'],
    ['tags', 'scalar list', 'not_contains', 'vip'],
    ['scores', 'scalar list', 'contains', 5],
    ['tags', 'scalar list', 'is_empty', undefined],
    ['tags', 'scalar list', 'is_not_empty', undefined],
    ['items', 'list', 'is_empty', undefined],
    ['customer', 'object', 'is_not_empty', undefined],
    ['customer["first name"]', 'string', 'equals', 'Ann'],
    ['items[0].sku', 'string', 'starts_with', 'A'],
    ['payload.a', 'any', 'equals', 'x'],
    ['payload.a', 'any', 'not_equals', 1],
    ['payload.a.b', 'any', 'greater_than', 1],
    ['payload.a', 'any', 'greater_than_or_equal', 1],
    ['payload.a', 'any', 'less_than', 1],
    ['payload.a', 'any', 'less_than_or_equal', 1],
    ['payload.a', 'any', 'contains', 'x'],
    ['payload.a', 'any', 'not_contains', 'x'],
    ['payload.a', 'any', 'starts_with', 'x'],
    ['payload.a', 'any', 'ends_with', 'x'],
    ['payload.a', 'any', 'is_empty', undefined],
    ['payload.a', 'any', 'is_not_empty', undefined],
    ['payload.a', 'any', 'is_one_of', ['x', 1, true]],
    ['payload.a', 'any', 'before', '2024-01-01'],
    ['payload.a', 'any', 'after', '2024-01-01'],
    ['payload.a', 'any', 'within_last_days', 3],
  ];
  it.each(valid)('%s (%s) %s %j', (field, _kind, op, value) => {
    expect(checkCondition(cmp(field, op, value), SCHEMA, 'c')).toEqual([]);
  });

  const validTrees: Array<[string, Condition]> = [
    ['groups', { all: [cmp('rating', 'equals', 1), { any: [cmp('title', 'is_empty'), cmp('verified', 'equals', true)] }] }],
    ['objects list', { list: 'items', quantifier: 'any', where: cmp('qty', 'greater_than', 1) }],
    ['scalar list item', { list: 'tags', quantifier: 'all', where: cmp('item', 'starts_with', 'v') }],
    ['number list item', { list: 'scores', quantifier: 'none', where: cmp('item', 'less_than', 0) }],
    ['list of lists', { list: 'matrix', quantifier: 'any', where: cmp('item', 'contains', 3) }],
    ['nested list test', { list: 'items', quantifier: 'all', where: { list: 'tags', quantifier: 'any', where: cmp('item', 'equals', 'x') } }],
    ['undeclared list', { list: 'payload.lines', quantifier: 'any', where: cmp('whatever.deep', 'equals', 1) }],
  ];
  it.each(validTrees)('%s', (_name, cond) => {
    expect(checkCondition(cond, SCHEMA, 'c')).toEqual([]);
  });
});

describe('checkCondition: problems', () => {
  const cases: Array<[string, unknown, Array<[string, RegExp]>]> = [
    ['unknown variable', cmp('ratng', 'equals', 1), [['c.field', /Unknown variable "ratng".*rating/]]],
    ['unknown nested field', cmp('customer.nmae', 'equals', 'x'), [['c.field', /"customer" has no field "nmae".*name/]]],
    ['field of a list without index', cmp('items.sku', 'equals', 'x'), [['c.field', /"items" is a list of objects; index it like items\[0\]/]]],
    ['invalid path', cmp('a..b', 'equals', 1), [['c.field', /Invalid variable path "a\.\.b"/]]],
    ['unknown operator', cmp('rating', 'bigger' as Operator, 1), [['c.op', /Unknown operator "bigger"/]]],
    ['ordering on text', cmp('title', 'greater_than', 1), [['c.op', /"greater_than" does not apply to "title" \(a text value\); use one of: equals/]]],
    ['contains on a number', cmp('rating', 'contains', 1), [['c.op', /does not apply to "rating" \(a whole number\)/]]],
    ['before on a boolean', cmp('verified', 'before', '2024-01-01'), [['c.op', /a true\/false value/]]],
    ['greater_than on a date', cmp('created_at', 'greater_than', 1), [['c.op', /a date/]]],
    ['starts_with on a list', cmp('tags', 'starts_with', 'v'), [['c.op', /a list of text values/]]],
    ['equals on an object', cmp('customer', 'equals', 'x'), [['c.op', /an object\); use one of: is_empty, is_not_empty/]]],
    ['contains on a list of objects', cmp('items', 'contains', 'x'), [['c.op', /a list of objects/]]],
    ['text value for a number', cmp('rating', 'equals', '4'), [['c.value', /"rating" equals expects a number, got "4"/]]],
    ['string for greater_than', cmp('rating', 'greater_than', '3'), [['c.value', /expects a number/]]],
    ['greater_than without value', cmp('payload.x', 'greater_than'), [['c.value', /expects a number, got nothing/]]],
    ['number for text', cmp('title', 'contains', true), [['c.value', /expects text/]]],
    ['text for boolean', cmp('verified', 'equals', 'true'), [['c.value', /expects true or false/]]],
    ['is_one_of not a list', cmp('title', 'is_one_of', 'a'), [['c.value', /a non-empty list/]]],
    ['is_one_of empty', cmp('title', 'is_one_of', []), [['c.value', /a non-empty list/]]],
    ['is_one_of wrong item type', cmp('rating', 'is_one_of', [1, 'two']), [['c.value', /a list of numbers/]]],
    ['is_empty with a value', cmp('title', 'is_empty', 'x'), [['c.value', /expects no value/]]],
    ['within_last_days zero', cmp('created_at', 'within_last_days', 0), [['c.value', /positive number of days/]]],
    ['within_last_days negative', cmp('created_at', 'within_last_days', -1), [['c.value', /positive number of days/]]],
    ['within_last_days as text', cmp('created_at', 'within_last_days', '7'), [['c.value', /positive number of days/]]],
    ['before not a date', cmp('created_at', 'before', 'yesterday'), [['c.value', /ISO 8601 date/]]],
    ['before without an offset', cmp('created_at', 'before', '2024-01-01T10:00'), [['c.value', /ISO 8601 date/]]],
    ['impossible date', cmp('created_at', 'after', '2024-13-45'), [['c.value', /ISO 8601 date/]]],
    ['date equals non-date', cmp('created_at', 'equals', 5), [['c.value', /ISO 8601 date/]]],
    ['list contains wrong item type', cmp('scores', 'contains', 'five'), [['c.value', /expects a number/]]],
    ['empty all', { all: [] }, [['c.all', /An "all" group needs at least one condition/]]],
    ['empty any nested', { all: [cmp('rating', 'equals', 1), { any: [] }] }, [['c.all[1].any', /"any" group needs/]]],
    ['group not a list', { any: cmp('rating', 'equals', 1) }, [['c.any', /must be a list/]]],
    ['not a condition', { foo: 1 }, [['c', /needs "all", "any", "field" or "list"/]]],
    ['null condition', null, [['c', /must be an object/]]],
    [
      'problems deep in groups',
      { any: [cmp('rating', 'equals', 1), { all: [cmp('title', 'is_empty'), cmp('nope', 'is_empty')] }] },
      [['c.any[1].all[1].field', /Unknown variable "nope"/]],
    ],
    [
      'several problems',
      { all: [cmp('nope', 'equals', 1), cmp('title', 'less_than', 2), cmp('rating', 'equals', 'x')] },
      [
        ['c.all[0].field', /Unknown variable/],
        ['c.all[1].op', /does not apply/],
        ['c.all[2].value', /expects a number/],
      ],
    ],
    ['list is not a list', { list: 'title', quantifier: 'any', where: cmp('item', 'is_empty') }, [['c.list', /"title" is a text value, not a list/]]],
    ['unknown list', { list: 'lines', quantifier: 'any', where: cmp('item', 'is_empty') }, [['c.list', /Unknown variable "lines"/]]],
    ['bad quantifier', { list: 'tags', quantifier: 'some', where: cmp('item', 'is_empty') }, [['c.quantifier', /"any", "all" or "none"/]]],
    ['missing where', { list: 'tags', quantifier: 'any' }, [['c.where', /needs a "where"/]]],
    [
      'where checks object item fields',
      { list: 'items', quantifier: 'any', where: cmp('price', 'greater_than', 1) },
      [['c.where.field', /Unknown variable "price".*(sku|qty|tags)/]],
    ],
    [
      'where paths are relative to the item',
      { list: 'items', quantifier: 'any', where: cmp('title', 'is_empty') },
      [['c.where.field', /Unknown variable "title"/]],
    ],
    [
      'scalar list allows only item',
      { list: 'tags', quantifier: 'any', where: cmp('name', 'equals', 'x') },
      [['c.where.field', /Unknown variable "name".*item/]],
    ],
    [
      'scalar item operator type',
      { list: 'tags', quantifier: 'all', where: cmp('item', 'greater_than', 1) },
      [['c.where.op', /a text value/]],
    ],
    [
      'scalar item value type',
      { list: 'scores', quantifier: 'all', where: cmp('item', 'greater_than', 'x') },
      [['c.where.value', /expects a number/]],
    ],
    [
      'empty group inside where',
      { list: 'items', quantifier: 'none', where: { any: [] } },
      [['c.where.any', /"any" group needs/]],
    ],
  ];
  it.each(cases)('%s', (_name, cond, expected) => {
    const problems = checkCondition(cond as Condition, SCHEMA, 'c');
    expect(problems.map((p) => p.path)).toEqual(expected.map(([path]) => path));
    problems.forEach((p, i) => expect(p.message).toMatch((expected[i] as [string, RegExp])[1]));
  });
});
