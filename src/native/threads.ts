import { loadNative } from './loader.js';

/**
 * Sets the number of threads of the native pool that runs all array work
 * (default: the machine's available parallelism, or the environment variable
 * `BIGMULTIPIPE_THREADS`). Call it before the first array operation; later
 * calls with a different count throw.
 */
export function setThreadCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new RangeError(`setThreadCount: count must be a positive integer, got ${count}`);
  }
  loadNative().setThreadCount(count);
}

/** The number of threads of the native pool (starting it if needed). */
export function threadCount(): number {
  return loadNative().threadCount();
}

/**
 * The number of threads of the native I/O pool, where file reads and writes
 * wait on the OS (default 4, or the environment variable
 * `BIGMULTIPIPE_IO_THREADS`).
 */
export function ioThreadCount(): number {
  return loadNative().ioThreadCount();
}
