/** Calls to Switchboard's partner API (`/partner-api/v1`), with its error bodies turned into `CliError`s. */
import type { ManifestFile, ManifestProblem } from '../../manifest/index.js';
import { formatProblem } from '../../manifest/index.js';
import { CliError } from './cli-error.js';

export interface CreatedApp {
  id: string;
  clientId: string;
  clientSecret: string;
  name: string;
  version: number;
}

export interface DeployedVersion {
  version: number;
  extensions: unknown[];
  warnings: ManifestProblem[];
}

interface WireError {
  code?: string;
  message?: string;
  fields?: Array<{ field: string; message: string }>;
  problems?: ManifestProblem[];
  workflows?: unknown[];
}

export interface PartnerApiOptions {
  server: string;
  fetch?: typeof fetch;
}

/** `POST /partner-api/v1/apps`: registers a new app and returns its credentials (the secret only now). */
export async function createApp(
  options: PartnerApiOptions & { name: string; applicationUrl: string; redirectUrls: string[]; deployKey?: string },
): Promise<CreatedApp> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.deployKey) headers.authorization = `Bearer ${options.deployKey}`;
  const body = { name: options.name, application_url: options.applicationUrl, redirect_urls: options.redirectUrls };
  const { status, json } = await call(options, '/partner-api/v1/apps', { method: 'POST', headers, body: JSON.stringify(body) });
  if (status !== 201) throw apiError('Creating the app failed', status, json);
  const app = json as Record<string, unknown>;
  if (typeof app.client_id !== 'string' || typeof app.client_secret !== 'string') {
    throw new CliError(`The server answered 201 without client_id/client_secret`, { hint: 'Is --server a Switchboard server?' });
  }
  return { id: String(app.id), clientId: app.client_id, clientSecret: app.client_secret, name: String(app.name), version: Number(app.version) };
}

/** `PUT /partner-api/v1/apps/{client_id}/extensions`: a new version with these manifests. */
export async function putExtensions(
  options: PartnerApiOptions & { clientId: string; clientSecret: string; files: ManifestFile[] },
): Promise<DeployedVersion> {
  const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`, 'utf8').toString('base64');
  const { status, json } = await call(options, `/partner-api/v1/apps/${encodeURIComponent(options.clientId)}/extensions`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` },
    body: JSON.stringify({ files: options.files.map((f) => ({ path: f.path, content: f.content })) }),
  });
  if (status !== 200) throw apiError('The server refused the deploy', status, json);
  const answer = json as Record<string, unknown>;
  return {
    version: Number(answer.version),
    extensions: Array.isArray(answer.extensions) ? answer.extensions : [],
    warnings: Array.isArray(answer.warnings) ? (answer.warnings as ManifestProblem[]) : [],
  };
}

/** `PATCH /partner-api/v1/apps/{client_id}`: changes the app's URL and redirect URLs (e.g. a new dev port). */
export async function updateApp(
  options: PartnerApiOptions & { clientId: string; clientSecret: string; applicationUrl: string; redirectUrls: string[] },
): Promise<void> {
  const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`, 'utf8').toString('base64');
  const { status, json } = await call(options, `/partner-api/v1/apps/${encodeURIComponent(options.clientId)}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Basic ${basic}` },
    body: JSON.stringify({ application_url: options.applicationUrl, redirect_urls: options.redirectUrls }),
  });
  if (status !== 200) throw apiError('Updating the app\'s URL failed', status, json);
}

async function call(options: PartnerApiOptions, path: string, init: RequestInit): Promise<{ status: number; json: unknown }> {
  const url = new URL(path, options.server).toString();
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new CliError(`Could not reach ${url}: ${(err as Error).message}`, { hint: 'Check --server, and that the Switchboard server is running (`npm start` in the Switchboard repo).' });
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (json === undefined && !response.ok) {
    throw new CliError(`${init.method} ${url} answered ${response.status} without a JSON body`, { hint: 'Is --server a Switchboard server?' });
  }
  return { status: response.status, json };
}

/** Turns `{ error: { code, message, fields?, problems?, workflows? } }` into a readable `CliError`. */
function apiError(what: string, status: number, json: unknown): CliError {
  const error = ((json as { error?: WireError } | undefined)?.error ?? {}) as WireError;
  const details: string[] = [];
  for (const p of error.problems ?? []) details.push(formatProblem(p));
  for (const f of error.fields ?? []) details.push(`${f.field}: ${f.message}`);
  for (const w of error.workflows ?? []) details.push(`workflow: ${typeof w === 'string' ? w : JSON.stringify(w)}`);
  const code = error.code ? ` ${error.code}` : '';
  return new CliError(`${what} (${status}${code}): ${error.message ?? 'no message'}`, { details, hint: hintFor(status, error.code) });
}

function hintFor(status: number, code: string | undefined): string | undefined {
  if (code === 'breaking_change') return 'Turn off or edit the workflows listed above, or keep the old handles and fields.';
  if (code === 'invalid_manifest') return 'Fix the manifests (run `switchboard validate`) and deploy again.';
  if (code === 'invalid_deploy_key' || code === 'deploy_disabled') return 'Pass the server\'s deploy key with --deploy-key or SWITCHBOARD_DEPLOY_KEY.';
  if (status === 401) return `The stored credentials are not accepted by this server: delete .switchboard/credentials.json to create a new app.`;
  return undefined;
}
