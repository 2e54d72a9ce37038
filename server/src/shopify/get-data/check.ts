/**
 * Save-time and run-time checks of a Get data request: the search query's
 * syntax and fields, the sort key and the sum field, each problem a sentence
 * a merchant can act on.
 */
import type { GetDataResource } from '../../engine/index.js';
import { RESOURCES, type ResourceSpec } from './resources.js';
import { parseSearch, type SearchTerm } from './search-syntax.js';
import { narrowTo, numericPaths } from './selection.js';

/** Problems of a rendered query and sort for a resource; empty when Shopify would run it as written. */
export function checkQuery(resource: GetDataResource, query: string, sort?: { key: string }): string[] {
  const spec = RESOURCES[resource];
  if (!spec) return [`"${String(resource)}" is not a resource Get data reads (orders, products, customers or draft_orders)`];
  const parsed = parseSearch(query);
  const problems = parsed.problems.map((p) => `query: ${p}`);
  for (const term of parsed.terms) {
    const problem = fieldProblem(spec, term);
    if (problem) problems.push(`query: ${problem}`);
  }
  if (sort) {
    const key = normalizeSortKey(sort.key);
    if (!spec.sortKeys.includes(key)) {
      problems.push(`sort: "${sort.key}" is not a sort key of ${spec.noun}; use one of ${spec.sortKeys.join(', ')}`);
    } else if (key === 'RELEVANCE' && parsed.terms.length === 0) {
      problems.push('sort: RELEVANCE needs a search query (without one Shopify returns an arbitrary order)');
    }
  }
  return problems;
}

export function normalizeSortKey(key: string): string {
  return key.trim().toUpperCase();
}

/** The filters of a query the resource's count query does not accept ("free text" for unfielded terms); empty when it accepts them all. */
export function countQueryRefuses(spec: ResourceSpec, query: string): string[] {
  const allowed = spec.countSearchFields;
  if (!allowed) return [];
  const refused = parseSearch(query).terms.filter((t) => t.field === null || !allowed.has(t.field)).map((t) => t.field ?? 'free text');
  return [...new Set(refused)];
}

/** Problems of a `sum_field` path for a resource: it must name a numeric field of the items. */
export function checkSumField(resource: GetDataResource, path: string | undefined): string[] {
  const spec = RESOURCES[resource];
  if (!spec) return [`"${String(resource)}" is not a resource Get data reads`];
  if (!path?.trim()) return ['sum_field: a sum needs the path of a numeric field, e.g. totalPriceSet.shopMoney.amount'];
  const narrowed = narrowTo(spec.item, path.trim(), []);
  if ('problem' in narrowed) return [`sum_field: ${narrowed.problem} of ${spec.noun}; numeric fields are ${numericPaths(spec.item).join(', ')}`];
  return [];
}

function fieldProblem(spec: ResourceSpec, term: SearchTerm): string | undefined {
  if (term.field === null || spec.searchFields.has(term.field)) return undefined;
  if (spec.metafieldSearch && /^metafields\.[^.]+\.[^.]+$/.test(term.field)) return undefined;
  if (term.field.startsWith('metafields.')) {
    return spec.metafieldSearch
      ? `"${term.field}" (character ${term.position}) must be metafields.<namespace>.<key>`
      : `${spec.noun} cannot be searched by metafield ("${term.field}", character ${term.position})`;
  }
  const near = closest(term.field, [...spec.searchFields].filter((f) => f !== 'default'));
  return `"${term.field}" (character ${term.position}) is not a search field of ${spec.noun}${near ? `; did you mean "${near}"?` : ''}`;
}

/** The known name nearest to `name` by edit distance, when near enough to be a typo. */
function closest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
