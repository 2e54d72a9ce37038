/**
 * The server's clock. Every timestamp the engine and the stores take comes
 * from here, so tests can move time forward (a Wait of two days, schedule
 * slots ten minutes apart) without sleeping. Production uses Date.now.
 */
import fs from 'node:fs';

let current: () => number = () => Date.now();

export function now(): number {
  return current();
}

/** Replaces the clock (tests in this process). */
export function setClock(clock: () => number): void {
  current = clock;
}

/**
 * A clock running `offset` ms ahead of real time, the offset read from a file
 * another process (a test) writes: `SWITCHBOARD_CLOCK_OFFSET_FILE`. Time keeps
 * flowing; the test only jumps it forward. Re-read at most every 10 ms.
 */
export function offsetFileClock(file: string): () => number {
  let offset = 0;
  let readAt = -Infinity;
  return () => {
    const real = Date.now();
    if (real - readAt >= 10) {
      readAt = real;
      try {
        const text = fs.readFileSync(file, 'utf8').trim();
        offset = text ? Number(text) || 0 : 0;
      } catch {
        offset = 0;
      }
    }
    return real + offset;
  };
}
