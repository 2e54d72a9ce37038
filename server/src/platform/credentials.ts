/**
 * Credentials of the built-in connectors (Slack, Google Sheets, Trello,
 * Asana), kept by Switchboard per shop as the Flow documents describe:
 * sealed with AES-256-GCM under a key derived from the server secret, never
 * returned, and changed only while Switchboard is installed in the shop.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Shop, Store } from '../store/index.js';
import { PlatformError } from './errors.js';
import type { BundledConnector } from './bundled-connectors.js';

/** The part of a bundled connector that Settings needs. */
export type CredentialSpec = Pick<BundledConnector, 'id' | 'name' | 'description' | 'credentialFields'>;

const keyOf = (serverSecret: string) => createHash('sha256').update(`connector-credentials:${serverSecret}`).digest();

export function seal(values: Record<string, string>, serverSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(serverSecret), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64')).join('.');
}

export function unseal(sealed: string, serverSecret: string): Record<string, string> {
  const [iv, tag, data] = sealed.split('.').map((p) => Buffer.from(p, 'base64'));
  const decipher = createDecipheriv('aes-256-gcm', keyOf(serverSecret), iv!);
  decipher.setAuthTag(tag!);
  return JSON.parse(Buffer.concat([decipher.update(data!), decipher.final()]).toString('utf8')) as Record<string, string>;
}

const mask = (value: string) => `••••${value.slice(-4)}`;

/** What the admin sees: which connectors are configured, with masked hints, never the secrets. */
export async function listConnectorCredentials(store: Store, shop: Shop, serverSecret: string, connectors: CredentialSpec[]) {
  const stored = new Map((await store.listCredentials(shop.id)).map((c) => [c.connector, c]));
  return connectors.map((c) => describe(c, stored.get(c.id), serverSecret));
}

function describe(c: CredentialSpec, stored: { sealed: string; updatedAt: number } | undefined, serverSecret: string) {
  const values = stored ? unseal(stored.sealed, serverSecret) : {};
  return {
    connector: c.id,
    name: c.name,
    description: c.description,
    fields: c.credentialFields.map(({ key, label, secret, help }) => ({ key, label, secret, help })),
    configured: !!stored,
    hints: Object.fromEntries(c.credentialFields.filter((f) => values[f.key]).map((f) => [f.key, f.secret ? mask(values[f.key]!) : values[f.key]!])),
    updated_at: stored ? new Date(stored.updatedAt).toISOString() : null,
  };
}

export async function saveConnectorCredentials(store: Store, shop: Shop, connector: string, input: unknown, serverSecret: string, connectors: CredentialSpec[]) {
  const def = connectors.find((c) => c.id === connector);
  if (!def) throw new PlatformError(404, 'unknown_connector', `No built-in connector "${connector}" (${connectors.map((c) => c.id).join(', ')})`);
  if (!shop.switchboardInstalled) throw new PlatformError(409, 'switchboard_not_installed', `Switchboard is not installed in ${shop.domain}: install it to change ${def.name} credentials`);
  const values = (input && typeof input === 'object' ? (input as { values?: unknown }).values : undefined) as Record<string, unknown> | undefined;
  const problems: Array<{ field: string; message: string }> = [];
  const clean: Record<string, string> = {};
  for (const f of def.credentialFields) {
    const v = values?.[f.key];
    if (typeof v !== 'string' || !v.trim()) problems.push({ field: f.key, message: `${f.label} is required` });
    else if (f.pattern && !new RegExp(f.pattern).test(v.trim())) problems.push({ field: f.key, message: `${f.label} does not look right${f.help ? ` (${f.help})` : ''}` });
    else clean[f.key] = v.trim();
  }
  if (problems.length) throw new PlatformError(400, 'invalid_credentials', `${def.name}: ${problems.map((p) => p.message).join('; ')}`, { fields: problems });
  await store.saveCredentials(shop.id, connector, seal(clean, serverSecret));
  const stored = (await store.listCredentials(shop.id)).find((c) => c.connector === connector);
  return describe(def, stored, serverSecret);
}

/** The decrypted credentials of a shop's connector, for the connector itself. */
export async function connectorCredentials(store: Store, shopId: number, connector: string, serverSecret: string) {
  const stored = (await store.listCredentials(shopId)).find((c) => c.connector === connector);
  return stored && unseal(stored.sealed, serverSecret);
}
