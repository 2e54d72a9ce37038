/** The app's Switchboard credentials, kept in `.switchboard/credentials.json` (never committed). */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from './cli-error.js';

export const CREDENTIALS_PATH = '.switchboard/credentials.json';

export interface Credentials {
  server: string;
  clientId: string;
  clientSecret: string;
  appId?: string;
  name?: string;
  /** The app's URL as last registered (`--app-url`); the scaffold's server reads it. */
  appUrl?: string;
}

/** The stored credentials, or `undefined` when the app has none yet. */
export async function readCredentials(appDir: string): Promise<Credentials | undefined> {
  const file = join(appDir, CREDENTIALS_PATH);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CliError(`${CREDENTIALS_PATH} is not valid JSON`, { hint: 'Fix it, or delete it to create a new app on the next deploy.' });
  }
  const { server, client_id: clientId, client_secret: clientSecret, app_id: appId, name, app_url: appUrl } = raw;
  if (typeof server !== 'string' || typeof clientId !== 'string' || typeof clientSecret !== 'string') {
    throw new CliError(`${CREDENTIALS_PATH} lacks server, client_id or client_secret`, { hint: 'Fix it, or delete it to create a new app on the next deploy.' });
  }
  return {
    server,
    clientId,
    clientSecret,
    ...(typeof appId === 'string' ? { appId } : {}),
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof appUrl === 'string' ? { appUrl } : {}),
  };
}

/** Writes the credentials readable by the owner only (0600), and keeps `.switchboard/` out of git. */
export async function writeCredentials(appDir: string, creds: Credentials): Promise<void> {
  await mkdir(join(appDir, '.switchboard'), { recursive: true, mode: 0o700 });
  const file = join(appDir, CREDENTIALS_PATH);
  const body = { server: creds.server, client_id: creds.clientId, client_secret: creds.clientSecret, app_id: creds.appId, name: creds.name, app_url: creds.appUrl };
  await writeFile(file, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
  await chmod(file, 0o600); // writeFile's mode only applies to a new file
  await ignoreInGit(appDir, '.switchboard/');
}

/** Adds `entry` to the app's `.gitignore` unless a line already covers it. Returns whether it changed the file. */
export async function ignoreInGit(appDir: string, entry: string): Promise<boolean> {
  const file = join(appDir, '.gitignore');
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const bare = entry.replace(/^\/|\/$/g, '');
  const covered = text.split(/\r?\n/).some((line) => line.trim().replace(/^\/|\/$/g, '') === bare);
  if (covered) return false;
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  await writeFile(file, `${text}${sep}${entry}\n`);
  return true;
}
