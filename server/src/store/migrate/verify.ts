/** Counting what arrived, and saying it: the comparison the copy commits on, and the summary an operator reads. */

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

/** The tables whose row counts differ between SQLite and PostgreSQL. */
export function compareCounts(counts: TableCount[]): TableCount[] {
  return counts.filter((c) => c.source !== c.target);
}

/** A fixed-width table: one line per table with both counts and whether they agree. */
export function formatCounts(counts: TableCount[]): string {
  const header = { table: 'table', source: 'SQLite', target: 'PostgreSQL', check: '' };
  const lines = [header, ...counts.map((c) => ({ table: c.table, source: String(c.source), target: String(c.target), check: c.source === c.target ? 'ok' : 'MISMATCH' }))];
  const w = {
    table: Math.max(...lines.map((l) => l.table.length)),
    source: Math.max(...lines.map((l) => l.source.length)),
    target: Math.max(...lines.map((l) => l.target.length)),
  };
  return lines.map((l) => `  ${l.table.padEnd(w.table)}  ${l.source.padStart(w.source)}  ${l.target.padStart(w.target)}  ${l.check}`.trimEnd()).join('\n');
}
