/** One extension (a flat file's root, or one `[[extensions]]` entry) checked and typed. */
import type { Checker, Table } from './checker.js';
import { checkSettings } from './fields.js';
import { join, tomlHeader } from './path.js';
import { checkTemplate } from './template.js';
import type { ActionExtension, Extension, ExtensionType, ManifestField, ParseOptions } from './types.js';
import { editDistance } from './suggest.js';
import { readUrl } from './url.js';

export const EXTENSION_TYPES: readonly ExtensionType[] = [
  'flow_trigger',
  'flow_action',
  'flow_trigger_lifecycle_callback',
  'flow_template',
];

/** What a unified file's root passes down to each entry, with where it was written. */
export interface Inherited {
  apiVersion?: string;
  description?: { value: string; path: string };
  settings?: { value: unknown; path: string };
}

// `uid` is written by Shopify's CLI into every entry; it means nothing here.
const COMMON_KEYS = ['type', 'handle', 'name', 'description', 'api_version', 'uid'];
const HANDLE = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const ADVISED_NAME = /^[A-Za-z0-9 ]{5,30}$/;
const TEMPLATE_DESCRIPTION_MAX = 1024;

/**
 * Checks the extension table `t` written at `base` (`''` for a flat file,
 * `extensions[i]` for an entry). Returns it typed, or `undefined` if it has errors.
 */
export function checkExtension(
  c: Checker,
  t: Table,
  base: string,
  inherited: Inherited,
  opts: ParseOptions,
): Extension | undefined {
  const before = c.errorCount;
  const type = checkType(c, t, base);
  const handle = checkHandle(c, t, base);
  const name = checkName(c, t, base, type === 'flow_template');
  const ownDescription = c.string(t, 'description', base);
  const description =
    typeof ownDescription === 'string' ? { value: ownDescription, path: join(base, 'description') } : inherited.description;
  const apiVersion = c.string(t, 'api_version', base) ?? inherited.apiVersion;
  c.string(t, 'uid', base);
  // Without a known type we cannot tell which keys are unknown; stop here.
  if (type === undefined) return undefined;

  const common = {
    handle: handle ?? '',
    name: name ?? '',
    ...(description === undefined ? {} : { description: description.value }),
    ...(typeof apiVersion === 'string' ? { apiVersion } : {}),
    file: c.file,
  };
  let extension: Extension | undefined;
  switch (type) {
    case 'flow_trigger': {
      const schema = c.string(t, 'schema', base);
      const unknown = c.unknownKeys(t, base, [...COMMON_KEYS, 'settings', 'schema']);
      const fields = readFields(c, t, base, inherited, unknown, type, handle ?? '', typeof schema === 'string');
      extension = { type, ...common, fields, ...(typeof schema === 'string' ? { schema } : {}) };
      break;
    }
    case 'flow_action': {
      const unknown = c.unknownKeys(t, base, [...COMMON_KEYS, 'settings', ...ACTION_KEYS]);
      const action = checkAction(c, t, base, opts);
      const fields = readFields(c, t, base, inherited, unknown, type, handle ?? '', false);
      if (action !== undefined) extension = { type, ...common, fields, ...action };
      break;
    }
    case 'flow_trigger_lifecycle_callback': {
      c.unknownKeys(t, base, [...COMMON_KEYS, 'url']);
      const url = readUrl(c, t, 'url', base, opts, true);
      if (url !== undefined) extension = { type, ...common, url };
      break;
    }
    case 'flow_template': {
      c.unknownKeys(t, base, [...COMMON_KEYS, 'template'], (key) =>
        key === 'settings' ? ' (templates take no settings).' : undefined,
      );
      if (description !== undefined && description.value.length > TEMPLATE_DESCRIPTION_MAX) {
        c.error(
          description.path,
          'description_too_long',
          `A template's \`description\` may be at most ${TEMPLATE_DESCRIPTION_MAX} characters; ` +
            `this one has ${description.value.length}.`,
        );
      }
      const template = checkTemplate(c, t, base);
      if (template !== undefined) extension = { type, ...common, template };
      break;
    }
  }
  return c.errorCount === before ? extension : undefined;
}

function checkType(c: Checker, t: Table, base: string): ExtensionType | undefined {
  const type = c.requiredString(t, 'type', base);
  if (type === null) return undefined;
  if ((EXTENSION_TYPES as readonly string[]).includes(type)) return type as ExtensionType;
  c.error(
    join(base, 'type'),
    'unknown_extension_type',
    `Unknown extension type \`${type}\`. Allowed: ${EXTENSION_TYPES.join(', ')}.`,
  );
  return undefined;
}

function checkHandle(c: Checker, t: Table, base: string): string | null {
  const handle = c.requiredString(t, 'handle', base);
  if (handle === null) return null;
  const field = join(base, 'handle');
  if (!HANDLE.test(handle)) {
    const why = /^[A-Za-z0-9-]+$/.test(handle)
      ? 'may not start or end with a hyphen'
      : 'may contain only letters, digits and hyphens';
    c.error(field, 'invalid_handle', `\`handle\` ${why}: ${JSON.stringify(handle)}.`);
    return null;
  }
  if (handle.length > 50) {
    c.error(field, 'handle_too_long', `\`handle\` may be at most 50 characters; this one has ${handle.length}.`);
    return null;
  }
  if (handle.length > 30) {
    c.warn(field, 'handle_long', `\`handle\` has ${handle.length} characters; Flow advises at most 30.`);
  }
  return handle;
}

function checkName(c: Checker, t: Table, base: string, isTemplate: boolean): string | null {
  const name = c.requiredString(t, 'name', base);
  if (name === null) return null;
  // Templates may name a translation key (`t:name`) from locales/*.default.json.
  if (isTemplate && name.startsWith('t:')) return name;
  if (!ADVISED_NAME.test(name)) {
    c.warn(
      join(base, 'name'),
      'name_style',
      `\`name\` ${JSON.stringify(name)}: Flow advises 5 to 30 characters of letters, digits and spaces.`,
    );
  }
  return name;
}

const ACTION_KEYS = [
  'runtime_url',
  'validation_url',
  'config_page_url',
  'config_page_preview_url',
  'schema',
  'return_type_ref',
];

type ActionProps = Omit<ActionExtension, 'type' | 'handle' | 'name' | 'description' | 'apiVersion' | 'file' | 'fields'>;

function checkAction(c: Checker, t: Table, base: string, opts: ParseOptions): ActionProps | undefined {
  const runtimeUrl = readUrl(c, t, 'runtime_url', base, opts, true);
  const validationUrl = readUrl(c, t, 'validation_url', base, opts, false);
  const configPageUrl = readUrl(c, t, 'config_page_url', base, opts, false);
  const configPagePreviewUrl = readUrl(c, t, 'config_page_preview_url', base, opts, false);
  const schema = c.string(t, 'schema', base);
  const returnTypeRef = c.string(t, 'return_type_ref', base);

  // Judge the pairing rules on what is written, so a bad value is not also "missing".
  const has = (key: string): boolean => t[key] !== undefined && t[key] !== '';
  if (has('schema') && !has('return_type_ref')) {
    const why = '`schema` needs `return_type_ref` (the schema type the action returns).';
    c.error(join(base, 'schema'), 'schema_requires_return_type', why);
  }
  if (has('return_type_ref') && !has('schema')) {
    const why = '`return_type_ref` needs `schema` (the GraphQL SDL file that defines it).';
    c.error(join(base, 'return_type_ref'), 'return_type_requires_schema', why);
  }
  for (const key of ['config_page_url', 'config_page_preview_url']) {
    if (!has(key)) continue;
    const missing = ['schema', 'return_type_ref', 'validation_url'].filter((k) => !has(k));
    if (missing.length === 0) continue;
    const names = missing.map((k) => `\`${k}\``);
    const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join('');
    c.error(join(base, key), 'config_page_requires', `\`${key}\` also requires ${list}.`);
  }
  if (runtimeUrl === undefined) return undefined;
  return {
    runtimeUrl,
    ...(validationUrl === undefined ? {} : { validationUrl }),
    ...(configPageUrl === undefined ? {} : { configPageUrl }),
    ...(configPagePreviewUrl === undefined ? {} : { configPagePreviewUrl }),
    ...(typeof schema === 'string' ? { schema } : {}),
    ...(typeof returnTypeRef === 'string' ? { returnTypeRef } : {}),
  };
}

/** The extension's own `[settings]`, else the inherited one; warns loudly when fields were surely meant. */
function readFields(
  c: Checker,
  t: Table,
  base: string,
  inherited: Inherited,
  unknownKeys: string[],
  kind: 'flow_trigger' | 'flow_action',
  handle: string,
  hasSchema: boolean,
): ManifestField[] {
  const own = t['settings'];
  const settings = own !== undefined ? { value: own, path: join(base, 'settings') } : inherited.settings;
  const noun = kind === 'flow_trigger' ? 'Trigger' : 'Action';
  const loud = (field: string, why: string): void =>
    c.warn(field, 'no_fields', `${noun}${handle === '' ? '' : ` "${handle}"`} has NO fields: ${why}`);

  if (settings === undefined) {
    const typo = unknownKeys.find(looksLikeSettings);
    if (typo !== undefined) {
      const header = tomlHeader(join(base, 'settings'));
      loud(join(base, typo), `\`${typo}\` is not read. Did you mean [${header}] with [[${header}.fields]]?`);
    }
    return [];
  }
  const result = checkSettings(c, settings.value, settings.path, kind, hasSchema);
  if (result.strayKeys !== undefined) {
    const header = tomlHeader(settings.path);
    const [typo] = result.strayKeys;
    if (typo !== undefined) {
      loud(join(settings.path, typo), `[${header}] has \`${typo}\` but no \`fields\`. Did you mean [[${header}.fields]]?`);
    } else {
      loud(settings.path, `[${header}] has no \`fields\`. Declare each with [[${header}.fields]].`);
    }
  }
  return result.fields;
}

/** `setting`, `Settings`, `settngs`, or fields written without their `settings.` parent. */
function looksLikeSettings(key: string): boolean {
  const k = key.toLowerCase();
  return k.startsWith('setting') || k === 'field' || k === 'fields' || editDistance(k, 'settings') <= 2;
}
