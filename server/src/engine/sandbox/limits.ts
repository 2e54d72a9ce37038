/** What one Run code call may use, and how sizes read in messages. */

export interface SandboxLimits {
  /** Wall-clock time for the whole call (top-level code, main, its promises, serialising the output). */
  timeMs: number;
  /** Heap the code may use. */
  memoryBytes: number;
  /** Size of the returned value as JSON (UTF-8 bytes). */
  outputBytes: number;
  /** Size of the captured console lines (UTF-8 bytes); more is cut with a marker. */
  logBytes: number;
}

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  timeMs: 1000,
  memoryBytes: 64 * 1024 * 1024,
  outputBytes: 256 * 1024,
  logBytes: 64 * 1024,
});

// Upper bounds keep a wrong caller from reserving most of the 2 GB wasm32 address space or blocking the thread for minutes.
const MAX: SandboxLimits = { timeMs: 60_000, memoryBytes: 1024 * 1024 * 1024, outputBytes: 64 * 1024 * 1024, logBytes: 16 * 1024 * 1024 };
const MIN: SandboxLimits = { timeMs: 1, memoryBytes: 1024 * 1024, outputBytes: 1, logBytes: 0 };

/** Defaults filled in; a limit outside its range is a programming error of the caller, so it throws. */
export function resolveLimits(partial: Partial<SandboxLimits> | undefined): SandboxLimits {
  const limits: SandboxLimits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as Array<keyof SandboxLimits>) {
    const value = partial?.[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN[key] || value > MAX[key]) {
      throw new RangeError(`sandbox limit ${key} must be an integer from ${MIN[key]} to ${MAX[key]}, got ${String(value)}`);
    }
    limits[key] = value;
  }
  return limits;
}

/** `64 MB`, `256 KB`, `300 KB`, `512 bytes` (binary units, as the defaults are). */
export function formatBytes(bytes: number): string {
  const MB = 1024 * 1024;
  if (bytes >= MB && bytes % MB === 0) return `${bytes / MB} MB`;
  if (bytes >= 10 * MB) return `${Math.round(bytes / MB)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
