/** The worker thread's program (see index.ts): a `--role worker` Switchboard that the main thread wakes and stops. */
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.js';
import { startSwitchboard } from '../switchboard.js';
import { adoptSqliteWriteLocks } from '../store/index.js';
import type { ThreadMessage } from './index.js';

/**
 * Below the HTTP thread's priority (a Linux thread's own nice value): when
 * the cores are short, triggers are answered first and the queue absorbs the
 * burst; the worker works on what the answering leaves (at 2,000 deliveries/s
 * plenty, see bench/README.md).
 */
const WORKER_NICE = 10;

// Linux only: elsewhere a pid of 0 is the whole process, the HTTP thread too.
if (process.platform === 'linux') {
  try {
    os.setPriority(0, WORKER_NICE);
  } catch {
    // Not allowed here: the worker runs at the process's priority.
  }
}
const port = parentPort!;
const post = (m: ThreadMessage) => port.postMessage(m);
const data = workerData as { config: Config; sqliteWriteLocks: Parameters<typeof adoptSqliteWriteLocks>[0] };
try {
  adoptSqliteWriteLocks(data.sqliteWriteLocks);
  const sb = await startSwitchboard(data.config);
  port.on('message', (m: 'wake' | 'stop') => {
    if (m === 'wake') sb.worker?.wake();
    else void sb.close().finally(() => post({ type: 'stopped' }));
  });
  post({ type: 'ready' });
} catch (err) {
  post({ type: 'failed', message: (err as Error).message });
}
