/** Console lines of one run, cut at the log limit with a marker. */
import { formatBytes } from './limits.js';
import type { LogLevel } from './prelude.js';

const PREFIX: Record<LogLevel, string> = { log: '', info: '', debug: '', warn: '[warn] ', error: '[error] ' };

export function truncationMarker(limitBytes: number): string {
  return `… logs truncated: Run code logged more than its limit of ${formatBytes(limitBytes)}`;
}

export class LogCollector {
  readonly lines: string[] = [];
  private bytes = 0;
  private truncated = false;

  constructor(private readonly limitBytes: number) {}

  /** Adds a line; returns true once the log is full (further lines are dropped). */
  add(level: LogLevel, text: string): boolean {
    if (this.truncated) return true;
    const line = PREFIX[level] + text;
    const size = Buffer.byteLength(line);
    if (this.bytes + size <= this.limitBytes) {
      this.lines.push(line);
      this.bytes += size;
      return false;
    }
    const room = this.limitBytes - this.bytes;
    // Cutting inside a multi-byte character leaves a replacement character at the end; drop it.
    if (room > 0) this.lines.push(Buffer.from(line).subarray(0, room).toString().replace(/\uFFFD$/, ''));
    this.lines.push(truncationMarker(this.limitBytes));
    this.truncated = true;
    return true;
  }
}
