import { describe, expect, it } from 'vitest';
import {
  parseManifest,
  parseManifests,
  type ActionExtension,
  type ManifestProblem,
  type ParseOptions,
  type ParseResult,
  type TemplateExtension,
  type TriggerExtension,
} from './index.js';

const FILE = 'extensions/x/shopify.extension.toml';

/** Lines joined, so a case's line numbers are its array indices plus one. */
const toml = (...lines: string[]): string => lines.join('\n');

// Lines 1-3; extra lines start at 4.
const trigger = (...extra: string[]): string =>
  toml('type = "flow_trigger"', 'handle = "review-created"', 'name = "Review created"', ...extra);

// Lines 1-4; extra lines start at 5.
const action = (...extra: string[]): string =>
  toml(
    'type = "flow_action"',
    'handle = "add-points"',
    'name = "Add points"',
    'runtime_url = "https://app.example/api/execute"',
    ...extra,
  );

// Lines 1-4 (the `[[extensions]]` header is line 1); extra lines start at 5.
const template = (...extra: string[]): string =>
  toml('[[extensions]]', 'type = "flow_template"', 'handle = "tag-vips"', 'name = "t:name"', ...extra);

function accept(source: string, opts?: ParseOptions): ParseResult {
  const result = parseManifest(source, FILE, opts);
  expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return result;
}

function find(result: ParseResult, code: string, field: string): ManifestProblem {
  const problem = result.problems.find((p) => p.code === code && p.field === field);
  expect(problem, `no ${code} at ${field} in ${JSON.stringify(result.problems, null, 2)}`).toBeDefined();
  return problem as ManifestProblem;
}

describe('parseManifest accepts real Flow manifests', () => {
  it('imports the Flow docs trigger unchanged (root [settings] inherited by the entry)', () => {
    const source = [
      'api_version = "2024-01"',
      '[[extensions]]',
      'name = "Auction Bid Placed"',
      'type = "flow_trigger"',
      'handle = "auction-bid-placed"',
      'description = "Your description"',
      '  [settings]',
      '    [[settings.fields]]',
      '    type = "customer_reference"',
      '    [[settings.fields]]',
      '    type = "single_line_text_field"',
      '    key = "your field key"',
    ].join('\n');
    const result = accept(source);
    expect(result.problems).toEqual([]);
    expect(result.extensions).toEqual([
      {
        type: 'flow_trigger',
        handle: 'auction-bid-placed',
        name: 'Auction Bid Placed',
        description: 'Your description',
        apiVersion: '2024-01',
        file: FILE,
        fields: [
          { type: 'customer_reference', required: false, payloadKey: 'customer_id' },
          { type: 'single_line_text_field', key: 'your field key', required: false, payloadKey: 'your field key' },
        ],
      },
    ]);
  });

  it('imports the Flow docs action with every URL, schema and return type', () => {
    const source = toml(
      'api_version = "2024-01"',
      '',
      '[[extensions]]',
      'name = "Place auction bid"',
      'type = "flow_action"',
      'handle = "place-bid"',
      'description = "Your description"',
      'runtime_url = "https://your-app.example/api/execute"',
      'validation_url = "https://your-app.example/api/validate"',
      'config_page_url = "https://your-app.example/config"',
      'config_page_preview_url = "https://your-app.example/config/preview"',
      'schema = "./schema.graphql"',
      'return_type_ref = "Auction"',
      '',
      '[settings]',
      '',
      '  [[settings.fields]]',
      '  type = "customer_reference"',
      '  required = true',
      '',
      '  [[settings.fields]]',
      '  type = "single_line_text_field"',
      '  key = "your field key"',
      '  name = "Display name"',
      '  description = "A description of my field"',
      '  required = true',
    );
    const result = accept(source);
    expect(result.problems).toEqual([]);
    const [ext] = result.extensions as ActionExtension[];
    expect(ext).toEqual({
      type: 'flow_action',
      handle: 'place-bid',
      name: 'Place auction bid',
      description: 'Your description',
      apiVersion: '2024-01',
      file: FILE,
      runtimeUrl: 'https://your-app.example/api/execute',
      validationUrl: 'https://your-app.example/api/validate',
      configPageUrl: 'https://your-app.example/config',
      configPagePreviewUrl: 'https://your-app.example/config/preview',
      schema: './schema.graphql',
      returnTypeRef: 'Auction',
      fields: [
        { type: 'customer_reference', required: true, payloadKey: 'customer_id' },
        {
          type: 'single_line_text_field',
          key: 'your field key',
          name: 'Display name',
          description: 'A description of my field',
          required: true,
          payloadKey: 'your field key',
        },
      ],
    });
  });

  it('reads a flat trigger with schema types and required fields', () => {
    const source = trigger(
      'description = "A review was created"',
      'schema = "./schema.graphql"',
      '[settings]',
      '[[settings.fields]]',
      'type = "schema.Review"',
      'key = "review"',
      'required = true',
      '[[settings.fields]]',
      'type = "boolean"',
      'key = "Verified buyer"',
      'name = "Verified"',
    );
    const [ext] = accept(source).extensions as TriggerExtension[];
    expect(ext?.schema).toBe('./schema.graphql');
    expect(ext?.apiVersion).toBeUndefined();
    expect(ext?.fields).toEqual([
      { type: 'schema.Review', key: 'review', required: true, payloadKey: 'review' },
      { type: 'boolean', key: 'Verified buyer', name: 'Verified', required: false, payloadKey: 'Verified buyer' },
    ]);
  });

  it.each([
    ['customer_reference', 'customer_id'],
    ['order_reference', 'order_id'],
    ['product_reference', 'product_id'],
    ['company_reference', 'company_id'],
    ['company_contact_reference', 'company_contact_id'],
    ['marketing_activity_reference', 'marketing_activity_id'],
    ['abandonment_reference', 'abandonment_id'],
  ])('gives an action %s field the payload key %s', (type, payloadKey) => {
    const [ext] = accept(action('[[settings.fields]]', `type = "${type}"`)).extensions as ActionExtension[];
    expect(ext?.fields).toEqual([{ type, required: false, payloadKey }]);
  });

  it('takes action field keys free-form and every value type', () => {
    const types = ['single_line_text_field', 'multi_line_text_field', 'number_integer', 'number_decimal', 'boolean', 'email', 'url'];
    const lines = types.flatMap((type, i) => ['[[settings.fields]]', `type = "${type}"`, `key = "field.${i}-x_y"`, `name = "F${i}"`]);
    const [ext] = accept(action(...lines)).extensions as ActionExtension[];
    expect(ext?.fields.map((f) => [f.type, f.payloadKey])).toEqual(types.map((t, i) => [t, `field.${i}-x_y`]));
  });

  it('keeps app-relative action URLs as written', () => {
    const source = toml(
      'type = "flow_action"',
      'handle = "add-points"',
      'name = "Add points"',
      'runtime_url = "/api/execute"',
      'validation_url = "/api/validate?x=1"',
    );
    const [ext] = accept(source).extensions as ActionExtension[];
    expect(ext?.runtimeUrl).toBe('/api/execute');
    expect(ext?.validationUrl).toBe('/api/validate?x=1');
  });

  it('accepts plain http on localhost in local mode only', () => {
    const source = (host: string): string =>
      toml('type = "flow_trigger_lifecycle_callback"', 'handle = "lifecycle"', 'name = "Lifecycle"', `url = "http://${host}:3000/flow"`);
    for (const host of ['localhost', '127.0.0.1', '[::1]']) {
      expect(accept(source(host), { local: true }).extensions).toHaveLength(1);
      expect(parseManifest(source(host), FILE).extensions).toEqual([]);
    }
  });

  it('reads a lifecycle callback', () => {
    const source = toml(
      'type = "flow_trigger_lifecycle_callback"',
      'handle = "trigger-lifecycle"',
      'name = "Trigger lifecycle"',
      'url = "/flow/lifecycle"',
    );
    expect(accept(source).extensions).toEqual([
      { type: 'flow_trigger_lifecycle_callback', handle: 'trigger-lifecycle', name: 'Trigger lifecycle', file: FILE, url: '/flow/lifecycle' },
    ]);
  });

  it('reads a template with t: name and description', () => {
    const source = template(
      'description = "t:description"',
      '  [extensions.template]',
      '  categories = ["orders", "customers"]',
      '  module = "./template.flow"',
      '  require_app = false',
      '  discoverable = true',
      '  enabled = true',
    );
    const result = accept(source);
    expect(result.problems).toEqual([]);
    const [ext] = result.extensions as TemplateExtension[];
    expect(ext).toEqual({
      type: 'flow_template',
      handle: 'tag-vips',
      name: 't:name',
      description: 't:description',
      file: FILE,
      template: { categories: ['orders', 'customers'], module: './template.flow', requireApp: false, discoverable: true, enabled: true },
    });
  });

  it('lets unified entries inherit api_version, description and settings, with own settings replacing the root ones', () => {
    const source = toml(
      'api_version = "2024-01"',
      'description = "Shared description"',
      '[settings]',
      '  [[settings.fields]]',
      '  type = "order_reference"',
      '[[extensions]]',
      'name = "Review created"',
      'type = "flow_trigger"',
      'handle = "review-created"',
      '[[extensions]]',
      'name = "Review deleted"',
      'type = "flow_trigger"',
      'handle = "review-deleted"',
      'description = "Own description"',
      'api_version = "2024-07"',
      '  [[extensions.settings.fields]]',
      '  type = "product_reference"',
      '[[extensions]]',
      'name = "Lifecycle"',
      'type = "flow_trigger_lifecycle_callback"',
      'handle = "lifecycle"',
      'url = "https://app.example/lifecycle"',
    );
    const result = accept(source);
    expect(result.problems).toEqual([]);
    const [a, b, c] = result.extensions;
    expect(a).toMatchObject({ handle: 'review-created', apiVersion: '2024-01', description: 'Shared description' });
    expect((a as TriggerExtension).fields).toEqual([{ type: 'order_reference', required: false, payloadKey: 'order_id' }]);
    expect(b).toMatchObject({ handle: 'review-deleted', apiVersion: '2024-07', description: 'Own description' });
    expect((b as TriggerExtension).fields).toEqual([{ type: 'product_reference', required: false, payloadKey: 'product_id' }]);
    expect(c).toMatchObject({ type: 'flow_trigger_lifecycle_callback', apiVersion: '2024-01', description: 'Shared description' });
    expect(c).not.toHaveProperty('fields');
  });

  it('accepts Shopify CLI uid keys, a BOM and CRLF line ends without comment', () => {
    const source = '\uFEFF' + trigger('uid = "0a1b2c3d-0000-4000-8000-000000000000"').replace(/\n/g, '\r\n');
    expect(accept(source).problems).toEqual([]);
  });
});

describe('warnings never block', () => {
  interface WarningCase {
    name: string;
    source: string;
    code: string;
    field: string;
    line: number | undefined;
    mentions?: string;
  }
  const cases: WarningCase[] = [
    { name: 'unknown top-level key', source: trigger('colour = "red"'), code: 'unknown_key', field: 'colour', line: 4 },
    {
      name: 'unknown table',
      source: trigger('[settings]', '[[settings.fields]]', 'type = "order_reference"', '[settings.extra]', 'a = 1'),
      code: 'unknown_key',
      field: 'settings.extra',
      line: 7,
    },
    {
      name: 'unknown key in a field',
      source: action('[[settings.fields]]', 'type = "order_reference"', 'label = "Order"'),
      code: 'unknown_key',
      field: 'settings.fields[0].label',
      line: 7,
    },
    {
      name: 'unknown key in [template]',
      source: template('[extensions.template]', 'categories = []', 'module = "./t.flow"', 'allow_one_click_activate = true'),
      code: 'unknown_key',
      field: 'extensions[0].template.allow_one_click_activate',
      line: 8,
    },
    {
      name: 'handle over 30 characters',
      source: toml('type = "flow_trigger"', `handle = "${'a'.repeat(31)}"`, 'name = "Long handle"'),
      code: 'handle_long',
      field: 'handle',
      line: 2,
    },
    {
      name: 'name outside Flow advice',
      source: toml('type = "flow_trigger"', 'handle = "bid"', 'name = "Bid!"'),
      code: 'name_style',
      field: 'name',
      line: 3,
    },
    {
      name: 'root key not inherited by entries',
      source: toml('name = "Shared"', '[[extensions]]', 'type = "flow_trigger"', 'handle = "bid"', 'name = "Bid placed"'),
      code: 'unknown_key',
      field: 'name',
      line: 1,
      mentions: 'inherit only',
    },
    {
      name: 'root [settings] that nothing inherits',
      source: toml(
        '[settings]',
        '[[settings.fields]]',
        'type = "order_reference"',
        '[[extensions]]',
        'type = "flow_trigger_lifecycle_callback"',
        'handle = "lifecycle"',
        'name = "Lifecycle"',
        'url = "/lifecycle"',
      ),
      code: 'unused_settings',
      field: 'settings',
      line: 1,
    },
  ];
  it.each(cases)('$name', ({ source, code, field, line, mentions }) => {
    const result = parseManifest(source, FILE);
    expect(result.extensions).toHaveLength(1);
    const problem = find(result, code, field);
    expect(problem.severity).toBe('warning');
    expect(problem.line).toBe(line);
    if (mentions !== undefined) expect(problem.message).toContain(mentions);
  });

  it.each([
    {
      name: '[[settings.field]] misspelt',
      source: trigger('[settings]', '[[settings.field]]', 'type = "order_reference"'),
      field: 'settings.field',
      line: 5,
      mentions: '[[settings.fields]]',
    },
    { name: 'empty [settings]', source: trigger('[settings]'), field: 'settings', line: 4, mentions: '[[settings.fields]]' },
    {
      name: '[[extensions.setting.fields]] misspelt',
      source: toml(
        '[[extensions]]',
        'type = "flow_action"',
        'handle = "add-points"',
        'name = "Add points"',
        'runtime_url = "/run"',
        '[[extensions.setting.fields]]',
        'type = "order_reference"',
      ),
      field: 'extensions[0].setting',
      line: 6,
      mentions: '[extensions.settings]',
    },
  ])('says loudly that a trigger or action has no fields: $name', ({ source, field, line, mentions }) => {
    const result = parseManifest(source, FILE);
    const [ext] = result.extensions as TriggerExtension[];
    expect(ext?.fields).toEqual([]);
    const problem = find(result, 'no_fields', field);
    expect(problem).toMatchObject({ severity: 'warning', line });
    expect(problem.message).toContain('NO fields');
    expect(problem.message).toContain(mentions);
  });

  it('gives no no_fields warning to a trigger that simply has no settings', () => {
    expect(accept(trigger()).problems).toEqual([]);
  });
});

interface BadCase {
  name: string;
  source: string;
  code: string;
  field: string;
  line: number | undefined;
  opts?: ParseOptions;
  /** Text the message must contain (the field, the expected type, the allowed values...). */
  mentions?: string;
}

const badCases: BadCase[] = [
  // Layout and syntax
  { name: 'TOML syntax error', source: trigger('description = "unterminated'), code: 'toml_syntax', field: '', line: 4 },
  { name: 'empty file', source: '', code: 'no_extensions', field: '', line: undefined },
  { name: 'flat file without type', source: toml('handle = "bid"', 'name = "Bid placed"'), code: 'missing_field', field: 'type', line: undefined },
  {
    name: 'misspelt [[extension]]',
    source: toml('[[extension]]', 'type = "flow_trigger"', 'handle = "bid"', 'name = "Bid placed"'),
    code: 'missing_field',
    field: 'type',
    line: undefined,
    mentions: 'did you mean [[extensions]]',
  },
  { name: 'empty extensions array', source: 'extensions = []', code: 'no_extensions', field: 'extensions', line: 1 },
  { name: 'extensions not an array', source: toml('[extensions]', 'type = "flow_trigger"'), code: 'invalid_type', field: 'extensions', line: 1 },
  {
    name: 'type both at the root and in entries',
    source: toml('type = "flow_trigger"', '[[extensions]]', 'type = "flow_trigger"', 'handle = "bid"', 'name = "Bid placed"'),
    code: 'ambiguous_layout',
    field: 'type',
    line: 1,
  },
  {
    name: 'unknown extension type',
    source: toml('type = "flow_trigger_definition"', 'handle = "bid"', 'name = "Bid placed"'),
    code: 'unknown_extension_type',
    field: 'type',
    line: 1,
    mentions: 'flow_trigger, flow_action, flow_trigger_lifecycle_callback, flow_template',
  },
  {
    name: 'unknown type in the second entry',
    source: toml(
      '[[extensions]]',
      'type = "flow_trigger"',
      'handle = "a"',
      'name = "Trigger A"',
      '[[extensions]]',
      'type = "flow_condition"',
      'handle = "b"',
      'name = "Thing B"',
    ),
    code: 'unknown_extension_type',
    field: 'extensions[1].type',
    line: 6,
  },
  // Handle and name
  { name: 'missing handle (flat)', source: toml('type = "flow_trigger"', 'name = "Bid placed"'), code: 'missing_field', field: 'handle', line: undefined },
  {
    name: 'missing handle (unified: falls back to the entry header)',
    source: toml('api_version = "2024-01"', '', '[[extensions]]', 'type = "flow_trigger"', 'name = "Bid placed"'),
    code: 'missing_field',
    field: 'extensions[0].handle',
    line: 3,
  },
  {
    name: 'handle with an underscore',
    source: toml('type = "flow_trigger"', 'handle = "bid_placed"', 'name = "Bid placed"'),
    code: 'invalid_handle',
    field: 'handle',
    line: 2,
    mentions: 'letters, digits and hyphens',
  },
  {
    name: 'handle starting with a hyphen',
    source: toml('type = "flow_trigger"', 'handle = "-bid"', 'name = "Bid placed"'),
    code: 'invalid_handle',
    field: 'handle',
    line: 2,
    mentions: 'hyphen',
  },
  {
    name: 'handle ending with a hyphen',
    source: toml('type = "flow_trigger"', 'handle = "bid-"', 'name = "Bid placed"'),
    code: 'invalid_handle',
    field: 'handle',
    line: 2,
  },
  {
    name: 'handle over 50 characters',
    source: toml('type = "flow_trigger"', `handle = "${'a'.repeat(51)}"`, 'name = "Bid placed"'),
    code: 'handle_too_long',
    field: 'handle',
    line: 2,
  },
  {
    name: 'handle of the wrong type',
    source: toml('type = "flow_trigger"', 'handle = 3', 'name = "Bid placed"'),
    code: 'invalid_type',
    field: 'handle',
    line: 2,
    mentions: 'must be a string, not integer 3',
  },
  { name: 'missing name', source: toml('type = "flow_trigger"', 'handle = "bid"'), code: 'missing_field', field: 'name', line: undefined },
  { name: 'empty name', source: toml('type = "flow_trigger"', 'handle = "bid"', 'name = ""'), code: 'missing_field', field: 'name', line: 3 },
  {
    name: 'name not inherited from the root',
    source: toml('name = "Shared"', '[[extensions]]', 'type = "flow_trigger"', 'handle = "bid"'),
    code: 'missing_field',
    field: 'extensions[0].name',
    line: 2,
  },
  // Settings fields: value types
  {
    name: 'required = "yes"',
    source: trigger('[[settings.fields]]', 'type = "email"', 'key = "email"', 'required = "yes"'),
    code: 'invalid_type',
    field: 'settings.fields[0].required',
    line: 7,
    mentions: 'boolean',
  },
  {
    name: 'fields not an array of tables',
    source: trigger('[settings]', 'fields = "email"'),
    code: 'invalid_type',
    field: 'settings.fields',
    line: 5,
  },
  { name: 'settings not a table', source: trigger('settings = "none"'), code: 'invalid_type', field: 'settings', line: 4 },
  {
    name: 'field without type',
    source: action('[[settings.fields]]', 'key = "points"', 'name = "Points"'),
    code: 'missing_field',
    field: 'settings.fields[0].type',
    line: 5,
  },
  // Settings fields: which types each kind may use
  {
    name: 'unknown field type',
    source: action('[[settings.fields]]', 'type = "text"', 'key = "note"', 'name = "Note"'),
    code: 'invalid_field_type',
    field: 'settings.fields[0].type',
    line: 6,
    mentions: 'single_line_text_field',
  },
  {
    name: 'trigger with number_integer',
    source: trigger('[[settings.fields]]', 'type = "number_integer"', 'key = "points"'),
    code: 'invalid_field_type',
    field: 'settings.fields[0].type',
    line: 5,
    mentions: 'Triggers may not use `number_integer`',
  },
  {
    name: 'trigger with multi_line_text_field',
    source: trigger('[[settings.fields]]', 'type = "multi_line_text_field"', 'key = "body"'),
    code: 'invalid_field_type',
    field: 'settings.fields[0].type',
    line: 5,
  },
  {
    name: 'trigger with marketing_activity_reference',
    source: trigger('[[settings.fields]]', 'type = "marketing_activity_reference"'),
    code: 'invalid_field_type',
    field: 'settings.fields[0].type',
    line: 5,
  },
  {
    name: 'trigger with abandonment_reference',
    source: trigger('[[settings.fields]]', 'type = "abandonment_reference"'),
    code: 'invalid_field_type',
    field: 'settings.fields[0].type',
    line: 5,
  },
  {
    name: 'trigger schema type without schema',
    source: trigger('[[settings.fields]]', 'type = "schema.Review"', 'key = "review"'),
    code: 'missing_schema',
    field: 'settings.fields[0].type',
    line: 5,
  },
  {
    name: 'action with a schema type',
    source: action(
      'schema = "./schema.graphql"',
      'return_type_ref = "Auction"',
      '[[settings.fields]]',
      'type = "schema.Auction"',
      'key = "auction"',
      'name = "Auction"',
    ),
    code: 'invalid_field_type',
    field: 'settings.fields[0].type',
    line: 8,
  },
  // Settings fields: key and name
  {
    name: 'trigger key with an underscore',
    source: trigger('[[settings.fields]]', 'type = "email"', 'key = "customer_email"'),
    code: 'invalid_key',
    field: 'settings.fields[0].key',
    line: 6,
  },
  {
    name: 'trigger value field without key',
    source: trigger('[[settings.fields]]', 'type = "email"', 'name = "Email"'),
    code: 'missing_field',
    field: 'settings.fields[0].key',
    line: 4,
  },
  {
    name: 'action field with an empty key',
    source: action('[[settings.fields]]', 'type = "email"', 'key = ""', 'name = "Email"'),
    code: 'missing_field',
    field: 'settings.fields[0].key',
    line: 7,
  },
  {
    name: 'action value field without name',
    source: action('[[settings.fields]]', 'type = "email"', 'key = "email"'),
    code: 'missing_field',
    field: 'settings.fields[0].name',
    line: 5,
  },
  {
    name: 'reference field with a key',
    source: trigger('[[settings.fields]]', 'type = "customer_reference"', 'key = "customer"'),
    code: 'reference_field_has_key',
    field: 'settings.fields[0].key',
    line: 6,
    mentions: 'customer_id',
  },
  {
    name: 'reference field with a name',
    source: action('[[settings.fields]]', 'type = "order_reference"', 'name = "Order"'),
    code: 'reference_field_has_name',
    field: 'settings.fields[0].name',
    line: 7,
  },
  {
    name: 'two fields of the same reference type',
    source: trigger('[[settings.fields]]', 'type = "customer_reference"', '[[settings.fields]]', 'type = "customer_reference"'),
    code: 'duplicate_field_key',
    field: 'settings.fields[1].type',
    line: 7,
    mentions: 'customer_id',
  },
  {
    name: 'two fields with the same key',
    source: action(
      '[[settings.fields]]',
      'type = "email"',
      'key = "to"',
      'name = "To"',
      '[[settings.fields]]',
      'type = "single_line_text_field"',
      'key = "to"',
      'name = "To again"',
    ),
    code: 'duplicate_field_key',
    field: 'settings.fields[1].key',
    line: 11,
  },
  {
    name: 'bad field in root settings inherited by two entries (reported once)',
    source: toml(
      '[settings]',
      '[[settings.fields]]',
      'type = "number_integer"',
      'key = "points"',
      '[[extensions]]',
      'type = "flow_trigger"',
      'handle = "a"',
      'name = "Trigger A"',
      '[[extensions]]',
      'type = "flow_trigger"',
      'handle = "b"',
      'name = "Trigger B"',
    ),
    code: 'invalid_field_type',
    field: 'settings.fields[0].type',
    line: 3,
  },
  // Actions
  {
    name: 'action without runtime_url',
    source: toml('type = "flow_action"', 'handle = "add-points"', 'name = "Add points"'),
    code: 'missing_field',
    field: 'runtime_url',
    line: undefined,
  },
  {
    name: 'schema without return_type_ref',
    source: action('schema = "./schema.graphql"'),
    code: 'schema_requires_return_type',
    field: 'schema',
    line: 5,
  },
  {
    name: 'return_type_ref without schema',
    source: action('return_type_ref = "Auction"'),
    code: 'return_type_requires_schema',
    field: 'return_type_ref',
    line: 5,
  },
  {
    name: 'config_page_url without validation_url',
    source: action('config_page_url = "/config"', 'schema = "./schema.graphql"', 'return_type_ref = "Auction"'),
    code: 'config_page_requires',
    field: 'config_page_url',
    line: 5,
    mentions: '`validation_url`',
  },
  {
    name: 'config_page_preview_url alone',
    source: action('config_page_preview_url = "/preview"'),
    code: 'config_page_requires',
    field: 'config_page_preview_url',
    line: 5,
    mentions: '`schema`, `return_type_ref` and `validation_url`',
  },
  // URLs
  {
    name: 'plain http to a public host',
    source: action('validation_url = "http://app.example/validate"'),
    code: 'invalid_url',
    field: 'validation_url',
    line: 5,
    opts: { local: true },
    mentions: '`validation_url`',
  },
  {
    name: 'plain http to localhost outside local mode',
    source: toml('type = "flow_action"', 'handle = "add-points"', 'name = "Add points"', 'runtime_url = "http://localhost:3000/run"'),
    code: 'invalid_url',
    field: 'runtime_url',
    line: 4,
  },
  {
    name: 'protocol-relative URL',
    source: toml('type = "flow_action"', 'handle = "add-points"', 'name = "Add points"', 'runtime_url = "//evil.example/run"'),
    code: 'invalid_url',
    field: 'runtime_url',
    line: 4,
  },
  {
    name: 'relative path without a leading slash',
    source: toml('type = "flow_action"', 'handle = "add-points"', 'name = "Add points"', 'runtime_url = "api/execute"'),
    code: 'invalid_url',
    field: 'runtime_url',
    line: 4,
  },
  {
    name: 'another scheme',
    source: action('config_page_url = "javascript:alert(1)"'),
    code: 'invalid_url',
    field: 'config_page_url',
    line: 5,
  },
  {
    name: 'control character in a URL',
    source: toml('type = "flow_action"', 'handle = "add-points"', 'name = "Add points"', 'runtime_url = "https://app.example/run\\r\\nX: 1"'),
    code: 'invalid_url',
    field: 'runtime_url',
    line: 4,
    mentions: 'control character',
  },
  {
    name: 'lifecycle callback without url',
    source: toml('[[extensions]]', 'type = "flow_trigger_lifecycle_callback"', 'handle = "lifecycle"', 'name = "Lifecycle"'),
    code: 'missing_field',
    field: 'extensions[0].url',
    line: 1,
  },
  {
    name: 'lifecycle callback with an http url',
    source: toml('type = "flow_trigger_lifecycle_callback"', 'handle = "lifecycle"', 'name = "Lifecycle"', 'url = "http://app.example/cb"'),
    code: 'invalid_url',
    field: 'url',
    line: 4,
  },
  // Templates
  {
    name: 'template description over 1024 characters',
    source: template(`description = "${'d'.repeat(1025)}"`, '[extensions.template]', 'categories = ["orders"]', 'module = "./t.flow"'),
    code: 'description_too_long',
    field: 'extensions[0].description',
    line: 5,
  },
  { name: 'template without [template]', source: template(), code: 'missing_field', field: 'extensions[0].template', line: 1 },
  {
    name: 'template without categories',
    source: template('[extensions.template]', 'module = "./t.flow"'),
    code: 'missing_field',
    field: 'extensions[0].template.categories',
    line: 5,
  },
  {
    name: 'template categories not an array',
    source: template('[extensions.template]', 'categories = "orders"', 'module = "./t.flow"'),
    code: 'invalid_type',
    field: 'extensions[0].template.categories',
    line: 6,
  },
  {
    name: 'template category not a string',
    source: template('[extensions.template]', 'categories = ["orders", 1]', 'module = "./t.flow"'),
    code: 'invalid_type',
    field: 'extensions[0].template.categories[1]',
    line: 6,
  },
  {
    name: 'template without module',
    source: template('[extensions.template]', 'categories = ["orders"]'),
    code: 'missing_field',
    field: 'extensions[0].template.module',
    line: 5,
  },
  {
    name: 'template flag of the wrong type',
    source: template('[extensions.template]', 'categories = ["orders"]', 'module = "./t.flow"', 'enabled = "yes"'),
    code: 'invalid_type',
    field: 'extensions[0].template.enabled',
    line: 8,
  },
  // Handles unique in a file
  {
    name: 'two entries with the same handle',
    source: toml(
      '[[extensions]]',
      'type = "flow_trigger"',
      'handle = "bid"',
      'name = "Bid placed"',
      '[[extensions]]',
      'type = "flow_action"',
      'handle = "bid"',
      'name = "Place bid"',
      'runtime_url = "/bid"',
    ),
    code: 'duplicate_handle',
    field: 'extensions[1].handle',
    line: 7,
    mentions: `${FILE}:3`,
  },
];

describe('parseManifest refuses bad manifests', () => {
  it.each(badCases)('$name', ({ source, opts, code, field, line, mentions }) => {
    const result = parseManifest(source, FILE, opts);
    expect(result.extensions).toEqual([]);
    const problem = find(result, code, field);
    expect(problem.severity).toBe('error');
    expect(problem.file).toBe(FILE);
    expect(problem.line).toBe(line);
    if (mentions !== undefined) expect(problem.message).toContain(mentions);
  });

  it('reports an inherited bad field once, not once per entry', () => {
    const inherited = badCases.find((c) => c.name.startsWith('bad field in root settings'));
    const result = parseManifest(inherited?.source ?? '', FILE);
    expect(result.problems.filter((p) => p.code === 'invalid_field_type')).toHaveLength(1);
  });

  it('reports every problem of a file at once, in line order', () => {
    const source = toml('type = "flow_action"', 'handle = "-x"', 'name = 5', 'runtime_url = "ftp://x"', 'colour = 1');
    const result = parseManifest(source, FILE);
    expect(result.problems.map((p) => [p.line, p.code])).toEqual([
      [2, 'invalid_handle'],
      [3, 'invalid_type'],
      [4, 'invalid_url'],
      [5, 'unknown_key'],
    ]);
  });
});

describe('parseManifests', () => {
  const a = { path: 'extensions/a/shopify.extension.toml', content: trigger() };
  const b = { path: 'extensions/b/shopify.extension.toml', content: action() };

  it('concatenates the extensions of every file, each naming its file', () => {
    const result = parseManifests([a, b]);
    expect(result.problems).toEqual([]);
    expect(result.extensions.map((e) => [e.handle, e.file])).toEqual([
      ['review-created', a.path],
      ['add-points', b.path],
    ]);
  });

  it('refuses a handle used in two files, naming both', () => {
    const copy = { path: 'extensions/c/shopify.extension.toml', content: toml('# copy', trigger()) };
    const result = parseManifests([a, b, copy]);
    expect(result.extensions).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: 'error', file: copy.path, line: 3, field: 'handle', code: 'duplicate_handle' }),
    ]);
    expect(result.problems[0]?.message).toContain(`${a.path}:2`);
  });

  it('refuses the whole app when one file has an error', () => {
    const bad = { path: 'extensions/z/shopify.extension.toml', content: 'type = ' };
    const result = parseManifests([a, b, bad]);
    expect(result.extensions).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ file: bad.path, code: 'toml_syntax', line: 1 })]);
  });
});
