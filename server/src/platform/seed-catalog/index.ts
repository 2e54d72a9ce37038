/**
 * The seed catalog: the connector apps of Shopify Flow's public connector
 * documentation, with their triggers, actions (as Flow manifests) and example
 * workflows, listed as "Not installed" until a real app with the same
 * identity is deployed. Seed apps are not in the engine's catalog: they can
 * be browsed, never used in a workflow.
 */
export type { SeedApp, SeedTrigger, SeedAction, SeedField, SeedExample, SeedDelivery } from './types.js';
export { SEED_APPS, SEED_INDEX, seedApp } from './catalog.js';
export { identityOf, seedIdentities, SeedIndex } from './identity.js';
export { seedManifestFiles, checkSeedApp, seedExtensions } from './manifest.js';
export {
  connectorListing,
  listConnectors,
  findConnector,
  type ConnectorEntry,
  type ConnectorListing,
  type DeployedConnector,
  type ListedExtension,
  type ListingDeps,
} from './listing.js';
