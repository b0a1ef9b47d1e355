/**
 * Pipelines and functions the worker-executor tests load in worker threads
 * (by module URL and export name), and run in-process for comparison.
 */
import { threadId } from 'node:worker_threads';
import { type BigMultiPipe, InProcessExecutor, NdArray, NpyMultiPipe, setThreadCount, threadCount, WorkerExecutor } from '../../src/index.js';
import type { InName, Kwargs } from '../../src/index.js';
import { NumberPipe, sleep } from '../pipeline/helpers.js';

/** Burns CPU in plain JavaScript for about `ms` milliseconds. */
function spin(ms: number): number {
  const end = Date.now() + ms;
  let x = 0;
  while (Date.now() < end) x += Math.sqrt(x + 1);
  return x;
}

/**
 * Doubles the number in each file (times `factor`), recording the thread it
 * ran on. Special values misbehave: 666 calls process.exit, 777 throws outside
 * any hook, 888 overruns the heap, 999 loops for ever, 555 never settles.
 */
export class Behaving extends NumberPipe {
  override async dataProcess(data: number, kwargs: Kwargs = {}): Promise<number> {
    if (typeof kwargs.spinMs === 'number') spin(kwargs.spinMs);
    if (typeof kwargs.sleepMs === 'number') await sleep(kwargs.sleepMs);
    if (data === 666) process.exit(3);
    if (data === 777) {
      setTimeout(() => {
        throw new Error('thrown from a timer, outside any hook');
      }, 0);
      await sleep(5000);
    }
    if (data === 888) {
      const hog: number[][] = [];
      for (;;) hog.push(new Array<number>(1 << 20).fill(data));
    }
    if (data === 999) for (;;) spin(1000);
    if (data === 555) await new Promise(() => undefined);
    return data * ((kwargs.factor as number | undefined) ?? 2);
  }

  override async postProcess(data: number, kwargs: Kwargs = {}): Promise<[number | null | undefined, Record<string, unknown>]> {
    const [d, meta] = await super.postProcess(data, kwargs);
    meta.threadId = threadId;
    meta.value = d;
    return [d, meta];
  }
}

/** The default export: a subclass, constructed with no arguments in each worker. */
export default Behaving;

/** An instance, with a construction keyword. */
export const tripler = new Behaving({ factor: 3 });

/** A factory (async), returning an instance. */
export async function makePipe(): Promise<BigMultiPipe<number>> {
  await sleep(1);
  return new Behaving({ factor: 5 });
}

/** Not a pipeline. */
export const notAPipeline = 42;

/** Puts an NdArray into the metadata (cannot leave a worker thread). */
export class ArrayInMeta extends NumberPipe {
  override async postProcess(data: number): Promise<[number, Record<string, unknown>]> {
    return [data, { arr: NdArray.full([2], data) }];
  }
}

/** Runs an inner pipeline (over `kwargs.innerNames`) inside its dataProcess: Python's NestablePool case. */
export class Nesting extends NumberPipe {
  override async dataProcess(data: number, kwargs: Kwargs = {}): Promise<number> {
    const inner = new Behaving({ factor: 10 });
    const executor = kwargs.innerWorkers ? new WorkerExecutor({ module: import.meta.url, workers: 2 }) : new InProcessExecutor();
    const pout = await inner.pipeline(kwargs.innerNames as InName[], {
      executor,
      outdir: kwargs.innerOutdir as string,
      createOutdir: true,
      outnameAppend: `_inner${data}`,
    });
    return data + pout.reduce((s, [, meta]) => s + (meta.value as number), 0);
  }

  override async postProcess(data: number, kwargs: Kwargs = {}): Promise<[number | null | undefined, Record<string, unknown>]> {
    const [d, meta] = await super.postProcess(data, kwargs);
    meta.value = d;
    meta.threadId = threadId;
    return [d, meta];
  }
}

/** Doubles `.npy` arrays; reports how many of its arrays were still alive when the file ended (none, with release). */
export class NpyDouble extends NpyMultiPipe {
  override dataProcess(data: NdArray): Promise<NdArray> {
    return data.mul(2);
  }
}

// --- functions for parallelMap --------------------------------------------------

/** Twice `x`, with the thread that computed it. */
export function double(x: number): { value: number; threadId: number } {
  spin(20);
  return { value: 2 * x, threadId };
}

/** Throws for 3. */
export function failOnThree(x: number): number {
  if (x === 3) throw new RangeError('three is not allowed');
  return x;
}

/** The native pool's size as this thread sees it. */
export function poolSize(): { threadId: number; threads: number } {
  return { threadId, threads: threadCount() };
}

/** What `setThreadCount` does in this thread once the pool has started. */
export function resizePool(): string {
  threadCount();
  try {
    setThreadCount(threadCount() + 1);
    return 'no error';
  } catch (err) {
    return (err as Error).message;
  }
}

/** Returns a function (which cannot leave the thread). */
export function returnsFunction(): () => void {
  return () => undefined;
}
