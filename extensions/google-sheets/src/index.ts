/** `@switchboard/connector-google-sheets`: the bundled Google Sheets connector and its API clients. */
export { connector, type ConnectorHandlerOptions } from './connector.js';
export { createSheetsClient, GOOGLE_SHEETS_API, type SheetsClient, type SheetsClientOptions, type AppendedRow } from './sheets-client.js';
export { requestAccessToken, GOOGLE_OAUTH, type GoogleClientCredentials, type IssuedAccessToken } from './google-oauth.js';
export { createAccessTokenCache, type AccessTokenCache, type AccessTokenSource, type AccessTokenCacheOptions } from './access-tokens.js';
export { splitValues, rangeOf, spreadsheetIdOf, DEFAULT_SHEET } from './add-row.js';
export { RetryableServiceError } from '@switchboard/connector-kit';
