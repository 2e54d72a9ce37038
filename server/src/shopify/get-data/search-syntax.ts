/**
 * A checker of Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax),
 * run before a Get data query is sent: Shopify itself answers a malformed
 * query with "all results" or silently drops the parts it does not
 * understand, and a workflow must never act on all orders by accident.
 *
 *   Query      = Term { [ Connective ] Term }
 *   Connective = "AND" | "OR"
 *   Term       = [ "-" | "NOT" ] ( "(" Query ")" | [ name Comparator ] value )
 *   Comparator = ":" | ":<" | ":>" | ":<=" | ":>="
 *
 * Values are words or quoted strings ('...' or "..."); a backslash escapes
 * the special characters `: \ ( )` and quotes. Positions in messages count
 * characters from 1.
 */

export type Comparator = ':' | ':<' | ':>' | ':<=' | ':>=';

/** One `name:value` or free-text term of a query. */
export interface SearchTerm {
  /** Lower case; null for a free-text term. */
  field: string | null;
  comparator: Comparator;
  value: string;
  position: number;
}

export interface ParsedSearch {
  terms: SearchTerm[];
  /** Syntax problems, each naming what is wrong and where. */
  problems: string[];
}

type Token =
  | { t: '(' | ')' | 'AND' | 'OR' | 'NOT'; position: number }
  | { t: 'term'; term: SearchTerm };

const SPACE = /\s/;

function tokenize(src: string, problems: string[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const at = (n: number) => n + 1;

  /** A quoted string starting at `start`; returns its text and the index after it. */
  const quoted = (start: number): { text: string; end: number } => {
    const quote = src[start]!;
    let text = '';
    for (let j = start + 1; j < src.length; j++) {
      const c = src[j]!;
      if (c === '\\' && j + 1 < src.length) {
        text += src[++j];
        continue;
      }
      if (c === quote) return { text, end: j + 1 };
      text += c;
    }
    problems.push(`the quote ${quote} at character ${at(start)} is never closed`);
    return { text, end: src.length };
  };

  /** A bare word up to whitespace or a parenthesis, stopping at an unescaped ':' when `stopAtColon`. */
  const word = (start: number, stopAtColon: boolean): { text: string; end: number } => {
    let text = '';
    let j = start;
    while (j < src.length) {
      const c = src[j]!;
      if (SPACE.test(c) || c === '(' || c === ')' || (stopAtColon && c === ':')) break;
      if (c === '\\' && j + 1 < src.length) {
        text += src[j + 1];
        j += 2;
        continue;
      }
      text += c;
      j++;
    }
    return { text, end: j };
  };

  while (i < src.length) {
    const c = src[i]!;
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ t: c, position: at(i) });
      i++;
      continue;
    }
    if (c === '-') {
      const next = src[i + 1];
      if (next === undefined || SPACE.test(next) || next === ')') {
        problems.push(`the '-' at character ${at(i)} is not followed by a term to exclude`);
        i++;
        continue;
      }
      tokens.push({ t: 'NOT', position: at(i) });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const q = quoted(i);
      tokens.push({ t: 'term', term: { field: null, comparator: ':', value: q.text, position: at(i) } });
      i = q.end;
      continue;
    }
    const start = i;
    const name = word(i, true);
    i = name.end;
    if (src[i] !== ':') {
      if (name.text === 'AND' || name.text === 'OR' || name.text === 'NOT') {
        tokens.push({ t: name.text, position: at(start) });
      } else {
        if (/^(and|or|not)$/i.test(name.text)) {
          problems.push(`'${name.text}' at character ${at(start)} is searched as a word: write ${name.text.toUpperCase()} in capitals to combine terms, or quote it to search for it`);
        }
        tokens.push({ t: 'term', term: { field: null, comparator: ':', value: name.text, position: at(start) } });
      }
      continue;
    }
    // name:value, name:<value, ...
    if (name.text === '') problems.push(`the ':' at character ${at(i)} has no field name before it`);
    i++;
    // Shopify's own examples put a space after the colon (`customer_date: >='2024-01-01'`).
    const afterColon = i;
    while (i < src.length && SPACE.test(src[i]!)) i++;
    const spaced = i > afterColon;
    const op = (['<=', '>=', '<', '>'] as const).find((o) => src.startsWith(o, i));
    const comparator: Comparator = op ? `:${op}` : ':';
    i += op?.length ?? 0;
    let value: string;
    if (src[i] === '"' || src[i] === "'") {
      const q = quoted(i);
      value = q.text;
      i = q.end;
    } else {
      const w = word(i, false);
      value = w.text;
      i = w.end;
      if (value === '' || (spaced && (value === 'AND' || value === 'OR' || value === 'NOT'))) {
        problems.push(`'${name.text}${comparator}' at character ${at(start)} has no value`);
        if (value !== '') i -= value.length;
        value = '';
      }
    }
    tokens.push({ t: 'term', term: { field: name.text.toLowerCase(), comparator, value, position: at(start) } });
  }
  return tokens;
}

/** Parses a query, collecting its terms and every syntax problem found (an empty query is fine: every record). */
export function parseSearch(query: string): ParsedSearch {
  const problems: string[] = [];
  const tokens = tokenize(query, problems);
  const terms: SearchTerm[] = [];
  let pos = 0;
  const describe = (tok: Token) => (tok.t === 'term' ? `'${tok.term.value}'` : `'${tok.t}'`);
  const positionOf = (tok: Token) => (tok.t === 'term' ? tok.term.position : tok.position);

  // Returns false when there was no term at all (the caller reports it in context).
  const parseTerm = (): boolean => {
    const tok = tokens[pos];
    if (!tok) return false;
    if (tok.t === 'NOT') {
      pos++;
      if (!parseTerm()) problems.push(`the NOT at character ${tok.position} is not followed by a term`);
      return true;
    }
    if (tok.t === '(') {
      pos++;
      const inner = parseQuery(true);
      if (!inner) problems.push(`the parentheses at character ${tok.position} are empty`);
      if (tokens[pos]?.t === ')') pos++;
      else problems.push(`unbalanced parentheses: the '(' at character ${tok.position} is never closed`);
      return true;
    }
    if (tok.t === 'term') {
      pos++;
      terms.push(tok.term);
      return true;
    }
    return false;
  };

  // Returns whether at least one term was read.
  const parseQuery = (nested: boolean): boolean => {
    let any = false;
    let pendingConnective: { t: 'AND' | 'OR'; position: number } | undefined;
    while (pos < tokens.length) {
      const tok = tokens[pos]!;
      if (tok.t === ')') {
        if (nested) break;
        problems.push(`unbalanced parentheses: the ')' at character ${tok.position} has no matching '('`);
        pos++;
        continue;
      }
      if (tok.t === 'AND' || tok.t === 'OR') {
        if (!any) problems.push(`the ${tok.t} at character ${tok.position} has no term before it`);
        else if (pendingConnective) problems.push(`the ${tok.t} at character ${tok.position} follows another connective`);
        pendingConnective = { t: tok.t, position: tok.position };
        pos++;
        continue;
      }
      if (!parseTerm()) {
        problems.push(`unexpected ${describe(tok)} at character ${positionOf(tok)}`);
        pos++;
        continue;
      }
      any = true;
      pendingConnective = undefined;
    }
    if (pendingConnective) {
      problems.push(`the ${pendingConnective.t} at character ${pendingConnective.position} has no term after it`);
    }
    return any;
  };

  parseQuery(false);
  return { terms, problems };
}
