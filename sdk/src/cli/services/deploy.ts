/** `switchboard deploy`: register the app (once) and publish its manifests as a new version. */
import { basename, resolve } from 'node:path';
import { formatProblem, type ManifestProblem } from '../../manifest/index.js';
import { CliError } from './cli-error.js';
import { CREDENTIALS_PATH, readCredentials, writeCredentials, type Credentials } from './credentials.js';
import { createApp, putExtensions, updateApp } from './partner-api.js';
import { countProblems, validateApp } from './validate.js';

export interface DeployOptions {
  /** The app folder. */
  dir: string;
  /** Switchboard's base URL; may be left out when the stored credentials name it. */
  server?: string;
  /** The app's name when it is created. Default: the folder's name. */
  name?: string;
  /**
   * The app's URL: required when the app is created; when it differs from the
   * stored one, the app's URL and redirect URL (`<appUrl>/auth/callback`) are updated.
   */
  appUrl?: string;
  /** The server's deploy key, when it has one. */
  deployKey?: string;
  fetch?: typeof fetch;
  /** Told of each slow step, e.g. `Creating app "x" on http://...`. */
  progress?: (line: string) => void;
}

export interface DeployResult {
  /** Present when this deploy created the app: the only time the secret is shown. */
  created?: Credentials;
  clientId: string;
  /** The client secret (from the stored credentials or the new app). */
  clientSecret: string;
  /** Set when this deploy changed the app's URL. */
  appUrlChanged?: string;
  server: string;
  version: number;
  extensions: number;
  warnings: ManifestProblem[];
}

/**
 * Validates the manifests locally first (so a broken app is never created or
 * half-deployed), creates the app if `.switchboard/credentials.json` is
 * absent, stores its credentials (0600, git-ignored), then PUTs the manifests.
 * Throws `CliError` with the problems when the manifests or the server refuse.
 */
export async function deployApp(options: DeployOptions): Promise<DeployResult> {
  const dir = resolve(options.dir);
  const progress = options.progress ?? (() => {});
  const stored = await readCredentials(dir);
  const server = normalizeServer(options.server ?? stored?.server);
  if (stored && normalizeServer(stored.server) !== server) {
    throw new CliError(`${CREDENTIALS_PATH} holds an app on ${stored.server}, not on ${server}`, {
      hint: `Deploy with --server ${stored.server}, or move ${CREDENTIALS_PATH} away to create a new app on ${server}.`,
    });
  }

  const report = await validateApp(dir, { local: isLoopback(server) });
  if (report.errors > 0) {
    throw new CliError(`The manifests have ${countProblems(report.errors, report.warnings)}; nothing was deployed`, {
      details: report.problems.map(formatProblem),
      hint: 'Fix them (run `switchboard validate`) and deploy again.',
    });
  }

  let creds = stored;
  let created: Credentials | undefined;
  let appUrlChanged: string | undefined;
  if (creds && options.appUrl && options.appUrl.replace(/\/+$/, '') !== creds.appUrl) {
    // The app moved (another dev port, a tunnel): installs redirect to the app's URL, so tell the server.
    const appUrl = options.appUrl.replace(/\/+$/, '');
    progress(`Setting the app's URL to ${appUrl} ...`);
    await updateApp({
      server,
      clientId: creds.clientId,
      clientSecret: creds.clientSecret,
      applicationUrl: appUrl,
      redirectUrls: [`${appUrl}/auth/callback`],
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    creds = { ...creds, appUrl };
    await writeCredentials(dir, creds);
    appUrlChanged = appUrl;
  }
  if (!creds) {
    if (!options.appUrl) {
      throw new CliError(`No ${CREDENTIALS_PATH} here, so a new app would be created, and that needs --app-url`, {
        hint: `e.g. switchboard deploy --server ${server} --app-url http://localhost:4000`,
      });
    }
    const appUrl = options.appUrl.replace(/\/+$/, '');
    const name = options.name ?? basename(dir);
    progress(`Creating app "${name}" on ${server} ...`);
    const app = await createApp({
      server,
      name,
      applicationUrl: appUrl,
      redirectUrls: [`${appUrl}/auth/callback`],
      ...(options.deployKey ? { deployKey: options.deployKey } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    creds = { server, clientId: app.clientId, clientSecret: app.clientSecret, appId: app.id, name: app.name, appUrl };
    await writeCredentials(dir, creds);
    created = creds;
  }

  progress(`Deploying ${report.files.length} manifest${report.files.length === 1 ? '' : 's'} to ${server} ...`);
  const deployed = await putExtensions({
    server,
    clientId: creds.clientId,
    clientSecret: creds.clientSecret,
    files: report.files,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return {
    ...(created ? { created } : {}),
    clientId: creds.clientId,
    clientSecret: creds.clientSecret,
    ...(appUrlChanged ? { appUrlChanged } : {}),
    server,
    version: deployed.version,
    extensions: deployed.extensions.length,
    warnings: [...report.problems.filter((p) => p.severity === 'warning'), ...deployed.warnings.filter((w) => !report.problems.some((p) => same(p, w)))],
  };
}

function same(a: ManifestProblem, b: ManifestProblem): boolean {
  return a.file === b.file && a.field === b.field && a.code === b.code;
}

/** `http://host:port` without a trailing slash; refuses what is not an http(s) URL. */
export function normalizeServer(server: string | undefined): string {
  if (!server) {
    throw new CliError('No Switchboard server given', { hint: 'Pass --server <url> (e.g. --server http://localhost:3000) or set SWITCHBOARD_SERVER.' });
  }
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new CliError(`--server "${server}" is not a URL`, { hint: 'e.g. --server http://localhost:3000' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`--server must be http or https, not ${url.protocol}`);
  return url.toString().replace(/\/+$/, '');
}

function isLoopback(server: string): boolean {
  const host = new URL(server).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}
