/**
 * The connectors listing the admin's Connectors page shows: every deployed
 * app, and every seed app that no deployed app has taken the place of yet.
 *
 * A seed entry is hidden as soon as an app with its identity (identity.ts)
 * is deployed on this server, installed in the shop or not: the real app is
 * listed instead, under Installed or Not installed as it is, so the same app
 * never shows twice. Seed entries are always Not installed and are not in
 * the engine's catalog, so no workflow can use them.
 */
import type { Extension } from '@switchboard/sdk/manifest';
import type { App, Store } from '../../store/index.js';
import { SEED_INDEX } from './catalog.js';
import type { SeedIndex } from './identity.js';
import { seedExtensions } from './manifest.js';
import type { SeedApp, SeedDelivery } from './types.js';

/** A deployed app as the listing needs it. */
export interface DeployedConnector {
  clientId: string;
  name: string;
  installed: boolean;
  /** Ships with Switchboard and is installed in every shop (no install or uninstall). */
  bundled?: boolean;
  extensions: Extension[];
}

export type ListedExtension = Extension & { delivery?: SeedDelivery };

export interface ConnectorEntry {
  /** The client id of a deployed app; the seed handle of a seed entry. */
  id: string;
  client_id: string | null;
  name: string;
  description: string;
  category: string | null;
  /** `app`: deployed on this server; `seed`: known from the catalog only, cannot be installed yet. */
  source: 'app' | 'seed';
  /** The seed entry this connector is (its own handle for a seed entry). */
  seed: string | null;
  installed: boolean;
  /** Ships with Switchboard, installed in every shop: it cannot be uninstalled. */
  bundled: boolean;
  triggers: ListedExtension[];
  actions: ListedExtension[];
  examples: Array<{ name: string; description: string; template_id: string | null }>;
}

export interface ConnectorListing {
  installed: ConnectorEntry[];
  not_installed: ConnectorEntry[];
}

const byName = (a: ConnectorEntry, b: ConnectorEntry) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id);

const examplesOf = (seed: SeedApp | undefined) =>
  (seed?.examples ?? []).map((e) => ({ name: e.name, description: e.description, template_id: e.template ?? null }));

function deployedEntry(app: DeployedConnector, seed: SeedApp | undefined): ConnectorEntry {
  return {
    id: app.clientId,
    client_id: app.clientId,
    name: app.name,
    description: seed?.description ?? '',
    category: seed?.category ?? null,
    source: 'app',
    seed: seed?.handle ?? null,
    installed: app.installed,
    bundled: app.bundled ?? false,
    triggers: app.extensions.filter((e) => e.type === 'flow_trigger'),
    actions: app.extensions.filter((e) => e.type === 'flow_action'),
    examples: examplesOf(seed),
  };
}

function seedEntry(seed: SeedApp): ConnectorEntry {
  const extensions = seedExtensions(seed);
  const delivery = new Map(seed.triggers.filter((t) => t.delivery).map((t) => [t.handle, t.delivery!]));
  return {
    id: seed.handle,
    client_id: null,
    name: seed.name,
    description: seed.description,
    category: seed.category,
    source: 'seed',
    seed: seed.handle,
    installed: false,
    bundled: false,
    triggers: extensions
      .filter((e) => e.type === 'flow_trigger')
      .map((e) => (delivery.has(e.handle) ? { ...e, delivery: delivery.get(e.handle)! } : e)),
    actions: extensions.filter((e) => e.type === 'flow_action'),
    examples: examplesOf(seed),
  };
}

/** Deployed apps plus the seed entries none of them stands for, split by installed. */
export function connectorListing(deployed: DeployedConnector[], index: SeedIndex = SEED_INDEX): ConnectorListing {
  const taken = new Set<SeedApp>();
  const entries = deployed.map((app) => {
    const seed = index.match(app);
    if (seed) taken.add(seed);
    return deployedEntry(app, seed);
  });
  for (const seed of index.apps) if (!taken.has(seed)) entries.push(seedEntry(seed));
  entries.sort(byName);
  return { installed: entries.filter((c) => c.installed), not_installed: entries.filter((c) => !c.installed) };
}

/** What the listing reads from the platform: the engine's own view of installs, so "installed" means usable. */
export interface ListingDeps {
  store: Pick<Store, 'listApps'>;
  catalog: {
    extensions(app: App): Promise<Extension[]>;
    isInstalled(clientId: string, shopId: number): Promise<boolean>;
    /** Whether the app ships with Switchboard; absent on catalogs without bundled apps. */
    isFirstParty?(clientId: string): boolean;
  };
}

/** The listing for one shop. */
export async function listConnectors(deps: ListingDeps, shopId: number): Promise<ConnectorListing> {
  const apps = await deps.store.listApps();
  const deployed = await Promise.all(
    apps.map(async (app) => ({
      clientId: app.clientId,
      name: app.name,
      installed: await deps.catalog.isInstalled(app.clientId, shopId),
      bundled: deps.catalog.isFirstParty?.(app.clientId) ?? false,
      extensions: await deps.catalog.extensions(app),
    })),
  );
  return connectorListing(deployed);
}

/** One connector of the listing, by id (a client id, or a seed handle not yet taken by a deployed app). */
export function findConnector(listing: ConnectorListing, id: string): ConnectorEntry | undefined {
  return [...listing.installed, ...listing.not_installed].find((c) => c.id === id);
}
