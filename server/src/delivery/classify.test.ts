import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';
import { classifyAnswer, parseRetryAfter } from './classify.js';

describe('classifyAnswer: what an action endpoint answer means, as in Flow', () => {
  it.each([
    [200, '{"return_value":{"id":1}}', null, { kind: 'succeeded', returnValue: { id: 1 } }],
    [200, 'not json', null, { kind: 'succeeded', returnValue: undefined }],
    [202, '', null, { kind: 'pending' }],
    [429, '', '3', { kind: 'retry', reason: 'rate limited (429)', retryAfterMs: 3000 }],
    [429, '', null, { kind: 'retry', reason: 'rate limited (429)', retryAfterMs: undefined }],
    [503, '', null, { kind: 'retry', reason: 'server error (503)' }],
    [400, '{"message":"No such customer"}', null, { kind: 'failed', reason: 'No such customer' }],
    [422, '{"error":{"message":"Bad points"}}', null, { kind: 'failed', reason: 'Bad points' }],
    [404, 'plain text', null, { kind: 'failed', reason: 'plain text' }],
    [401, '', null, { kind: 'failed', reason: 'rejected with 401' }],
    [204, '', null, { kind: 'failed', reason: 'unexpected status 204: only 200 counts as success' }],
    [301, '', null, { kind: 'failed', reason: 'unexpected status 301: only 200 counts as success' }],
  ])('%i %s -> %o', (status, body, retryAfter, expected) => {
    expect(classifyAnswer({ status, body, retryAfter })).toEqual(expected);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('grows exponentially within [ceiling/2, ceiling], capped', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(20, 1000, 60_000, () => 1)).toBe(60_000);
    expect(backoffDelay(20, 1000, 60_000, () => 0)).toBe(30_000);
  });
});
