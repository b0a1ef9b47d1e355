/**
 * Issue 8, case 1: a run never writes two items to one path. The orchestrator
 * claims each output for one item; a second claimant fails with an
 * OutputCollisionError naming both inputs and the path; the first output stays.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Executor, ExecutorRequest, InName, Kwargs, Meta, PoutEntry } from '../../src/index.js';
import { InProcessExecutor, NdArray, NpyMultiPipe, OutputCollisionError, PipelineError, readNpy, writeNpy } from '../../src/index.js';
import { scratch } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let a: string;
let b: string;
let outdir: string;
beforeEach(async () => {
  ({ dir, cleanup } = await scratch());
  await mkdir(path.join(dir, 'a'));
  await mkdir(path.join(dir, 'b'));
  a = await writeNpy(path.join(dir, 'a', 'x0.npy'), NdArray.full([3], 1));
  b = await writeNpy(path.join(dir, 'b', 'x0.npy'), NdArray.full([3], 2));
  outdir = path.join(dir, 'out');
});
afterEach(() => cleanup());

const contents = async (p: string): Promise<number[]> => Array.from((await readNpy(p)).data as Float64Array);
const errorOf = (entry: PoutEntry | undefined): { name: string; message: string } => entry?.[1].error as { name: string; message: string };

describe('two items mapped to one output path', () => {
  it('a/x0.npy and b/x0.npy with one outdir: the second fails naming both inputs, the path and the fixes; the first output stays', async () => {
    const pout = await new NpyMultiPipe({ outdir, createOutdir: true, numProcesses: 1 }).pipeline([a, b], { onError: 'collect' });
    const target = path.join(outdir, 'x0_bmp.npy');
    expect(pout[0]).toEqual([target, {}]);
    expect(pout[1]?.[0]).toBeNull();
    expect(errorOf(pout[1]).name).toBe('OutputCollisionError');
    const message = errorOf(pout[1]).message;
    for (const part of [b, a, target, 'outnameAppend', 'meta.outname', 'outdir']) expect(message).toContain(part);
    expect(await contents(target)).toEqual([1, 1, 1]);
  });

  it("with onError 'raise' the PipelineError's failure is an OutputCollisionError carrying both inputs and the path", async () => {
    const err = await new NpyMultiPipe({ outdir, createOutdir: true, numProcesses: 1 }).pipeline([a, b]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineError);
    const failure = (err as PipelineError).failures[0]?.error;
    expect(failure).toBeInstanceOf(OutputCollisionError);
    expect(failure).toMatchObject({ inName: b, claimedBy: a, path: path.join(outdir, 'x0_bmp.npy') });
  });

  it('files in flight at once: exactly one wins, and the output holds the winner’s data', async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let waiting = 0;
    class Together extends NpyMultiPipe {
      override async dataProcess(data: NdArray): Promise<NdArray> {
        if (++waiting === 2) open();
        await gate; // both files reach the claim together
        return data;
      }
    }
    const pout = await new Together({ outdir, createOutdir: true, numProcesses: 2 }).pipeline([a, b], { onError: 'collect' });
    const winners = pout.filter(([outname]) => outname !== null);
    expect(winners).toHaveLength(1);
    const loser = pout.findIndex(([outname]) => outname === null);
    expect(errorOf(pout[loser]).name).toBe('OutputCollisionError');
    expect(await contents(path.join(outdir, 'x0_bmp.npy'))).toEqual(loser === 1 ? [1, 1, 1] : [2, 2, 2]);
  });

  it('an input listed twice: the second entry fails, saying so', async () => {
    const pout = await new NpyMultiPipe({ outdir, createOutdir: true, numProcesses: 1 }).pipeline([a, a], { onError: 'collect' });
    expect(pout[0]?.[0]).toBe(path.join(outdir, 'x0_bmp.npy'));
    expect(errorOf(pout[1])).toMatchObject({ name: 'OutputCollisionError', message: expect.stringContaining('the same input listed earlier') });
  });

  it('one outname set in the metadata for every file: only the first is written', async () => {
    const fixed = (data: NdArray, { bmpMeta }: Kwargs) => {
      (bmpMeta as Meta).outname = 'all.npy';
      return data;
    };
    const pout = await new NpyMultiPipe({ outdir, createOutdir: true, numProcesses: 1, postProcessList: [fixed] }).pipeline([a, b], { onError: 'collect' });
    expect(pout[0]?.[0]).toBe(path.join(outdir, 'all.npy'));
    expect(errorOf(pout[1]).name).toBe('OutputCollisionError');
    expect(await contents(path.join(outdir, 'all.npy'))).toEqual([1, 1, 1]);
  });

  it('an output reached through a link to the same directory is the same output', async () => {
    const { symlink } = await import('node:fs/promises');
    await mkdir(outdir);
    await symlink(outdir, path.join(dir, 'alias'));
    const pipe = new NpyMultiPipe({ numProcesses: 1 });
    const viaAlias = (data: NdArray, { bmpMeta }: Kwargs) => {
      (bmpMeta as Meta).outdir = String(bmpMeta.n) === '1' ? path.join(dir, 'alias') : outdir;
      return data;
    };
    const mark = async (data: NdArray, { bmpMeta }: Kwargs) => {
      (bmpMeta as Meta).n = data.at(0);
      return data;
    };
    pipe.postProcessList = [mark, viaAlias];
    const pout = await pipe.pipeline([b, a], { onError: 'collect' }); // b (n=2) writes out/, a (n=1) aims at alias/
    expect(pout[0]?.[0]).toBe(path.join(outdir, 'x0_bmp.npy'));
    expect(errorOf(pout[1]).name).toBe('OutputCollisionError');
    expect(await contents(path.join(outdir, 'x0_bmp.npy'))).toEqual([2, 2, 2]);
  });
});

describe('the claim table belongs to the orchestrator', () => {
  it('an executor running files elsewhere relays claims through request.claim(index, outname)', async () => {
    let request: ExecutorRequest | undefined;
    const outcomes: string[] = [];
    const relay: Executor = {
      async *run(req) {
        request = req;
        const target = path.join(outdir, 'shared.npy');
        for (const item of req.items) {
          // what a worker thread's FileContext.claim sends to the main thread
          outcomes.push(await req.claim(item.index, target).then(() => 'claimed', (e: Error) => e.name));
          yield { index: item.index, ok: true, entry: [null, {}] };
        }
      },
    };
    await new NpyMultiPipe({ outdir, executor: relay }).pipeline([a, b]);
    expect(outcomes).toEqual(['claimed', 'OutputCollisionError']);
    await expect(request?.claim(0, path.join(outdir, 'shared.npy'))).resolves.toBeUndefined(); // the holder may claim again
    await expect(request?.claim(1, path.join(dir, 'out', '.', 'shared.npy'))).rejects.toThrow(OutputCollisionError); // same path, other spelling
  });

  it('a subclass whose fileProcess never claims is still checked when its entry comes back', async () => {
    class OwnProcess extends NpyMultiPipe {
      override async fileProcess(inName: InName): Promise<PoutEntry> {
        return [path.join(outdir, 'mine.npy'), { from: inName }];
      }
    }
    const pout = await new OwnProcess({ outdir, executor: new InProcessExecutor(), numProcesses: 1 }).pipeline([a, b], { onError: 'collect' });
    expect(pout[0]?.[0]).toBe(path.join(outdir, 'mine.npy'));
    expect(errorOf(pout[1])).toMatchObject({ name: 'OutputCollisionError', message: expect.stringContaining(a) });
  });
});
