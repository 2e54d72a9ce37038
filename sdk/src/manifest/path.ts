/**
 * Field paths as problems name them: `handle`, `settings.fields[0].key`,
 * `extensions[1].settings.fields[2].type`. Built in one place so the
 * validator and the line locator always agree on the spelling.
 */

/** `base.key`, or `key` at the root. */
export function join(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

/** `base[index]` (0-based). */
export function at(base: string, index: number): string {
  return `${base}[${index}]`;
}

/** The enclosing path: `a.b[2]` -> `a.b` -> `a` -> `` (the root). */
export function parentPath(path: string): string {
  if (path.endsWith(']')) {
    const open = path.lastIndexOf('[');
    if (open >= 0) return path.slice(0, open);
  }
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}

/** `extensions[0].settings` -> `extensions.settings`, as a TOML header names it. */
export function tomlHeader(path: string): string {
  return path.replace(/\[\d+\]/g, '');
}
