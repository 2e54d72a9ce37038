/** Turning manifest problems into text and exceptions. */
import type { ManifestProblem } from './types.js';

/** `file:line: field: message` (parts that are unknown are left out). */
function describe(p: ManifestProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  return p.field === '' ? `${where}: ${p.message}` : `${where}: ${p.field}: ${p.message}`;
}

/**
 * One line for a problem, e.g.
 * `error: extensions/bid/shopify.extension.toml:7: handle: \`handle\` may not start or end with a hyphen: "-bid".`
 */
export function formatProblem(p: ManifestProblem): string {
  return `${p.severity}: ${describe(p)}`;
}

/**
 * Thrown when manifests are refused. `problems` holds every problem found
 * (warnings too); the message lists each error as `file:line: field: message`.
 */
export class ManifestError extends Error {
  readonly problems: ManifestProblem[];

  constructor(problems: ManifestProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    const count = errors.length === 1 ? '1 error' : `${errors.length} errors`;
    super([`Invalid extension manifest (${count}):`, ...errors.map((p) => `  ${describe(p)}`)].join('\n'));
    this.name = 'ManifestError';
    this.problems = problems;
  }
}
