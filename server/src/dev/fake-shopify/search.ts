/**
 * Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax),
 * enough of it for the `orders(query:)` argument: terms, `field:value`,
 * comparisons (`:>`, `:>=`, `:<`, `:<=`), quoted values, `*` prefix wildcards,
 * implicit AND, `AND`, `OR`, `NOT`, `-term`, and parentheses. A malformed query
 * throws a SearchSyntaxError. Fields are not checked here: like Shopify, the
 * resolvers ignore terms on fields they do not know and report them as
 * warnings (see searchFields).
 */

export class SearchSyntaxError extends Error {
  override name = 'SearchSyntaxError';
}

export type Comparator = '=' | '>' | '>=' | '<' | '<=';

export type SearchNode =
  | { kind: 'and'; items: SearchNode[] }
  | { kind: 'or'; items: SearchNode[] }
  | { kind: 'not'; item: SearchNode }
  | { kind: 'term'; field: string | null; op: Comparator; value: string; quoted: boolean };

type Token =
  | { t: '(' }
  | { t: ')' }
  | { t: 'OR' }
  | { t: 'AND' }
  | { t: 'NOT' }
  | { t: 'term'; field: string | null; op: Comparator; value: string; quoted: boolean };

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

function readQuoted(src: string, start: number): { value: string; end: number } {
  const quote = src[start];
  let i = start + 1;
  let value = '';
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\' && i + 1 < src.length) {
      value += src[i + 1];
      i += 2;
      continue;
    }
    if (ch === quote) return { value, end: i + 1 };
    value += ch;
    i++;
  }
  throw new SearchSyntaxError(`unterminated quoted string starting at position ${start + 1}`);
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (isSpace(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      tokens.push({ t: ch });
      i++;
      continue;
    }
    if (ch === '-' && i + 1 < src.length && !isSpace(src[i + 1]!) && src[i + 1] !== ')') {
      tokens.push({ t: 'NOT' });
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const q = readQuoted(src, i);
      tokens.push({ t: 'term', field: null, op: '=', value: q.value, quoted: true });
      i = q.end;
      continue;
    }
    // A bare word, possibly `field:value`.
    let word = '';
    while (i < src.length && !isSpace(src[i]!) && src[i] !== '(' && src[i] !== ')' && src[i] !== ':') {
      const c = src[i]!;
      if (c === '"' || c === "'") throw new SearchSyntaxError(`unexpected quote at position ${i + 1}`);
      word += c;
      i++;
    }
    if (src[i] === ':') {
      if (word === '') throw new SearchSyntaxError(`missing field name before ':' at position ${i + 1}`);
      i++;
      let op: Comparator = '=';
      for (const candidate of ['>=', '<=', '>', '<'] as const) {
        if (src.startsWith(candidate, i)) {
          op = candidate;
          i += candidate.length;
          break;
        }
      }
      let value = '';
      let quoted = false;
      if (src[i] === '"' || src[i] === "'") {
        const q = readQuoted(src, i);
        value = q.value;
        quoted = true;
        i = q.end;
      } else {
        while (i < src.length && !isSpace(src[i]!) && src[i] !== '(' && src[i] !== ')') {
          const c = src[i]!;
          if (c === '"' || c === "'") throw new SearchSyntaxError(`unexpected quote at position ${i + 1}`);
          value += c;
          i++;
        }
        if (value === '') throw new SearchSyntaxError(`missing value for field '${word}'`);
      }
      tokens.push({ t: 'term', field: word.toLowerCase(), op, value, quoted });
      continue;
    }
    if (word === 'OR' || word === 'AND' || word === 'NOT') tokens.push({ t: word });
    else tokens.push({ t: 'term', field: null, op: '=', value: word, quoted: false });
  }
  return tokens;
}

export function parseSearchQuery(src: string): SearchNode {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];

  const parseOr = (): SearchNode => {
    const items = [parseAnd()];
    while (peek()?.t === 'OR') {
      pos++;
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };
  const parseAnd = (): SearchNode => {
    const items = [parseUnary()];
    for (;;) {
      const next = peek();
      if (!next || next.t === ')' || next.t === 'OR') break;
      if (next.t === 'AND') pos++;
      items.push(parseUnary());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const parseUnary = (): SearchNode => {
    const next = peek();
    if (!next) throw new SearchSyntaxError('unexpected end of query');
    if (next.t === 'NOT') {
      pos++;
      return { kind: 'not', item: parseUnary() };
    }
    if (next.t === '(') {
      pos++;
      const inner = parseOr();
      if (peek()?.t !== ')') throw new SearchSyntaxError("unbalanced parentheses: missing ')'");
      pos++;
      return inner;
    }
    if (next.t === 'term') {
      pos++;
      return { kind: 'term', field: next.field, op: next.op, value: next.value, quoted: next.quoted };
    }
    if (next.t === ')') throw new SearchSyntaxError("unbalanced parentheses: unexpected ')'");
    throw new SearchSyntaxError(`unexpected '${next.t}'`);
  };

  if (tokens.length === 0) return { kind: 'and', items: [] };
  const tree = parseOr();
  if (pos < tokens.length) {
    const extra = tokens[pos]!;
    throw new SearchSyntaxError(extra.t === ')' ? "unbalanced parentheses: unexpected ')'" : `unexpected '${extra.t}'`);
  }
  return tree;
}

/** The fields a parsed query names (lower case, in order, without repeats). */
export function searchFields(node: SearchNode, out: string[] = []): string[] {
  if (node.kind === 'term') {
    if (node.field !== null && !out.includes(node.field)) out.push(node.field);
  } else if (node.kind === 'not') searchFields(node.item, out);
  else for (const item of node.items) searchFields(item, out);
  return out;
}

/** Evaluates a parsed query; `matchTerm` decides single terms. */
export function evaluateSearch(node: SearchNode, matchTerm: (term: Extract<SearchNode, { kind: 'term' }>) => boolean): boolean {
  switch (node.kind) {
    case 'and':
      return node.items.every((item) => evaluateSearch(item, matchTerm));
    case 'or':
      return node.items.some((item) => evaluateSearch(item, matchTerm));
    case 'not':
      return !evaluateSearch(node.item, matchTerm);
    case 'term':
      return matchTerm(node);
  }
}

/** Compares one value with a term's value: numbers and dates by magnitude, strings case-insensitively, `*` as a prefix wildcard. */
export function compareValue(actual: unknown, op: Comparator, expected: string): boolean {
  if (actual === undefined || actual === null) return false;
  if (Array.isArray(actual)) return actual.some((item) => compareValue(item, op, expected));
  if (typeof actual === 'object') return false;
  const actualText = String(actual);
  if (op === '=') {
    const a = actualText.toLowerCase();
    const e = expected.toLowerCase();
    if (e.endsWith('*')) return a.startsWith(e.slice(0, -1));
    return a === e;
  }
  let cmp: number;
  const an = Number(actualText);
  const en = Number(expected);
  if (actualText.trim() !== '' && expected.trim() !== '' && Number.isFinite(an) && Number.isFinite(en)) {
    cmp = an - en;
  } else {
    const ad = Date.parse(actualText);
    const ed = Date.parse(expected);
    if (Number.isFinite(ad) && Number.isFinite(ed)) cmp = ad - ed;
    else cmp = actualText.localeCompare(expected);
  }
  switch (op) {
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
  }
}
