/** `@switchboard/connector-asana`: the bundled Asana connector and its REST API client. */
export { connector, type ConnectorHandlerOptions } from './connector.js';
export { createAsanaClient, ASANA_API, type AsanaClient, type AsanaClientOptions, type NewTask, type CreatedTask } from './asana-client.js';
export { projectGidOf } from './create-task.js';
export { RetryableServiceError } from '@switchboard/connector-kit';
