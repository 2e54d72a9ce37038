/** `switchboard generate trigger|action NAME`: add an extension to an app. */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CliError } from './cli-error.js';
import { actionTemplate, manifestText, triggerTemplate } from './manifest-template.js';

export type ExtensionKind = 'trigger' | 'action';
export const EXTENSION_KINDS: readonly ExtensionKind[] = ['trigger', 'action'];

/** Flow's hard limit on handle length. */
const MAX_HANDLE = 50;

/**
 * The handle for a display name: kebab-case, letters and digits only
 * (`"Send gift"` -> `send-gift`). Empty when the name has no letters or digits.
 */
export function toHandle(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export interface GeneratedExtension {
  kind: ExtensionKind;
  handle: string;
  /** Relative to the app folder, forward slashes. */
  path: string;
}

/**
 * Writes `extensions/<handle>/shopify.extension.toml` under `appDir` with a
 * valid trigger (one text field) or action (`runtime_url = /actions/<handle>`,
 * one field). Refuses an unknown kind, a name that gives no usable handle, and
 * an existing extension folder.
 */
export async function generateExtension(appDir: string, kind: string, name: string): Promise<GeneratedExtension> {
  if (!EXTENSION_KINDS.includes(kind as ExtensionKind)) {
    throw new CliError(`Unknown extension kind "${kind}"`, { hint: 'Use `switchboard generate trigger NAME` or `switchboard generate action NAME`.' });
  }
  const display = name.trim();
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(display)) throw new CliError('The name contains control characters', { hint: 'Use plain text, e.g. "Send gift".' });
  const handle = toHandle(display);
  if (handle === '') {
    throw new CliError(`"${name}" is not a usable extension name: it needs at least one letter or digit`, { hint: 'For example: switchboard generate action "Send gift"' });
  }
  if (handle.length > MAX_HANDLE) {
    throw new CliError(`"${name}" makes the handle "${handle}", over ${MAX_HANDLE} characters`, { hint: 'Use a shorter name (Flow advises 5 to 30 characters).' });
  }
  const folder = join(resolve(appDir), 'extensions', handle);
  if (await exists(folder)) {
    throw new CliError(`extensions/${handle} already exists`, { hint: 'Choose another name, or edit the existing manifest.' });
  }
  const ext = kind === 'trigger' ? triggerTemplate(handle, display) : actionTemplate(handle, display);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'shopify.extension.toml'), manifestText(ext), { flag: 'wx' });
  return { kind: kind as ExtensionKind, handle, path: `extensions/${handle}/shopify.extension.toml` };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
