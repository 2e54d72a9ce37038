/** Starting Switchboard for tests: in this process, or as a real child process that can be killed. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, startSwitchboard, type RunningSwitchboard } from '@switchboard/server';
import { freshDatabaseEnv } from './database.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export { tempDbPath } from './database.js';

/** Fast retry timings so retry paths are exercised in seconds, not hours. */
export const TEST_ENV: Record<string, string> = {
  SWITCHBOARD_MODE: 'local',
  LOG_LEVEL: 'warn',
  DELIVERY_RETRY_BASE_MS: '100',
  DELIVERY_RETRY_MAX_MS: '1000',
  DELIVERY_TIMEOUT_MS: '10000',
  QUEUE_POLL_MS: '100',
  SWITCHBOARD_FAKE_SHOPIFY_SEED: '0',
};

/** Picks the database for a server: the one `env` names, or a fresh one of the suite's backend. */
export const databaseEnv = (env: Record<string, string>, name: string) =>
  env.DATABASE_PATH || env.DATABASE_URL ? {} : freshDatabaseEnv(name);

/**
 * Switchboard in this process. `dbEnv` reopens the same database (another
 * server on it, or `openInspector`); `dbPath` is its file on SQLite.
 */
export async function startInProcess(env: Record<string, string> = {}): Promise<RunningSwitchboard & { dbPath: string; dbEnv: Record<string, string> }> {
  const all = { ...TEST_ENV, PORT: '0', ...env, ...databaseEnv(env, 'inproc') };
  const dbEnv = Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('DATABASE_')));
  const sb = await startSwitchboard(loadConfig(all));
  return Object.assign(sb, { dbPath: dbEnv.DATABASE_PATH ?? '', dbEnv });
}

export interface ChildServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs the built server (`server/dist/main.js`) as `npm start` does, on a
 * free port; `args` such as `['--role', 'worker']` (a worker has no url).
 */
export async function startChild(env: Record<string, string>, args: string[] = []): Promise<ChildServer> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'server/dist/main.js'), ...args], {
    env: { ...process.env, ...TEST_ENV, PORT: '0', ...env, ...databaseEnv(env, 'child') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d;
      const m = /running on (http:\/\/\S+)|(worker is running)/.exec(output);
      if (m) resolve(m[1] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return {
    url,
    process: child,
    output: () => output,
    kill: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** A port free right now, for servers whose public URL must be known before they listen (Shopify redirects). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as import('node:net').AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
