/**
 * The connectors that ship with Switchboard, and their local fakes (local
 * mode talks to these instead of Slack, Google, Trello, Asana and Klaviyo).
 */
import { connector as slack } from '@switchboard/connector-slack';
import { connector as googleSheets } from '@switchboard/connector-google-sheets';
import { connector as trello } from '@switchboard/connector-trello';
import { connector as asana } from '@switchboard/connector-asana';
import { connector as klaviyo } from '@switchboard/connector-klaviyo';
import { startFake as fakeSlack } from '@switchboard/connector-slack/fake';
import { startFake as fakeGoogleSheets } from '@switchboard/connector-google-sheets/fake';
import { startFake as fakeTrello } from '@switchboard/connector-trello/fake';
import { startFake as fakeAsana } from '@switchboard/connector-asana/fake';
import { startFake as fakeKlaviyo } from '@switchboard/connector-klaviyo/fake';
import type { BundledConnector } from './platform/index.js';

export const BUNDLED_CONNECTORS: BundledConnector[] = [slack, googleSheets, trello, asana, klaviyo];

/** A running local fake of one connector's service. */
export interface ConnectorFake {
  endpoints: Record<string, string>;
  requests: Array<{ method: string; path: string; headers: Record<string, string>; body: unknown }>;
  /** Credentials the fake accepts, as Settings saves them (the dev shop starts with these). */
  credentials?: Record<string, string>;
  close(): Promise<void>;
}

const FAKES: Record<string, () => Promise<ConnectorFake>> = {
  slack: fakeSlack,
  'google-sheets': fakeGoogleSheets,
  trello: fakeTrello,
  asana: fakeAsana,
  klaviyo: fakeKlaviyo,
};

/** Starts every bundled connector's fake service, keyed by connector id. */
export async function startConnectorFakes(): Promise<Map<string, ConnectorFake>> {
  const fakes = new Map<string, ConnectorFake>();
  for (const c of BUNDLED_CONNECTORS) fakes.set(c.id, await FAKES[c.id]!());
  return fakes;
}
