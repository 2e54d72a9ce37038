/**
 * The fields a Get data step reads, as a small tree: rendered into the
 * GraphQL selection, priced with Shopify's cost rules (so a page never asks
 * for more than the 1,000-point single-query maximum), and walked to check a
 * `sum_field` path.
 */

/** A scalar leaf: `true` for any value, `'number'` for a numeric one (Int, Decimal, Money, UnsignedInt64). */
export type Leaf = true | 'number';

export interface Selection {
  readonly [field: string]: Leaf | Selection | Connection;
}

/** A nested connection field, read as its first page: `name(first: n) { nodes { ... } pageInfo { hasNextPage } }`. */
export class Connection {
  constructor(
    readonly first: number,
    readonly node: Selection,
  ) {}
}

const isLeaf = (f: Leaf | Selection | Connection): f is Leaf => f === true || f === 'number';

export function renderSelection(selection: Selection): string {
  return Object.entries(selection)
    .map(([name, f]) => {
      if (isLeaf(f)) return name;
      if (f instanceof Connection) return `${name}(first: ${f.first}) { nodes { ${renderSelection(f.node)} } pageInfo { hasNextPage } }`;
      return `${name} { ${renderSelection(f)} }`;
    })
    .join(' ');
}

/**
 * Shopify's requested cost of one node with this selection: scalars cost 0,
 * objects 1, a connection 2 plus `first` times its node.
 * (https://shopify.dev/docs/api/usage/rate-limits#cost-calculation)
 */
export function nodeCost(selection: Selection): number {
  let cost = 1;
  for (const f of Object.values(selection)) {
    if (isLeaf(f)) continue;
    if (f instanceof Connection) cost += 2 + f.first * nodeCost(f.node) + 1;
    else cost += nodeCost(f);
  }
  return cost;
}

/** Shopify refuses a query whose requested cost is above this. */
export const MAX_QUERY_COST = 1000;

/** The largest page (at most 250) whose requested cost stays under Shopify's maximum, with room for pageInfo. */
export function pageSizeFor(selection: Selection): number {
  return Math.max(1, Math.min(250, Math.floor((MAX_QUERY_COST - 10) / nodeCost(selection))));
}

/** The numeric leaves' dotted paths (connections excluded: a list is not a number). */
export function numericPaths(selection: Selection, prefix = ''): string[] {
  return Object.entries(selection).flatMap(([name, f]) => {
    if (f === 'number') return [`${prefix}${name}`];
    if (isLeaf(f) || f instanceof Connection) return [];
    return numericPaths(f, `${prefix}${name}.`);
  });
}

/**
 * The selection narrowed to one numeric path (plus `keep`, e.g. id and name),
 * or a problem naming why the path is not a numeric field of the items.
 */
export function narrowTo(selection: Selection, path: string, keep: string[]): { selection: Selection } | { problem: string } {
  const parts = path.split('.');
  let here: Selection = selection;
  for (let i = 0; i < parts.length; i++) {
    const f = here[parts[i]!];
    const sofar = parts.slice(0, i + 1).join('.');
    if (f === undefined) return { problem: `"${sofar}" is not a field of the items` };
    if (f instanceof Connection) return { problem: `"${sofar}" is a list, not a number` };
    if (isLeaf(f)) {
      if (i < parts.length - 1) return { problem: `"${sofar}" has no field "${parts[i + 1]}"` };
      if (f !== 'number') return { problem: `"${path}" is not a numeric field` };
      const narrowed: Record<string, unknown> = {};
      for (const k of keep) narrowed[k] = selection[k];
      return { selection: { ...(narrowed as Selection), ...nest(parts, 'number') } };
    }
    here = f;
  }
  return { problem: `"${path}" is an object, not a number` };
}

function nest(parts: string[], leaf: Leaf): Selection {
  let out: Selection | Leaf = leaf;
  for (const p of [...parts].reverse()) out = { [p]: out };
  return out as Selection;
}
