/** The seed catalog: every app of Flow's connector documentation, sorted by name. */
import { BUNDLED_SEED_APPS } from './apps/bundled.js';
import { INSIGHTS_AND_MOBILE_SEED_APPS } from './apps/insights-and-mobile.js';
import { LOYALTY_SEED_APPS } from './apps/loyalty.js';
import { MARKETING_SEED_APPS } from './apps/marketing.js';
import { MERCHANDISING_SEED_APPS } from './apps/merchandising.js';
import { ORDER_SEED_APPS } from './apps/orders.js';
import { REVIEW_SEED_APPS } from './apps/reviews.js';
import { SERVICE_SEED_APPS } from './apps/service.js';
import { SeedIndex } from './identity.js';
import type { SeedApp } from './types.js';

export const SEED_APPS: readonly SeedApp[] = [
  ...BUNDLED_SEED_APPS,
  ...MARKETING_SEED_APPS,
  ...LOYALTY_SEED_APPS,
  ...REVIEW_SEED_APPS,
  ...ORDER_SEED_APPS,
  ...MERCHANDISING_SEED_APPS,
  ...SERVICE_SEED_APPS,
  ...INSIGHTS_AND_MOBILE_SEED_APPS,
].sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));

/** Throws at load if two entries claim one identity, so matching is never ambiguous. */
export const SEED_INDEX = new SeedIndex(SEED_APPS);

export function seedApp(handle: string): SeedApp | undefined {
  return SEED_INDEX.byHandle(handle);
}
