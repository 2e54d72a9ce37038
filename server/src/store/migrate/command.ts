/**
 * `switchboard-server migrate-to-postgres --from <file> --to <url> [--schema <name>]`:
 * parses the flags, runs the copy, prints the summary. Returns the exit code.
 */
import { parseArgs } from 'node:util';
import { migrateToPostgres, type MigrationReport } from './copy.js';
import { MigrationError, redactUrl } from './errors.js';
import { formatCounts } from './verify.js';

export const USAGE = `Usage: switchboard-server migrate-to-postgres --from <sqlite file> --to <postgres://...> [--schema <name>]

Copies an embedded install (the SQLite file, DATABASE_PATH) into an empty
PostgreSQL database (DATABASE_URL), in one transaction, and checks the counts.
Stop Switchboard first, and start it on PostgreSQL only after the copy.
  --from     the SQLite file, e.g. ./data/switchboard.db
  --to       the PostgreSQL URL, e.g. postgres://user:password@host:5432/db
  --schema   the schema to fill (DATABASE_SCHEMA); default: the URL's search_path`;

export interface CommandIO {
  out(line: string): void;
  err(line: string): void;
}

const consoleIO: CommandIO = { out: (l) => console.log(l), err: (l) => console.error(l) };

export async function runMigrateCommand(argv: string[], io: CommandIO = consoleIO): Promise<number> {
  let values: { from?: string; to?: string; schema?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, to: { type: 'string' }, schema: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (err) {
    io.err(`migrate-to-postgres: ${(err as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const missing = (['from', 'to'] as const).filter((k) => !values[k]);
  if (missing.length) {
    io.err(`migrate-to-postgres: ${missing.map((k) => `--${k}`).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} required\n\n${USAGE}`);
    return 1;
  }
  io.out(`Copying ${values.from} to ${redactUrl(values.to!)}${values.schema ? ` (schema ${values.schema})` : ''}`);
  try {
    const report = await migrateToPostgres({
      from: values.from!,
      to: values.to!,
      schema: values.schema,
      onTable: (table, rows) => io.out(`  copying ${table} (${rows} ${rows === 1 ? 'row' : 'rows'})`),
    });
    io.out(summary(report, values.schema !== undefined));
    return 0;
  } catch (err) {
    const message = err instanceof MigrationError ? err.message : `unexpected failure: ${(err as Error).stack ?? String(err)}`;
    io.err(`migrate-to-postgres: ${message}`);
    return 1;
  }
}

function summary(report: MigrationReport, schemaGiven: boolean): string {
  const notes: string[] = [];
  if (report.adjustments.rounded) notes.push(`${report.adjustments.rounded} fractional values rounded into integer columns (as PostgreSQL's backend stores them)`);
  if (report.adjustments.nulDropped) notes.push(`${report.adjustments.nulDropped} text values had NUL characters removed (PostgreSQL text cannot hold them)`);
  if (report.sourceWalBytes) {
    notes.push(`the SQLite file had ${report.sourceWalBytes} bytes of write-ahead log: if a server was still running on it, what it wrote after the copy began is not in PostgreSQL`);
  }
  return [
    '',
    `Verified: every count matches (schema ${report.schema}).`,
    formatCounts(report.counts),
    ...notes.map((n) => `Note: ${n}.`),
    '',
    `Done. Start Switchboard with DATABASE_URL=${report.to}${schemaGiven ? ` DATABASE_SCHEMA=${report.schema}` : ''}; keep ${report.from} as a backup.`,
  ].join('\n');
}
