/** `@switchboard/connector-trello`: the bundled Trello connector and its REST API client. */
export { connector, type ConnectorHandlerOptions } from './connector.js';
export { createTrelloClient, TRELLO_API, type TrelloClient, type TrelloClientOptions, type TrelloBoard, type CreatedCard } from './trello-client.js';
export { boardIdOf } from './create-card.js';
export { RetryableServiceError } from '@switchboard/connector-kit';
