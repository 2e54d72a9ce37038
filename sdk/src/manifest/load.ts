/** Finding an app's manifests on disk. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestFile } from './types.js';

const MANIFEST = 'shopify.extension.toml';

/**
 * Reads every `extensions/<folder>/shopify.extension.toml` under `appDir`,
 * sorted by folder name. Paths are relative to `appDir` with forward slashes
 * (`extensions/review-created/shopify.extension.toml`), as problems will name
 * them. An app without an `extensions` folder has no manifests.
 */
export async function loadManifestFiles(appDir: string): Promise<ManifestFile[]> {
  const root = join(appDir, 'extensions');
  let names: string[];
  try {
    names = await readdir(root);
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const files: ManifestFile[] = [];
  for (const name of names) {
    try {
      // Reading directly (not via Dirent) also follows symlinked folders.
      const content = await readFile(join(root, name, MANIFEST), 'utf8');
      files.push({ path: `extensions/${name}/${MANIFEST}`, content });
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }
  return files;
}

/** A folder without a manifest, or a plain file where a folder might be. */
function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
