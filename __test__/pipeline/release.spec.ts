// Each file's native arrays are released as soon as the file finishes, unless
// its metadata holds them or keepArrays is set.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NdArray, NpyMultiPipe, writeNpy } from './api.js';
import type { Kwargs } from './api.js';
import { tempDir } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

/** Doubles the data and keeps a reference to every array it sees. */
class Stash extends NpyMultiPipe {
  seen: NdArray[] = [];
  override async dataProcess(data: NdArray): Promise<NdArray> {
    const doubled = await data.mul(2);
    this.seen.push(data, doubled);
    return doubled;
  }
}

async function inputs(n: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < n; i++) names.push(await writeNpy(path.join(dir, `a${i}.npy`), NdArray.full([50], i)));
  return names;
}

describe('native arrays of a finished file', () => {
  it('are disposed when the file finishes; later use says what happened and how to keep them', async () => {
    const pipe = new Stash({ outdir: dir });
    const pout = await pipe.pipeline(await inputs(3));
    expect(pout.every(([outname]) => typeof outname === 'string')).toBe(true);
    expect(pipe.seen).toHaveLength(6);
    expect(pipe.seen.every((a) => a.disposed)).toBe(true);
    await expect(pipe.seen[1]!.median()).rejects.toThrow(/disposed.*keepArrays: true/);
    expect(() => pipe.seen[1]!.at(0)).toThrow(/disposed/);
  });

  it('are kept when the metadata holds them', async () => {
    const post = (data: NdArray, kwargs: Kwargs) => {
      (kwargs.bmpMeta as Record<string, unknown>).result = { arrays: [data] };
      return data;
    };
    const pipe = new Stash({ outdir: dir, postProcessList: [post] });
    const pout = await pipe.pipeline(await inputs(2));
    for (const [, meta] of pout) {
      const kept = (meta.result as { arrays: NdArray[] }).arrays[0]!;
      expect(kept.disposed).toBe(false);
      expect(await kept.sum()).toBe(kept.at(0) * 50);
    }
    // the input arrays, not in the metadata, were released
    expect(pipe.seen.filter((_, i) => i % 2 === 0).every((a) => a.disposed)).toBe(true);
  });

  it('are all kept with keepArrays: true', async () => {
    const pipe = new Stash({ outdir: dir });
    await pipe.pipeline(await inputs(2), { keepArrays: true });
    expect(pipe.seen.some((a) => a.disposed)).toBe(false);
    // files finish in either order: seen holds [input, doubled] pairs of 0s and of 1s
    const maxes = await Promise.all(pipe.seen.map((a) => a.max()));
    expect(maxes.sort()).toEqual([0, 0, 1, 2]);
  });
});

describe('an array a stage replaced', () => {
  it('is released as soon as the next stage has its successor; shared and metadata arrays are not', async () => {
    const shared = NdArray.full([50], 100); // created outside the file: never released by it
    const observed: Array<[string, boolean]> = [];
    let first: NdArray | undefined;
    const plusShared = async (data: NdArray, kwargs: Kwargs) => {
      first = data;
      return data.add(kwargs.shared as NdArray);
    };
    const check = (data: NdArray, kwargs: Kwargs) => {
      observed.push(['replaced input, while the file still runs', first!.disposed]);
      (kwargs.bmpMeta as Record<string, unknown>).kept = data; // metadata holds the final data
      return data;
    };
    const pipe = new NpyMultiPipe({ outdir: dir, preProcessList: [plusShared], postProcessList: [check] });
    const pout = await pipe.pipeline((await inputs(1)), { shared });
    expect(observed).toEqual([['replaced input, while the file still runs', true]]);
    expect(shared.disposed).toBe(false);
    expect(await shared.max()).toBe(100);
    const kept = pout[0]![1].kept as NdArray;
    expect(kept.disposed).toBe(false);
    expect(kept.at(0)).toBe(100);
  });

  it('is kept with keepArrays: true', async () => {
    const pipe = new Stash({ outdir: dir });
    const seenDuring: boolean[] = [];
    pipe.postProcessList.push((data: NdArray) => {
      seenDuring.push(pipe.seen[0]!.disposed);
      return data;
    });
    await pipe.pipeline(await inputs(1), { keepArrays: true });
    expect(seenDuring).toEqual([false]);
  });
});
