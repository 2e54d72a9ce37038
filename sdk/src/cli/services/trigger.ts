/** `switchboard trigger HANDLE`: send one trigger event with the SDK client. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient } from '../../client/index.js';
import { AuthenticationError, NotInstalledError, SwitchboardError, UnknownTriggerError, ValidationError } from '../../errors.js';
import { CliError } from './cli-error.js';
import { normalizeServer } from './deploy.js';

/** Where the scaffolded app keeps each shop's token (its `fileTokenStore`). */
export const TOKENS_PATH = '.switchboard/tokens.json';

/** The token the scaffolded app stored for `shop`, if any. */
export async function readStoredToken(appDir: string, shop: string): Promise<string | undefined> {
  try {
    const tokens = JSON.parse(await readFile(join(appDir, TOKENS_PATH), 'utf8')) as Record<string, unknown>;
    const token = tokens[shop];
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}

export interface SendTriggerFileOptions {
  handle: string;
  /** A JSON file holding the payload object. */
  payloadFile: string;
  shop: string;
  server: string;
  /** The app's access token for that shop. */
  token: string;
  fetch?: typeof fetch;
}

export interface TriggerSent {
  eventId: string;
  runsStarted: number;
}

/**
 * Reads the payload file and sends it as `handle` for `shop`. The client's
 * typed errors become a `CliError` whose details list the server's fields.
 */
export async function sendTriggerFile(options: SendTriggerFileOptions): Promise<TriggerSent> {
  const payload = await readPayload(options.payloadFile);
  const client = createClient({
    serverUrl: normalizeServer(options.server),
    // Sending triggers needs only the shop's token; the id and secret serve lifecycle notices.
    clientId: 'switchboard-cli',
    clientSecret: 'unused',
    tokens: { [options.shop]: options.token },
    retry: { attempts: 2 },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  try {
    const sent = await client.sendTrigger(options.shop, options.handle, payload);
    return { eventId: sent.eventId, runsStarted: sent.runsStarted };
  } catch (err) {
    if (!(err instanceof SwitchboardError)) throw err;
    const status = err.status === undefined ? '' : ` ${err.status}`;
    throw new CliError(`${err.name}${status} (${err.code}): ${err.message}`, {
      details: err.fields.map((f) => `${f.field}: ${f.message}`),
      hint: triggerHint(err),
    });
  }
}

function triggerHint(err: SwitchboardError): string | undefined {
  if (err instanceof ValidationError) return "Fix the payload file: its keys are the trigger fields' keys as written in the manifest.";
  if (err instanceof AuthenticationError) return 'The token is wrong or revoked: install the app in the shop again for a new one.';
  if (err instanceof NotInstalledError) return 'Install the app in that shop first.';
  if (err instanceof UnknownTriggerError) return 'Check the handle, and that `switchboard deploy` has published it.';
  return undefined;
}

async function readPayload(file: string): Promise<object> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(`Cannot read the payload file ${file}: ${(err as Error).message}`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new CliError(`${file} must hold a JSON object (the trigger's payload)`, { hint: 'e.g. { "Message": "hello", "customer_id": 123 }' });
  }
  return payload;
}
