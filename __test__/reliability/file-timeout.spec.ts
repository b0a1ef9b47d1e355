/**
 * Issue 8, case 2: a hook that never settles must not hang the run.
 * `fileTimeout` fails the file with a FileTimeoutError and frees its slot;
 * its `fileSignal` fires; its later writes through the library are refused.
 */
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kwargs } from '../../src/index.js';
import { AbortError, FileTimeoutError, NdArray, NpyMultiPipe, PipelineError, writeNpy } from '../../src/index.js';
import { scratch } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let inputs: string[];
beforeEach(async () => {
  ({ dir, cleanup } = await scratch());
  inputs = [];
  for (let i = 0; i < 3; i++) inputs.push(await writeNpy(path.join(dir, `h${i}.npy`), NdArray.full([4], i)));
});
afterEach(() => cleanup());

const never = new Promise<never>(() => undefined);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const isFirst = (kwargs: Kwargs): boolean => String(kwargs.inName).endsWith('h0.npy');

/** h0.npy never finishes dataProcess; after `lateMs` it tries to write (through writeNpy or base fileWrite), then hangs. */
class Stuck extends NpyMultiPipe {
  signals: AbortSignal[] = [];
  lateWrites: string[] = [];
  constructor(
    options: Kwargs,
    private readonly lateMs = -1,
    private readonly lateWriter: 'writeNpy' | 'fileWrite' = 'writeNpy',
  ) {
    super(options);
  }
  override async dataProcess(data: NdArray, kwargs: Kwargs): Promise<NdArray> {
    if (!isFirst(kwargs)) return data;
    this.signals.push(kwargs.fileSignal as AbortSignal);
    if (this.lateMs >= 0) {
      await sleep(this.lateMs);
      const late = path.join(dir, 'late.npy');
      const attempt = this.lateWriter === 'writeNpy' ? writeNpy(late, data) : this.fileWrite(data, late, kwargs);
      this.lateWrites.push(await attempt.then(() => 'written', (e: Error) => `${e.name}: ${e.message}`));
    }
    return never;
  }
}

describe('fileTimeout', () => {
  it('fails a file that never settles with a FileTimeoutError naming it and the limit; its slot goes to the next files', async () => {
    const pipe = new Stuck({ outdir: dir, numProcesses: 1 });
    const pout = await pipe.pipeline(inputs, { fileTimeout: 150, onError: 'collect' });
    expect(pout[0]?.[0]).toBeNull();
    expect(pout[0]?.[1].error).toEqual({ name: 'FileTimeoutError', message: expect.stringMatching(/h0\.npy: did not finish within fileTimeout 150 ms/) });
    expect(pout.slice(1).map(([o]) => o && path.basename(o))).toEqual(['h1_bmp.npy', 'h2_bmp.npy']); // one slot, freed
  });

  it("with onError 'raise' the failure is a FileTimeoutError carrying the file and the limit", async () => {
    const err = await new Stuck({ outdir: dir }).pipeline(inputs, { fileTimeout: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineError);
    const failure = (err as PipelineError).failures[0]?.error;
    expect(failure).toBeInstanceOf(FileTimeoutError);
    expect(failure).toMatchObject({ inName: inputs[0], fileTimeout: 100 });
  });

  it("fires the file's fileSignal at the limit, with the FileTimeoutError as its reason", async () => {
    const pipe = new Stuck({ outdir: dir });
    await pipe.pipeline(inputs, { fileTimeout: 100, onError: 'collect' });
    const signal = pipe.signals[0] as AbortSignal;
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(FileTimeoutError);
  });

  it.each(['writeNpy', 'fileWrite'] as const)('refuses a write the timed-out file attempts later through %s: no output appears that the pout does not list', async (writer) => {
    const pipe = new Stuck({ outdir: dir }, 300, writer);
    const pout = await pipe.pipeline(inputs, { fileTimeout: 100, onError: 'collect' });
    await sleep(400); // the abandoned hook wakes up and tries to write
    expect(pipe.lateWrites).toHaveLength(1);
    expect(pipe.lateWrites[0]).toMatch(/^FileTimeoutError: .*h0\.npy: refusing to write .*late\.npy: this file exceeded fileTimeout 100 ms/);
    const listed = pout.flatMap(([o]) => (o ? [path.basename(o)] : []));
    expect((await readdir(dir)).filter((n) => !n.startsWith('h') || n.includes('_bmp')).sort()).toEqual(listed.sort());
  });

  it('a cooperative hook stops early when its fileSignal fires', async () => {
    let stoppedAt = -1;
    const started = Date.now();
    class Cooperative extends NpyMultiPipe {
      override async dataProcess(data: NdArray, kwargs: Kwargs): Promise<NdArray> {
        const signal = kwargs.fileSignal as AbortSignal;
        while (!signal.aborted) await sleep(10);
        stoppedAt = Date.now() - started;
        return data;
      }
    }
    const pout = await new Cooperative({ outdir: dir, numProcesses: 1 }).pipeline(inputs.slice(0, 1), { fileTimeout: 100, onError: 'collect' });
    expect(pout[0]?.[1].error?.name).toBe('FileTimeoutError');
    await sleep(50);
    expect(stoppedAt).toBeGreaterThanOrEqual(90);
  });

  it("after the run's signal fires, pipeline() settles once files in flight reach fileTimeout; their fileSignal fired at the abort", async () => {
    const controller = new AbortController();
    const pipe = new Stuck({ outdir: dir, numProcesses: 1 });
    setTimeout(() => controller.abort(new Error('stop')), 50);
    const started = Date.now();
    const err = await pipe.pipeline(inputs, { fileTimeout: 300, signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(Date.now() - started).toBeLessThan(3000);
    const pout = (err as AbortError).pout;
    expect(pout[0]?.[1].error?.name).toBe('FileTimeoutError');
    expect(pout.slice(1)).toEqual([undefined, undefined]); // never started
    expect((pipe.signals[0]!.reason as Error).message).toBe('stop'); // fired at the abort, before the limit
  });

  it('is validated before any file starts, naming the option', async () => {
    const marker = path.join(dir, 'read.txt');
    class Counting extends NpyMultiPipe {
      override async fileRead(inName: string): Promise<NdArray> {
        await writeFile(marker, 'read');
        return super.fileRead(inName) as Promise<NdArray>;
      }
    }
    for (const [value, message] of [
      [-1, /fileTimeout must be a finite number > 0/],
      [0, /fileTimeout must be a finite number > 0/],
      ['100', /fileTimeout must be a number/],
      [2 ** 31, /fileTimeout must be at most 2147483647 ms/],
    ] as const) {
      await expect(new Counting({ outdir: dir }).pipeline(inputs, { fileTimeout: value as number })).rejects.toThrow(message);
    }
    expect(await readdir(dir)).not.toContain('read.txt');
    const pout = await new Counting({ outdir: dir }).pipeline(inputs.slice(1), { fileTimeout: null });
    expect(pout.every(([o]) => o !== null)).toBe(true); // null: no limit
  });
});
