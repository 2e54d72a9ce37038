/** The files of a new connector app, as `switchboard init` writes them. */
import { manifestText } from './manifest-template.js';

/** Path (forward slashes, relative to the app folder) to content. */
export type ScaffoldFiles = Record<string, string>;

/** The scaffold's files for an app named `appName` (its npm package name). */
export function scaffoldFiles(appName: string): ScaffoldFiles {
  const packageJson = {
    name: appName,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      build: 'tsc',
      start: 'node dist/server.js',
      // What `switchboard dev` runs: build, then serve on $PORT.
      dev: 'tsc && node dist/server.js',
      test: 'vitest run',
      validate: 'switchboard validate',
      deploy: 'switchboard deploy',
    },
    dependencies: { '@switchboard/sdk': '*' },
    devDependencies: { '@types/node': '^20.19.0', typescript: '~5.9.0', vitest: '^4.0.0' },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      rootDir: 'src',
      outDir: 'dist',
    },
    include: ['src'],
    exclude: ['src/**/*.test.ts'],
  };
  return {
    'package.json': JSON.stringify(packageJson, null, 2) + '\n',
    'tsconfig.json': JSON.stringify(tsconfig, null, 2) + '\n',
    '.gitignore': ['node_modules/', 'dist/', '.switchboard/', ''].join('\n'),
    'extensions/review-created/shopify.extension.toml': manifestText({
      type: 'flow_trigger',
      handle: 'review-created',
      name: 'Review created',
      description: 'A customer left a product review',
      fields: [
        { type: 'customer_reference' },
        { type: 'number_decimal', key: 'Rating', description: 'Stars, 1 to 5', required: true },
        { type: 'single_line_text_field', key: 'Review title', description: 'The review\'s title' },
      ],
    }),
    'extensions/add-points/shopify.extension.toml': manifestText({
      type: 'flow_action',
      handle: 'add-points',
      name: 'Add points',
      description: 'Adds loyalty points to a customer',
      runtimeUrl: '/actions/add-points',
      fields: [
        { type: 'customer_reference', required: true },
        { type: 'number_integer', key: 'points', name: 'Points', description: 'How many points to add', required: true },
      ],
    }),
    'src/server.ts': SERVER_TS,
    'src/config.ts': CONFIG_TS,
    'payloads/review-created.json': JSON.stringify({ customer_id: 42, Rating: 1, 'Review title': 'Broke after a day' }, null, 2) + '\n',
    'src/server.test.ts': SERVER_TEST_TS,
    'README.md': readme(appName),
  };
}

const SERVER_TS = `/**
 * A Switchboard connector app on plain node:http: it answers action requests
 * (POST /actions/*), installs per shop (GET / then GET /auth/callback) and
 * handles uninstall notices (POST /webhooks).
 */
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { fileTokenStore, loadConfig } from './config.js';
import {
  ActionError,
  actionHandler,
  beginInstall,
  completeInstall,
  InstallError,
  memoryTokenStore,
  uninstallHandler,
  verifyInstallRequest,
  type TokenStore,
} from '@switchboard/sdk';

export interface AppOptions {
  /** Switchboard's base URL. */
  serverUrl: string;
  clientId: string;
  clientSecret: string;
  /** Where this app is reachable; the install redirect comes back to <appUrl>/auth/callback. */
  appUrl: string;
  /** Each shop's access token. Use a database in production. */
  tokens?: TokenStore;
}

/** Loyalty balances by shop and customer (a database in a real app). */
const balances = new Map<string, number>();

/** The app's request listener: actions, install, uninstall. Tests mount it on any port. */
export function createApp(options: AppOptions): http.RequestListener {
  const tokens = options.tokens ?? memoryTokenStore();
  // The state each install began with, by shop (a signed cookie in a real app).
  const states = new Map<string, string>();

  const actions = actionHandler({
    clientSecret: options.clientSecret,
    actions: {
      'add-points': async ({ shop, properties, actionRunId }) => {
        console.log('[action] add-points ' + actionRunId + ' for ' + shop + ': ' + JSON.stringify(properties));
        const customer = properties.customer_id;
        const points = Number(properties.points);
        if (customer === undefined || customer === null) throw new ActionError('No customer on this order');
        if (!Number.isInteger(points) || points <= 0) throw new ActionError('Points must be a positive whole number');
        const key = shop + '/' + String(customer);
        const balance = (balances.get(key) ?? 0) + points;
        balances.set(key, balance);
        return { balance };
      },
    },
  });
  const uninstall = uninstallHandler({ clientSecret: options.clientSecret, tokens });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', options.appUrl);
    if (req.method === 'POST' && url.pathname.startsWith('/actions/')) return actions(req, res);
    if (req.method === 'POST' && url.pathname === '/webhooks') return uninstall(req, res);
    if (req.method === 'GET' && url.pathname === '/') {
      // Switchboard sends the merchant here to install: check the signature, then ask for consent.
      const { shop } = verifyInstallRequest(url.search, options.clientSecret);
      const redirectUri = options.appUrl + '/auth/callback';
      const consent = beginInstall({ serverUrl: options.serverUrl, clientId: options.clientId, redirectUri, shop });
      states.set(shop, consent.state);
      res.writeHead(302, { location: consent.url }).end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/auth/callback') {
      const shop = url.searchParams.get('shop') ?? '';
      const installed = await completeInstall({
        serverUrl: options.serverUrl,
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        query: url.search,
        expectedState: states.get(shop) ?? '',
        tokens,
      });
      states.delete(shop);
      console.log('[install] installed in ' + installed.shop);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('Installed in ' + installed.shop);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  }

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return;
      if (error instanceof InstallError) {
        res.writeHead(error.status ?? 400, { 'content-type': 'text/plain' }).end(error.message);
        return;
      }
      console.error(error);
      res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal error');
    });
  };
}

// Started directly (npm start, npm run dev): listen, configured by the
// environment or by what \`switchboard deploy\` stored in .switchboard/.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const config = await loadConfig();
  const app = createApp({ ...config, tokens: fileTokenStore() });
  http.createServer(app).listen(config.port, () => console.log('Connector app listening on ' + config.appUrl));
}
`;

const CONFIG_TS = `/**
 * Where the app's settings come from when it runs: the environment first,
 * then .switchboard/credentials.json, which \`switchboard deploy\` writes.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TokenStore } from '@switchboard/sdk';

export interface AppConfig {
  port: number;
  serverUrl: string;
  clientId: string;
  clientSecret: string;
  appUrl: string;
}

/** The app's settings: PORT, APP_URL, SWITCHBOARD_SERVER, SWITCHBOARD_CLIENT_ID and SWITCHBOARD_CLIENT_SECRET win over the stored ones. */
export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<AppConfig> {
  let stored: Record<string, string | undefined> = {};
  try {
    stored = JSON.parse(await readFile('.switchboard/credentials.json', 'utf8')) as Record<string, string | undefined>;
  } catch {
    // Not deployed yet: the environment must say everything.
  }
  const port = Number(env.PORT ?? 4000);
  const clientId = env.SWITCHBOARD_CLIENT_ID ?? stored.client_id;
  const clientSecret = env.SWITCHBOARD_CLIENT_SECRET ?? stored.client_secret;
  if (!clientId || !clientSecret) {
    console.error('No credentials: run \`npx switchboard deploy\` (it keeps them in .switchboard/credentials.json), or set SWITCHBOARD_CLIENT_ID and SWITCHBOARD_CLIENT_SECRET.');
    process.exit(1);
  }
  return {
    port,
    serverUrl: env.SWITCHBOARD_SERVER ?? stored.server ?? 'http://localhost:3000',
    clientId,
    clientSecret,
    appUrl: env.APP_URL ?? stored.app_url ?? 'http://localhost:' + port,
  };
}

/**
 * Each shop's access token in a JSON file (default .switchboard/tokens.json),
 * so tokens outlive a restart and \`switchboard trigger\` can use them.
 * Fine for development; keep tokens in your database in production.
 */
export function fileTokenStore(file = '.switchboard/tokens.json'): TokenStore {
  const read = async (): Promise<Record<string, string>> => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const write = async (tokens: Record<string, string>) => {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(tokens, null, 2) + '\\n', { mode: 0o600 });
  };
  return {
    get: async (shop) => (await read())[shop],
    set: async (shop, token) => {
      await write({ ...(await read()), [shop]: token });
    },
    delete: async (shop) => {
      const tokens = await read();
      delete tokens[shop];
      await write(tokens);
    },
  };
}
`;

const SERVER_TEST_TS = `import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '@switchboard/sdk';
import { createApp } from './server.js';

let platform: TestPlatform;
let server: http.Server;
let appUrl: string;

beforeAll(async () => {
  platform = await createTestPlatform();
  server = http.createServer(
    createApp({ serverUrl: platform.serverUrl, clientId: platform.clientId, clientSecret: platform.clientSecret, appUrl: 'http://127.0.0.1' }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  appUrl = 'http://127.0.0.1:' + (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await platform.close();
});

it('adds points when Switchboard sends a signed add-points action', async () => {
  const answer = await platform.sendAction(appUrl + '/actions/add-points', {
    handle: 'add-points',
    properties: { customer_id: 42, points: 10 },
  });
  expect(answer.status).toBe(200);
  expect(answer.body).toEqual({ return_value: { balance: 10 } });
});

it('fails the action for good, with a message, when points are not a whole number', async () => {
  const answer = await platform.sendAction(appUrl + '/actions/add-points', {
    handle: 'add-points',
    properties: { customer_id: 42, points: 'lots' },
  });
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
});
`;

function readme(appName: string): string {
  return [
    `# ${appName}`,
    '',
    'A Switchboard connector app: one trigger (`review-created`) and one action (`add-points`).',
    '',
    '```sh',
    'npm install',
    'npm test                      # the action, tested against a fake Switchboard',
    'npx switchboard validate      # check extensions/*/shopify.extension.toml',
    'npx switchboard dev           # local Switchboard: deploy, start this app, install it in the dev shop, print runs',
    '```',
    '',
    'With `dev` running, turn on a workflow that uses "Review created" and "Add points"',
    '(in the admin at http://localhost:3000), then send the trigger with the SDK client:',
    '',
    '```sh',
    'npx switchboard trigger review-created --shop dev-shop.myshopify.com --payload payloads/review-created.json',
    '```',
    '',
    '`dev` prints the run and the signed action request this app answered.',
    '',
    'Against another Switchboard: `npx switchboard deploy --server <url> --app-url <this app\'s URL>`.',
    'It creates the app the first time, prints its client id and secret once and keeps',
    'them in `.switchboard/credentials.json` (git-ignored), where `npm start` finds them',
    '(environment variables `SWITCHBOARD_CLIENT_ID`, `SWITCHBOARD_CLIENT_SECRET`,',
    '`SWITCHBOARD_SERVER`, `APP_URL` and `PORT` win over the file). Shop tokens are kept',
    'in `.switchboard/tokens.json` by `src/config.ts`: use a database in production.',
    '',
    'Check the running action endpoint as Switchboard will call it:',
    '',
    '```sh',
    'npx switchboard check --url http://localhost:4000/actions/add-points --secret <client secret>',
    '```',
    '',
    'Add extensions with `npx switchboard generate trigger "Name"` or',
    '`npx switchboard generate action "Name"`; an action needs a function of the',
    'same handle in `src/server.ts`.',
    '',
  ].join('\n');
}
