#!/usr/bin/env node
/**
 * `switchboard-server [--role all|web|worker]`: runs Switchboard with the
 * configuration from the environment (see README, "Configuration").
 * `switchboard-server migrate-to-postgres --from <file> --to <url>`: copies
 * an embedded install into PostgreSQL (README, "Moving from SQLite to PostgreSQL").
 */
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { startSwitchboard } from './switchboard.js';

if (process.argv[2] === 'migrate-to-postgres') {
  const { runMigrateCommand } = await import('./store/migrate/index.js');
  process.exit(await runMigrateCommand(process.argv.slice(3)));
}

const { values } = parseArgs({ options: { role: { type: 'string' }, port: { type: 'string' } }, allowPositionals: false });
try {
  const env = { ...process.env };
  if (values.role) env.SWITCHBOARD_ROLE = values.role;
  if (values.port) env.PORT = values.port;
  // The binary runs from dist, so its worker can have a thread of its own (see Config.workerThread).
  env.SWITCHBOARD_WORKER_THREAD ??= '1';
  const config = loadConfig(env);
  const sb = await startSwitchboard(config);
  const database = config.databaseUrl ? `PostgreSQL ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//')}` : config.databasePath;
  if (config.role === 'worker') console.log(`Switchboard worker is running (${config.mode} mode, database ${database})`);
  else console.log(`Switchboard is running on ${sb.url} (${config.role === 'web' ? 'web only, ' : ''}${config.mode} mode, database ${database})`);
  const stop = async () => {
    await sb.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  console.error(`switchboard-server: ${(err as Error).message}`);
  process.exit(1);
}
