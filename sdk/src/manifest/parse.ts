/** Parsing and validation of Flow-format `shopify.extension.toml` manifests. */
import { parse, TomlError } from 'smol-toml';
import { Checker, isTable, type Table } from './checker.js';
import { checkExtension, type Inherited } from './extension.js';
import { indexLines, lineOf } from './locate.js';
import { at, join } from './path.js';
import { closest } from './suggest.js';
import type { Extension, ManifestFile, ManifestProblem, ParseOptions, ParseResult } from './types.js';

/** An accepted extension and where its handle is written (for the uniqueness rule). */
interface Entry {
  extension: Extension;
  handleField: string;
  line: number | undefined;
}

/**
 * Parses and validates one `shopify.extension.toml`. `file` names it in problems.
 * Returns its extensions, or none when any problem is an error; warnings
 * (unknown keys, style advice) never block.
 */
export function parseManifest(source: string, file: string, opts: ParseOptions = {}): ParseResult {
  return parseManifests([{ path: file, content: source }], opts);
}

/**
 * Parses and validates every manifest of an app, adding the app-wide rule that
 * handles are unique. All-or-nothing: when any file has an error, `extensions`
 * is empty, so an app is never half-registered. Problems are ordered by file
 * (as given) and line.
 */
export function parseManifests(files: ManifestFile[], opts: ParseOptions = {}): ParseResult {
  const problems: ManifestProblem[] = [];
  const entries: Entry[] = [];
  for (const f of files) {
    const checked = checkFile(f.content, f.path, opts);
    problems.push(...checked.problems);
    entries.push(...checked.entries);
  }
  problems.push(...duplicateHandles(entries));
  const order = new Map(files.map((f, i) => [f.path, i]));
  problems.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || (a.line ?? 0) - (b.line ?? 0));
  const failed = problems.some((p) => p.severity === 'error');
  return { extensions: failed ? [] : entries.map((e) => e.extension), problems };
}

function checkFile(source: string, file: string, opts: ParseOptions): { entries: Entry[]; problems: ManifestProblem[] } {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  let doc: Table;
  try {
    doc = parse(text);
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    const reason = (err.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
    const message = `TOML syntax error: ${reason} (column ${err.column}).`;
    return { entries: [], problems: [{ severity: 'error', file, line: err.line, field: '', code: 'toml_syntax', message }] };
  }
  const lines = indexLines(text);
  const c = new Checker(file, lines);
  const found = doc['extensions'] !== undefined ? checkUnified(c, doc, opts) : checkFlat(c, doc, opts);
  const entries = found.map(({ extension, base }) => {
    const handleField = join(base, 'handle');
    return { extension, handleField, line: lineOf(lines, handleField) };
  });
  return { entries, problems: c.problems };
}

/** Keys that belong in an entry: at a unified root they are probably meant to be shared. */
const ENTRY_KEYS = [
  ...['name', 'handle', 'uid', 'url', 'runtime_url', 'validation_url'],
  ...['config_page_url', 'config_page_preview_url', 'schema', 'return_type_ref', 'template'],
];

type Found = { extension: Extension; base: string }[];

function checkFlat(c: Checker, doc: Table, opts: ParseOptions): Found {
  if (doc['type'] === undefined) {
    const keys = Object.keys(doc);
    const typo = keys.find((key) => closest(key, ['extensions']) !== undefined);
    const found = typo === undefined ? '' : ` Found \`${typo}\`: did you mean [[extensions]]?`;
    c.error(
      keys.length === 0 ? '' : 'type',
      keys.length === 0 ? 'no_extensions' : 'missing_field',
      `${keys.length === 0 ? 'The manifest is empty' : '`type` is missing'}: a manifest has \`type\` ` +
        `at the top level (one extension) or [[extensions]] entries.${found}`,
    );
    return [];
  }
  const extension = checkExtension(c, doc, '', {}, opts);
  return extension === undefined ? [] : [{ extension, base: '' }];
}

function checkUnified(c: Checker, doc: Table, opts: ParseOptions): Found {
  if (doc['type'] !== undefined) {
    const why = 'A file with [[extensions]] may not also have `type` at the top level; move it into each entry.';
    c.error('type', 'ambiguous_layout', why);
  }
  c.unknownKeys(doc, '', ['api_version', 'description', 'settings', 'extensions', 'type'], (key) =>
    ENTRY_KEYS.includes(key)
      ? '; [[extensions]] entries inherit only api_version, description and settings, so move it into each entry.'
      : undefined,
  );
  const inherited = rootInheritance(c, doc);
  const list = doc['extensions'];
  if (!Array.isArray(list)) {
    c.wrongType('extensions', 'extensions', 'an array of tables ([[extensions]])', list);
    return [];
  }
  if (list.length === 0) {
    c.error('extensions', 'no_extensions', '`extensions` is empty: declare each extension with [[extensions]].');
    return [];
  }
  warnUnusedSettings(c, doc, list);
  const found: Found = [];
  list.forEach((entry: unknown, i) => {
    const base = at('extensions', i);
    if (!isTable(entry)) {
      c.wrongType(base, base, 'a table ([[extensions]])', entry);
      return;
    }
    const extension = checkExtension(c, entry, base, inherited, opts);
    if (extension !== undefined) found.push({ extension, base });
  });
  return found;
}

function rootInheritance(c: Checker, doc: Table): Inherited {
  const apiVersion = c.string(doc, 'api_version', '');
  const description = c.string(doc, 'description', '');
  const settings = doc['settings'];
  return {
    ...(typeof apiVersion === 'string' ? { apiVersion } : {}),
    ...(typeof description === 'string' ? { description: { value: description, path: 'description' } } : {}),
    ...(settings === undefined ? {} : { settings: { value: settings, path: 'settings' } }),
  };
}

/** Root `[settings]` that no trigger or action inherits would otherwise go unread. */
function warnUnusedSettings(c: Checker, doc: Table, list: unknown[]): void {
  if (doc['settings'] === undefined) return;
  const inherits = list.some(
    (e) => isTable(e) && (e['type'] === 'flow_trigger' || e['type'] === 'flow_action') && e['settings'] === undefined,
  );
  if (!inherits) {
    const why = 'Top-level [settings] is not used: no trigger or action entry inherits it.';
    c.warn('settings', 'unused_settings', why);
  }
}

function duplicateHandles(entries: Entry[]): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const first = new Map<string, Entry>();
  for (const entry of entries) {
    const { handle, file } = entry.extension;
    const earlier = first.get(handle);
    if (earlier === undefined) {
      first.set(handle, entry);
      continue;
    }
    const where = `${earlier.extension.file}${earlier.line === undefined ? '' : `:${earlier.line}`}`;
    problems.push({
      severity: 'error',
      file,
      ...(entry.line === undefined ? {} : { line: entry.line }),
      field: entry.handleField,
      code: 'duplicate_handle',
      message: `Handle "${handle}" is already used in ${where}; handles must be unique within the app.`,
    });
  }
  return problems;
}
