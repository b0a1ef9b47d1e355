import { describe, expect, it } from 'vitest';

import { ioThreadCount, isNativeError, NdArray, readNpy, threadCount } from '../../src/index.js';
import { makeFifos, unblockFifos } from './helpers.js';

describe('file I/O never runs on the compute pool', () => {
  it('with threadCount() + 1 reads blocked on FIFOs, a median still completes and a 1 ms timer keeps firing', async () => {
    const fifos = makeFifos(threadCount() + 1);
    // Each read blocks in open() until a writer appears.
    const reads = fifos.map((path) => readNpy(path).then(() => null, (err: unknown) => err));

    // 0 .. 3,999,999 in a scrambled order: the median is 1999999.5 by definition.
    const n = 2000 * 2000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = (i * 7_919) % n; // 7919 is prime, coprime with n
    const big = NdArray.from(values, [2000, 2000]);

    let ticks = 0;
    let last = performance.now();
    let maxGap = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 1);
    try {
      const filled = NdArray.full([2000, 2000], 2); // a synchronous constructor: never waits for the pool
      const [median, sum] = await Promise.all([big.median(), filled.sum()]);
      expect(median).toBe(1_999_999.5);
      expect(sum).toBe(2 * n);
      // The timer fired while the work ran (its gaps are reported, not asserted).
      expect(ticks).toBeGreaterThan(0);
      console.log(`pool-io: ${fifos.length} blocked reads; timer ticks ${ticks}, max gap ${maxGap.toFixed(1)} ms`);
    } finally {
      clearInterval(timer);
    }

    // Unblocked, each read finds a FIFO and says so.
    const close = unblockFifos(fifos);
    try {
      for (const err of await Promise.all(reads)) {
        expect(isNativeError(err)).toBe(true);
        expect((err as Error).message).toMatch(/is a FIFO \(named pipe\), not a regular file/);
      }
    } finally {
      close();
    }
  });
});

describe('the I/O pool', () => {
  it('has its own threads (BIGMULTIPIPE_IO_THREADS, default 4)', () => {
    const expected = Number(process.env.BIGMULTIPIPE_IO_THREADS ?? 4);
    expect(ioThreadCount()).toBe(expected);
  });
});
