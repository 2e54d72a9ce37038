/**
 * An error the HTTP layer turns into an answer: a status, a stable code, a
 * message a person can act on, and optionally the fields concerned.
 */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { fields?: Array<{ field: string; message: string }>; [key: string]: unknown } = {},
  ) {
    super(message);
  }
}
