import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A request handler that works both as express middleware
 * (`app.post('/path', handler)`) and as a plain node handler
 * (`http.createServer(handler)`). It always answers; it never calls `next`.
 */
export type NodeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => Promise<void>;
