/** The Asana connector as Switchboard reads it (extensions/README.md). */
import { fileURLToPath } from 'node:url';
import { ActionError, actionHandler, type NodeHandler } from '@switchboard/sdk';
import { ASANA_API, createAsanaClient } from './asana-client.js';
import { createTask } from './create-task.js';
import { createRetryPolicy, type RetryPolicyOptions } from '@switchboard/connector-kit';

export interface ConnectorHandlerOptions {
  /** The connector app's client secret: Switchboard's signature is checked with it. */
  clientSecret: string;
  /** The shop's Asana credentials as saved in Settings, or undefined when there are none. */
  credentials(shop: string): Promise<Record<string, string> | undefined>;
  /** Base URLs to use instead of Asana's (a local fake): `api`. */
  endpoints?: Partial<Record<string, string>>;
  /**
   * Optional: the backoff, in seconds, for retries the service gave no
   * `Retry-After` for (5xx, no answer). Pass Switchboard's delivery settings
   * so the connector paces retries as the platform does. Default 2 to 3600.
   */
  retry?: RetryPolicyOptions;
}

export const connector = {
  id: 'asana',
  name: 'Asana',
  description: 'Create tasks in your projects.',
  credentialFields: [
    {
      key: 'personal_access_token',
      label: 'Personal access token',
      secret: true,
      help: 'From Asana’s developer console (My settings → Apps → Manage developer apps → Personal access tokens)',
    },
  ],
  endpoints: { api: ASANA_API } as Record<string, string>,
  appDir: fileURLToPath(new URL('..', import.meta.url)),

  createHandler(options: ConnectorHandlerOptions): NodeHandler {
    const api = options.endpoints?.api ?? ASANA_API;
    const retries = createRetryPolicy(options.retry);
    return actionHandler({
      clientSecret: options.clientSecret,
      actions: {
        'create-task': ({ shop, properties, actionRunId }) =>
          retries.run(actionRunId, async () => {
            const token = (await options.credentials(shop))?.personal_access_token?.trim();
            if (!token) {
              throw new ActionError(`Asana is not connected for ${shop}: add a personal access token under Settings → Asana in Switchboard`, {
                code: 'not_connected',
              });
            }
            return createTask(createAsanaClient({ baseUrl: api, token }), properties);
          }),
      },
    });
  },
};
