// Image previews against astropy.visualization: zscale/minmax/percentile
// limits on the same arrays, and the brightness of known PNG pixels for every
// interval x stretch (scripts/fixtures/astropy_preview.py). The PNGs are
// decoded with pngjs, an independent decoder.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { intervalLimits, NdArray, preview, readNpy, writePreview } from '../pipeline/api.js';
import type { PreviewInterval, PreviewStretch } from '../pipeline/api.js';

const FIXTURES = join(import.meta.dirname, '../../target/fixtures/astropy_preview');
if (!existsSync(join(FIXTURES, 'cases.json'))) {
  throw new Error(`astropy preview fixtures missing in ${FIXTURES}: run npm run fixtures`);
}

interface ZCase {
  name: string;
  file: string;
  dtype: string;
  plane: number | null;
  limits: Record<PreviewInterval, [number, number]>;
}
interface PCase {
  name: string;
  file: string;
  plane: number | null;
  size: number | null;
  pngShape: [number, number];
  points: Array<{ png: [number, number]; expected: Record<string, number> }>;
}
const cases = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as { percentile: number; zscale: ZCase[]; previews: PCase[] };
const INTERVALS: PreviewInterval[] = ['zscale', 'minmax', 'percentile'];
const STRETCHES: PreviewStretch[] = ['linear', 'asinh', 'log', 'sqrt'];
const load = (file: string): Promise<NdArray> => readNpy(join(FIXTURES, file));

function decode(bytes: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(bytes));
}

describe('intervalLimits equals astropy on the same arrays', () => {
  for (const c of cases.zscale) {
    it(`${c.name} (${c.dtype}${c.plane === null ? '' : `, plane ${c.plane}`})`, async () => {
      const a = await load(c.file);
      // float32 data: astropy takes the median in float32
      const rtol = c.dtype === 'float32' ? 1e-6 : 1e-9;
      for (const interval of INTERVALS) {
        const [lo, hi] = await intervalLimits(a, { interval, percentile: cases.percentile, plane: c.plane ?? undefined });
        const [elo, ehi] = c.limits[interval];
        expect(Math.abs(lo - elo), `${interval} vmin ${lo} vs astropy ${elo}`).toBeLessThanOrEqual(rtol * Math.abs(elo) + 1e-12);
        expect(Math.abs(hi - ehi), `${interval} vmax ${hi} vs astropy ${ehi}`).toBeLessThanOrEqual(rtol * Math.abs(ehi) + 1e-12);
      }
    });
  }
});

describe('preview PNG pixels equal astropy stretch(interval(values))', () => {
  for (const c of cases.previews) {
    it(`${c.name}${c.size ? ` shrunk to ${c.size} px` : ''}`, async () => {
      const a = await load(c.file);
      for (const interval of INTERVALS) {
        for (const stretch of STRETCHES) {
          const png = decode(await preview(a, { interval, stretch, percentile: cases.percentile, plane: c.plane ?? undefined, size: c.size ?? undefined }));
          expect([png.height, png.width]).toEqual(c.pngShape);
          for (const p of c.points) {
            const [r, col] = p.png;
            const px = png.data[(r * png.width + col) * 4] as number; // pngjs decodes to RGBA
            const want = 255 * (p.expected[`${interval}/${stretch}`] as number);
            expect(Math.abs(px - want), `${interval}/${stretch} at png (${r}, ${col}): ${px} vs astropy ${want.toFixed(3)}`).toBeLessThanOrEqual(0.5 + 1e-6);
          }
        }
      }
    });
  }
});

describe('preview options and errors', () => {
  it('origin upper flips rows; size Infinity keeps full resolution', async () => {
    const a = NdArray.from(new Float64Array([0, 1, 2, 3, 4, 5]), [3, 2]);
    const lower = decode(await preview(a, { interval: 'minmax', size: Infinity }));
    const upper = decode(await preview(a, { interval: 'minmax', origin: 'upper' }));
    expect([lower.width, lower.height]).toEqual([2, 3]);
    const col0 = (png: PNG) => [0, 1, 2].map((r) => png.data[r * 2 * 4]);
    expect(col0(upper)).toEqual([0, 102, 204]); // rows 0, 2, 4 of 0..5 scaled to 0..255
    expect(col0(lower)).toEqual([204, 102, 0]);
  });

  it('NaN pixels are black and a flat frame does not divide by zero', async () => {
    const png = decode(await preview(NdArray.from(new Float64Array([Number.NaN, 1, 2, 3]), [2, 2]), { interval: 'minmax', origin: 'upper' }));
    expect([0, 1, 2, 3].map((i) => png.data[i * 4])).toEqual([0, 0, 128, 255]);
    const flat = decode(await preview(NdArray.full([4, 4], 7), {}));
    expect(flat.data[0]).toBe(0);
  });

  it('errors name the option and what would fix it', async () => {
    const a = NdArray.zeros([4, 4]);
    await expect(preview(NdArray.zeros([4]))).rejects.toThrow(/shape \[4\] is not an image; give a 2-D array/);
    await expect(preview(NdArray.zeros([2, 4, 4]), { plane: 2 })).rejects.toThrow(/plane 2 is out of range for shape \[2, 4, 4\]/);
    await expect(preview(a, { stretch: 'gamma' as PreviewStretch })).rejects.toThrow(/unknown stretch 'gamma': use linear, asinh, log or sqrt/);
    await expect(preview(a, { interval: 'auto' as PreviewInterval })).rejects.toThrow(/unknown interval 'auto'/);
    await expect(preview(a, { size: 0 })).rejects.toThrow(/size must be an integer >= 1/);
    await expect(preview(a, { stretch: 'asinh', a: -1 })).rejects.toThrow(/a must be a finite number > 0/);
    await expect(preview(NdArray.full([3, 3], Number.NaN))).rejects.toThrow(/no finite value/);
    await expect(preview({} as NdArray)).rejects.toThrow(/array must be an NdArray/);
  });
});

describe('writePreview', () => {
  it('writes the same PNG preview() makes, through a temporary name', async () => {
    const dir = await mkdtemp(join(os.tmpdir(), 'bmp-preview-'));
    try {
      const a = await load('m13_i16be.npy');
      const file = join(dir, 'm13.png');
      expect(await writePreview(file, a, { stretch: 'asinh' })).toBe(file);
      expect(Buffer.compare(await readFile(file), Buffer.from(await preview(a, { stretch: 'asinh' })))).toBe(0);
      expect(await readdir(dir)).toEqual(['m13.png']);
      await expect(writePreview('', a)).rejects.toThrow(/path must be a non-empty string/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
