/** The one error type CLI services throw for a person to read. */

/**
 * A failure the user can fix: `message` says what went wrong, `hint` what to
 * do next, `details` any lines worth printing (problems, fields). The CLI
 * prints them and exits with `exitCode`.
 */
export class CliError extends Error {
  readonly hint: string | undefined;
  readonly details: string[];
  readonly exitCode: number;

  constructor(message: string, options: { hint?: string; details?: string[]; exitCode?: number } = {}) {
    super(message);
    this.name = 'CliError';
    this.hint = options.hint;
    this.details = options.details ?? [];
    this.exitCode = options.exitCode ?? 1;
  }
}
