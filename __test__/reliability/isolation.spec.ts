/**
 * Isolation at scale: 1000 small .npy files, one of them corrupt. Every other
 * file's output is written and reported, and the one failure names its file,
 * under both onError modes.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NdArray, NpyMultiPipe, PipelineError, readNpy, writeNpy } from '../../src/index.js';
import type { Pout } from '../../src/index.js';
import { scratch } from './helpers.js';

const N = 1000;
const BAD = 537;

class Double extends NpyMultiPipe {
  override dataProcess(data: NdArray): Promise<NdArray> {
    return data.mul(2);
  }
}

let dir: string;
let cleanup: () => Promise<void>;
let inputs: string[];
let corrupt: string;

beforeAll(async () => {
  ({ dir, cleanup } = await scratch());
  inputs = [];
  for (let i = 0; i < N; i++) {
    const p = path.join(dir, `f${String(i).padStart(4, '0')}.npy`);
    await writeNpy(p, NdArray.from(new Float64Array([i, i + 0.5, -i]), [3]));
    inputs.push(p);
  }
  corrupt = inputs[BAD] as string;
  const whole = await readFile(corrupt);
  await writeFile(corrupt, whole.subarray(0, whole.length - 7)); // data cut short
});
afterAll(() => cleanup());

/** Checks a full pout: 999 outputs with the right values, one failure naming the corrupt file. */
async function checkPout(pout: Pout, outdir: string): Promise<void> {
  expect(pout).toHaveLength(N);
  const failed = pout.flatMap(([outname], i) => (outname === null ? [i] : []));
  expect(failed).toEqual([BAD]);
  const error = pout[BAD]?.[1].error as { message: string; name: string };
  expect(error.message).toContain(corrupt);
  expect(error.message).toMatch(/truncated/);
  const written = (await readdir(outdir)).filter((n) => n.endsWith('_bmp.npy'));
  expect(written).toHaveLength(N - 1);
  expect((await readdir(outdir)).filter((n) => n.endsWith('.bmp-tmp'))).toEqual([]);
  for (const i of [0, 1, BAD - 1, BAD + 1, N - 1]) {
    const out = await readNpy(pout[i]?.[0] as string);
    expect(Array.from(out.data as Float64Array)).toEqual([2 * i, 2 * i + 1, -2 * i]);
  }
}

describe('isolation at scale (1000 files, one corrupt)', () => {
  it("onError 'collect': resolves with 999 outputs and one failure naming the file", async () => {
    const outdir = path.join(dir, 'collect');
    const pout = await new Double({ outdir, createOutdir: true }).pipeline(inputs, { onError: 'collect' });
    await checkPout(pout, outdir);
  });

  it("onError 'raise': rejects with a PipelineError holding the full pout and the one failure", async () => {
    const outdir = path.join(dir, 'raise');
    const progress: number[] = [];
    const err = await new Double({ outdir, createOutdir: true })
      .pipeline(inputs, { onProgress: (e) => progress.push(e.done) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineError);
    const pe = err as PipelineError;
    expect(pe.failures).toHaveLength(1);
    expect(pe.failures[0]?.inName).toBe(corrupt);
    expect(String((pe.failures[0]!.error as Error).message)).toContain(corrupt);
    expect(pe.message).toContain(corrupt);
    expect(progress).toHaveLength(N); // every file was attempted
    await checkPout(pe.pout, outdir);
  });
});
