/**
 * Flow-format extension manifests (`shopify.extension.toml`): types, parsing,
 * validation and loading. One source of truth for the Switchboard server and
 * the `switchboard` CLI.
 */
export * from './types.js';
export { parseManifest, parseManifests } from './parse.js';
export { loadManifestFiles } from './load.js';
export { ManifestError, formatProblem } from './errors.js';
export { locateField } from './locate.js';
export { resolveExtensionUrl } from './url.js';
