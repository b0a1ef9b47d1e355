import { describe, expect, it } from 'vitest';

import { NdArray, threadCount } from '../src/index.js';
import { loadNative } from '../src/native/loader.js';

declare const gc: () => void;

/** Resolves after the macrotask queue has turned `n` times (finalisers run there). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

describe('the event loop keeps turning while arrays are crunched', () => {
  it('a repeating timer fires while a large median runs', async () => {
    // 40M float64 values (320 MB): long enough to span many timer intervals.
    const big = NdArray.full([4000, 10_000], 1);
    const noisy = await big.mul(big); // still native: ones
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const started = performance.now();
    const [median, mean] = await Promise.all([noisy.median(), noisy.mean()]);
    const elapsed = performance.now() - started;
    clearInterval(timer);
    expect(median).toBe(1);
    expect(mean).toBe(1);
    // The timer must have fired during the work, about once per elapsed ms.
    expect(ticks).toBeGreaterThan(1);
    expect(ticks).toBeGreaterThan(elapsed / 20);
  });
});

describe('native memory under garbage collection', () => {
  it('arrays created and dropped in a loop release their memory; live views stay intact', async () => {
    expect(typeof gc).toBe('function');
    const keep: Float64Array[] = [];
    const rssBefore = process.memoryUsage().rss;
    for (let i = 0; i < 150; i++) {
      // 8 MB each: 1.2 GB in total if nothing were released.
      const a = NdArray.full([1000, 1000], i);
      const b = await a.add(1);
      if (i % 30 === 0) keep.push(b.data as Float64Array); // the view outlives its array
    }
    gc();
    await turns(5);
    gc();
    await turns(5);
    const grown = process.memoryUsage().rss - rssBefore;
    // Five 8 MB views are kept; everything else must have been freed.
    expect(grown).toBeLessThan(400 * 1024 * 1024);
    keep.forEach((view, k) => {
      const value = k * 30 + 1;
      expect(view.length).toBe(1_000_000);
      expect(view[0]).toBe(value);
      expect(view[999_999]).toBe(value);
    });
  });
});

describe('native failures never crash the process', () => {
  it('a panic inside native work becomes a rejected Promise with a readable message', async () => {
    await expect(loadNative()._debugPanic('forced for the test')).rejects.toThrow(
      /bigmultipipe internal error in _debugPanic: forced for the test/,
    );
    // The pool still works afterwards.
    expect(await NdArray.full([10], 2).sum()).toBe(20);
  });

  it('reports the pool size', () => {
    expect(threadCount()).toBeGreaterThanOrEqual(1);
  });
});
