// `npm test`'s second half: the whole suite again with every server on
// PostgreSQL, when TEST_DATABASE_URL names one. Without it the SQLite run
// stands alone, and this says so and how to run the rest.
import { spawnSync } from 'node:child_process';

const url = process.env.TEST_DATABASE_URL;
if (!url) {
  console.log('\nPostgreSQL suite skipped: TEST_DATABASE_URL is not set.');
  console.log('Run it with: TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test npm test\n');
  process.exit(0);
}
console.log(`\nThe suite again on PostgreSQL (${url.replace(/\/\/[^@]*@/, '//…@')})\n`);
const run = spawnSync('npx', ['vitest', 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, SWITCHBOARD_TEST_BACKEND: 'postgres' },
});
process.exit(run.status ?? 1);
