/**
 * The worker thread of an all-in-one `switchboard-server`: runs and
 * deliveries on a second core, with their own database connection, while
 * the main thread answers HTTP. Both share one database, so this is the
 * `--role web` / `--role worker` split inside one process; the main thread
 * wakes the worker when it queues work instead of waiting for its poll.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker as Thread } from 'node:worker_threads';
import type { Config } from '../config.js';
import { sqliteWriteLocks } from '../store/index.js';

/** What the main thread holds of its worker: the same two calls as an in-process `Worker`. */
export interface WorkerThread {
  wake(): void;
  /** Stops claiming, waits for jobs in flight, closes the thread's database connection. */
  stop(): Promise<void>;
}

const WORKER_YOUNG_GENERATION_MB = 8;
const STOP_TIMEOUT_MS = 30_000;

export type ThreadMessage = { type: 'ready' } | { type: 'stopped' } | { type: 'failed'; message: string };

/**
 * Starts the thread with `config` (its role set to `worker`); resolves once
 * its worker is claiming. `onExit` hears of a thread that ended without being stopped.
 */
export async function startWorkerThread(config: Config, onExit: (reason: string) => void): Promise<WorkerThread> {
  const entry = new URL('./entry.js', import.meta.url);
  if (!fs.existsSync(fileURLToPath(entry))) {
    // Run from TypeScript source (a test): there is no built entry for the thread.
    throw new Error('SWITCHBOARD_WORKER_THREAD needs the built server (npm run build); set SWITCHBOARD_WORKER_THREAD=0 to run the worker on the main thread');
  }
  const thread = new Thread(entry, {
    // The thread's connection writes under this thread's write lock on the same file (store/sqlite/write-lock.ts).
    workerData: { config: { ...config, role: 'worker' }, sqliteWriteLocks: sqliteWriteLocks() },
    // A smaller young generation than V8's default (32 MB here): 20-30 MB less
    // resident memory under load for no measurable CPU (bench: memory scenario).
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  let started = false;
  let stopping = false;
  let stopped: (() => void) | undefined;
  await new Promise<void>((resolve, reject) => {
    thread.on('message', (m: ThreadMessage) => {
      if (m.type === 'ready') {
        started = true;
        resolve();
      }
      else if (m.type === 'failed') reject(new Error(`the worker thread could not start: ${m.message}`));
      else if (m.type === 'stopped') stopped?.();
    });
    thread.once('error', reject);
    thread.once('exit', (code) => {
      reject(new Error(`the worker thread exited (${code}) before it started`));
      stopped?.();
      // Before it started, the start's rejection says why.
      if (started && !stopping) onExit(`the worker thread exited (${code})`);
    });
  });
  thread.on('error', (err) => onExit(`the worker thread failed: ${err.message}`));
  // Wakes arriving in one turn of the event loop (a group commit's triggers) are one message.
  let wakePosted = false;
  return {
    wake() {
      if (wakePosted || stopping) return;
      wakePosted = true;
      setImmediate(() => {
        wakePosted = false;
        if (!stopping) thread.postMessage('wake');
      });
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      const done = new Promise<void>((resolve) => (stopped = resolve));
      thread.postMessage('stop');
      // Jobs in flight finish first (a delivery is bounded by its timeout); a thread that never answers is ended.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)))]);
      clearTimeout(timer);
      await thread.terminate();
    },
  };
}
