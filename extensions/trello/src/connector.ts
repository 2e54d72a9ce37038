/** The Trello connector as Switchboard reads it (extensions/README.md). */
import { fileURLToPath } from 'node:url';
import { ActionError, actionHandler, type NodeHandler } from '@switchboard/sdk';
import { createCard } from './create-card.js';
import { createRetryPolicy, type RetryPolicyOptions } from '@switchboard/connector-kit';
import { TRELLO_API, createTrelloClient } from './trello-client.js';

export interface ConnectorHandlerOptions {
  /** The connector app's client secret: Switchboard's signature is checked with it. */
  clientSecret: string;
  /** The shop's Trello credentials as saved in Settings, or undefined when there are none. */
  credentials(shop: string): Promise<Record<string, string> | undefined>;
  /** Base URLs to use instead of Trello's (a local fake): `api`. */
  endpoints?: Partial<Record<string, string>>;
  /**
   * Optional: the backoff, in seconds, for retries the service gave no
   * `Retry-After` for (5xx, no answer). Pass Switchboard's delivery settings
   * so the connector paces retries as the platform does. Default 2 to 3600.
   */
  retry?: RetryPolicyOptions;
}

export const connector = {
  id: 'trello',
  name: 'Trello',
  description: 'Create cards on your boards.',
  credentialFields: [
    {
      key: 'api_key',
      label: 'API key',
      secret: false,
      help: '32 characters, from your Power-Up’s API Key tab at https://trello.com/power-ups/admin',
      pattern: '^[0-9a-fA-F]{32}$',
    },
    {
      key: 'token',
      label: 'Token',
      secret: true,
      help: 'A token for that API key with read and write access (the “Token” link beside the key)',
    },
  ],
  endpoints: { api: TRELLO_API } as Record<string, string>,
  appDir: fileURLToPath(new URL('..', import.meta.url)),

  createHandler(options: ConnectorHandlerOptions): NodeHandler {
    const api = options.endpoints?.api ?? TRELLO_API;
    const retries = createRetryPolicy(options.retry);
    return actionHandler({
      clientSecret: options.clientSecret,
      actions: {
        'create-card': ({ shop, properties, actionRunId }) =>
          retries.run(actionRunId, async () => {
            const saved = await options.credentials(shop);
            const apiKey = saved?.api_key?.trim();
            const token = saved?.token?.trim();
            if (!apiKey || !token) {
              const what = saved === undefined ? 'Trello is not connected' : `the Trello connection has no ${!apiKey ? 'API key' : 'token'}`;
              throw new ActionError(`${what} for ${shop}: add the API key and token under Settings → Trello in Switchboard`, { code: 'not_connected' });
            }
            return createCard(createTrelloClient({ baseUrl: api, apiKey, token }), properties);
          }),
      },
    });
  },
};
