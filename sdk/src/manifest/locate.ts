/**
 * Finds the line of a field in TOML text. The TOML parser returns values
 * without positions, so we scan the text once, following `[table]` and
 * `[[array.of.tables]]` headers (with a counter per array) and recording the
 * first line on which each path appears.
 */
import { at, join, parentPath } from './path.js';

/** Field path -> 1-based line where it is first written. */
export type LineIndex = ReadonlyMap<string, number>;

type Multiline = '"""' | "'''";

interface ScanState {
  /** Inside a multi-line string that started on an earlier line. */
  multiline: Multiline | null;
  /** Open `[` / `{` of a value spanning lines (e.g. a multi-line array). */
  depth: number;
}

/** Builds the index of every table header and key in `source`. */
export function indexLines(source: string): LineIndex {
  const index = new Map<string, number>();
  const arrays = new Map<string, number>(); // array-of-tables path -> current index
  const state: ScanState = { multiline: null, depth: 0 };
  let table = '';

  const record = (path: string, line: number): void => {
    // Register implicit parents too, so a fallback finds the nearest one.
    for (let p = path; p !== '' && !index.has(p); p = parentPath(p)) index.set(p, line);
  };

  const lines = source.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const lineNo = i + 1;
    let pos = 0;
    if (state.multiline !== null) {
      const end = closeMultiline(text, 0, state.multiline);
      if (end < 0) continue;
      state.multiline = null;
      scanValue(text, end, state);
      continue;
    }
    if (state.depth > 0) {
      scanValue(text, 0, state);
      continue;
    }
    pos = skipSpace(text, pos);
    const ch = text[pos];
    if (ch === undefined || ch === '#') continue;
    if (ch === '[') {
      const isArray = text[pos + 1] === '[';
      const parsed = parseKeys(text, pos + (isArray ? 2 : 1));
      if (parsed === null) continue;
      table = resolveHeader(parsed.keys, isArray, arrays);
      record(table, lineNo);
      continue;
    }
    const parsed = parseKeys(text, pos);
    if (parsed === null) continue;
    const eq = skipSpace(text, parsed.end);
    if (text[eq] !== '=') continue;
    record(parsed.keys.reduce(join, table), lineNo);
    scanValue(text, eq + 1, state);
  }
  return index;
}

/**
 * The line of `path` in an index, else of its nearest enclosing table or key
 * (e.g. the `[[extensions]]` header for a missing `extensions[1].handle`);
 * `undefined` when only the root encloses it.
 */
export function lineOf(index: LineIndex, path: string): number | undefined {
  for (let p = path; p !== ''; p = parentPath(p)) {
    const line = index.get(p);
    if (line !== undefined) return line;
  }
  return undefined;
}

/**
 * The 1-based line of a dotted field path (e.g. `extensions[1].settings.fields[2].type`)
 * in TOML text, falling back to the enclosing table's header; `undefined` if
 * it cannot be placed. Indices are 0-based, counted per `[[array]]`.
 */
export function locateField(source: string, path: string): number | undefined {
  return lineOf(indexLines(source), path);
}

/** Full path of a header: parents resolve to the current element of each array. */
function resolveHeader(keys: string[], isArray: boolean, arrays: Map<string, number>): string {
  let path = '';
  keys.forEach((key, k) => {
    path = join(path, key);
    if (k < keys.length - 1 || !isArray) {
      const current = arrays.get(path);
      if (current !== undefined && k < keys.length - 1) path = at(path, current);
      return;
    }
    const next = (arrays.get(path) ?? -1) + 1;
    arrays.set(path, next);
    path = at(path, next);
  });
  return path;
}

/** Parses `a."b c".'d'` starting at `pos`; `null` if no key is there. */
function parseKeys(text: string, pos: number): { keys: string[]; end: number } | null {
  const keys: string[] = [];
  for (;;) {
    pos = skipSpace(text, pos);
    const ch = text[pos];
    if (ch === '"' || ch === "'") {
      const close = findQuote(text, pos + 1, ch);
      if (close < 0) return null;
      const raw = text.slice(pos + 1, close);
      keys.push(ch === '"' ? unescapeBasic(raw) : raw);
      pos = close + 1;
    } else {
      const bare = /^[A-Za-z0-9_-]+/.exec(text.slice(pos));
      if (bare === null) return null;
      keys.push(bare[0]);
      pos += bare[0].length;
    }
    pos = skipSpace(text, pos);
    if (text[pos] !== '.') return { keys, end: pos };
    pos++;
  }
}

/** Follows a value to the end of the line, tracking strings and brackets. */
function scanValue(text: string, pos: number, state: ScanState): void {
  while (pos < text.length) {
    const ch = text[pos];
    if (ch === '#') return;
    if (ch === '"' || ch === "'") {
      const triple: Multiline = ch === '"' ? '"""' : "'''";
      if (text.startsWith(triple, pos)) {
        const end = closeMultiline(text, pos + 3, triple);
        if (end < 0) {
          state.multiline = triple;
          return;
        }
        pos = end;
        continue;
      }
      const close = findQuote(text, pos + 1, ch);
      if (close < 0) return;
      pos = close + 1;
      continue;
    }
    if (ch === '[' || ch === '{') state.depth++;
    else if ((ch === ']' || ch === '}') && state.depth > 0) state.depth--;
    pos++;
  }
}

/** Index just past the closing triple quote (and up to two extra quotes), or -1. */
function closeMultiline(text: string, pos: number, delim: Multiline): number {
  const quote = delim[0];
  for (let i = pos; i < text.length; i++) {
    if (delim === '"""' && text[i] === '\\') {
      i++;
      continue;
    }
    if (text.startsWith(delim, i)) {
      let end = i + 3;
      while (end < i + 5 && text[end] === quote) end++;
      return end;
    }
  }
  return -1;
}

/** Index of the closing quote of a single-line string, or -1. */
function findQuote(text: string, pos: number, quote: string): number {
  for (let i = pos; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === quote) return i;
  }
  return -1;
}

function unescapeBasic(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw; // TOML-only escapes (\e, \xHH) are rare in keys; keep as written
  }
}

function skipSpace(text: string, pos: number): number {
  while (text[pos] === ' ' || text[pos] === '\t') pos++;
  return pos;
}
