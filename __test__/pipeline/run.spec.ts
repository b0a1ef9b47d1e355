import { readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AbortError, InProcessExecutor, multiProc, PipelineError, removeStaleTempFiles } from './api.js';
import type { Executor, ExecutorRequest, InName, Kwargs, ProgressEvent } from './api.js';
import { NumberPipe, sleep, tempDir, writeNumbers } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

/** A NumberPipe that counts concurrent fileProcess calls. */
class CountingPipe extends NumberPipe {
  inFlight = 0;
  maxInFlight = 0;
  started: string[] = [];
  override async fileProcess(inName: InName, kwargs: Kwargs = {}) {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.started.push(inName as string);
    try {
      await sleep(Number(kwargs.delay ?? 15));
      return await super.fileProcess(inName, kwargs);
    } finally {
      this.inFlight -= 1;
    }
  }
}

describe('admission', () => {
  it('never has more files in flight than numProcesses allows (observed)', async () => {
    const files = await writeNumbers(dir, Array.from({ length: 12 }, (_, i) => i));
    const pipe = new CountingPipe({ outdir: dir, numProcesses: 3 });
    await pipe.pipeline(files);
    expect(pipe.maxInFlight).toBe(3);
  });

  it('never has more files in flight than the memory budget allows (observed)', async () => {
    const files = await writeNumbers(dir, Array.from({ length: 12 }, (_, i) => i));
    const pipe = new CountingPipe({ outdir: dir, numProcesses: 10, memAvailable: 5_000_000, processSize: 2_000_000 });
    await pipe.pipeline(files);
    expect(pipe.maxInFlight).toBe(2);
    const p2 = new CountingPipe({ outdir: dir, numProcesses: 10, memAvailable: 1e12, processSize: 1 });
    await p2.pipeline(files);
    expect(p2.maxInFlight).toBe(10);
  });

  it('a budget too small for one file is an error before any file starts', async () => {
    const files = await writeNumbers(dir, [1, 2]);
    const pipe = new CountingPipe({ outdir: dir, memAvailable: 1000, processSize: 2 ** 30 });
    await expect(pipe.pipeline(files)).rejects.toThrow(/processSize 1024\.0 MiB.*memAvailable/);
    expect(pipe.started).toEqual([]);
  });

  it('bad options are clear errors naming the option, at construction and at pipeline()', async () => {
    expect(() => new NumberPipe({ processSize: -1 })).toThrow(/processSize must be a finite number > 0/);
    expect(() => new NumberPipe({ numProcesses: 'four' as unknown as number })).toThrow(/numProcesses must be a number/);
    expect(() => new NumberPipe({ memFrac: -0.5 })).toThrow(/memFrac/);
    expect(() => new NumberPipe({ preProcessList: ['nope'] as never })).toThrow(/preProcessList\[0\] must be a function/);
    expect(() => new NumberPipe({ journal: 'x' })).toThrow(/run option.*pipeline\(\)/);
    const pipe = new NumberPipe();
    await expect(pipe.pipeline(['a'], { numProcesses: -2 })).rejects.toThrow(/numProcesses/);
    await expect(pipe.pipeline(['a'], { onError: 'ignore' as never })).rejects.toThrow(/onError must be 'raise' or 'collect'/);
    await expect(pipe.pipeline('a' as never)).rejects.toThrow(/inNames must be an array/);
    await expect(pipe.pipeline([['a', 3 as never]])).rejects.toThrow(/inNames\[0\]\[1\]/);
  });

  it('an empty run resolves with an empty pout', async () => {
    expect(await new NumberPipe().pipeline([])).toEqual([]);
  });
});

describe('grouped inputs', () => {
  it('an array of names is one item: one read, one output; multiProc applies per element', async () => {
    const files = await writeNumbers(dir, [1, 2, 3, 4]);
    const double = multiProc((x: number) => x * 2);
    class GroupPipe extends NumberPipe {
      override async dataProcess(group: number) {
        const g = group as unknown as number[][];
        const flat = (g as unknown as (number | number[])[]).flat() as number[];
        return flat.reduce((a, b) => a + b, 0);
      }
    }
    const setName = (d: number, { bmpMeta }: Kwargs) => ((bmpMeta.outname = `sum-${d}.txt`), d);
    const pipe = new GroupPipe({ outdir: dir, preProcessList: [double as never], postProcessList: setName });
    const inNames: InName[] = [[files[0] as string, files[1] as string], [files[2] as string, [files[3] as string]]];
    const pout = await pipe.pipeline(inNames);
    expect(pout).toEqual([
      [path.join(dir, 'sum-6.txt'), { outname: 'sum-6.txt' }],
      [path.join(dir, 'sum-14.txt'), { outname: 'sum-14.txt' }],
    ]);
    expect(await readFile(path.join(dir, 'sum-14.txt'), 'utf8')).toBe('14');
  });
});

describe('failures', () => {
  it("with onError 'raise' a corrupt input fails alone; the rejection carries the full pout", async () => {
    const files = await writeNumbers(dir, [1, 'garbage', 3]);
    const err = await new NumberPipe({ outdir: dir, numProcesses: 2 }).pipeline(files).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineError);
    const pe = err as PipelineError;
    expect(pe.message).toContain(files[1]);
    expect(pe.pout[0]).toEqual([path.join(dir, 'n0_bmp.txt'), {}]);
    expect(pe.pout[2]).toEqual([path.join(dir, 'n2_bmp.txt'), {}]);
    expect(pe.pout[1]).toEqual([null, { error: { name: 'Error', message: `${files[1]}: not a number: "garbage"` } }]);
    expect(pe.failures).toHaveLength(1);
    expect(pe.failures[0]?.inName).toBe(files[1]);
    expect(await readFile(path.join(dir, 'n2_bmp.txt'), 'utf8')).toBe('3');
  });

  it("with onError 'collect' it resolves with the same pout", async () => {
    const files = await writeNumbers(dir, [1, 'garbage', 3]);
    const pout = await new NumberPipe({ outdir: dir }).pipeline(files, { onError: 'collect' });
    expect(pout.map(([o]) => o && path.basename(o))).toEqual(['n0_bmp.txt', null, 'n2_bmp.txt']);
    expect(pout[1]?.[1].error.message).toMatch(/n1\.txt: not a number/);
  });

  it('failFast stops starting new files after the first failure', async () => {
    const files = await writeNumbers(dir, ['bad', 1, 2, 3, 4, 5]);
    const pipe = new CountingPipe({ outdir: dir, numProcesses: 2 });
    const pout = await pipe.pipeline(files, { failFast: true, onError: 'collect', delay: 20 });
    expect(pipe.started.length).toBeLessThan(6);
    expect(pout.at(-1)?.[1].error).toMatchObject({ name: 'NotStartedError' });
    expect(pout.at(-1)?.[1].error.message).toMatch(/failFast is set and .*n0\.txt failed/);
  });

  it('an output path equal to an input of the run is refused for that file; the input is untouched', async () => {
    const files = await writeNumbers(dir, [1, 2]);
    // file 0's output would be file 1 (n1.txt): refused; file 1 writes n1_bmp.txt
    const pipe = new NumberPipe({ outdir: dir, postProcessList: (d: number, { bmpMeta }: Kwargs) => (d === 1 && (bmpMeta.outname = 'n1.txt'), d + 100) });
    const pout = await pipe.pipeline(files, { onError: 'collect' });
    expect(pout[0]?.[1].error.message).toMatch(/n0\.txt: refusing to write output .*n1\.txt: it is an input of this run/);
    expect(await readFile(files[1] as string, 'utf8')).toBe('2');
    expect(pout[1]?.[0]).toBe(path.join(dir, 'n1_bmp.txt'));
  });

  it('the guard sees through symbolic links: to the output file, and to its directory', async () => {
    const [input] = await writeNumbers(dir, [7]);
    // An existing output name that is a link to the input.
    await symlink(input as string, path.join(dir, 'n0_bmp.txt'));
    const viaFile = await new NumberPipe({ outdir: dir }).pipeline([input as string], { onError: 'collect' });
    expect(viaFile[0]?.[1].error.message).toMatch(/refusing to write output .*n0_bmp\.txt: it is an input of this run/);
    // An output directory that is a link to the input's directory, with outname = the input's name.
    await symlink(dir, path.join(dir, 'alias'));
    const pipe = new NumberPipe({ outdir: path.join(dir, 'alias'), postProcessList: (d: number, { bmpMeta }: Kwargs) => ((bmpMeta.outname = 'n0.txt'), d) });
    const viaDir = await pipe.pipeline([input as string], { onError: 'collect' });
    expect(viaDir[0]?.[1].error.message).toMatch(/refusing to write output .*alias.*n0\.txt: it is an input of this run/);
    expect(await readFile(input as string, 'utf8')).toBe('7');
  });
});

describe('abort and progress', () => {
  it('abort stops new files; pipeline() rejects with an AbortError after the files in flight', async () => {
    const files = await writeNumbers(dir, Array.from({ length: 10 }, (_, i) => i));
    const pipe = new CountingPipe({ outdir: dir, numProcesses: 2 });
    const ac = new AbortController();
    const events: ProgressEvent[] = [];
    const run = pipe.pipeline(files, {
      signal: ac.signal,
      delay: 20,
      onProgress: (e) => {
        events.push(e);
        if (e.done === 3) ac.abort();
      },
    });
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(pipe.started.length).toBeLessThanOrEqual(5);
    expect(pipe.started.length).toBeGreaterThanOrEqual(3);
    expect(pipe.inFlight).toBe(0);
    const finished = (err as AbortError).pout.filter((e) => e !== undefined).length;
    expect(finished).toBe(pipe.started.length);
    expect(events[0]).toMatchObject({ done: 1, total: 10 });
  });

  it('an already aborted signal starts nothing', async () => {
    const files = await writeNumbers(dir, [1]);
    const pipe = new CountingPipe({ outdir: dir });
    await expect(pipe.pipeline(files, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(pipe.started).toEqual([]);
  });

  it('onProgress sees each file as it finishes, errors included', async () => {
    const files = await writeNumbers(dir, [1, 'x']);
    const events: ProgressEvent[] = [];
    await new NumberPipe({ outdir: dir, numProcesses: 1 }).pipeline(files, { onError: 'collect', onProgress: (e) => events.push(e) });
    expect(events.map((e) => [e.done, e.total, e.inName, e.outname, e.error?.name])).toEqual([
      [1, 2, files[0], path.join(dir, 'n0_bmp.txt'), undefined],
      [2, 2, files[1], null, 'Error'],
    ]);
  });
});

describe('journal', () => {
  it('a later run resumes after a partial run: recorded files are skipped, failed and missing ones redone', async () => {
    const files = await writeNumbers(dir, [1, 2, 'bad', 4, 5]);
    const journal = path.join(dir, 'run.jsonl');
    const reject4 = (d: number) => (d === 4 ? null : d);
    const ac = new AbortController();
    // the 4th file aborts the run while it is in flight: the 5th never starts
    const abortAt4 = (d: number) => (d === 4 && ac.abort(), reject4(d));
    const first = new CountingPipe({ outdir: dir, numProcesses: 1, preProcessList: abortAt4 });
    const err = await first.pipeline(files, { journal, signal: ac.signal, onError: 'collect', delay: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(first.started).toHaveLength(4);
    const lines = (await readFile(journal, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(4);

    await writeFile(path.join(dir, 'run.jsonl'), `${await readFile(journal, 'utf8')}{"v":1,"inName":"torn`); // a crash mid-line
    await writeFile(files[2] as string, '3'); // fix the corrupt input
    const second = new CountingPipe({ outdir: dir, numProcesses: 1, preProcessList: reject4 });
    const events: ProgressEvent[] = [];
    const pout = await second.pipeline(files, { journal, onProgress: (e) => events.push(e) });
    expect(second.started).toEqual([files[2], files[4]]); // n0, n1 done; n3 rejected (null outname) is reused
    expect(pout).toEqual([
      [path.join(dir, 'n0_bmp.txt'), {}],
      [path.join(dir, 'n1_bmp.txt'), {}],
      [path.join(dir, 'n2_bmp.txt'), {}],
      [null, {}],
      [path.join(dir, 'n4_bmp.txt'), {}],
    ]);
    expect(events.filter((e) => e.fromJournal)).toHaveLength(3);

    // an output deleted since is processed again
    await (await import('node:fs/promises')).rm(path.join(dir, 'n1_bmp.txt'));
    const third = new CountingPipe({ outdir: dir, numProcesses: 1, preProcessList: reject4 });
    await third.pipeline(files, { journal });
    expect(third.started).toEqual([files[1]]);
    expect((await stat(path.join(dir, 'n1_bmp.txt'))).isFile()).toBe(true);
  });

  it('journals metadata values JSON loses (NaN, typed arrays) and grouped inputs', async () => {
    const files = await writeNumbers(dir, [1, 2]);
    const journal = path.join(dir, 'j.jsonl');
    const meta = (d: number, { bmpMeta }: Kwargs) => ((bmpMeta.nan = NaN), (bmpMeta.arr = new Float32Array([d, Infinity])), (bmpMeta.outname = 'g.txt'), d);
    class SumPipe extends NumberPipe {
      override dataProcess(g: number) {
        return (g as unknown as number[]).reduce((a, b) => a + b, 0);
      }
    }
    const group = [[files[0] as string, files[1] as string]];
    const p1 = await new SumPipe({ outdir: dir, postProcessList: meta }).pipeline(group, { journal });
    const again = new SumPipe({ outdir: dir, postProcessList: () => { throw new Error('should not run'); } });
    const p2 = await again.pipeline(group, { journal });
    expect(p2).toEqual(p1);
    expect(p2[0]?.[1].arr).toBeInstanceOf(Float32Array);
    expect(Number.isNaN(p2[0]?.[1].nan)).toBe(true);
  });
});

describe('executors and temp files', () => {
  it('a custom executor receives small, serialisable items and the limit', async () => {
    const files = await writeNumbers(dir, [1, 2, 3]);
    const requests: ExecutorRequest[] = [];
    const base = new InProcessExecutor();
    const spy: Executor = {
      run(request) {
        requests.push(request);
        return base.run(request);
      },
    };
    const pout = await new NumberPipe({ outdir: dir, executor: spy, numProcesses: 2 }).pipeline(files, { extra: 1 });
    expect(pout).toHaveLength(3);
    expect(requests[0]?.items).toEqual(files.map((inName, index) => ({ index, inName })));
    expect(requests[0]?.limit).toBe(2);
    expect(JSON.parse(JSON.stringify(requests[0]?.kwargs))).toMatchObject({ extra: 1, outdir: dir, outnameAppend: '_bmp' });
  });

  it('leftover temp files of dead processes are removed at pipeline start; live ones are kept', async () => {
    const dead = path.join(dir, '.x_bmp.npy.999999999-3.bmp-tmp');
    const live = path.join(dir, `.y_bmp.npy.${process.pid}-1.bmp-tmp`);
    const other = path.join(dir, 'notes.bmp-tmp');
    for (const f of [dead, live, other]) await writeFile(f, 'partial');
    expect(await removeStaleTempFiles(path.join(dir, 'missing'))).toEqual([]);
    const files = await writeNumbers(dir, [1]);
    await new NumberPipe({ outdir: dir }).pipeline(files);
    await expect(stat(dead)).rejects.toThrow(/ENOENT/);
    expect((await stat(live)).isFile()).toBe(true);
    expect((await stat(other)).isFile()).toBe(true);
  });
});
