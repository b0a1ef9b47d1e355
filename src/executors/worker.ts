/**
 * `WorkerExecutor`: a run's files on worker threads, so plain-JavaScript
 * hooks use every core (Python's process pool).
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { isMainThread, workerData } from 'node:worker_threads';
import type { ResourceLimits } from 'node:worker_threads';
import { flattenInName, pathSet } from '../pipeline/guard.js';
import type { PoutEntry } from '../pipeline/types.js';
import { runBounded } from './bounded.js';
import type { Executor, ExecutorItem, ExecutorRequest, ExecutorResult } from './executor.js';
import { InProcessExecutor } from './in-process.js';
import { moduleUrl } from './module-loading.js';
import type { WorkerBoot } from './worker-protocol.js';
import { findUncloneable } from './worker-protocol.js';
import { WorkerPool } from './worker-pool.js';

/** Options of {@link WorkerExecutor}. */
export interface WorkerExecutorOptions {
  /**
   * The module each worker thread loads the pipeline from: a file path
   * (relative paths resolve against the current directory now) or a `file:`
   * URL, e.g. `import.meta.url` or `new URL('./pipeline.js', import.meta.url)`.
   */
  module: string | URL;
  /**
   * The export naming the pipeline (default `'default'`): a `BigMultiPipe`
   * instance, a `BigMultiPipe` subclass (constructed with no arguments), or a
   * function returning either (sync or async).
   */
  export?: string;
  /** Most worker threads alive at once (default: the number of cores). Files in flight are bounded by the run's `limit` as always. */
  workers?: number;
  /**
   * V8 limits of each worker thread (Node's `resourceLimits`, e.g.
   * `{ maxOldGenerationSizeMb: 512 }`): a thread that overruns them dies, its
   * files fail naming the limit, and a new thread takes the next files.
   * Native array memory is not counted here (it is bounded by `processSize`).
   */
  resourceLimits?: ResourceLimits;
}

/** Set in the bootstrap data of this library's worker threads, to recognise a nested run. */
const IN_WORKER = !isMainThread && typeof (workerData as Partial<WorkerBoot> | null)?.exportName === 'string';

/**
 * Runs a pipeline's files on worker threads, so hooks written in plain
 * JavaScript run on every core (Python's multiprocessing pool), while every
 * decision of the run stays in the calling thread: memory admission (`limit`),
 * output claims and the output guard, the journal, progress, `onError` and
 * `failFast`, abort and `fileTimeout`. Each thread loads the user's pipeline
 * from `module` once and runs `fileProcess` there, with the same per-file
 * array release as in-process. Only names, the control stream and metadata
 * cross threads (structured clone); the data starts and ends on disk.
 *
 * A thread that dies (an uncaught exception outside a hook, `process.exit()`
 * in a hook, a `resourceLimits` overrun) fails only the files it held, naming
 * the reason, and the next files go to a new thread. Threads are started on
 * first use and kept for later runs; idle ones do not keep the process alive;
 * {@link WorkerExecutor.close} ends them.
 *
 * All threads share the process's one native pool: array operations from any
 * thread are scheduled together, with no oversubscription.
 *
 * Inside a worker thread (a pipeline run from a hook), a `WorkerExecutor`
 * runs its files in that thread, as the in-process executor would: the outer
 * run already occupies the cores.
 */
export class WorkerExecutor implements Executor {
  /** The `file:` URL of the module the threads load. */
  readonly module: string;
  /** The export naming the pipeline. */
  readonly exportName: string;
  /** Most worker threads alive at once. */
  readonly workers: number;
  private readonly resourceLimits: ResourceLimits | undefined;
  private pool: WorkerPool | undefined;
  private nextRun = 1;

  /** @param options - see {@link WorkerExecutorOptions}. */
  constructor(options: WorkerExecutorOptions) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError('WorkerExecutor options must be an object, e.g. { module: import.meta.url }');
    }
    this.module = moduleUrl(options.module);
    const name = options.export ?? 'default';
    if (typeof name !== 'string' || name === '') throw new TypeError(`WorkerExecutor export must be an export's name; got ${String(name)}`);
    this.exportName = name;
    const workers = options.workers ?? availableParallelism();
    if (!Number.isSafeInteger(workers) || workers < 1) {
      throw new RangeError(`WorkerExecutor workers must be a positive integer (the most threads at once); got ${String(workers)}`);
    }
    this.workers = workers;
    this.resourceLimits = options.resourceLimits;
  }

  /** See {@link Executor.run}. */
  async *run(request: ExecutorRequest): AsyncIterable<ExecutorResult> {
    if (IN_WORKER) {
      yield* new InProcessExecutor().run(request);
      return;
    }
    assertCloneableKwargs(request.kwargs);
    const pool = this.threads();
    const runId = this.nextRun++;
    const inputs = [...(await pathSet(request.items.flatMap((i) => flattenInName(i.inName))))];
    const setup = { kwargs: request.kwargs, inputs, keepArrays: false };
    const inFlight = new Set<number>();
    const onAbort = (): void => {
      for (const id of inFlight) pool.cancel(id, request.signal?.reason);
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const start = async (item: ExecutorItem): Promise<PoutEntry> => {
      const { taskId, done } = pool.submit({
        message: { type: 'file', runId, index: item.index, inName: item.inName },
        setup,
        label: typeof item.inName === 'string' ? item.inName : JSON.stringify(item.inName),
      });
      inFlight.add(taskId);
      try {
        return (await done) as PoutEntry;
      } finally {
        inFlight.delete(taskId);
      }
    };
    try {
      for await (const r of runBounded({ items: request.items, limit: request.limit, signal: request.signal, failFast: request.failFast, start })) {
        yield r.ok ? { index: r.item.index, ok: true, entry: r.value } : { index: r.item.index, ok: false, error: r.error };
      }
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
      pool.endRun(runId);
    }
  }

  /**
   * Calls the function `exportName` of the module on each item in worker
   * threads, at most `limit` at a time; yields outcomes in completion order.
   * Used by {@link parallelMap}.
   */
  async *map(
    items: readonly unknown[],
    exportName: string,
    options: { limit: number; signal?: AbortSignal | undefined; failFast?: boolean | undefined },
  ): AsyncIterable<{ index: number; ok: true; value: unknown } | { index: number; ok: false; error: unknown }> {
    items.forEach((item, i) => {
      const bad = findUncloneable(item, `items[${i}]`);
      if (bad) throw new TypeError(`parallelMap: ${bad[0]} holds ${bad[1]}, which cannot be sent to a worker thread; pass plain values (names, numbers, plain objects)`);
    });
    const pool = this.threads();
    const indexed = items.map((item, index) => ({ item, index }));
    const start = ({ item, index }: { item: unknown; index: number }): Promise<unknown> =>
      pool.submit({ message: { type: 'call', exportName, index, item }, label: `parallelMap item ${index}` }).done;
    for await (const r of runBounded({ items: indexed, limit: options.limit, signal: options.signal, failFast: options.failFast, start })) {
      yield r.ok ? { index: r.item.index, ok: true, value: r.value } : { index: r.item.index, ok: false, error: r.error };
    }
  }

  /** Ends the worker threads (files still running in them fail). The executor starts new ones if used again. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }

  /** Same as {@link WorkerExecutor.close}, for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private threads(): WorkerPool {
    this.pool ??= new WorkerPool({ module: this.module, exportName: this.exportName }, this.workers, this.resourceLimits);
    return this.pool;
  }
}

/**
 * Throws, before any file starts, when a control-stream value cannot be sent
 * to a worker thread; the message names the key and the fix.
 */
export function assertCloneableKwargs(kwargs: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(kwargs)) {
    const bad = findUncloneable(value, key);
    if (!bad) continue;
    throw new TypeError(
      `control-stream keyword ${bad[0]} holds ${bad[1]}, which cannot be sent to a worker thread. ` +
        'Define it in the module the workers load instead (e.g. in the pipeline\'s preProcessList or postProcessList, ' +
        'or a subclass method), or run in-process (without the WorkerExecutor).',
    );
  }
}
