/** `switchboard init DIR`: scaffold a runnable connector app. */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from './cli-error.js';
import { scaffoldFiles } from './scaffold-files.js';

export interface InitResult {
  dir: string;
  /** Paths written, relative to `dir`. */
  files: string[];
}

/**
 * Writes a connector app (package.json, tsconfig, one trigger, one action,
 * a node:http server with its test, README) into `dir`, which must be absent
 * or empty.
 */
export async function initApp(dir: string): Promise<InitResult> {
  const abs = resolve(dir);
  let entries: string[] = [];
  try {
    entries = await readdir(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new CliError(`${abs} is a file, not a folder`, { hint: 'Choose a new folder name.' });
    if (code !== 'ENOENT') throw err;
  }
  if (entries.length > 0) {
    throw new CliError(`${abs} is not empty`, { hint: 'Choose a new folder name, or an empty folder: init never overwrites files.' });
  }
  const name = packageName(basename(abs));
  const files = scaffoldFiles(name);
  for (const [path, content] of Object.entries(files)) {
    const target = join(abs, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content, { flag: 'wx' });
  }
  return { dir: abs, files: Object.keys(files) };
}

/** A valid npm package name from a folder name. */
function packageName(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|-+$/g, '');
  return name === '' ? 'connector-app' : name;
}
