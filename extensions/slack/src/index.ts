/** `@switchboard/connector-slack`: the bundled Slack connector and its Web API client. */
export { connector, type ConnectorHandlerOptions } from './connector.js';
export { createSlackClient, SLACK_API, type SlackClient, type SlackClientOptions, type PostedMessage } from './slack-client.js';
export { RetryableServiceError } from '@switchboard/connector-kit';
