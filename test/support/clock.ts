import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A file for SWITCHBOARD_CLOCK_OFFSET_FILE: servers started with it read
 * their clock as real time plus the offset written there (0 at first), so a
 * test moves time forward instead of sleeping.
 */
export function clockFile(): { file: string; set(offsetMs: number): void } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'clock-')), 'offset');
  fs.writeFileSync(file, '0');
  return { file, set: (offsetMs) => fs.writeFileSync(file, String(offsetMs)) };
}
