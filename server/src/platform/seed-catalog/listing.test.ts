import type { Extension } from '@switchboard/sdk/manifest';
import { describe, expect, it } from 'vitest';
import { connectorListing, findConnector, SEED_APPS, type ConnectorListing, type DeployedConnector } from './index.js';

const trigger = (handle: string): Extension => ({ type: 'flow_trigger', handle, name: handle, fields: [], file: 'x.toml' });
const deployed = (clientId: string, name: string, installed: boolean, more: Partial<DeployedConnector> = {}): DeployedConnector => ({
  clientId,
  name,
  installed,
  extensions: [trigger('review-created')],
  ...more,
});
const all = (l: ConnectorListing) => [...l.installed, ...l.not_installed];

describe('connector listing', () => {
  it('lists every seed app as Not installed, by name, when nothing is deployed', () => {
    const l = connectorListing([]);
    expect(l.installed).toEqual([]);
    expect(l.not_installed.map((c) => c.id).sort()).toEqual(SEED_APPS.map((a) => a.handle).sort());
    const names = l.not_installed.map((c) => c.name.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(l.not_installed.every((c) => c.source === 'seed' && c.client_id === null && !c.installed && !c.bundled)).toBe(true);
  });

  it('gives seed entries their parsed triggers and actions, scheduled and batched ones marked', () => {
    const l = connectorListing([]);
    const lion = findConnector(l, 'loyaltylion')!;
    expect(lion.triggers.map((t) => t.handle)).toContain('birthday-today');
    expect(lion.triggers.find((t) => t.handle === 'birthday-today')!.delivery).toEqual({ kind: 'scheduled', schedule: 'At 9 a.m. on the customer’s birthday' });
    expect(lion.triggers.find((t) => t.handle === 'customer-moved-up-a-tier')!.delivery).toBeUndefined();
    expect(lion.actions.map((a) => a.handle)).toEqual(['add-points', 'change-tier']);
    expect(findConnector(l, 'slack')!.examples.find((e) => e.name === 'Sold-out alerts')).toEqual({ name: 'Sold-out alerts', description: expect.any(String), template_id: 'slack-sold-out' });
  });

  it('shows a deployed app with the seed identity instead of the seed entry, installed or not', () => {
    for (const installed of [false, true]) {
      const l = connectorListing([deployed('sb_123', 'Loox', installed)]);
      const loox = all(l).filter((c) => c.seed === 'loox');
      expect(loox).toHaveLength(1);
      expect(loox[0]).toMatchObject({ id: 'sb_123', client_id: 'sb_123', name: 'Loox', source: 'app', installed, category: 'Reviews' });
      expect(loox[0]!.triggers.map((t) => t.handle)).toEqual(['review-created']);
      expect((installed ? l.installed : l.not_installed).some((c) => c.id === 'sb_123')).toBe(true);
      expect(findConnector(l, 'loox')).toBeUndefined();
    }
  });

  it('lets bundled connectors (client id = seed handle) take their seed entries’ place', () => {
    const bundled = ['slack', 'google-sheets', 'trello', 'asana', 'klaviyo'].map((id) => deployed(id, id === 'google-sheets' ? 'Google Sheets' : id, true, { bundled: true }));
    const l = connectorListing(bundled);
    expect(l.installed.map((c) => c.seed)).toEqual(['asana', 'google-sheets', 'klaviyo', 'slack', 'trello']);
    expect(l.installed.every((c) => c.bundled && c.source === 'app')).toBe(true);
    expect(l.not_installed.filter((c) => ['slack', 'google-sheets', 'trello', 'asana', 'klaviyo'].includes(c.seed ?? ''))).toEqual([]);
  });

  it('lists an app of no seed identity as it is, and keeps every seed entry', () => {
    const l = connectorListing([deployed('sb_9', 'Loyalty', true)]);
    expect(l.installed).toEqual([expect.objectContaining({ id: 'sb_9', seed: null, description: '', category: null, examples: [], bundled: false })]);
    expect(l.not_installed).toHaveLength(SEED_APPS.length);
  });
});
