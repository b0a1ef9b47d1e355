/**
 * WorkerExecutor through the public API: the same pout as in-process, files
 * spread over threads, a dying thread failing only its file, control-stream
 * values that cannot cross refused before any file starts, nesting, abort,
 * the journal and progress.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbortError, NdArray, OutputCollisionError, PipelineError, readNpy, WorkerExecutor, writeNpy } from '../../src/index.js';
import type { Pout, ProgressEvent } from '../../src/index.js';
import { sleep, writeNumbers } from '../pipeline/helpers.js';
import { closedAfterAll, tempDirEach } from './setup.js';
import { Behaving, Nesting, NpyDouble } from './pipelines.js';

const MODULE = new URL('./pipelines.ts', import.meta.url);
const executors = closedAfterAll();
/** A WorkerExecutor over the test pipelines, closed after the file's tests. */
function workers(options: { export?: string; workers?: number; resourceLimits?: object } = {}): WorkerExecutor {
  const ex = new WorkerExecutor({ module: MODULE, workers: 2, ...options });
  executors.push(ex);
  return ex;
}
let dir: string;
tempDirEach((d) => {
  dir = d;
});

const strip = (pout: Pout): Pout => pout.map(([o, m]) => [o, { ...m, threadId: 0 }]);

describe('WorkerExecutor runs the module\'s pipeline', () => {
  it('gives the in-process pout, in input order, with files on more than one thread', async () => {
    const names = await writeNumbers(dir, [1, 2, 3, 4, 5, 6, 7, 8]);
    const pipe = new Behaving();
    const inProcess = await pipe.pipeline(names, { outdir: path.join(dir, 'a'), createOutdir: true });
    const outdir = path.join(dir, 'b');
    const pout = await pipe.pipeline(names, { executor: workers(), outdir, createOutdir: true, numProcesses: 4, sleepMs: 30 });
    expect(strip(pout)).toEqual(strip(inProcess).map(([o, m]) => [o && path.join(outdir, path.basename(o)), m]));
    for (const [o, m] of pout) expect(await readFile(o as string, 'utf8')).toBe(String(m.value));
    const threads = new Set(pout.map(([, m]) => m.threadId));
    expect(threads.has(0)).toBe(false); // not the main thread
    expect(threads.size).toBe(2);
  });

  it.each([
    ['default', 'a subclass', 2],
    ['tripler', 'an instance', 3],
    ['makePipe', 'an async factory', 5],
  ])('loads the export %s (%s)', async (name, _what, factor) => {
    const names = await writeNumbers(dir, [1, 2]);
    const pout = await new Behaving().pipeline(names, { executor: workers({ export: name }), outdir: dir, outnameAppend: '_o' });
    expect(pout.map(([, m]) => m.value)).toEqual([factor, 2 * factor]);
  });

  it('fails every file with the reason when the export is not a pipeline or the module does not load', async () => {
    const names = await writeNumbers(dir, [1, 2]);
    const bad = await new Behaving().pipeline(names, { executor: workers({ export: 'notAPipeline' }), outdir: dir, onError: 'collect' });
    for (const [o, m] of bad) {
      expect(o).toBeNull();
      expect((m.error as Error).message).toMatch(/pipelines\.ts#notAPipeline must be a BigMultiPipe instance, a BigMultiPipe subclass, or a function returning either; got number/);
    }
    const missing = new WorkerExecutor({ module: path.join(dir, 'nowhere.mjs'), workers: 1 });
    executors.push(missing);
    const err = await new Behaving().pipeline(names, { executor: missing, outdir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineError);
    expect((err as PipelineError).failures).toHaveLength(2);
    expect((err as Error).message).toMatch(/could not load the module file:.*nowhere\.mjs/);
  });

  it('applies the run\'s output guard in the workers (an output that is an input fails its file)', async () => {
    const names = await writeNumbers(dir, [1, 2]);
    const pout = await new Behaving().pipeline(names, { executor: workers(), outdir: dir, outnameAppend: '', onError: 'collect' });
    for (const [i, [o, m]] of pout.entries()) {
      expect(o).toBeNull();
      expect((m.error as Error).message).toContain(`refusing to write output ${names[i]}: it is an input of this run`);
    }
    expect(await readFile(names[0] as string, 'utf8')).toBe('1');
  });
});

describe('per-file array release in the worker threads', () => {
  it.each([
    [false, [0, 0, 0, 0]],
    [true, [0, 2, 4, 6]],
  ])('keepArrays %s: arrays of earlier files alive when the next starts: %j', async (keepArrays, alive) => {
    const names: string[] = [];
    for (let i = 0; i < 4; i++) names.push(await writeNpy(path.join(dir, `a${i}.npy`), NdArray.full([3, 4], i)));
    const pout = await new NpyDouble().pipeline(names, { executor: workers({ export: 'NpyDouble', workers: 1 }), outdir: dir, numProcesses: 1, keepArrays });
    expect(pout.map(([, m]) => m.aliveBefore)).toEqual(alive);
    expect(pout.map(([, m]) => m.sum)).toEqual([0, 24, 48, 72]);
    expect((await readNpy(pout[3]![0] as string)).at(2, 3)).toBe(6);
  });
});

describe('a worker thread that dies', () => {
  it.each([
    ['process.exit() in a hook', 666, /exited with code 3/, undefined],
    ['an exception thrown outside any hook', 777, /thrown from a timer, outside any hook/, undefined],
    ['a resourceLimits overrun', 888, /memory limit/, { maxOldGenerationSizeMb: 64 }],
  ])('fails only the file it held (%s), named with the reason; the run goes on on a new thread', async (_what, value, reason, resourceLimits) => {
    const names = await writeNumbers(dir, [1, 2, value, 4, 5, 6]);
    const events: ProgressEvent[] = [];
    const pout = await new Behaving().pipeline(names, {
      executor: workers(resourceLimits ? { resourceLimits } : {}),
      outdir: dir,
      outnameAppend: '_o',
      onError: 'collect',
      numProcesses: 2,
      sleepMs: 20,
      onProgress: (e) => events.push(e),
    });
    expect(events).toHaveLength(6);
    for (const [i, [o, m]] of pout.entries()) {
      if (i === 2) {
        expect(o).toBeNull();
        const error = m.error as { name: string; message: string };
        expect(error.name).toBe('WorkerDiedError');
        expect(error.message).toContain(names[2]);
        expect(error.message).toMatch(/the worker thread running it died/);
        expect(error.message).toMatch(reason);
      } else {
        expect(m.value).toBe([1, 2, 0, 4, 5, 6][i]! * 2);
        expect(existsSync(o as string)).toBe(true);
      }
    }
  });
});

describe('close()', () => {
  it('ends the threads: files still running fail saying so; the executor starts new threads when used again', async () => {
    const names = await writeNumbers(dir, [1, 2]);
    const ex = workers();
    const running = new Behaving().pipeline(names, { executor: ex, outdir: dir, outnameAppend: '_o', sleepMs: 3000, onError: 'collect' });
    await sleep(1000);
    await ex.close();
    for (const [o, m] of await running) {
      expect(o).toBeNull();
      expect((m.error as Error).message).toMatch(/the worker thread running it died: the WorkerExecutor was closed while it ran/);
    }
    const again = await new Behaving().pipeline(names, { executor: ex, outdir: dir, outnameAppend: '_o' });
    expect(again.map(([, m]) => m.value)).toEqual([2, 4]);
  });
});

describe('control-stream values that cannot cross a thread', () => {
  it.each([
    ['a function keyword', { scale: (x: number) => x }, /control-stream keyword scale holds a function/],
    ['a preProcessList given to pipeline()', { preProcessList: [(d: number) => d] }, /control-stream keyword preProcessList\[0\] holds a function/],
    ['a class instance inside a keyword', { opts: { when: new (class Clock {})() } }, /control-stream keyword opts\.when holds an instance of Clock/],
  ])('are refused before any file starts (%s), naming the key and the fix', async (_what, extra, message) => {
    const names = await writeNumbers(dir, [1, 2]);
    const events: ProgressEvent[] = [];
    const err = await new Behaving()
      .pipeline(names, { executor: workers(), outdir: path.join(dir, 'out'), createOutdir: true, onProgress: (e) => events.push(e), ...extra })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toMatch(/Define it in the module the workers load/);
    expect(events).toEqual([]);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('fails a file whose metadata holds an NdArray, naming the key', async () => {
    const names = await writeNumbers(dir, [1]);
    const pout = await new Behaving().pipeline(names, { executor: workers({ export: 'ArrayInMeta' }), outdir: dir, outnameAppend: '_o', onError: 'collect' });
    expect((pout[0]![1].error as Error).message).toMatch(/meta\.arr holds an instance of NdArray, .*cannot leave the worker thread/);
  });
});

describe('nesting (Python\'s NestablePool)', () => {
  it.each([
    ['in-process', false],
    ['on workers (in the outer worker\'s thread)', true],
  ])('a pipeline run inside a hook on a worker thread works, its inner executor %s', async (_what, innerWorkers) => {
    const innerNames = await writeNumbers(dir, [1, 2, 3], 'inner');
    const names = await writeNumbers(dir, [100, 200], 'outer');
    const kw = { innerNames, innerOutdir: path.join(dir, 'inner-out'), createOutdir: true, innerWorkers, outnameAppend: '_o' };
    const expected = await new Nesting().pipeline(names, { ...kw, outdir: path.join(dir, 'a') });
    const pout = await new Nesting().pipeline(names, { ...kw, executor: workers({ export: 'Nesting' }), outdir: path.join(dir, 'b') });
    expect(pout.map(([, m]) => m.value)).toEqual([160, 260]); // data + (10 + 20 + 30)
    expect(pout.map(([, m]) => m.value)).toEqual(expected.map(([, m]) => m.value));
    expect(pout.every(([, m]) => m.threadId !== 0)).toBe(true);
    expect((await readdir(path.join(dir, 'inner-out'))).sort()).toEqual(
      ['inner0_inner100.txt', 'inner0_inner200.txt', 'inner1_inner100.txt', 'inner1_inner200.txt', 'inner2_inner100.txt', 'inner2_inner200.txt'],
    );
  });
});

describe('run options under workers', () => {
  it('abort: no new file starts; files in flight finish; pipeline() rejects with AbortError', async () => {
    const names = await writeNumbers(dir, [1, 2, 3, 4, 5, 6, 7, 8]);
    const ac = new AbortController();
    const err = await new Behaving()
      .pipeline(names, { executor: workers(), outdir: dir, outnameAppend: '_o', numProcesses: 2, sleepMs: 100, signal: ac.signal, onProgress: () => ac.abort() })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    const finished = (err as AbortError).pout.filter((e) => e !== undefined);
    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(finished.length).toBeLessThanOrEqual(3);
    const written = (await readdir(dir)).filter((f) => f.endsWith('_o.txt'));
    expect(written).toHaveLength(finished.length);
  });

  it('failFast stops admitting files after the first failure', async () => {
    const names = await writeNumbers(dir, [1, 'x', 3, 4, 5, 6]);
    const err = (await new Behaving()
      .pipeline(names, { executor: workers(), outdir: dir, outnameAppend: '_o', numProcesses: 1, failFast: true })
      .catch((e: unknown) => e)) as PipelineError;
    expect(err).toBeInstanceOf(PipelineError);
    expect(err.pout.slice(2).every(([, m]) => (m.error as { name?: string })?.name === 'NotStartedError')).toBe(true);
  });

  it('the journal records each file, and a second run skips the files already done', async () => {
    const names = await writeNumbers(dir, [1, 'x', 3]);
    const journal = path.join(dir, 'run.journal');
    const first = await new Behaving().pipeline(names, { executor: workers(), outdir: dir, outnameAppend: '_o', journal, onError: 'collect' });
    const events: ProgressEvent[] = [];
    const second = await new Behaving().pipeline(names, { executor: workers(), outdir: dir, outnameAppend: '_o', journal, onError: 'collect', onProgress: (e) => events.push(e) });
    expect(second.map(([o]) => o)).toEqual(first.map(([o]) => o));
    expect(events.filter((e) => e.fromJournal).map((e) => e.inName)).toEqual([names[0], names[2]]);
  });
});

describe('orchestrator decisions under workers (issue 8)', () => {
  it.each([
    ['numProcesses', { numProcesses: 2 }, 2],
    ['the memory budget', { numProcesses: 4, memAvailable: 3e6, processSize: 1e6 }, 3],
  ])('memory admission: files in flight across all threads never exceed the limit (%s)', async (_what, settings, limit) => {
    const names = await writeNumbers(dir, [1, 2, 3, 4, 5, 6, 7, 8]);
    const inFlight = new Int32Array(new SharedArrayBuffer(8));
    const pout = await new Behaving().pipeline(names, { executor: workers({ workers: 4 }), outdir: dir, outnameAppend: '_o', sleepMs: 150, inFlight, ...settings });
    expect(pout.map(([, m]) => m.value)).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
    expect(inFlight[1]).toBeLessThanOrEqual(limit);
    expect(inFlight[1]).toBeGreaterThanOrEqual(2); // and files did run at once
  });


  it('one output path, one item: two inputs mapping to one output across threads', async () => {
    const [a] = await writeNumbers(path.join(dir, ''), [1], 'x');
    const sub = path.join(dir, 'sub');
    await import('node:fs/promises').then((fs) => fs.mkdir(sub));
    const [b] = await writeNumbers(sub, [2], 'x');
    const outdir = path.join(dir, 'out');
    const pout = await new Behaving().pipeline([a as string, b as string], { executor: workers(), outdir, createOutdir: true, numProcesses: 2, onError: 'collect' });
    const ok = pout.filter(([o]) => o !== null);
    const failed = pout.filter(([o]) => o === null);
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    const error = failed[0]![1].error as { name: string; message: string };
    expect(error.name).toBe('OutputCollisionError');
    expect(error.message).toContain(path.join(outdir, 'x0_bmp.txt'));
    expect(error.message).toContain(a as string);
    expect(error.message).toContain(b as string);
    expect(await readFile(ok[0]![0] as string, 'utf8')).toBe(String(ok[0]![1].value)); // the first output intact
  });

  it('a collision error crosses the thread as an OutputCollisionError (instanceof holds)', async () => {
    const names = await writeNumbers(dir, [1]);
    const err = (await new Behaving().pipeline([names[0]!, names[0]!], { executor: workers(), outdir: path.join(dir, 'o'), createOutdir: true }).catch((e: unknown) => e)) as PipelineError;
    expect(err).toBeInstanceOf(PipelineError);
    expect(err.failures[0]!.error).toBeInstanceOf(OutputCollisionError);
    expect((err.failures[0]!.error as OutputCollisionError).path).toBe(path.join(dir, 'o', 'n0_bmp.txt'));
  });

  it('fileTimeout: a hook stuck in a loop or never settling fails its file; its thread is replaced; no hang; no late output', async () => {
    const names = await writeNumbers(dir, [1, 999, 3, 555, 444, 6, 7]);
    const t0 = Date.now();
    const pout = await new Behaving().pipeline(names, {
      executor: workers(),
      outdir: dir,
      outnameAppend: '_o',
      numProcesses: 2,
      fileTimeout: 1500,
      lateMs: 2500,
      onError: 'collect',
    });
    expect(Date.now() - t0).toBeLessThan(20_000);
    for (const [i, [o, m]] of pout.entries()) {
      if ([1, 3, 4].includes(i)) {
        expect(o).toBeNull();
        const error = m.error as { name: string; message: string };
        expect(error.name).toBe('FileTimeoutError');
        expect(error.message).toContain(names[i]);
        expect(error.message).toContain('fileTimeout 1500 ms');
      } else {
        expect(await readFile(o as string, 'utf8')).toBe(String(m.value));
      }
    }
    await sleep(2000); // past the late writer's sleep
    expect(existsSync(path.join(dir, 'n4_o.txt'))).toBe(false);
  });

  it('fileTimeout: a hook that blocks its thread (two files per thread) holds up no file past the limit; later files run on a new thread', async () => {
    const names = await writeNumbers(dir, [999, 1, 2, 3]);
    const pout = await new Behaving().pipeline(names, {
      executor: workers({ workers: 1 }),
      outdir: dir,
      outnameAppend: '_o',
      numProcesses: 2,
      fileTimeout: 1000,
      onError: 'collect',
    });
    expect((pout[0]![1].error as { name: string }).name).toBe('FileTimeoutError');
    // The file sharing the blocked thread could not progress either: it ends by the same limit (or ran elsewhere).
    const second = pout[1]![1];
    expect(second.value === 2 || (second.error as { name?: string })?.name === 'FileTimeoutError').toBe(true);
    expect(pout.slice(2).map(([, m]) => m.value)).toEqual([4, 6]);
  });

  it('abort fires each file\'s fileSignal in the workers: cooperative hooks stop early and their files finish', async () => {
    const names = await writeNumbers(dir, [333, 333, 1, 2]);
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('stop')), 500);
    const err = (await new Behaving()
      .pipeline(names, { executor: workers(), outdir: dir, outnameAppend: '_o', numProcesses: 2, signal: ac.signal })
      .catch((e: unknown) => e)) as AbortError;
    expect(err).toBeInstanceOf(AbortError);
    expect(err.pout.slice(0, 2).map((e) => e?.[1].value)).toEqual([-1, -1]);
    expect(err.pout.slice(2)).toEqual([undefined, undefined]);
  });
});
