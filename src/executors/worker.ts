/**
 * `WorkerExecutor`: a run's files on worker threads, so plain-JavaScript
 * hooks use every core (Python's process pool).
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { isMainThread, workerData } from 'node:worker_threads';
import type { ResourceLimits } from 'node:worker_threads';
import { describeInName, FileTimeoutError } from '../pipeline/errors.js';
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
  /**
   * Start the threads now (default `true`): each boots Node and imports
   * `module` while this thread goes on (finding inputs, reading the journal,
   * the run's set-up), so the first files need not wait for them. `false`:
   * start them when the first run needs them. Either way idle threads never
   * keep the process alive, and {@link WorkerExecutor.close} ends them.
   */
  eagerStart?: boolean;
}

/** Set in the bootstrap data of this library's worker threads, to recognise a nested run. */
const IN_WORKER = !isMainThread && (workerData as Partial<WorkerBoot> | null)?.bmpWorker === true;

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
 * the reason, and the next files go to a new thread. Threads are started when
 * the executor is constructed (unless `eagerStart: false`: on first use) and
 * kept for later runs; idle ones do not keep the process alive;
 * {@link WorkerExecutor.close} ends them (a later run starts new ones).
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
    const eager = options.eagerStart ?? true;
    if (typeof eager !== 'boolean') throw new TypeError(`WorkerExecutor eagerStart must be true or false; got ${String(eager)}`);
    // Inside a worker thread runs stay in that thread (see run()): no threads to start.
    if (eager && !IN_WORKER) this.threads().prestart();
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
    const inputs = request.inputs ?? (await pathSet(request.items.flatMap((i) => flattenInName(i.inName))));
    const { fileTimeout, observer } = request;
    const setup = { kwargs: request.kwargs, inputs: [...inputs], keepArrays: request.keepArrays ?? false, fileTimeout, observed: observer !== undefined };
    const inFlight = new Set<number>();
    const onAbort = (): void => {
      for (const id of inFlight) pool.cancel(id, request.signal?.reason);
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const start = async (item: ExecutorItem): Promise<PoutEntry> => {
      let timer: NodeJS.Timeout | undefined;
      let expire: ((error: FileTimeoutError) => void) | undefined;
      // The thread enforces the limit too; this timer also covers a thread whose event loop is stuck.
      // It starts when the thread starts the file: a thread's start-up and module loading are not the file's time.
      const expired = new Promise<never>((_, reject) => {
        expire = reject;
      });
      const onStarted = (): void => {
        observer?.fileStart(item.index);
        if (fileTimeout === undefined) return;
        timer = setTimeout(() => {
          const error = new FileTimeoutError(item.inName, fileTimeout);
          pool.cancel(taskId, error);
          pool.abandon(taskId);
          expire?.(error);
        }, fileTimeout);
      };
      const { taskId, done } = pool.submit({
        message: { type: 'file', runId, index: item.index, inName: item.inName },
        setup,
        label: describeInName(item.inName),
        claim: (outname) => request.claim(item.index, outname),
        onStarted,
        onStage: observer && ((stage) => observer.fileStage(item.index, stage)),
      });
      inFlight.add(taskId);
      try {
        return (await Promise.race([done, expired])) as PoutEntry;
      } finally {
        clearTimeout(timer);
        inFlight.delete(taskId);
        observer?.fileEnd(item.index); // its slot frees now, before the result is recorded (as in-process)
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

  /**
   * Resolves once the threads are started and have imported `module`
   * (starting them if they are not): for a program that wants to know, before
   * its first run, that the module loads in a worker thread. Rejects with the
   * error naming the module when it does not (a run would fail each file with
   * it), or when a thread dies while loading it (e.g. `process.exit()` at the
   * module's top level). Not needed before a run: runs wait for threads
   * themselves. In a worker thread (a nested run) it resolves at once.
   */
  async ready(): Promise<void> {
    if (IN_WORKER) return;
    await this.threads().ready();
  }

  /** Ends the worker threads (files still running in them fail). The executor starts new ones if used again (on first use, not eagerly). */
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
    this.pool ??= new WorkerPool({ bmpWorker: true, module: this.module, exportName: this.exportName }, this.workers, this.resourceLimits);
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
