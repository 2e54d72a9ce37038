import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Catalog, CatalogAction, CatalogGroup, CatalogTrigger } from '../api/types';

export function useCatalog() {
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    setError(null);
    api.get<Catalog>('/catalog').then(setCatalog, setError);
  }, []);
  useEffect(load, [load]);
  return { catalog, error, reload: load };
}

export function findTrigger(catalog: Catalog | null, app: string, handle: string): { group: CatalogGroup; trigger: CatalogTrigger } | undefined {
  for (const group of catalog?.groups ?? []) {
    if (group.app !== app) continue;
    const trigger = group.triggers.find((t) => t.handle === handle);
    if (trigger) return { group, trigger };
  }
  return undefined;
}

export function findAction(catalog: Catalog | null, app: string, handle: string): { group: CatalogGroup; action: CatalogAction } | undefined {
  for (const group of catalog?.groups ?? []) {
    if (group.app !== app) continue;
    const action = group.actions.find((a) => a.handle === handle);
    if (action) return { group, action };
  }
  return undefined;
}

export const groupSection = (g: CatalogGroup) => (g.kind === 'connector' ? g.name : g.kind === 'shopify' ? 'Shopify' : 'Switchboard');
