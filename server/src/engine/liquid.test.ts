import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTemplateEngine } from './liquid.js';
import type { DataSchema } from './definition.js';

const engine = createTemplateEngine();
const render = (source: string, data: object = {}) => engine.render(engine.compile(source), data);

const SCHEMA: DataSchema = {
  rating: { kind: 'number', integer: true },
  title: { kind: 'string' },
  'review title': { kind: 'string' },
  created_at: { kind: 'date' },
  customer: { kind: 'object', fields: { name: { kind: 'string' }, 'first name': { kind: 'string' } } },
  items: { kind: 'list', of: { kind: 'object', fields: { sku: { kind: 'string' }, qty: { kind: 'number' } } } },
  tags: { kind: 'list', of: { kind: 'string' } },
  payload: { kind: 'any' },
};

const DATA = {
  rating: 1,
  title: 'Good, cheap, fast',
  'review title': 'Nice',
  created_at: '2024-01-31T10:00:00Z',
  customer: { name: 'Ann', 'first name': 'Ann' },
  items: [
    { sku: 'A-1', qty: 2 },
    { sku: 'B-2', qty: 1 },
  ],
  tags: ['vip', 'new'],
  payload: { a: { b: 'deep' } },
};

describe('render', () => {
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
  const hmac = (s: string, k: string) => createHmac('sha256', k).update(s).digest('hex');
  const cases: Array<[string, string, string]> = [
    ['times', '{{ rating | times: 10 }}', '10'],
    ['remove', "{{ title | remove: ',' }}", 'Good cheap fast'],
    ['bracketed key with spaces', '{{ ["review title"] }} {{ customer["first name"] }}', 'Nice Ann'],
    ['loops and indexes', '{% for i in items %}{{ i.sku }}x{{ i.qty }};{% endfor %}{{ items[1].sku }}{{ items.size }}', 'A-1x2;B-2x1;B-22'],
    ['first/last', '{{ items.first.sku }}-{{ items.last.sku }}-{{ tags | join: "+" }}', 'A-1-B-2-vip+new'],
    ['assign and capture', '{% assign n = rating | plus: 1 %}{% capture t %}[{{ n }}]{% endcapture %}{{ t }}', '[2]'],
    ['undeclared shape', '{{ payload.a.b }}', 'deep'],
    ['lenient if on missing field', '{% if customer.email %}yes{% else %}no{% endif %}', 'no'],
    ['default on missing field', '{{ customer.email | default: "none" }}', 'none'],
    ['date filter in UTC', '{{ created_at | date: "%Y-%m-%d %H:%M" }}', '2024-01-31 10:00'],
    // Flow's filters
    ['date_plus day', '{{ "2024-01-01T00:00:00Z" | date_plus: "1 day" }}', '2024-01-02T00:00:00.000Z'],
    ['date_plus seconds', '{{ "2024-01-01T00:00:00Z" | date_plus: "90 seconds" }}', '2024-01-01T00:01:30.000Z'],
    ['date_plus minutes', '{{ "2024-01-01T00:00:00Z" | date_plus: "5 minutes" }}', '2024-01-01T00:05:00.000Z'],
    ['date_plus hour', '{{ "2024-01-01T00:00:00Z" | date_plus: "1 hour" }}', '2024-01-01T01:00:00.000Z'],
    ['date_plus weeks', '{{ "2024-01-01T00:00:00Z" | date_plus: "2 weeks" }}', '2024-01-15T00:00:00.000Z'],
    ['date_plus month clamps', '{{ created_at | date_plus: "1 month" }}', '2024-02-29T10:00:00.000Z'],
    ['date_plus years', '{{ "2024-02-29T00:00:00Z" | date_plus: "1 year" }}', '2025-02-28T00:00:00.000Z'],
    ['date_plus with offset input', '{{ "2024-01-01T02:00:00+02:00" | date_plus: "1 Day" }}', '2024-01-02T00:00:00.000Z'],
    ['date_minus days', '{{ "2024-03-01T00:00:00Z" | date_minus: "1 day" }}', '2024-02-29T00:00:00.000Z'],
    ['date_minus months', '{{ "2024-03-31T00:00:00Z" | date_minus: "1 month" }}', '2024-02-29T00:00:00.000Z'],
    ['date_minus years', '{{ "2024-03-31T00:00:00Z" | date_minus: "2 years" }}', '2022-03-31T00:00:00.000Z'],
    ['date_minus hours', '{{ "2024-01-01T00:00:00Z" | date_minus: "3 hours" }}', '2023-12-31T21:00:00.000Z'],
    ['date_minus negative', '{{ "2024-01-01T00:00:00Z" | date_minus: "-1 day" }}', '2024-01-02T00:00:00.000Z'],
    ['md5', '{{ title | md5 }}', md5('Good, cheap, fast')],
    ['md5 of a number', '{{ rating | md5 }}', md5('1')],
    ['sha256', '{{ title | sha256 }}', sha256('Good, cheap, fast')],
    ['hmac_sha256', '{{ title | hmac_sha256: "s3cret" }}', hmac('Good, cheap, fast', 's3cret')],
    ['sha256 of unicode', '{{ "héllo ✓" | sha256 }}', sha256('héllo ✓')],
  ];
  it.each(cases)('%s', async (_name, source, expected) => {
    expect(await render(source, DATA)).toBe(expected);
  });

  it('date_plus and date_minus accept "now" and Date values', async () => {
    const before = Date.now();
    const out = Date.parse(await render('{{ "now" | date_plus: "1 hour" }}'));
    expect(out).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(out).toBeLessThan(Date.now() + 3_600_000 + 1);
    expect(await render('{{ d | date_minus: "1 week" }}', { d: new Date('2024-01-08T00:00:00Z') })).toBe(
      '2024-01-01T00:00:00.000Z',
    );
  });

  const failures: Array<[string, string, object, RegExp]> = [
    ['unknown variable', '{{ nope }}', {}, /Liquid render failed: undefined variable: nope/],
    ['unknown nested variable', '{{ customer.email }}', DATA, /undefined variable: customer\.email/],
    ['no prototype properties', '{{ customer.constructor }}', DATA, /undefined variable: customer\.constructor/],
    ['date_plus bad duration', '{{ created_at | date_plus: "1 fortnight" }}', DATA, /date_plus: "1 fortnight" is not a duration/],
    ['date_plus bad date', '{{ title | date_plus: "1 day" }}', DATA, /date_plus: "Good, cheap, fast" is not a date/],
    ['date_minus missing argument', '{{ created_at | date_minus }}', DATA, /date_minus: undefined is not a duration/],
  ];
  it.each(failures)('rejects on %s', async (_name, source, data, message) => {
    await expect(render(source, data)).rejects.toThrow(message);
  });

  it('stops a runaway loop at the render time limit', async () => {
    const limited = createTemplateEngine({ renderLimitMs: 50 });
    const big = Array.from({ length: 1000 }, (_, i) => i);
    const tpl = limited.compile('{% for a in big %}{% for b in big %}{% for c in big %}{{ c }}{% endfor %}{% endfor %}{% endfor %}');
    const started = Date.now();
    await expect(limited.render(tpl, { big })).rejects.toThrow(/Liquid render failed: template render limit exceeded/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('stops a render at the memory limit', async () => {
    const limited = createTemplateEngine({ memoryLimit: 1_000 });
    await expect(limited.render(limited.compile('{% for i in (1..5000) %}{% endfor %}'), {})).rejects.toThrow(
      /memory alloc limit exceeded/,
    );
    await expect(limited.render(limited.compile('{{ "x" | append: s | md5 }}'), { s: 'y'.repeat(2_000) })).rejects.toThrow(
      /memory alloc limit exceeded/,
    );
  });

  it('enforces the parse limit per template, not per engine', () => {
    const limited = createTemplateEngine({ parseLimit: 100 });
    expect(() => limited.compile('x'.repeat(101))).toThrow(/Liquid syntax error: parse length limit exceeded/);
    for (let i = 0; i < 5; i++) expect(limited.compile('y'.repeat(90)).source).toHaveLength(90);
  });
});

describe('compile', () => {
  it.each([
    ['unclosed output', '{{ title ', /Liquid syntax error: output "\{\{ title " not closed/],
    ['unclosed tag', '{% if rating > 1 %}yes', /Liquid syntax error: tag \{% if rating > 1 %\} not closed/],
    ['unknown filter', '{{ title | shout }}', /undefined filter: shout/],
    ['unknown tag', '{% frobnicate %}', /tag "frobnicate" not found/],
    ['no file includes', '{% include "secrets" %}', /tag "include" not found/],
    ['no file renders', '{% render "secrets" %}', /tag "render" not found/],
    ['no layouts', '{% layout "x" %}', /tag "layout" not found/],
  ])('rejects %s', (_name, source, message) => {
    expect(() => engine.compile(source)).toThrow(message);
  });
});

describe('check', () => {
  it.each([
    ['plain text', 'Hello'],
    ['known variables', '{{ rating | times: 10 }} {{ title | remove: "," }} {{ customer.name }}'],
    ['bracketed keys', '{{ ["review title"] }} {{ customer["first name"] }}'],
    ['indexes and liquid properties', '{{ items[0].sku }} {{ items.first.qty }} {{ items.last.sku }} {{ items.size }} {{ title.size }}'],
    ['loop variables', '{% for i in items %}{{ i.whatever }}{{ forloop.index }}{% endfor %}'],
    ['assign and capture', '{% assign x = title %}{{ x.foo }}{% capture y %}{{ rating }}{% endcapture %}{{ y }}'],
    ['dynamic index', '{% assign n = 0 %}{{ items[n].sku }}'],
    ['variables in tags and filter arguments', '{% if rating > 3 %}{{ title | append: customer.name }}{% endif %}'],
    ['undeclared shape', '{{ payload.any.thing[3] }}'],
    ['flow filters', '{{ created_at | date_plus: "1 day" | date_minus: "2 hours" }} {{ title | md5 }} {{ title | sha256 }} {{ title | hmac_sha256: "k" }}'],
  ])('accepts %s', (_name, source) => {
    expect(engine.check(source, SCHEMA, 'f')).toEqual([]);
  });

  it.each([
    ['unknown variable', '{{ ratng }}', [/Unknown variable "ratng". Known variables include: rating.*\(in Liquid\)/]],
    ['unknown field', '{{ customer.nmae }}', [/"customer" has no field "nmae"; its fields include: name/]],
    ['field of a list', '{{ items.sku }}', [/"items" is a list of objects; index it like items\[0\]/]],
    ['field of a scalar', '{{ title.first }}', [/"title" is a text value and has no field "first"/]],
    ['unknown item field', '{{ items[0].price }}', [/"items\[0\]" has no field "price"/]],
    ['in a tag', '{% if nope %}x{% endif %}', [/Unknown variable "nope"/]],
    ['in a filter argument', '{{ title | append: custmer.name }}', [/Unknown variable "custmer.name".*customer/]],
    ['several, each once', '{{ a }}{{ b }}{{ a }}', [/"a"/, /"b"/]],
    ['unknown filter', '{{ title | shout }}', [/^Unknown Liquid filter: shout/]],
    ['syntax error', '{{ title ', [/^Liquid syntax error: output "\{\{ title " not closed, line:1, col:1/]],
    ['file include', '{% include "x" %}', [/^Liquid syntax error: tag "include" not found/]],
  ])('reports %s', (_name, source, messages) => {
    const problems = engine.check(source, SCHEMA, 'steps[0].fields["note"]');
    expect(problems.map((p) => p.path)).toEqual(messages.map(() => 'steps[0].fields["note"]'));
    problems.forEach((p, i) => expect(p.message).toMatch(messages[i] as RegExp));
  });

  it('reports the parse limit', () => {
    const limited = createTemplateEngine({ parseLimit: 10 });
    expect(limited.check('{{ rating }} and more', SCHEMA, 'f')).toEqual([
      { path: 'f', message: expect.stringMatching(/parse length limit exceeded/) },
    ]);
  });
});
