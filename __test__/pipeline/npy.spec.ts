// NpyMultiPipe over real .npy files (native readNpy / writeNpy).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NdArray, NpyMultiPipe, PipelineError, readNpy, writeNpy } from './api.js';
import type { Kwargs } from './api.js';
import { tempDir } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

async function inputs(n: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < n; i++) names.push(await writeNpy(path.join(dir, `a${i}.npy`), NdArray.from(new Float64Array([i, i + 0.5]), [2])));
  return names;
}

/** Reverses the elements on the JS side (no native kernel needed). */
class Reverse extends NpyMultiPipe {
  override dataProcess(data: NdArray) {
    return NdArray.from(Float64Array.from(data.data as Float64Array).reverse(), data.shape);
  }
}

describe('NpyMultiPipe', () => {
  it('reads with readNpy and writes with writeNpy, returning the name written', async () => {
    const files = await inputs(3);
    const pout = await new Reverse({ outdir: path.join(dir, 'out'), createOutdir: true }).pipeline(files, { numProcesses: 2 });
    expect(pout.map(([o]) => o)).toEqual([0, 1, 2].map((i) => path.join(dir, 'out', `a${i}_bmp.npy`)));
    expect([...((await readNpy(pout[2]?.[0] as string)).data as Float64Array)]).toEqual([2.5, 2]);
  });

  it('a corrupt .npy fails alone, under both onError modes, naming the file', async () => {
    const files = await inputs(3);
    await writeFile(files[1] as string, Buffer.from('\x93NUMPY garbage'));
    const err = (await new Reverse({ outdir: dir }).pipeline(files).catch((e: unknown) => e)) as PipelineError;
    expect(err).toBeInstanceOf(PipelineError);
    expect(err.pout[1]?.[0]).toBeNull();
    expect(err.pout[1]?.[1].error.message).toContain(files[1]);
    expect(err.pout[0]?.[0]).toBe(path.join(dir, 'a0_bmp.npy'));
    expect(err.pout[2]?.[0]).toBe(path.join(dir, 'a2_bmp.npy'));
    const pout = await new Reverse({ outdir: dir }).pipeline(files, { onError: 'collect' });
    expect(pout.map(([o]) => o && path.basename(o))).toEqual(['a0_bmp.npy', null, 'a2_bmp.npy']);
    expect(pout[1]?.[1].error.message).toContain('a1.npy');
  });

  it('grouped inputs read into arrays of NdArrays; they must be combined before writing', async () => {
    const files = await inputs(2);
    const seen: number[][] = [];
    const look = (g: NdArray[], { bmpMeta }: Kwargs) => {
      seen.push(g.map((a) => a.at(0)));
      bmpMeta.outname = 'group.npy';
      return g;
    };
    const pout = await new NpyMultiPipe({ outdir: dir, postProcessList: look as never }).pipeline([files], { onError: 'collect' });
    expect(seen).toEqual([[0, 1]]);
    expect(pout[0]?.[1].error.message).toMatch(/combine it in dataProcess/);
  });

  it('refuses to write over an input and leaves it untouched', async () => {
    const files = await inputs(1);
    const before = await readFile(files[0] as string);
    const pout = await new Reverse({ outdir: dir, outnameAppend: '' }).pipeline(files, { onError: 'collect' });
    expect(pout[0]?.[1].error.message).toMatch(/refusing to write output/);
    expect(await readFile(files[0] as string)).toEqual(before);
  });
});
