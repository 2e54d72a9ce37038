import { RetryLaterError } from '@switchboard/sdk';
import { describe, expect, it } from 'vitest';
import { RetryableServiceError, createRetryPolicy, parseRetryAfter } from './retry-policy.js';

const fail = (retryAfter?: number) => () => Promise.reject(new RetryableServiceError('down', { retryAfter }));
const delayOf = (policy: ReturnType<typeof createRetryPolicy>, run: string, retryAfter?: number) =>
  policy.run(run, fail(retryAfter)).then(
    () => Number.NaN,
    (error: unknown) => (error as RetryLaterError).retryAfter,
  );

describe('createRetryPolicy', () => {
  it('doubles the delay per run up to the maximum, with at most 20% jitter', async () => {
    const policy = createRetryPolicy({ baseSeconds: 10, maxSeconds: 50 });
    const delays = [await delayOf(policy, 'a'), await delayOf(policy, 'a'), await delayOf(policy, 'a'), await delayOf(policy, 'a')];
    expect(delays[0]).toBeGreaterThanOrEqual(10);
    expect(delays[0]).toBeLessThanOrEqual(12);
    expect(delays[1]).toBeGreaterThanOrEqual(20);
    expect(delays[1]).toBeLessThanOrEqual(24);
    expect(delays[2]).toBeGreaterThanOrEqual(40);
    expect(delays[2]).toBeLessThanOrEqual(48);
    expect(delays[3]).toBe(50);
  });

  it('uses the service’s delay when it gave one, and counts runs apart', async () => {
    const policy = createRetryPolicy({ baseSeconds: 10 });
    expect(await delayOf(policy, 'a', 7)).toBe(7);
    const other = await delayOf(policy, 'b');
    expect(other).toBeGreaterThanOrEqual(10);
    expect(other).toBeLessThanOrEqual(12);
  });

  it('starts over after the run succeeds or fails for good', async () => {
    const policy = createRetryPolicy({ baseSeconds: 10 });
    await delayOf(policy, 'a');
    await policy.run('a', async () => 'done');
    expect(await delayOf(policy, 'a')).toBeLessThanOrEqual(12);
    await delayOf(policy, 'a');
    await policy.run('a', () => Promise.reject(new Error('final'))).catch(() => undefined);
    expect(await delayOf(policy, 'a')).toBeLessThanOrEqual(12);
  });

  it('passes other errors and results through', async () => {
    const policy = createRetryPolicy();
    await expect(policy.run('a', async () => 42)).resolves.toBe(42);
    await expect(policy.run('a', () => Promise.reject(new TypeError('bug')))).rejects.toThrow(TypeError);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter('1.2')).toBe(2);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-3')).toBeUndefined();
  });
});
