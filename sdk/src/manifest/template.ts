/** The `[template]` table of a `flow_template` extension. */
import type { Checker, Table } from './checker.js';
import { at, join, tomlHeader } from './path.js';
import type { TemplateExtension } from './types.js';

const TEMPLATE_KEYS = ['categories', 'module', 'require_app', 'discoverable', 'enabled'];

/** Checks `[template]` under `base`; returns it typed, or `undefined` on error. */
export function checkTemplate(c: Checker, t: Table, base: string): TemplateExtension['template'] | undefined {
  const path = join(base, 'template');
  const template = c.table(t, 'template', base);
  if (template === null) return undefined;
  if (template === undefined) {
    const why = `\`template\` is missing: a flow_template needs [${tomlHeader(path)}] with \`categories\` and \`module\`.`;
    c.error(path, 'missing_field', why);
    return undefined;
  }
  const before = c.errorCount;
  c.unknownKeys(template, path, TEMPLATE_KEYS);
  const categories = checkCategories(c, template, path);
  const module = c.requiredString(template, 'module', path, ' (the workflow file, relative to the extension folder)');
  const requireApp = c.boolean(template, 'require_app', path);
  const discoverable = c.boolean(template, 'discoverable', path);
  const enabled = c.boolean(template, 'enabled', path);
  if (c.errorCount > before || categories === undefined || module === null) return undefined;
  return {
    categories,
    module,
    ...(typeof requireApp === 'boolean' ? { requireApp } : {}),
    ...(typeof discoverable === 'boolean' ? { discoverable } : {}),
    ...(typeof enabled === 'boolean' ? { enabled } : {}),
  };
}

function checkCategories(c: Checker, template: Table, path: string): string[] | undefined {
  const value = template['categories'];
  const field = join(path, 'categories');
  if (value === undefined) {
    c.error(field, 'missing_field', '`categories` is missing: list the template categories, e.g. ["orders"].');
    return undefined;
  }
  if (!Array.isArray(value)) {
    c.wrongType(field, 'categories', 'an array of strings', value);
    return undefined;
  }
  let ok = true;
  value.forEach((item: unknown, i) => {
    if (typeof item === 'string') return;
    c.wrongType(at(field, i), `categories[${i}]`, 'a string', item);
    ok = false;
  });
  return ok ? (value as string[]) : undefined;
}
