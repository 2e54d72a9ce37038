import { describe, expect, it } from 'vitest';
import { actionRunId, uuidv7 } from './ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('is a version 7 uuid carrying the time', () => {
    const id = uuidv7(0x0123456789ab);
    expect(id).toMatch(UUID_V7);
    expect(id.slice(0, 13)).toBe('01234567-89ab');
  });

  it('orders ids made in the same millisecond by the order they were made', () => {
    const now = Date.now();
    const ids = Array.from({ length: 2048 }, () => uuidv7(now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('orders ids by time across milliseconds', () => {
    const ids = [uuidv7(1000), uuidv7(1000), uuidv7(1001), uuidv7(2000)];
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('actionRunId', () => {
  const run = uuidv7(Date.UTC(2026, 10, 24));

  it('is the same for the same run, step and sequence number', () => {
    expect(actionRunId(run, 'notify', 3)).toBe(actionRunId(run, 'notify', 3));
  });

  it('differs with the step, the sequence number or the run', () => {
    const ids = new Set([actionRunId(run, 'notify', 3), actionRunId(run, 'notify', 4), actionRunId(run, 'tag', 3), actionRunId(uuidv7(), 'notify', 3)]);
    expect(ids.size).toBe(4);
  });

  it("is a version 7 uuid with the run's time", () => {
    const id = actionRunId(run, 'notify', 0);
    expect(id).toMatch(UUID_V7);
    expect(id.slice(0, 13)).toBe(run.slice(0, 13));
  });
});
