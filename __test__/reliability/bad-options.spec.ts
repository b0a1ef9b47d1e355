/**
 * Bad options and bad paths: each is a clear error naming the option or the
 * path, raised before any file is touched (or, for a per-file path problem,
 * instead of that file's output), and the inputs are never changed.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NdArray, NpyMultiPipe, PipelineError, readNpy, writeNpy } from '../../src/index.js';
import { scratch } from './helpers.js';

class Negate extends NpyMultiPipe {
  override dataProcess(data: NdArray): Promise<NdArray> {
    return data.mul(-1);
  }
}

let dir: string;
let cleanup: () => Promise<void>;
let inputs: string[];
let before: Buffer[];
let outdir: string;

beforeEach(async () => {
  ({ dir, cleanup } = await scratch());
  inputs = [];
  for (let i = 0; i < 3; i++) {
    const p = path.join(dir, `x${i}.npy`);
    await writeNpy(p, NdArray.from(new Int32Array([i, 10 * i]), [2]));
    inputs.push(p);
  }
  before = await Promise.all(inputs.map((p) => readFile(p)));
  outdir = path.join(dir, 'out');
  await mkdir(outdir);
});
afterEach(() => cleanup());

/** The inputs are byte for byte what they were, and nothing else appeared beside them. */
async function expectUntouched(outputs: string[] = []): Promise<void> {
  const now = await Promise.all(inputs.map((p) => readFile(p)));
  now.forEach((b, i) => expect(b.equals(before[i] as Buffer)).toBe(true));
  expect((await readdir(outdir)).sort()).toEqual(outputs.sort());
  expect((await readdir(dir)).filter((n) => n !== 'out' && !inputs.includes(path.join(dir, n)))).toEqual([]);
}

const BAD_NUMBERS: Array<[string, unknown, RegExp]> = [
  ['processSize', -1, /processSize must be a finite number > 0.*got -1/],
  ['processSize', 0, /processSize must be a finite number > 0.*got 0/],
  ['processSize', '1e9', /processSize must be a number.*got "1e9"/],
  ['processSize', NaN, /processSize must be a number.*got NaN/],
  ['numProcesses', -2, /numProcesses must be a finite number ≥ 0.*got -2/],
  ['numProcesses', 'four', /numProcesses must be a number.*got "four"/],
  ['numProcesses', Infinity, /numProcesses must be a finite number.*got Infinity/],
  ['memFrac', -0.5, /memFrac must be a finite number > 0.*got -0.5/],
  ['memFrac', '0.8', /memFrac must be a number.*got "0.8"/],
  ['memFrac', {}, /memFrac must be a number.*got an object/],
];

describe('bad numeric options', () => {
  it.each(BAD_NUMBERS)('%s = %s is refused at construction, naming the option', async (name, value, message) => {
    expect(() => new Negate({ outdir, [name]: value })).toThrow(message);
    await expectUntouched();
  });

  it.each(BAD_NUMBERS)('%s = %s given to pipeline() is refused before any file is read', async (name, value, message) => {
    const pipe = new Negate({ outdir });
    let reads = 0;
    pipe.fileRead = async (inName) => (reads++, readNpy(inName as string));
    const journal = path.join(dir, 'j.jsonl');
    await expect(pipe.pipeline(inputs, { [name]: value, journal })).rejects.toThrow(message);
    expect(reads).toBe(0);
    await expectUntouched(); // no output, no journal
  });
});

describe('a signal that is not an AbortSignal', () => {
  it.each([
    ['a plain object with aborted', { aborted: false }],
    ['an AbortController (not its signal)', new AbortController()],
  ])('(%s) is refused before any file is read, naming the option', async (_label, signal) => {
    const pipe = new Negate({ outdir });
    let reads = 0;
    pipe.fileRead = async (inName) => (reads++, readNpy(inName as string));
    await expect(pipe.pipeline(inputs, { signal: signal as unknown as AbortSignal })).rejects.toThrow(/signal must be an AbortSignal/);
    expect(reads).toBe(0);
    await expectUntouched();
  });
});

describe('bad paths', () => {
  it('a missing input fails alone, naming its path; the other files are written', async () => {
    const missing = path.join(dir, 'nope', 'absent.npy');
    const all = [inputs[0] as string, missing, inputs[1] as string];
    const err = await new Negate({ outdir }).pipeline(all).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineError);
    const pe = err as PipelineError;
    expect(pe.failures.map((f) => f.inName)).toEqual([missing]);
    expect(pe.pout[1]?.[1].error).toMatchObject({ message: expect.stringContaining(missing) });
    expect(pe.pout[1]?.[1].error).toMatchObject({ message: expect.stringMatching(/ENOENT|no such file/i) });
    expect(Array.from((await readNpy(pe.pout[2]?.[0] as string)).data as Int32Array)).toEqual([-1, -10]);
    await expectUntouched(['x0_bmp.npy', 'x1_bmp.npy']);
  });

  it('an output directory that cannot be created (under a regular file) fails each file, naming the path', async () => {
    const file = path.join(dir, 'plain.txt');
    await writeFile(file, 'not a directory');
    inputs.push(file);
    before.push(await readFile(file));
    const bad = path.join(file, 'sub', 'dir');
    for (const createOutdir of [true, false]) {
      const pout = await new Negate({ outdir: bad, createOutdir }).pipeline(inputs.slice(0, 3), { onError: 'collect' });
      for (const [outname, meta] of pout) {
        expect(outname).toBeNull();
        const message = (meta.error as { message: string }).message;
        expect(message).toContain(createOutdir ? file : bad);
        // with createOutdir: the OS's reason; without: which path is a file
        expect(message).toMatch(createOutdir ? /ENOTDIR|not a directory/i : /plain\.txt is a file, not a directory/);
      }
    }
    await expectUntouched();
  });

  it('an output directory that does not exist, without createOutdir, fails naming the directory', async () => {
    const absent = path.join(dir, 'absent');
    const pout = await new Negate({ outdir: absent }).pipeline(inputs, { onError: 'collect' });
    for (const [outname, meta] of pout) {
      expect(outname).toBeNull();
      expect((meta.error as { message: string }).message).toContain(absent);
    }
    await expectUntouched();
  });

  it('a journal that cannot be created is refused before any file is processed, naming it', async () => {
    const file = path.join(dir, 'plain.txt');
    await writeFile(file, 'x');
    inputs.push(file);
    before.push(await readFile(file));
    const journal = path.join(file, 'run.jsonl');
    const pipe = new Negate({ outdir });
    let reads = 0;
    pipe.fileRead = async (inName) => (reads++, readNpy(inName as string));
    await expect(pipe.pipeline(inputs.slice(0, 3), { journal })).rejects.toThrow(journal);
    expect(reads).toBe(0);
    await expectUntouched();
  });
});
