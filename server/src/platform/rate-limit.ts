import type { Store } from '../store/index.js';

/**
 * The trigger API's token buckets per (app, shop). They live in the store:
 * a row on PostgreSQL, so every web process draws from the same bucket.
 */
export class RateLimiter {
  constructor(
    private readonly store: Pick<Store, 'takeRateToken'>,
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token; resolves to 0 when allowed, else the seconds to wait. */
  async take(key: string): Promise<number> {
    if (this.ratePerSecond <= 0) return 0;
    return this.store.takeRateToken(key, this.ratePerSecond, this.burst, this.now());
  }
}
