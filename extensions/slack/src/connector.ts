/** The Slack connector as Switchboard reads it (extensions/README.md). */
import { fileURLToPath } from 'node:url';
import { ActionError, actionHandler, type NodeHandler } from '@switchboard/sdk';
import { createRetryPolicy, type RetryPolicyOptions } from '@switchboard/connector-kit';
import { sendMessage } from './send-message.js';
import { SLACK_API, createSlackClient } from './slack-client.js';

export interface ConnectorHandlerOptions {
  /** The connector app's client secret: Switchboard's signature is checked with it. */
  clientSecret: string;
  /** The shop's Slack credentials as saved in Settings, or undefined when there are none. */
  credentials(shop: string): Promise<Record<string, string> | undefined>;
  /** Base URLs to use instead of Slack's (a local fake). */
  endpoints?: Partial<Record<string, string>>;
  /**
   * Optional: the backoff, in seconds, for retries the service gave no
   * `Retry-After` for (5xx, no answer). Pass Switchboard's delivery settings
   * so the connector paces retries as the platform does. Default 2 to 3600.
   */
  retry?: RetryPolicyOptions;
}

export const connector = {
  id: 'slack',
  name: 'Slack',
  description: 'Send messages to your workspace’s channels.',
  credentialFields: [
    {
      key: 'bot_token',
      label: 'Bot token',
      secret: true,
      help: 'Starts with xoxb-. In your Slack app: OAuth & Permissions → Bot User OAuth Token (needs the chat:write scope).',
      pattern: '^xoxb-',
    },
  ],
  endpoints: { api: SLACK_API } as Record<string, string>,
  appDir: fileURLToPath(new URL('..', import.meta.url)),

  createHandler(options: ConnectorHandlerOptions): NodeHandler {
    const api = options.endpoints?.api ?? SLACK_API;
    const retries = createRetryPolicy(options.retry);
    return actionHandler({
      clientSecret: options.clientSecret,
      actions: {
        'send-message': ({ shop, properties, actionRunId }) =>
          retries.run(actionRunId, async () => {
            const token = (await options.credentials(shop))?.bot_token?.trim();
            if (!token) {
              throw new ActionError(`Slack is not connected for ${shop}: add a bot token under Settings → Slack in Switchboard`, {
                code: 'not_connected',
              });
            }
            return sendMessage(createSlackClient({ baseUrl: api, token }), properties);
          }),
      },
    });
  },
};
