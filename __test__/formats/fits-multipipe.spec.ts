// FitsMultiPipe over real FITS files, the header travelling with the data;
// ccdMetaToBmpMeta copying header cards into the metadata; the FITS
// version of the seed's example 2 printing the seed's result.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_OUTPUT } from '../../examples/pyprint.js';
import { ccdMetaToBmpMeta, FitsHeader, FitsMultiPipe, NdArray, readFits, writeFits } from '../pipeline/api.js';
import type { FitsData } from '../pipeline/api.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bmp-fits-pipe-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

class Double extends FitsMultiPipe {
  override async dataProcess(image: FitsData): Promise<FitsData> {
    image.header.set('DOUBLED', true, 'by the test pipeline');
    return { data: await image.data.mul(2), header: image.header };
  }
}

describe('FitsMultiPipe', () => {
  it('reads, processes and writes FITS, keeping the header; ccdMetaToBmpMeta fills the metadata', async () => {
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const h = new FitsHeader({ OBJECT: `star ${i}`, EXPTIME: 10 * (i + 1) });
      names.push(await writeFits(path.join(dir, `in${i}.fits`), NdArray.full([4, 5], i, 'int16'), h));
    }
    const pipe = new Double({ outdir: path.join(dir, 'out'), createOutdir: true, postProcessList: [ccdMetaToBmpMeta] });
    const pout = await pipe.pipeline(names, { ccdMeta: ['OBJECT', 'exptime', 'MISSING'], checksum: true });
    expect(pout.map(([o]) => path.basename(o!))).toEqual(['in0_bmp.fits', 'in1_bmp.fits', 'in2_bmp.fits']);
    expect(pout[1]![1]).toEqual({ OBJECT: 'star 1', exptime: 20, MISSING: null });
    const out = await readFits(pout[2]![0]!);
    expect(out.data.dtype).toBe('int16');
    expect(out.data.at(3, 4)).toBe(4);
    expect(out.header.get('OBJECT')).toBe('star 2');
    expect(out.header.get('DOUBLED')).toBe(true);
    expect(out.header.has('CHECKSUM')).toBe(true);
  });

  it('writes asScaledInt from the control stream', async () => {
    const f = await writeFits(path.join(dir, 'f.fits'), NdArray.full([3, 3], 1.5, 'float64'));
    const pout = await new FitsMultiPipe({ outdir: dir, outnameAppend: '_int' }).pipeline([f], { asScaledInt: true });
    expect((await readFits(pout[0]![0]!, { raw: true })).data.dtype).toBe('int16');
  });

  it('reads with the dtype keyword as readFits(name, { dtype }) reads, and writes that dtype', async () => {
    const f = await writeFits(path.join(dir, 'i16.fits'), NdArray.from(Int16Array.from([-32768, -1, 0, 7, 32767, 12]), [2, 3]));
    const seen: string[] = [];
    class Peek extends FitsMultiPipe {
      override dataProcess(image: FitsData): FitsData {
        seen.push(image.data.dtype);
        return image;
      }
    }
    const pout = await new Peek({ outdir: dir, outnameAppend: '_f32' }).pipeline([f], { dtype: 'float32' });
    expect(seen).toEqual(['float32']);
    const direct = await readFits(f, { dtype: 'float32' });
    const back = await readFits(pout[0]![0]!);
    expect(back.data.dtype).toBe('float32');
    expect([...(back.data.data as Float32Array)]).toEqual([...(direct.data.data as Float32Array)]);
  });

  it('says what it needs when dataProcess returns something else', async () => {
    const f = await writeFits(path.join(dir, 'g.fits'), NdArray.full([2], 1, 'int16'));
    class Bad extends FitsMultiPipe {
      override dataProcess(): FitsData {
        return [1, 2] as unknown as FitsData;
      }
    }
    const pout = await new Bad({ outdir: dir, outnameAppend: '_bad' }).pipeline([f], { onError: 'collect' });
    expect(String(pout[0]![1].error.message)).toMatch(/g\.fits.*FitsMultiPipe writes one \{ data: NdArray, header: FitsHeader \}/);
  });

  it("examples/example2-fits.ts prints the seed's result over FITS files", async () => {
    const { runExample2Fits } = await import('../../examples/example2-fits.js');
    expect(await runExample2Fits()).toBe(SEED_OUTPUT.replaceAll('.npy', '.fits'));
  });
});
