/** `switchboard validate`: check an app's manifests as the server will. */
import { resolve } from 'node:path';
import { loadManifestFiles, parseManifests } from '../../manifest/index.js';
import type { Extension, ManifestFile, ManifestProblem } from '../../manifest/index.js';
import { CliError } from './cli-error.js';

export interface ValidateOptions {
  /** Allow plain `http://localhost` URLs (local development). Default true. */
  local?: boolean;
}

export interface ValidationReport {
  /** The app folder, absolute. */
  dir: string;
  files: ManifestFile[];
  extensions: Extension[];
  problems: ManifestProblem[];
  errors: number;
  warnings: number;
}

/**
 * Loads `extensions/*\/shopify.extension.toml` under `dir` and validates them
 * together. Throws `CliError` when there are no manifests at all; problems in
 * the manifests are returned, not thrown.
 */
export async function validateApp(dir: string, options: ValidateOptions = {}): Promise<ValidationReport> {
  const abs = resolve(dir);
  const files = await loadManifestFiles(abs);
  if (files.length === 0) {
    throw new CliError(`No extension manifests found in ${resolve(abs, 'extensions')}`, {
      hint: 'Each extension lives in extensions/<handle>/shopify.extension.toml. Run this in your app folder, or add one with `switchboard generate trigger "My trigger"`.',
    });
  }
  const { extensions, problems } = parseManifests(files, { local: options.local ?? true });
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { dir: abs, files, extensions, problems, errors, warnings: problems.length - errors };
}

/** `2 errors, 1 warning` (`no problems` when clean). */
export function countProblems(errors: number, warnings: number): string {
  if (errors === 0 && warnings === 0) return 'no problems';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
}
