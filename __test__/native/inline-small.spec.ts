// Kernels on tiny arrays run on the JS thread and settle at once (no hand-off
// to the pool, no event-loop turn); larger ones go to the pool, so the loop
// stays free (out-and-safety.spec.ts relies on a large write staying pending).
import { describe, expect, it } from 'vitest';

import { NdArray } from '../../src/index.js';

/** Runs `work`; says whether a `setImmediate` queued before it fired before it settled. */
async function loopTurnedDuring(work: () => Promise<unknown>): Promise<boolean> {
  let turned = false;
  setImmediate(() => {
    turned = true;
  });
  await work();
  return turned;
}

describe('tiny arrays inline', () => {
  it('a chain of kernels on a 10x10 array settles without an event-loop turn, with the same values', async () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => ((i * 37) % 101) / 3);
    const a = NdArray.from(values, [10, 10]);
    let scaled: NdArray | undefined;
    let median = 0;
    let mean = 0;
    const turned = await loopTurnedDuring(async () => {
      scaled = await a.mul(10);
      await scaled.add(1, { out: scaled });
      median = await scaled.median();
      mean = await scaled.mean();
    });
    expect(turned).toBe(false);
    const expected = Array.from(values, (v) => v * 10 + 1);
    expect(Array.from(scaled?.data as Float64Array)).toEqual(expected);
    const sorted = [...expected].sort((x, y) => x - y);
    expect(median).toBe((sorted[49]! + sorted[50]!) / 2);
    expect(mean).toBeCloseTo(expected.reduce((s, v) => s + v, 0) / 100, 12);
  });

  it('an error in inline work rejects the Promise (it never throws synchronously)', async () => {
    const a = NdArray.from(Float64Array.from([1, 2, 3]));
    const b = NdArray.from(Float64Array.from([1, 2]));
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = a.add(b);
    }).not.toThrow();
    await expect(promise).rejects.toThrow(/operands could not be broadcast together with shapes \(3,\) \(2,\)/);
  });

  it('small operands with a large broadcast result go to the pool too', async () => {
    const col = NdArray.from(Float64Array.from({ length: 1000 }, (_, i) => i), [1000, 1]);
    const row = NdArray.from(Float64Array.from({ length: 1000 }, (_, i) => i * 1000), [1, 1000]);
    let sum: NdArray | undefined;
    expect(await loopTurnedDuring(async () => (sum = await col.add(row)))).toBe(true);
    expect(sum?.shape).toEqual([1000, 1000]);
    expect(sum?.at(999, 999)).toBe(999 + 999 * 1000);
  });

  it('a large array goes to the pool: the event loop turns while it runs', async () => {
    const big = NdArray.from(Float64Array.from({ length: 1 << 22 }, (_, i) => (i * 7919) % 1000), [2048, 2048]);
    expect(await loopTurnedDuring(() => big.median())).toBe(true);
  });
});
