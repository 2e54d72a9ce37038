export { sendSigned, type SendResult } from './send.js';
export { classifyAnswer, parseRetryAfter, type AttemptOutcome } from './classify.js';
export { backoffDelay } from './backoff.js';
export { signBody, signatureHeaders, SIGNATURE_HEADERS } from './signature.js';
