/**
 * Seed apps as Flow manifests: each trigger and action is written as the
 * `shopify.extension.toml` a real app would deploy, and parsed by the SDK's
 * own manifest checks. A seed entry that a real app could not deploy is an
 * error here, never a listing.
 */
import { parseManifests, type Extension, type ManifestFile, type ParseResult } from '@switchboard/sdk/manifest';
import type { SeedAction, SeedApp, SeedField, SeedTrigger } from './types.js';

// TOML basic strings accept JSON's escapes, so JSON.stringify writes them safely.
const str = (value: string) => JSON.stringify(value);

function fieldToml(field: SeedField): string {
  const lines = ['[[settings.fields]]', `type = ${str(field.type)}`];
  if (field.key !== undefined) lines.push(`key = ${str(field.key)}`);
  if (field.name !== undefined) lines.push(`name = ${str(field.name)}`);
  if (field.description !== undefined) lines.push(`description = ${str(field.description)}`);
  lines.push(`required = ${field.required}`);
  return lines.join('\n');
}

function extensionToml(type: 'flow_trigger' | 'flow_action', ext: SeedTrigger | SeedAction): string {
  const head = [`type = ${str(type)}`, `handle = ${str(ext.handle)}`, `name = ${str(ext.name)}`, `description = ${str(ext.description)}`];
  // A seed app has no server yet; the path is where its runtime would answer, resolved against its URL once deployed.
  if (type === 'flow_action') head.push(`runtime_url = ${str(`/flow/actions/${ext.handle}`)}`);
  const fields = ext.fields.map(fieldToml);
  return [...head, '', '[settings]', ...fields.map((f) => `\n${f}`)].join('\n') + '\n';
}

/** The app's manifests, one flat file per extension, as `switchboard deploy` would send them. */
export function seedManifestFiles(app: SeedApp): ManifestFile[] {
  return [
    ...app.triggers.map((t) => ({ path: `${app.handle}/extensions/${t.handle}/shopify.extension.toml`, content: extensionToml('flow_trigger', t) })),
    ...app.actions.map((a) => ({ path: `${app.handle}/extensions/${a.handle}/shopify.extension.toml`, content: extensionToml('flow_action', a) })),
  ];
}

/** Every problem the SDK finds in the app's manifests (errors and warnings). */
export function checkSeedApp(app: SeedApp): ParseResult {
  return parseManifests(seedManifestFiles(app));
}

const parsed = new Map<SeedApp, Extension[]>();

/**
 * The app's triggers and actions as the SDK parses them: the same shapes a
 * deployed app's extensions have. Throws when a manifest has an error (the
 * catalog's tests keep that from shipping).
 */
export function seedExtensions(app: SeedApp): Extension[] {
  let list = parsed.get(app);
  if (!list) {
    const { extensions, problems } = checkSeedApp(app);
    const errors = problems.filter((p) => p.severity === 'error');
    if (errors.length) {
      throw new Error(`Seed app "${app.handle}" is not a valid Flow app: ${errors.map((p) => `${p.file} ${p.field}: ${p.message}`).join('; ')}`);
    }
    list = extensions;
    parsed.set(app, list);
  }
  return list;
}
