/** The Klaviyo connector as Switchboard reads it (extensions/README.md). */
import { fileURLToPath } from 'node:url';
import { actionHandler, type NodeHandler } from '@switchboard/sdk';
import { PRIVATE_API_KEY } from './failures.js';
import { KLAVIYO_API_URL } from './klaviyo-client.js';
import { trackEventAction } from './track-event.js';

/** A credential Settings asks the merchant for. */
export interface CredentialField {
  key: string;
  label: string;
  secret: boolean;
  help?: string;
  /** A regular expression's source the value must match. */
  pattern?: string;
}

export interface ConnectorHandlerOptions {
  /** Verifies Switchboard's signature. */
  clientSecret: string;
  /** The shop's Klaviyo credentials (`private_api_key`), kept sealed by Switchboard. */
  credentials(shop: string): Promise<Record<string, string> | undefined>;
  /** `{ api }`: a fake's URL instead of https://a.klaviyo.com. */
  endpoints?: Partial<Record<string, string>>;
}

export interface Connector {
  id: string;
  name: string;
  description: string;
  credentialFields: CredentialField[];
  endpoints: Record<string, string>;
  appDir: string;
  createHandler(options: ConnectorHandlerOptions): NodeHandler;
}

export const connector: Connector = {
  id: 'klaviyo',
  name: 'Klaviyo',
  description: 'Record events on your customers’ Klaviyo profiles to start flows and build segments.',
  credentialFields: [
    {
      key: PRIVATE_API_KEY,
      label: 'Private API key',
      secret: true,
      help: 'Starts with pk_; create one in Klaviyo under Settings → API keys with the Events write scope',
      pattern: '^pk_',
    },
  ],
  endpoints: { api: KLAVIYO_API_URL },
  appDir: fileURLToPath(new URL('..', import.meta.url)),
  createHandler(options) {
    return actionHandler({
      clientSecret: options.clientSecret,
      actions: {
        'track-event': trackEventAction({ credentials: options.credentials, apiUrl: options.endpoints?.api ?? KLAVIYO_API_URL }),
      },
    });
  },
};
