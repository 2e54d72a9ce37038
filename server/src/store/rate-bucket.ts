/** A token bucket's arithmetic, shared by the stores that keep buckets. */
export interface Bucket {
  tokens: number;
  at: number;
}

/** Refills `bucket` to `now` and takes one token: the bucket after, and 0 or the seconds to wait. */
export function takeToken(bucket: Bucket | undefined, ratePerSecond: number, burst: number, now: number): { bucket: Bucket; wait: number } {
  const start = bucket ?? { tokens: burst, at: now };
  const tokens = Math.min(burst, start.tokens + (Math.max(0, now - start.at) / 1000) * ratePerSecond);
  const at = Math.max(start.at, now);
  if (tokens >= 1) return { bucket: { tokens: tokens - 1, at }, wait: 0 };
  return { bucket: { tokens, at }, wait: waitFor(tokens, ratePerSecond) };
}

export const waitFor = (tokens: number, ratePerSecond: number) => Math.max(1, Math.ceil((1 - tokens) / ratePerSecond));
