/**
 * When is a deployed app "the same app" as a seed entry? When one of its
 * names normalizes to one of the entry's: lowercase letters and digits only,
 * accents dropped. So the client id `google-sheets`, the app name "Google
 * Sheets" and the seed handle `google-sheets` are one identity, as are
 * "REVIEWS.io" and `reviews-io`. A real app matches by its client id or by
 * its name; a seed entry offers its handle, its name and its aliases.
 */
import type { SeedApp } from './types.js';

export function identityOf(nameOrSlug: string): string {
  return nameOrSlug
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Every identity a seed entry answers to. */
export function seedIdentities(app: SeedApp): string[] {
  return [...new Set([app.handle, app.name, ...(app.aliases ?? [])].map(identityOf).filter(Boolean))];
}

/** Finds seed entries by identity; built once over a list. */
export class SeedIndex {
  private readonly byIdentity = new Map<string, SeedApp>();

  constructor(readonly apps: readonly SeedApp[]) {
    for (const app of apps) {
      for (const id of seedIdentities(app)) {
        const other = this.byIdentity.get(id);
        if (other && other !== app) throw new Error(`Seed apps "${other.handle}" and "${app.handle}" share the identity "${id}"`);
        this.byIdentity.set(id, app);
      }
    }
  }

  /** The seed entry a deployed app takes the place of, if any. */
  match(app: { clientId: string; name: string }): SeedApp | undefined {
    return this.byIdentity.get(identityOf(app.clientId)) ?? this.byIdentity.get(identityOf(app.name));
  }

  byHandle(handle: string): SeedApp | undefined {
    return this.apps.find((a) => a.handle === handle);
  }
}
