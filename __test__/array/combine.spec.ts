// Every ccdproc combine case (scripts/fixtures/ccdproc_combine.py, output in
// target/fixtures/ccdproc_combine) through the public combine(): frames as
// .npy names, FITS names or NdArrays in turn, under a memLimit that forces
// many row bands; data and mask must be ccdproc's, bit for bit.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { combine, NdArray, readNpy } from '../../src/index.js';
import type { CombineOptions } from '../../src/index.js';

const fixtures = path.join(import.meta.dirname, '../../target/fixtures/ccdproc_combine');
if (!existsSync(path.join(fixtures, 'cases.json'))) throw new Error(`${fixtures} is missing: run npm run fixtures`);

interface Case {
  id: string;
  stack: string;
  frames: number;
  method: 'average' | 'median' | 'sum';
  params: CombineOptions;
  data: string;
  mask: string;
}
const cases: Case[] = JSON.parse(readFileSync(path.join(fixtures, 'cases.json'), 'utf8'));

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).every((x, i) => Object.is(x, b[i]) || (Number.isNaN(x) && Number.isNaN(b[i])) || (x === 0 && b[i] === 0));

describe('combine matches ccdproc.combine', () => {
  it(`${cases.length} cases`, async () => {
    const failures: string[] = [];
    for (const [k, c] of cases.entries()) {
      const frame = (i: number) => path.join(fixtures, `${c.stack}_${i}`);
      const inputs: Array<string | NdArray> = [];
      for (let i = 0; i < c.frames; i++) {
        inputs.push(k % 3 === 0 ? `${frame(i)}.npy` : k % 3 === 1 ? `${frame(i)}.fits` : await readNpy(`${frame(i)}.npy`));
      }
      const { memLimit: _ccdprocs, ...params } = c.params;
      const got = await combine(inputs, { ...params, method: c.method, memLimit: 30_000 });
      const [data, mask] = await Promise.all([readNpy(path.join(fixtures, c.data)), readNpy(path.join(fixtures, c.mask))]);
      if (got.data.dtype !== 'float64' || got.data.shape.join() !== data.shape.join()) failures.push(`${c.id}: ${got.data.dtype} ${got.data.shape}`);
      else if (!sameBits(got.data.data as Float64Array, data.data as Float64Array)) failures.push(`${c.id} ${c.method} ${JSON.stringify(c.params)}: data differ`);
      else if (!sameBits(got.mask.data as Uint8Array, mask.data as Uint8Array)) failures.push(`${c.id} ${c.method} ${JSON.stringify(c.params)}: mask differs`);
    }
    expect(failures).toEqual([]);
  });

  it('a scale function gets each frame read whole, as ccdproc calls it', async () => {
    const c = cases.find((x) => x.stack === 'c' && x.method === 'median' && x.params.scale !== undefined);
    if (!c) throw new Error('fixture case missing: run node scripts/fixtures.mjs --force');
    const factors = c.params.scale as number[];
    const files = Array.from({ length: c.frames }, (_, i) => path.join(fixtures, `c_${i}.fits`));
    let i = 0;
    const got = await combine(files, { method: 'median', scale: () => factors[i++] as number });
    const want = await readNpy(path.join(fixtures, c.data));
    expect(sameBits(got.data.data as Float64Array, want.data as Float64Array)).toBe(true);
  });

  it('names the input or option at fault', async () => {
    const a = NdArray.zeros([4, 5], 'float32');
    const b = NdArray.zeros([5, 4], 'float32');
    await expect(combine([a, b])).rejects.toThrow(/same shape/);
    await expect(combine([a, a], { method: 'mode' as never })).rejects.toThrow(/method 'mode'/);
    await expect(combine([a, a], { weights: [1] })).rejects.toThrow(/weights/);
    await expect(combine([a, '/nonexistent/flat.fits'])).rejects.toThrow(/nonexistent\/flat\.fits/);
    await expect(combine([])).rejects.toThrow(/non-empty/);
    await expect(combine([a, a], { memLimit: -1 })).rejects.toThrow(/memLimit/);
  });
});
