/**
 * The SQLite side of a migration: the file opened read-only, every read in
 * one snapshot (a read transaction), so counts, rows and jobs agree with each
 * other even if something still wrote to the file.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../sqlite/migrations.js';
import { MigrationError } from './errors.js';

export type SourceRow = Record<string, unknown>;

export interface SourceTable {
  name: string;
  columns: string[];
}

export interface PendingJob {
  kind: 'run' | 'notice';
  ref: string;
  runAt: number;
  /** Times it was claimed on SQLite: carried over, so attempt numbers go on from there. */
  attempts: number;
}

/** Tables that are not copied as rows: each backend keeps its own migrations, and jobs go onto PostgreSQL's queue. */
const NOT_ROWS = new Set(['schema_migrations', 'jobs']);

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export class SqliteSource {
  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
    readonly tables: SourceTable[],
    /** Bytes of write-ahead log not yet folded into the file: a server may still be running on it. */
    readonly walBytes: number,
  ) {}

  /** Opens `file` read-only and checks that it is a Switchboard database at this version's schema. */
  static open(file: string): SqliteSource {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new MigrationError('source_missing', `the SQLite file ${file} does not exist (give the path of switchboard.db, DATABASE_PATH's value)`);
    }
    if (!stat.isFile()) throw new MigrationError('source_invalid', `${file} is not a file (give the path of switchboard.db, DATABASE_PATH's value)`);
    const walBytes = fileSize(`${file}-wal`);
    let db: Database.Database | undefined;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
      // The snapshot starts with the first read and lasts until close.
      db.exec('BEGIN');
      const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all() as Array<{ name: string }>).map(
        (r) => r.name,
      );
      if (!names.includes('schema_migrations') || !names.includes('settings')) {
        throw new MigrationError('source_invalid', `${file} is an SQLite database but not Switchboard's (it has no schema_migrations or settings table)`);
      }
      checkVersion(db, file);
      const tables = names
        .filter((n) => !NOT_ROWS.has(n))
        .map((name) => ({ name, columns: (db!.prepare(`PRAGMA table_info(${quote(name)})`).all() as Array<{ name: string }>).map((c) => c.name) }));
      return new SqliteSource(db, file, tables, walBytes);
    } catch (err) {
      db?.close();
      if (err instanceof MigrationError) throw err;
      throw new MigrationError('source_invalid', `could not read ${file} as a SQLite database: ${(err as Error).message}`, undefined, { cause: err });
    }
  }

  count(table: string): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number }).n;
  }

  /** The table's rows, streamed; no other statement may run on the source until the iteration ends. */
  rows(table: SourceTable): IterableIterator<SourceRow> {
    return this.db.prepare(`SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)}`).iterate() as IterableIterator<SourceRow>;
  }

  /** The queue's jobs (on SQLite a job stays in the table until completed, so every row is pending). */
  pendingJobs(): PendingJob[] {
    const found = this.db.prepare('SELECT kind, ref, run_at, attempts FROM jobs ORDER BY run_at, id').all() as Array<Record<string, unknown>>;
    return found.map((r) => ({ kind: r.kind as PendingJob['kind'], ref: r.ref as string, runAt: Number(r.run_at), attempts: Number(r.attempts) }));
  }

  /**
   * The highest id AUTOINCREMENT ever handed out per table: higher than the
   * largest id left when the last rows were deleted, and never to be reused.
   */
  highestIssuedIds(): Map<string, number> {
    const hasSequences = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'").get();
    if (!hasSequences) return new Map();
    return new Map((this.db.prepare('SELECT name, seq FROM sqlite_sequence').all() as Array<{ name: string; seq: number }>).map((r) => [r.name, Number(r.seq)]));
  }

  close(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.db.close();
  }
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** The file must be at exactly the schema this build's SQLite backend writes, or the column mapping would be a guess. */
function checkVersion(db: Database.Database, file: string): void {
  const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => Number(r.version)));
  const known = MIGRATIONS.map((m) => m.version);
  const newer = [...applied].filter((v) => !known.includes(v));
  if (newer.length) {
    throw new MigrationError(
      'source_version',
      `${file} has schema migrations this Switchboard does not know (${newer.join(', ')}): it was written by a newer version; migrate it with that version`,
    );
  }
  const missing = known.filter((v) => !applied.has(v));
  if (missing.length) {
    throw new MigrationError(
      'source_version',
      `${file} lacks schema migrations ${missing.join(', ')}: start this version of Switchboard on it once (it upgrades the file), stop it, then migrate`,
    );
  }
}
