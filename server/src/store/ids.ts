import { createHash, randomFillSync } from 'node:crypto';

// Random bytes drawn from a pool: one system call per 256 ids instead of one each.
const pool = Buffer.alloc(16 * 256);
let offset = pool.length;

// The last millisecond an id was made for, and the counter within it.
let lastMs = -1;
let counter = 0;

/**
 * UUID version 7 (RFC 9562): time-ordered, so new rows land at the end of
 * their primary-key index instead of at random pages. Ids made in one
 * millisecond by this thread are ordered too (RFC 9562's counter in the 12
 * bits after the time, from a random start): events that arrive together sort
 * in their order of arrival.
 */
export function uuidv7(now = Date.now()): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + 16));
  offset += 16;
  bytes.writeUIntBE(now, 0, 6);
  if (now === lastMs && counter < 0xfff) counter++;
  else counter = bytes.readUInt16BE(6) & 0x7ff;
  lastMs = now;
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The action_run_id of a run's step execution, the same whenever that step
 * runs again from the same stored position (after a crash): a uuid v7 with
 * the run's time, its other bits from a hash of (run, step, sequence number).
 * So a delivery need not be stored before it is sent to keep its id.
 */
export function actionRunId(runId: string, stepId: string, seq: number): string {
  const bytes = createHash('sha256').update(`${runId}/${stepId}/${seq}`).digest().subarray(0, 16);
  Buffer.from(runId.slice(0, 8) + runId.slice(9, 13), 'hex').copy(bytes, 0);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
