/**
 * Issue 8, case 4: traps a new user falls into — Python option names, a
 * forgotten `await` in a post-process function, `createOutdir` with a
 * `fileWrite` that does not call `super.fileWrite`.
 * The `@ts-expect-error` lines are checked by `tsc --noEmit` (npm run lint):
 * TypeScript itself rejects those keys.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kwargs, Meta } from '../../src/index.js';
import { NdArray, NpyMultiPipe, writeNpy } from '../../src/index.js';
import { scratch } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let inputs: string[];
beforeEach(async () => {
  ({ dir, cleanup } = await scratch());
  inputs = [await writeNpy(path.join(dir, 'a.npy'), NdArray.full([4], 1)), await writeNpy(path.join(dir, 'b.npy'), NdArray.full([4], 2))];
});
afterEach(() => cleanup());

describe('an option spelt the Python way, or differing only in case or underscores', () => {
  it.each([
    ['num_processes', 'numProcesses'],
    ['numprocesses', 'numProcesses'],
    ['NumProcesses', 'numProcesses'],
    ['mem_frac', 'memFrac'],
    ['process_size', 'processSize'],
    ['create_outdir', 'createOutdir'],
    ['outname_append', 'outnameAppend'],
    ['pre_process_list', 'preProcessList'],
    ['PoolClass', 'executor'],
    ['OUTDIR', 'outdir'],
  ])('%s at construction is an error naming %s', (key, right) => {
    expect(() => new NpyMultiPipe({ [key]: 2 })).toThrow(new RegExp(`^${key}: not an option name; did you mean ${right}\\?`));
  });

  it.each([
    ['on_error', 'onError'],
    ['fail_fast', 'failFast'],
    ['keep_arrays', 'keepArrays'],
    ['file_timeout', 'fileTimeout'],
    ['memfrac', 'memFrac'],
  ])('%s given to pipeline() is an error naming %s, before any file is read', async (key, right) => {
    const pipe = new NpyMultiPipe({ outdir: dir });
    let reads = 0;
    pipe.fileRead = async () => (reads++, null);
    await expect(pipe.pipeline(inputs, { [key]: 1 })).rejects.toThrow(`${key}: not an option name; did you mean ${right}?`);
    expect(reads).toBe(0);
  });

  it('is caught by TypeScript at compile time, naming the option', () => {
    // @ts-expect-error Type 'number' is not assignable to type '"use numProcesses"'
    expect(() => new NpyMultiPipe({ num_processes: 2 })).toThrow(/did you mean numProcesses/);
    // @ts-expect-error Type 'number' is not assignable to type '"use numProcesses"'
    expect(() => new NpyMultiPipe({ numprocesses: 2 })).toThrow(/did you mean numProcesses/);
    // @ts-expect-error Type '"collect"' is not assignable to type '"use onError"'
    const run = new NpyMultiPipe({ outdir: dir }).pipeline(inputs, { on_error: 'collect' });
    return expect(run).rejects.toThrow(/did you mean onError/);
  });

  it('leaves ordinary control-stream keywords alone', async () => {
    const pipe = new NpyMultiPipe({ outdir: dir, rejectValue: 2, boost_target: 3 });
    expect(pipe.kwargs).toEqual({ rejectValue: 2, boost_target: 3 });
  });
});

describe('a Promise in the metadata (a forgotten await)', () => {
  it('fails that file with an error naming the key; the other files are written; the file writes no output', async () => {
    const forgot = (data: NdArray, { bmpMeta }: Kwargs) => {
      if (data.at(0) === 1) (bmpMeta as Meta).m = data.median(); // no await
      else (bmpMeta as Meta).m = 0;
      return data;
    };
    const pout = await new NpyMultiPipe({ outdir: dir, postProcessList: [forgot] }).pipeline(inputs, { onError: 'collect' });
    expect(pout[0]?.[0]).toBeNull();
    expect(pout[0]?.[1].error).toEqual({ name: 'TypeError', message: expect.stringContaining('a.npy: metadata key "m" holds a Promise (did you forget await?)') });
    expect(existsSync(path.join(dir, 'a_bmp.npy'))).toBe(false);
    expect(pout[1]).toEqual([path.join(dir, 'b_bmp.npy'), { m: 0 }]);
  });

  it('is found nested in objects and arrays, and a Promise that rejects later does not crash the process', async () => {
    const nested = (data: NdArray, { bmpMeta }: Kwargs) => {
      (bmpMeta as Meta).stats = { list: [1, Promise.reject(new Error('later'))] };
      return data;
    };
    const pout = await new NpyMultiPipe({ outdir: dir, postProcessList: [nested] }).pipeline(inputs.slice(0, 1), { onError: 'collect' });
    expect(pout[0]?.[1].error?.message).toContain('metadata key "stats.list[1]" holds a Promise (did you forget await?)');
  });
});

describe('createOutdir with a fileWrite that does not call super.fileWrite', () => {
  class OwnWrite extends NpyMultiPipe {
    override async fileWrite(data: NdArray, outname: string): Promise<string> {
      return writeNpy(outname, data); // no super.fileWrite: the framework created the directory already
    }
  }

  it('works: the framework creates the directory before calling fileWrite', async () => {
    const outdir = path.join(dir, 'new', 'sub');
    const pout = await new OwnWrite({ outdir, createOutdir: true }).pipeline(inputs);
    expect(pout.map(([o]) => o)).toEqual([path.join(outdir, 'a_bmp.npy'), path.join(outdir, 'b_bmp.npy')]);
    expect(existsSync(path.join(outdir, 'b_bmp.npy'))).toBe(true);
  });

  it('meta.createOutdir does the same for one file', async () => {
    const perFile = (data: NdArray, { bmpMeta }: Kwargs) => {
      Object.assign(bmpMeta as Meta, { outdir: path.join(dir, 'per-file'), createOutdir: true });
      return data;
    };
    const pout = await new OwnWrite({ postProcessList: [perFile] }).pipeline(inputs.slice(0, 1));
    expect(existsSync(pout[0]?.[0] as string)).toBe(true);
  });

  it('without createOutdir the missing directory is still an error saying how to fix it', async () => {
    const pout = await new OwnWrite({ outdir: path.join(dir, 'absent') }).pipeline(inputs.slice(0, 1), { onError: 'collect' });
    expect(pout[0]?.[1].error?.message).toMatch(/does not exist.*createOutdir: true/);
  });
});
