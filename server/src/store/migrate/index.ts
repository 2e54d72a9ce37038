/**
 * Moving an embedded install from SQLite to PostgreSQL: `migrateToPostgres`
 * copies and verifies, `runMigrateCommand` is the `switchboard-server
 * migrate-to-postgres` subcommand around it.
 */
export { migrateToPostgres, QUEUE_ROW, type MigrateOptions, type MigrationReport } from './copy.js';
export { runMigrateCommand, USAGE as MIGRATE_USAGE, type CommandIO } from './command.js';
export { MigrationError, type MigrationErrorCode } from './errors.js';
export type { TableCount } from './verify.js';
