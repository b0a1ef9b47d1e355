/**
 * How many files may be in flight: cores, available memory and
 * `numCanProcess` (Python's `num_can_process`).
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { MEM_FRAC } from './defaults.js';
import { checkNumberOption } from './validation.js';

/** Options of {@link numCanProcess}. */
export interface NumCanProcessOptions {
  /**
   * Maximum files in flight. null/undefined/0: the number of physical cores;
   * 0 < x < 1: that fraction of the physical cores (rounded half to even, at
   * least 1); negative: an error.
   */
  numProcesses?: number | null;
  /** Bytes the whole run may use. Default: `memFrac` × {@link availableMemory}. */
  memAvailable?: number | null;
  /** Fraction of the available memory the run may use when `memAvailable` is not given (default 0.8). */
  memFrac?: number | null;
  /** Maximum bytes one file's processing needs. null/undefined: no memory bound. */
  processSize?: number | null;
  /** Throw when the result would be zero (default true). */
  errorIfZero?: boolean;
}

/**
 * Memory the OS reports as available to new work, in bytes: `MemAvailable`
 * from `/proc/meminfo` on Linux (free memory plus reclaimable page cache, not
 * merely `MemFree`), `os.freemem()` elsewhere. (On Linux, Node 20's
 * `os.freemem()` also returns `MemAvailable`, through libuv ≥ 1.45; reading
 * the file directly keeps that independent of the Node version.) Container
 * memory limits (cgroups) are not taken into account: pass `memAvailable`
 * in a container.
 */
export function availableMemory(): number {
  if (process.platform === 'linux') {
    try {
      const m = /^MemAvailable:\s+(\d+)\s*kB/m.exec(readFileSync('/proc/meminfo', 'latin1'));
      if (m?.[1]) return Number(m[1]) * 1024;
    } catch {
      // fall through to os.freemem()
    }
  }
  return os.freemem();
}

let physicalCores: number | undefined;

/**
 * The number of physical (not logical) cores, as Python's
 * `psutil.cpu_count(logical=False)`: distinct (physical id, core id) pairs in
 * `/proc/cpuinfo` on Linux, capped by `os.availableParallelism()` (CPU
 * affinity); elsewhere `os.availableParallelism()`.
 */
export function physicalCoreCount(): number {
  if (physicalCores !== undefined) return physicalCores;
  const logical = Math.max(1, os.availableParallelism());
  let count = logical;
  if (process.platform === 'linux') {
    try {
      const pairs = new Set<string>();
      for (const block of readFileSync('/proc/cpuinfo', 'latin1').split(/\n\s*\n/)) {
        const phys = /^physical id\s*:\s*(\d+)/m.exec(block)?.[1];
        const core = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
        if (phys !== undefined && core !== undefined) pairs.add(`${phys}:${core}`);
      }
      if (pairs.size > 0) count = Math.min(pairs.size, logical);
    } catch {
      // keep the logical count
    }
  }
  physicalCores = count;
  return count;
}

/** Python's `round()`: to the nearest integer, halves to even. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Validates the four numbers that bound a run (shared by `numCanProcess` and
 * the pipeline's settings); errors name the option and say what it means.
 */
export function validateResourceOptions(o: Partial<Record<'numProcesses' | 'memAvailable' | 'memFrac' | 'processSize', unknown>>): void {
  checkNumberOption('numProcesses', o.numProcesses, 0, false, 'max files in flight; 0 or null: all physical cores; 0 < x < 1: a fraction of them');
  checkNumberOption('memAvailable', o.memAvailable, 0, false, 'bytes the whole run may use');
  checkNumberOption('memFrac', o.memFrac, 0, true, `the fraction of available memory the run may use, e.g. ${MEM_FRAC}`);
  checkNumberOption('processSize', o.processSize, 0, true, "the maximum bytes one file's processing needs");
}

const MIB = 2 ** 20;
const mib = (b: number): string => `${(b / MIB).toFixed(1)} MiB`;

/**
 * The maximum number of items that can be processed at once (Python's
 * `num_can_process`): `min(numToProcess, processes, floor(memory / processSize))`.
 * `numToProcess` null/undefined counts as `processes`. With
 * `errorIfZero` (the default), throws an error naming both sizes when the
 * memory does not hold even one process of `processSize`. Options are
 * validated: a negative or non-numeric `numProcesses`, `memAvailable`,
 * `memFrac` or `processSize` is an error naming the option.
 */
export function numCanProcess(numToProcess?: number | null, options: NumCanProcessOptions = {}): number {
  const { numProcesses, memAvailable, memFrac, processSize, errorIfZero = true } = options;
  checkNumberOption('numToProcess', numToProcess, 0, false, 'the number of items to process');
  validateResourceOptions(options);

  let processes: number;
  if (numProcesses === null || numProcesses === undefined || numProcesses === 0) processes = physicalCoreCount();
  else if (numProcesses < 1) processes = Math.max(1, roundHalfEven(numProcesses * physicalCoreCount()));
  else processes = Math.floor(numProcesses);

  const toProcess = numToProcess === null || numToProcess === undefined ? processes : Math.floor(numToProcess);
  let maxMem: number;
  let memText: string;
  if (memAvailable !== null && memAvailable !== undefined) {
    maxMem = memAvailable;
    memText = `memAvailable ${mib(maxMem)}`;
  } else {
    const avail = availableMemory();
    const frac = memFrac ?? MEM_FRAC;
    maxMem = avail * frac;
    memText = `memFrac ${frac} × available memory ${mib(avail)} = ${mib(maxMem)}`;
  }
  const maxN = processSize === null || processSize === undefined ? processes : Math.floor(maxMem / processSize);
  if (errorIfZero && maxN === 0) {
    const err = new RangeError(
      `Not enough memory for one process: processSize ${mib(processSize ?? 0)} (${processSize} bytes) exceeds ` +
        `the memory the run may use (${memText}). Lower processSize, raise memAvailable or memFrac, ` +
        `or pass errorIfZero: false if the work can subdivide itself.`,
    );
    (err as RangeError & { code: string }).code = 'ERR_BMP_INSUFFICIENT_MEMORY';
    throw err;
  }
  return Math.min(toProcess, processes, maxN);
}
