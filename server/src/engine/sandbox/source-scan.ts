/**
 * A light lexical scan of Run code that has already compiled, to find its
 * default export and any imports without running it. Compiling does not say
 * what a module exports, and executing at save time is not an option.
 * The scan knows comments, strings, template literals and regular
 * expressions well enough to not mistake their contents for code.
 */

export interface Token {
  kind: 'name' | 'punct' | 'string' | 'number' | 'template' | 'regex';
  text: string;
  /** Offset in the source. */
  at: number;
}

const NAME = /[\p{ID_Start}$_\\#][\p{ID_Continue}$\u200c\u200d\\]*/uy;
const NUMBER = /\.?\d[\w.]*/y;
const SPACE = /\s/;
// After these words an expression starts, so a `/` begins a regular expression.
const EXPRESSION_WORDS = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await', 'default', 'extends']);

function regexAllowed(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'punct') return !(previous.text === ')' || previous.text === ']' || previous.text === '}');
  if (previous.kind === 'name') return EXPRESSION_WORDS.has(previous.text);
  return false;
}

export function tokenize(code: string): Token[] {
  const tokens: Token[] = [];
  // Brace depths at which a template's `${` was opened: the matching `}` resumes the template.
  const templateDepths: number[] = [];
  let depth = 0;
  let i = 0;
  const n = code.length;

  const skipTemplate = (from: number): number => {
    let j = from;
    while (j < n) {
      const c = code[j];
      if (c === '\\') j += 2;
      else if (c === '`') return j + 1;
      else if (c === '$' && code[j + 1] === '{') {
        templateDepths.push(depth);
        return j + 2;
      } else j++;
    }
    return n;
  };

  while (i < n) {
    const c = code[i] as string;
    if (SPACE.test(c)) {
      i++;
    } else if (c === '/' && code[i + 1] === '/') {
      const end = code.slice(i).search(/[\n\r\u2028\u2029]/);
      i = end < 0 ? n : i + end;
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && code[j] !== c) j += code[j] === '\\' ? 2 : 1;
      tokens.push({ kind: 'string', text: code.slice(i + 1, j), at: i });
      i = j + 1;
    } else if (c === '`') {
      tokens.push({ kind: 'template', text: '', at: i });
      i = skipTemplate(i + 1);
    } else if (c === '}' && templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === depth) {
      templateDepths.pop();
      tokens.push({ kind: 'template', text: '', at: i });
      i = skipTemplate(i + 1);
    } else if (c === '/' && regexAllowed(tokens[tokens.length - 1])) {
      let j = i + 1;
      let inClass = false;
      while (j < n) {
        const d = code[j];
        if (d === '\\') j++;
        else if (d === '[') inClass = true;
        else if (d === ']') inClass = false;
        else if (d === '/' && !inClass) break;
        else if (d === '\n') break;
        j++;
      }
      j++;
      while (j < n && /\w/.test(code[j] as string)) j++;
      tokens.push({ kind: 'regex', text: code.slice(i, j), at: i });
      i = j;
    } else {
      NAME.lastIndex = i;
      NUMBER.lastIndex = i;
      const name = NAME.exec(code);
      const number = name ? null : NUMBER.exec(code);
      if (name) {
        tokens.push({ kind: 'name', text: name[0], at: i });
        i += name[0].length;
      } else if (number) {
        tokens.push({ kind: 'number', text: number[0], at: i });
        i += number[0].length;
      } else {
        if (c === '{') depth++;
        else if (c === '}') depth--;
        tokens.push({ kind: 'punct', text: c, at: i });
        i++;
      }
    }
  }
  return tokens;
}

export interface ImportUse {
  /** The module named, when the scan sees it. */
  specifier?: string;
  at: number;
}

export type DefaultExport =
  | { kind: 'none' }
  /** A function, or something that may be one (a name, an arrow, an expression): the run checks it. */
  | { kind: 'maybe-function'; at: number }
  /** Certainly not a function: `class`, an object, a list, a literal. */
  | { kind: 'not-function'; what: string; at: number };

export interface ModuleFacts {
  defaultExport: DefaultExport;
  imports: ImportUse[];
}

function isMember(previous: Token | undefined): boolean {
  return previous?.kind === 'punct' && previous.text === '.';
}

function notFunction(token: Token | undefined, next: Token | undefined): string | undefined {
  if (!token) return undefined;
  switch (token.kind) {
    case 'string':
    case 'template':
      return 'a string';
    case 'number':
      return 'a number';
    case 'regex':
      return 'a regular expression';
    case 'punct':
      if (token.text === '{') return 'an object';
      if (token.text === '[') return 'a list';
      return undefined;
    case 'name':
      if (token.text === 'class') return 'a class';
      if (token.text === 'true' || token.text === 'false') return 'a boolean';
      if (token.text === 'null') return 'null';
      if (token.text === 'new' && next?.text !== 'Function') return 'a new object';
      return undefined;
  }
}

/** The default export and the imports of compiled module code. */
export function scanModule(code: string): ModuleFacts {
  const tokens = tokenize(code);
  const imports: ImportUse[] = [];
  let defaultExport: DefaultExport = { kind: 'none' };
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as Token;
    if (token.kind !== 'name' || isMember(tokens[k - 1])) continue;
    const next = tokens[k + 1];
    // `{ import: 1 }`: a property name.
    if (next?.kind === 'punct' && next.text === ':') continue;
    if (token.text === 'import') {
      if (next?.kind === 'punct' && next.text === '.') continue; // import.meta
      // The specifier: the first string before the statement or call ends.
      let specifier: string | undefined;
      for (let j = k + 1; j < tokens.length && j < k + 64; j++) {
        const t = tokens[j] as Token;
        if (t.kind === 'string') {
          specifier = t.text;
          break;
        }
        if (t.kind === 'punct' && (t.text === ';' || t.text === ')')) break;
      }
      imports.push(specifier === undefined ? { at: token.at } : { specifier, at: token.at });
    } else if (token.text === 'export' && next) {
      if (next.kind === 'name' && next.text === 'default') {
        const what = notFunction(tokens[k + 2], tokens[k + 3]);
        defaultExport = what ? { kind: 'not-function', what, at: token.at } : { kind: 'maybe-function', at: token.at };
      } else if (next.kind === 'punct' && next.text === '*') {
        const from = tokens.slice(k + 2, k + 8).find((t) => t.kind === 'string');
        imports.push(from ? { specifier: from.text, at: token.at } : { at: token.at });
      } else if (next.kind === 'punct' && next.text === '{') {
        let j = k + 2;
        for (; j < tokens.length && tokens[j]?.text !== '}'; j++) {
          if (tokens[j]?.text === 'as' && tokens[j + 1]?.text === 'default') defaultExport = { kind: 'maybe-function', at: token.at };
        }
        if (tokens[j + 1]?.kind === 'name' && tokens[j + 1]?.text === 'from') {
          const from = tokens[j + 2];
          imports.push(from?.kind === 'string' ? { specifier: from.text, at: token.at } : { at: token.at });
        }
      }
    }
  }
  return { defaultExport, imports };
}

/** 1-based line and column of an offset. */
export function lineAndColumn(code: string, at: number): { line: number; column: number } {
  const before = code.slice(0, at);
  const lines = before.split(/\r\n|[\n\r\u2028\u2029]/);
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}
