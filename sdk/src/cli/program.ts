/**
 * The `switchboard` commands. Each is thin: read flags, call a service
 * (`./services/*`), print the outcome. Failures are `CliError`s, printed by
 * `runCli` with their hint and a non-zero exit code.
 */
import { Command, Option } from 'commander';
import { formatProblem } from '../manifest/index.js';
import { CliError } from './services/cli-error.js';
import { checkActionEndpoint, formatCheck, readProperties } from './services/check.js';
import { CREDENTIALS_PATH, readCredentials } from './services/credentials.js';
import { startDev } from './services/dev.js';
import { deployApp } from './services/deploy.js';
import { generateExtension } from './services/generate.js';
import { generateTypes } from './services/generate-types.js';
import { initApp } from './services/init.js';
import { readStoredToken, sendTriggerFile, TOKENS_PATH } from './services/trigger.js';
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

/** The `switchboard` program: every command, writing to `io`. */
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
      io.out('  npx switchboard dev          # with a local Switchboard on http://localhost:3000');
    });

  program
    .command('generate')
    .description('Add an extension: extensions/<handle>/shopify.extension.toml (handle = kebab-case of NAME); or `generate types`: TypeScript types of every trigger payload and action properties')
    .argument('<kind>', 'trigger, action or types')
    .argument('[name]', 'display name, e.g. "Send gift" (handle send-gift)')
    .option('-d, --dir <dir>', 'app folder', '.')
    .action(async (kind: string, name: string | undefined, opts: { dir: string }) => {
      if (kind === 'types') {
        const made = await generateTypes(opts.dir);
        io.out(`Wrote ${made.path}: ${made.triggers} trigger payload(s), ${made.actions} action properties type(s).`);
        io.out('Use them: createClient<TriggerPayloads>(...) and actionHandler<ActionProperties>(...).');
        return;
      }
      if (!name) throw new CliError(`generate ${kind} needs a name`, { hint: 'e.g. switchboard generate action "Send gift"' });
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
      if (result.appUrlChanged) io.out(`The app's URL is now ${result.appUrlChanged} (redirect URL ${result.appUrlChanged}/auth/callback).`);
      for (const warning of result.warnings) io.out(formatProblem(warning));
      io.out(`Deployed version ${result.version} (${result.extensions} extension${result.extensions === 1 ? '' : 's'}) to ${result.server}.`);
    });

  program
    .command('trigger')
    .description('Send one trigger event to Switchboard with the SDK client, as your app would with client.sendTrigger')
    .argument('<handle>', 'the trigger\'s handle, e.g. review-created')
    .requiredOption('-p, --payload <file>', 'JSON file with the payload object')
    .requiredOption('--shop <domain>', 'shop domain, e.g. dev-shop.myshopify.com')
    .option('-s, --server <url>', `Switchboard server URL (env SWITCHBOARD_SERVER; default: the one in ${CREDENTIALS_PATH})`)
    .option('-t, --token <token>', `the app's access token for that shop (env SWITCHBOARD_TOKEN; default: the one the scaffold stored in ${TOKENS_PATH})`)
    .option('-d, --dir <dir>', 'app folder, for the stored server and token', '.')
    .action(async (handle: string, opts: { payload: string; shop: string; server?: string; token?: string; dir: string }) => {
      const server = opts.server ?? process.env.SWITCHBOARD_SERVER ?? (await readCredentials(opts.dir))?.server;
      const token = opts.token ?? process.env.SWITCHBOARD_TOKEN ?? (await readStoredToken(opts.dir, opts.shop));
      if (!server) throw new CliError('No Switchboard server given', { hint: 'Pass --server <url> or set SWITCHBOARD_SERVER.' });
      if (!token) {
        throw new CliError(`No access token for ${opts.shop}`, {
          hint: `Pass --token <token> (the token completeInstall stored for that shop) or set SWITCHBOARD_TOKEN; the scaffold keeps tokens in ${TOKENS_PATH} once the app is installed (switchboard dev installs it).`,
        });
      }
      io.err(`Sending ${handle} for ${opts.shop} to ${server} ...`);
      const sent = await sendTriggerFile({ handle, payloadFile: opts.payload, shop: opts.shop, server, token });
      io.out(`Event ${sent.eventId}: ${sent.runsStarted} workflow run${sent.runsStarted === 1 ? '' : 's'} started.`);
    });

  program
    .command('check')
    .description('Test a running action endpoint against the protocol: signatures, answers, timing, repeated action_run_id')
    .requiredOption('-u, --url <runtime_url>', 'the action\'s URL, e.g. http://localhost:4000/actions/add-points')
    .requiredOption('--secret <client_secret>', 'the app\'s client secret (requests are signed with it)')
    .option('--handle <handle>', 'the action\'s handle (default: the URL\'s last path segment)')
    .option('--properties <file>', 'JSON file with the properties to send (default {})')
    .action(async (opts: { url: string; secret: string; handle?: string; properties?: string }) => {
      const properties = opts.properties ? await readProperties(opts.properties) : undefined;
      io.err(`Checking ${opts.url} (it may run the action up to three times) ...`);
      const results = await checkActionEndpoint({
        url: opts.url,
        secret: opts.secret,
        ...(opts.handle ? { handle: opts.handle } : {}),
        ...(properties ? { properties } : {}),
      });
      for (const result of results) io.out(formatCheck(result));
      const failed = results.filter((r) => r.outcome === 'fail');
      if (failed.length > 0) {
        throw new CliError(`${failed.length} of ${results.length} checks failed: ${failed.map((r) => r.name).join('; ')}`);
      }
      const unknown = results.filter((r) => r.outcome === 'unknown').length;
      io.out(`All ${results.length - unknown} checks passed${unknown > 0 ? `; ${unknown} could not be shown` : ''}.`);
    });

  program
    .command('dev')
    .description('Run the app against a local Switchboard: deploy, start the app, install it in the dev shop, print runs as they happen')
    .option('-s, --server <url>', 'a local Switchboard; started here when none answers and switchboard-server is installed', 'http://localhost:3000')
    .option('-p, --port <port>', 'the port your app listens on (passed to it as PORT)', '4000')
    .option('-d, --dir <dir>', 'app folder', '.')
    .action(async (opts: { server: string; port: string; dir: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new CliError(`--port must be a port number, not "${opts.port}"`);
      const session = await startDev({ dir: opts.dir, server: opts.server, port, print: (line) => io.out(line) });
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      io.out('Stopping ...');
      await session.stop();
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
