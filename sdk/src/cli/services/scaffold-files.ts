/** The files of a new connector app, as `switchboard init` writes them. */
import { manifestText } from './manifest-template.js';

/** Path (forward slashes, relative to the app folder) to content. */
export type ScaffoldFiles = Record<string, string>;

export function scaffoldFiles(appName: string): ScaffoldFiles {
  const packageJson = {
    name: appName,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      build: 'tsc',
      start: 'node dist/server.js',
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

export function createApp(options: AppOptions): http.RequestListener {
  const tokens = options.tokens ?? memoryTokenStore();
  // The state each install began with, by shop (a signed cookie in a real app).
  const states = new Map<string, string>();

  const actions = actionHandler({
    clientSecret: options.clientSecret,
    actions: {
      'add-points': async ({ shop, properties }) => {
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

// Started directly (npm start): listen, configured by the environment.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.PORT ?? 4000);
  const clientId = process.env.SWITCHBOARD_CLIENT_ID;
  const clientSecret = process.env.SWITCHBOARD_CLIENT_SECRET;
  if (!clientId || !clientSecret) {
    console.error('Set SWITCHBOARD_CLIENT_ID and SWITCHBOARD_CLIENT_SECRET (switchboard deploy prints them and keeps them in .switchboard/credentials.json).');
    process.exit(1);
  }
  const app = createApp({
    serverUrl: process.env.SWITCHBOARD_URL ?? 'http://localhost:3000',
    clientId,
    clientSecret,
    appUrl: process.env.APP_URL ?? 'http://localhost:' + port,
  });
  http.createServer(app).listen(port, () => console.log('Connector app listening on http://localhost:' + port));
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
    'npx switchboard deploy --server http://localhost:3000 --app-url http://localhost:4000',
    '```',
    '',
    '`deploy` creates the app the first time, prints its client id and secret once and',
    'keeps them in `.switchboard/credentials.json` (git-ignored). Then run the app with',
    'those values:',
    '',
    '```sh',
    'npm run build',
    'SWITCHBOARD_CLIENT_ID=... SWITCHBOARD_CLIENT_SECRET=... npm start',
    '```',
    '',
    'Add extensions with `npx switchboard generate trigger "Name"` or',
    '`npx switchboard generate action "Name"`; an action needs a function of the',
    'same handle in `src/server.ts`.',
    '',
  ].join('\n');
}
