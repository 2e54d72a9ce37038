/** The worker thread's program (see index.ts): a `--role worker` Switchboard that the main thread wakes and stops. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.js';
import { startSwitchboard } from '../switchboard.js';
import { adoptSqliteWriteLocks } from '../store/index.js';
import type { ThreadMessage } from './index.js';

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
