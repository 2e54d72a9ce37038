/**
 * Google's OAuth 2.0 token endpoint, for the one grant this connector uses:
 * a refresh token exchanged for a short-lived access token
 * (https://developers.google.com/identity/protocols/oauth2/web-server#offline).
 */
import { ActionError } from '@switchboard/sdk';
import { RetryableServiceError, parseRetryAfter } from '@switchboard/connector-kit';
import { callService, excerpt } from '@switchboard/connector-kit';

export const GOOGLE_OAUTH = 'https://oauth2.googleapis.com';

export interface GoogleClientCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface IssuedAccessToken {
  accessToken: string;
  /** Seconds from now until Google stops accepting it. */
  expiresIn: number;
}

const RECONNECT = 'reconnect Google under Settings → Google Sheets in Switchboard';

/** Exchanges the refresh token for an access token at `POST {oauthUrl}/token`. */
export async function requestAccessToken(
  oauthUrl: string,
  credentials: GoogleClientCredentials,
  timeoutMs = 8000,
): Promise<IssuedAccessToken> {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    refresh_token: credentials.refreshToken,
  });
  const answer = await callService(
    'Google’s token endpoint',
    `${oauthUrl.replace(/\/+$/, '')}/token`,
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() },
    timeoutMs,
  );
  const body = (answer.json ?? {}) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown };
  if (answer.status === 200 && typeof body.access_token === 'string' && body.access_token !== '') {
    const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    return { accessToken: body.access_token, expiresIn };
  }
  const error = typeof body.error === 'string' ? body.error : undefined;
  const reason = error ? `${error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}` : excerpt(answer.text);
  if (answer.status === 429) {
    throw new RetryableServiceError(`Google is rate limiting token requests (${reason})`, {
      retryAfter: parseRetryAfter(answer.headers.get('retry-after')),
    });
  }
  if (answer.status >= 500) throw new RetryableServiceError(`Google’s token endpoint answered ${answer.status}${reason ? ` (${reason})` : ''}`);
  if (error === 'invalid_grant') {
    throw new ActionError(`Google no longer accepts this shop’s Google connection (${reason}): ${RECONNECT}`, { code: 'invalid_grant' });
  }
  if (error === 'invalid_client' || error === 'unauthorized_client') {
    throw new ActionError(
      `Google does not accept the OAuth client (${reason}): check the client ID and client secret under Settings → Google Sheets in Switchboard`,
      { code: error },
    );
  }
  throw new ActionError(`Google refused to issue an access token (${reason || `HTTP ${answer.status}`})`, { code: error ?? 'token_refused' });
}
