/**
 * The `switchboard` commands. Each is thin: read flags, call a service
 * (`./services/*`), print the outcome. Failures are `CliError`s, printed by
 * `runCli` with their hint and a non-zero exit code.
 */
import { Command, Option } from 'commander';
import { formatProblem } from '../manifest/index.js';
import { CliError } from './services/cli-error.js';
import { CREDENTIALS_PATH } from './services/credentials.js';
import { deployApp } from './services/deploy.js';
import { generateExtension } from './services/generate.js';
import { initApp } from './services/init.js';
import { sendTriggerFile } from './services/trigger.js';
import { countProblems, validateApp } from './services/validate.js';

/** Where commands write; replaced in tests. */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: Output = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

export function buildProgram(io: Output = consoleOutput): Command {
  const program = new Command('switchboard')
    .description('Build, check and deploy Switchboard connector apps (Shopify Flow-format extensions).')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) });

  program
    .command('init')
    .description('Scaffold a connector app: one trigger, one action, a node:http server and its test')
    .argument('<dir>', 'folder to create (must be absent or empty)')
    .action(async (dir: string) => {
      const result = await initApp(dir);
      io.out(`Created a connector app in ${result.dir}:`);
      for (const file of result.files) io.out(`  ${file}`);
      io.out('');
      io.out('Next:');
      io.out(`  cd ${dir}`);
      io.out('  npm install && npm test');
      io.out('  npx switchboard validate');
      io.out('  npx switchboard deploy --server http://localhost:3000 --app-url http://localhost:4000');
    });

  program
    .command('generate')
    .description('Add an extension: extensions/<handle>/shopify.extension.toml (handle = kebab-case of NAME)')
    .argument('<kind>', 'trigger or action')
    .argument('<name>', 'display name, e.g. "Send gift" (handle send-gift)')
    .option('-d, --dir <dir>', 'app folder', '.')
    .action(async (kind: string, name: string, opts: { dir: string }) => {
      const made = await generateExtension(opts.dir, kind, name);
      io.out(`Created ${made.kind} "${made.handle}": ${made.path}`);
      if (made.kind === 'action') io.out(`Add a function for "${made.handle}" to your actionHandler's actions; Switchboard POSTs to /actions/${made.handle}.`);
      else io.out(`Send it with client.sendTrigger(shop, '${made.handle}', payload).`);
    });

  program
    .command('validate')
    .description('Check extensions/*/shopify.extension.toml as the Switchboard server will')
    .argument('[dir]', 'app folder', '.')
    .addOption(new Option('--local', 'allow plain http://localhost URLs (default)').default(true))
    .addOption(new Option('--no-local', 'require https URLs, as a production server does'))
    .action(async (dir: string, opts: { local: boolean }) => {
      const report = await validateApp(dir, { local: opts.local });
      for (const problem of report.problems) (problem.severity === 'error' ? io.err : io.out)(formatProblem(problem));
      const summary = `${report.files.length} manifest${report.files.length === 1 ? '' : 's'} checked, ${countProblems(report.errors, report.warnings)}`;
      if (report.errors > 0) throw new CliError(`Validation failed: ${summary}`, { hint: 'Fix the errors above; each names the file, line and field.' });
      io.out(`OK: ${summary}`);
    });

  program
    .command('deploy')
    .description(`Create the app on a Switchboard server (first time; credentials kept in ${CREDENTIALS_PATH}) and publish its extensions as a new version`)
    .option('-s, --server <url>', 'Switchboard server URL (env SWITCHBOARD_SERVER; default: the one in the stored credentials)')
    .option('-n, --name <name>', 'app name when creating it (default: the folder name)')
    .option('--app-url <url>', 'the app\'s URL when creating it; the redirect URL is <app-url>/auth/callback')
    .option('--deploy-key <key>', 'the server\'s deploy key, if it has one (env SWITCHBOARD_DEPLOY_KEY)')
    .option('-d, --dir <dir>', 'app folder', '.')
    .action(async (opts: { server?: string; name?: string; appUrl?: string; deployKey?: string; dir: string }) => {
      const server = opts.server ?? process.env.SWITCHBOARD_SERVER;
      const deployKey = opts.deployKey ?? process.env.SWITCHBOARD_DEPLOY_KEY;
      const result = await deployApp({
        dir: opts.dir,
        ...(server ? { server } : {}),
        ...(opts.name ? { name: opts.name } : {}),
        ...(opts.appUrl ? { appUrl: opts.appUrl } : {}),
        ...(deployKey ? { deployKey } : {}),
        progress: (line) => io.err(line),
      });
      if (result.created) {
        io.out(`Created app "${result.created.name ?? ''}" on ${result.server}.`);
        io.out(`  client_id:     ${result.created.clientId}`);
        io.out(`  client_secret: ${result.created.clientSecret}`);
        io.out(`The secret is shown only now; it is saved in ${CREDENTIALS_PATH} (mode 0600, git-ignored).`);
      } else {
        io.out(`Using app ${result.clientId} from ${CREDENTIALS_PATH}.`);
      }
      for (const warning of result.warnings) io.out(formatProblem(warning));
      io.out(`Deployed version ${result.version} (${result.extensions} extension${result.extensions === 1 ? '' : 's'}) to ${result.server}.`);
    });

  program
    .command('trigger')
    .description('Send one trigger event to Switchboard, as your app would with client.sendTrigger')
    .argument('<handle>', 'the trigger\'s handle, e.g. review-created')
    .requiredOption('-p, --payload <file>', 'JSON file with the payload object')
    .requiredOption('--shop <domain>', 'shop domain, e.g. dev-shop.myshopify.com')
    .option('-s, --server <url>', 'Switchboard server URL (env SWITCHBOARD_SERVER)')
    .option('-t, --token <token>', 'the app\'s access token for that shop (env SWITCHBOARD_TOKEN)')
    .action(async (handle: string, opts: { payload: string; shop: string; server?: string; token?: string }) => {
      const server = opts.server ?? process.env.SWITCHBOARD_SERVER;
      const token = opts.token ?? process.env.SWITCHBOARD_TOKEN;
      if (!server) throw new CliError('No Switchboard server given', { hint: 'Pass --server <url> or set SWITCHBOARD_SERVER.' });
      if (!token) throw new CliError('No access token given', { hint: 'Pass --token <token> (the token completeInstall stored for that shop) or set SWITCHBOARD_TOKEN.' });
      io.err(`Sending ${handle} for ${opts.shop} to ${server} ...`);
      const sent = await sendTriggerFile({ handle, payloadFile: opts.payload, shop: opts.shop, server, token });
      io.out(`Event ${sent.eventId}: ${sent.runsStarted} workflow run${sent.runsStarted === 1 ? '' : 's'} started.`);
    });

  return program;
}

/** Runs the CLI on `argv` (as `process.argv`); returns the exit code. */
export async function runCli(argv: readonly string[], io: Output = consoleOutput): Promise<number> {
  const program = buildProgram(io);
  program.exitOverride();
  try {
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (err) {
    if (err instanceof CliError) {
      for (const line of err.details) io.err(`  ${line}`);
      io.err(`error: ${err.message}`);
      if (err.hint) io.err(`  ${err.hint}`);
      return err.exitCode;
    }
    // commander's own exits (help, version, bad usage) already printed their text.
    const code = (err as { code?: unknown; exitCode?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('commander.')) return Number((err as { exitCode?: number }).exitCode ?? 1);
    io.err(`error: ${(err as Error).stack ?? String(err)}`);
    io.err('  This is a bug in the switchboard CLI; please report it with the command you ran.');
    return 1;
  }
}
