/** Why a migration to PostgreSQL stopped; `table` names where, when there is one. */
export type MigrationErrorCode =
  | 'source_missing'
  | 'source_invalid'
  | 'source_version'
  | 'target_invalid'
  | 'target_not_empty'
  | 'schema_mismatch'
  | 'bad_value'
  | 'copy_failed'
  | 'count_mismatch';

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    readonly table?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** A connection URL with its password hidden, for messages. */
export const redactUrl = (url: string): string => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
