// Every astropy statistics case (scripts/fixtures/astropy_stats.py, output
// in target/fixtures/astropy_stats) through the public NdArray methods:
// dtype, shape and every element must be astropy's — bit for bit (NaN equal
// to NaN), or within the relative tolerance a case states.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { NdArray, readNpy } from '../../src/index.js';

const DIR = join(import.meta.dirname, '../../target/fixtures/astropy_stats');
if (!existsSync(join(DIR, 'cases.json'))) throw new Error(`${DIR} is missing: run npm run fixtures`);

interface Case {
  id: string;
  func: 'madStd' | 'biweightLocation' | 'biweightScale' | 'sigmaClip' | 'sigmaClippedStats';
  input: string;
  dtype: string;
  params: Record<string, unknown>;
  expect: Record<string, string>;
  /** One tolerance, or one per part (sigmaClippedStats of float input without an axis: see the script). */
  tol: string | Record<string, string>;
}

const cases: Case[] = JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8'));
const bundle = readFileSync(join(DIR, 'arrays.bin'));
const tmp = mkdtempSync(join(tmpdir(), 'bmp-stats-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The array a bundle reference names, read through the public readNpy. */
async function load(ref: string): Promise<NdArray> {
  const [off, len] = ref.slice(1).split('+').map(Number) as [number, number];
  const file = join(tmp, `${off}.npy`);
  if (!existsSync(file)) writeFileSync(file, bundle.subarray(off, off + len));
  return readNpy(file);
}

async function run(c: Case, x: NdArray): Promise<Record<string, NdArray | number>> {
  const p = c.params as never;
  switch (c.func) {
    case 'madStd':
      return { value: await x.madStd(p) };
    case 'biweightLocation':
      return { value: await x.biweightLocation(p) };
    case 'biweightScale':
      return { value: await x.biweightScale(p) };
    case 'sigmaClip':
      return { value: await x.sigmaClip(p) };
    case 'sigmaClippedStats': {
      const s = await x.sigmaClippedStats(p);
      return { mean: s.mean, median: s.median, std: s.std };
    }
  }
}

function same(got: number, want: number, rel: number): boolean {
  if (Number.isNaN(got) || Number.isNaN(want)) return Number.isNaN(got) && Number.isNaN(want);
  return rel === 0 ? got === want : Math.abs(got - want) <= rel * Math.abs(want);
}

describe('robust statistics match astropy', () => {
  it(`${cases.length} cases`, async () => {
    const failures: string[] = [];
    for (const c of cases) {
      const x = await load(c.input);
      const tolOf = (part: string): number => {
        const t = typeof c.tol === 'string' ? c.tol : c.tol[part];
        return t === undefined || t === 'exact' ? 0 : Number(t.slice(3));
      };
      const got = await run(c, x);
      for (const [part, ref] of Object.entries(c.expect)) {
        const want = await load(ref);
        const rel = tolOf(part);
        const g = got[part];
        const what = `${c.id} ${c.func} ${part} ${c.dtype} ${JSON.stringify(c.params)}`;
        if (typeof g === 'number') {
          if (want.shape.length !== 0) failures.push(`${what}: a number where astropy gives shape ${want.shape}`);
          else if (!same(g, want.at(), rel)) failures.push(`${what}: ${g} vs astropy ${want.at()}`);
          continue;
        }
        if (g === undefined || g.dtype !== want.dtype || g.shape.join() !== want.shape.join()) {
          failures.push(`${what}: got ${g?.dtype} ${g?.shape}, astropy ${want.dtype} ${want.shape}`);
          continue;
        }
        const [gv, wv] = [(await g.ravel()).data, (await want.ravel()).data];
        const bad = Array.from(wv as ArrayLike<number>).findIndex((w, i) => !same(Number(gv[i]), Number(w), rel));
        if (bad >= 0) failures.push(`${what}: first difference at ${bad}: ${gv[bad]} vs astropy ${wv[bad]}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('checks its options', async () => {
    const a = NdArray.from(new Float64Array([1, 2, 3, 100]));
    await expect(a.sigmaClip({ cenfunc: 'mode' as never })).rejects.toThrow(/cenfunc/);
    await expect(a.sigmaClippedStats({ maxiters: -1 })).rejects.toThrow(/maxiters/);
    await expect(a.madStd({ axis: 1.5 })).rejects.toThrow(/axis/);
    await expect(a.biweightLocation({ axis: 3 })).rejects.toThrow(/out of bounds/);
  });
});
