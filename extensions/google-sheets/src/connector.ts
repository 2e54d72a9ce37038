/** The Google Sheets connector as Switchboard reads it (extensions/README.md). */
import { fileURLToPath } from 'node:url';
import { ActionError, actionHandler, type NodeHandler } from '@switchboard/sdk';
import { createAccessTokenCache } from './access-tokens.js';
import { addRow } from './add-row.js';
import { GOOGLE_OAUTH } from './google-oauth.js';
import { createRetryPolicy, type RetryPolicyOptions } from '@switchboard/connector-kit';
import { GOOGLE_SHEETS_API, createSheetsClient } from './sheets-client.js';

export interface ConnectorHandlerOptions {
  /** The connector app's client secret: Switchboard's signature is checked with it. */
  clientSecret: string;
  /** The shop's Google credentials as saved in Settings, or undefined when there are none. */
  credentials(shop: string): Promise<Record<string, string> | undefined>;
  /** Base URLs to use instead of Google's (a local fake): `sheets`, `oauth`. */
  endpoints?: Partial<Record<string, string>>;
  /**
   * Optional: the backoff, in seconds, for retries the service gave no
   * `Retry-After` for (5xx, no answer). Pass Switchboard's delivery settings
   * so the connector paces retries as the platform does. Default 2 to 3600.
   */
  retry?: RetryPolicyOptions;
}

const REQUIRED = [
  ['client_id', 'client ID'],
  ['client_secret', 'client secret'],
  ['refresh_token', 'refresh token'],
] as const;

export const connector = {
  id: 'google-sheets',
  name: 'Google Sheets',
  description: 'Add rows to your spreadsheets.',
  credentialFields: [
    {
      key: 'client_id',
      label: 'OAuth client ID',
      secret: false,
      help: 'From Google Cloud console → APIs & Services → Credentials; ends with .apps.googleusercontent.com',
      pattern: '\\.apps\\.googleusercontent\\.com$',
    },
    { key: 'client_secret', label: 'OAuth client secret', secret: true, help: 'The secret of the same OAuth client' },
    {
      key: 'refresh_token',
      label: 'Refresh token',
      secret: true,
      help: 'Issued to that client for the Google account that edits the spreadsheets, with the https://www.googleapis.com/auth/spreadsheets scope',
    },
  ],
  endpoints: { sheets: GOOGLE_SHEETS_API, oauth: GOOGLE_OAUTH } as Record<string, string>,
  appDir: fileURLToPath(new URL('..', import.meta.url)),

  createHandler(options: ConnectorHandlerOptions): NodeHandler {
    const sheets = options.endpoints?.sheets ?? GOOGLE_SHEETS_API;
    const tokens = createAccessTokenCache({ oauthUrl: options.endpoints?.oauth ?? GOOGLE_OAUTH });
    const retries = createRetryPolicy(options.retry);
    return actionHandler({
      clientSecret: options.clientSecret,
      actions: {
        'add-row': ({ shop, properties, actionRunId }) =>
          retries.run(actionRunId, async () => {
            const saved = await options.credentials(shop);
            const missing = REQUIRED.filter(([key]) => !saved?.[key]?.trim()).map(([, label]) => label);
            if (saved === undefined || missing.length > 0) {
              const what = saved === undefined ? 'Google is not connected' : `the Google connection has no ${missing.join(', ')}`;
              throw new ActionError(`${what} for ${shop}: connect Google under Settings → Google Sheets in Switchboard`, { code: 'not_connected' });
            }
            const accessToken = tokens.forShop(shop, {
              clientId: saved.client_id!.trim(),
              clientSecret: saved.client_secret!.trim(),
              refreshToken: saved.refresh_token!.trim(),
            });
            return addRow(createSheetsClient({ baseUrl: sheets, accessToken }), properties);
          }),
      },
    });
  },
};
