import {
  AuthenticationError,
  NotInstalledError,
  PayloadTooLargeError,
  RateLimitedError,
  ServerError,
  SwitchboardError,
  UnknownTriggerError,
  ValidationError,
  type FieldError,
} from '../errors.js';

/** The server's error body, read leniently: a proxy may answer with anything. */
export interface WireError {
  code: string | undefined;
  message: string | undefined;
  fields: FieldError[] | undefined;
}

/** Reads `{"error": {"code", "message", "fields"}}` out of a parsed body. */
export function readWireError(body: unknown): WireError {
  const error = isObject(body) && isObject(body.error) ? body.error : {};
  const fields = Array.isArray(error.fields)
    ? error.fields.filter(isObject).map((f) => ({ field: String(f.field ?? ''), message: String(f.message ?? '') }))
    : undefined;
  return {
    code: typeof error.code === 'string' ? error.code : undefined,
    message: typeof error.message === 'string' ? error.message : undefined,
    fields,
  };
}

/** The typed error for a final (non-retried or retries spent) error answer to a trigger. */
export function triggerError(
  status: number,
  body: unknown,
  context: { shop: string; handle: string; retryAfter?: number },
): SwitchboardError {
  const wire = readWireError(body);
  const options = {
    status,
    ...(wire.code === undefined ? {} : { code: wire.code }),
    ...(wire.fields === undefined ? {} : { fields: wire.fields }),
    ...(context.retryAfter === undefined ? {} : { retryAfter: context.retryAfter }),
  };
  const { shop, handle } = context;
  const message = (fallback: string) => wire.message ?? fallback;
  switch (status) {
    case 400:
      // The message names each bad field, so a log line alone says what to fix.
      return new ValidationError(`${message(`Trigger "${handle}": payload refused`)} (${describeFields(wire.fields)})`, options);
    case 401:
      return new AuthenticationError(message(`Access token for ${shop} refused`), options);
    case 403:
      return new NotInstalledError(message(`The app is not installed in ${shop}`), options);
    case 404:
      return new UnknownTriggerError(message(`Unknown trigger handle "${handle}"`), options);
    case 413:
      return new PayloadTooLargeError(message(`Trigger "${handle}": payload too large`), options);
    case 429:
      return new RateLimitedError(message(`Rate limited sending "${handle}" for ${shop}`), options);
    default:
      if (status >= 500) return new ServerError(message(`Switchboard answered ${status}`), options);
      return new SwitchboardError(message(`Switchboard answered ${status}`), options);
  }
}

function describeFields(fields: FieldError[] | undefined): string {
  if (fields === undefined || fields.length === 0) return 'no field named';
  return fields.map((f) => `${f.field}: ${f.message}`).join('; ');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
