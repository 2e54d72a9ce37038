import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('configuration: history retention', () => {
  it('keeps 30 days by default, pruning hourly in batches of 500', () => {
    expect(loadConfig({}).history).toEqual({ retentionDays: 30, pruneIntervalMs: 3600_000, pruneBatchSize: 500 });
  });

  it('reads HISTORY_RETENTION_DAYS, RETENTION_INTERVAL_MS and RETENTION_BATCH_SIZE; 0 days keeps history forever', () => {
    expect(loadConfig({ HISTORY_RETENTION_DAYS: '90', RETENTION_INTERVAL_MS: '60000', RETENTION_BATCH_SIZE: '100' }).history).toEqual({
      retentionDays: 90,
      pruneIntervalMs: 60_000,
      pruneBatchSize: 100,
    });
    expect(loadConfig({ HISTORY_RETENTION_DAYS: '0' }).history.retentionDays).toBe(0);
  });

  it('refuses values it cannot use, naming the variable', () => {
    expect(() => loadConfig({ HISTORY_RETENTION_DAYS: '1.5' })).toThrow('HISTORY_RETENTION_DAYS must be a whole number of days (0 keeps history forever), got "1.5"');
    expect(() => loadConfig({ HISTORY_RETENTION_DAYS: 'month' })).toThrow('HISTORY_RETENTION_DAYS must be a non-negative number, got "month"');
    expect(() => loadConfig({ HISTORY_RETENTION_DAYS: '-1' })).toThrow('HISTORY_RETENTION_DAYS must be a non-negative number, got "-1"');
    expect(() => loadConfig({ RETENTION_INTERVAL_MS: '10' })).toThrow('RETENTION_INTERVAL_MS must be at least 1000 (one pruning pass a second), got "10"');
    expect(() => loadConfig({ RETENTION_BATCH_SIZE: '0' })).toThrow('RETENTION_BATCH_SIZE must be a whole number of at least 1, got "0"');
    expect(() => loadConfig({ RETENTION_BATCH_SIZE: '2.5' })).toThrow('RETENTION_BATCH_SIZE must be a whole number of at least 1, got "2.5"');
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '1' })).toThrow('DATABASE_POOL_SIZE must be a whole number of at least 2, got "1"');
  });
});
