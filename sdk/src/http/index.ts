// Internal HTTP plumbing shared by the action, lifecycle and uninstall handlers.
export type { NodeHandler } from './handler.js';
export { readRawBody, DEFAULT_BODY_LIMIT, type BodyProblem } from './raw-body.js';
export { sendJson, errorBody, type ErrorBody } from './respond.js';
export { readSignedJson, SIGNATURE_HEADERS, type SignedBody } from './signed-request.js';
export { listen, type RunningServer } from './listen.js';
