// Every image-operation case of scripts/fixtures/image_ops.py through the
// public API: dtype, shape and every element must be what scipy, astropy or
// numpy returned, bit for bit (NaN equal to NaN, -0 distinct from 0); where
// the reference raised, we must reject.
import { describe, expect, it } from 'vitest';

import type { NdArray } from '../../src/index.js';
import type { BoundaryMode, BlockFunc } from '../../src/array/image-ops.js';
import type { Case } from './fixtures.js';
import { cases, firstDifference, npy, toArray } from './fixtures.js';

/** The parameters a case may carry (scripts/fixtures/image_ops.py). */
interface Params {
  size: number | number[];
  factor: number | number[];
  offsets: number | number[];
  mode: BoundaryMode;
  cval: number;
  func: BlockFunc;
  order: 0 | 1;
  bins: number | number[];
  range: [number, number] | null;
}

/** Runs one case; resolves with the array(s) to compare. */
async function run(c: Case): Promise<NdArray[]> {
  const a = await toArray(npy(c.input));
  const p = c.params as Params;
  switch (c.op) {
    case 'medianFilter':
      return [await a.medianFilter(p.size, { mode: p.mode, cval: p.cval })];
    case 'uniformFilter':
      return [await a.uniformFilter(p.size, { mode: p.mode, cval: p.cval })];
    case 'blockReduce':
      return [await a.blockReduce(p.factor, p.func)];
    case 'shift':
      return [await a.shift(p.offsets, { order: p.order, mode: p.mode, cval: p.cval })];
    case 'histogram': {
      const r = await a.histogram(p.bins, p.range ?? undefined);
      return [r.hist, r.binEdges];
    }
  }
}

const ops = [...new Set(cases.map((c) => c.op))];

describe('image operations match scipy/astropy/numpy (fixtures)', () => {
  it('has cases for every operation', () => {
    expect(ops.sort()).toEqual(['blockReduce', 'histogram', 'medianFilter', 'shift', 'uniformFilter']);
  });
  for (const op of ops) {
    it(`${op}: every case`, async () => {
      const failures: string[] = [];
      let checked = 0;
      for (const c of cases.filter((x) => x.op === op)) {
        try {
          const got = await run(c);
          if (c.expect === 'error') {
            failures.push(`${c.id}: resolved, but the reference raised ${c.message ?? ''}`);
            continue;
          }
          const wants = [npy(c.expect), ...(c.edges ? [npy(c.edges)] : [])];
          wants.forEach((w, i) => {
            const d = firstDifference(got[i] as NdArray, w);
            if (d) failures.push(`${c.id}${i ? ' (edges)' : ''}: ${d}`);
          });
        } catch (err) {
          if (c.expect !== 'error') failures.push(`${c.id}: rejected (${(err as Error).message})`);
        }
        checked++;
      }
      expect(failures.slice(0, 25), `${failures.length} of ${checked} cases differ`).toEqual([]);
      expect(checked).toBeGreaterThan(10);
    });
  }
});
