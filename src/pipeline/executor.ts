/**
 * How the files of a run are executed in parallel (Python's `PoolClass`).
 * @packageDocumentation
 */
import type { InName, Kwargs, PoutEntry } from './types.js';

/** One unit of work: an input item and its position in the run. */
export interface ExecutorItem {
  /** Position of the item in `pipeline()`'s `inNames`. */
  index: number;
  /** The input item: a file name or a (nested) array of names. */
  inName: InName;
}

/** The outcome of one item: its pout entry, or what it threw. */
export type ExecutorResult =
  | { index: number; ok: true; entry: PoutEntry }
  | { index: number; ok: false; error: unknown };

/**
 * What `BigMultiPipe.pipeline()` hands an executor. Everything an executor in
 * another process or on another machine needs is small and serialisable:
 * `items` (file names) and `kwargs` (the run's control stream) go out, and
 * `[outname, meta]` comes back — data never crosses the boundary; it starts
 * and ends on disk.
 */
export interface ExecutorRequest {
  /** The items to run, in order. */
  readonly items: readonly ExecutorItem[];
  /**
   * The control stream every file of this run starts from (instance kwargs,
   * `pipeline()` kwargs and the output settings). May hold functions (e.g. a
   * `preProcessList` given to `pipeline()`); an out-of-process executor must
   * either reject such kwargs or rebuild them on its side.
   */
  readonly kwargs: Kwargs;
  /**
   * Runs one item in this process: `pipe.fileProcess(item.inName, kwargs)`
   * with the run's checks around it. An in-process executor calls it; an
   * out-of-process executor ignores it and has its workers construct their own
   * pipeline object (from a module it was configured with) and call
   * `fileProcess(inName, kwargs)` there.
   */
  readonly worker: (item: ExecutorItem) => Promise<PoutEntry>;
  /**
   * Maximum items in flight at once, computed by `numCanProcess` from
   * `numProcesses`, `processSize` and the memory budget. An executor must never
   * exceed it.
   */
  readonly limit: number;
  /** When it fires, start no new item; items in flight finish and are reported. */
  readonly signal?: AbortSignal | undefined;
  /** After the first failed item, start no new item. */
  readonly failFast?: boolean | undefined;
}

/**
 * Runs the items of a pipeline run with bounded concurrency and reports each
 * outcome as it finishes (in completion order; `index` says which item). Items
 * never started (abort, `failFast`) are simply not reported.
 *
 * The default is {@link InProcessExecutor}. The interface is shaped so that a
 * child-process executor (a pool of Node processes, each constructing the
 * user's pipeline class from a module path) or a queue-backed executor (e.g.
 * BullMQ on Redis, where `items` and `kwargs` become jobs and the results
 * come back as `[outname, meta]`) can be added without changing
 * `BigMultiPipe`: only file names and small metadata cross the boundary.
 */
export interface Executor {
  /** Runs `request.items`, yielding one {@link ExecutorResult} per started item. */
  run(request: ExecutorRequest): AsyncIterable<ExecutorResult>;
}

/**
 * The default executor: runs items in this process as concurrent async tasks,
 * admitting them one at a time while fewer than `limit` are in flight. CPU
 * parallelism comes from the native thread pool the array operations run on,
 * so the event loop stays free and the only thing bounded here is how many
 * files (hence how much memory) are in flight.
 */
export class InProcessExecutor implements Executor {
  /** See {@link Executor.run}. */
  async *run(request: ExecutorRequest): AsyncIterable<ExecutorResult> {
    const { items, worker, signal, failFast } = request;
    const limit = Math.max(1, Math.floor(request.limit));
    const done: ExecutorResult[] = [];
    let next = 0;
    let inFlight = 0;
    let stopped = false;
    let wake: (() => void) | undefined;
    const notify = (): void => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const onAbort = (): void => {
      stopped = true;
      notify();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    const admit = (): void => {
      while (!stopped && inFlight < limit && next < items.length) {
        if (signal?.aborted) {
          stopped = true;
          break;
        }
        const item = items[next++] as ExecutorItem;
        inFlight += 1;
        void Promise.resolve()
          .then(() => worker(item))
          .then(
            (entry) => done.push({ index: item.index, ok: true, entry }),
            (error: unknown) => {
              done.push({ index: item.index, ok: false, error });
              if (failFast) stopped = true;
            },
          )
          .finally(() => {
            inFlight -= 1;
            admit();
            notify();
          });
      }
    };

    try {
      admit();
      for (;;) {
        while (done.length > 0) yield done.shift() as ExecutorResult;
        if (inFlight === 0 && (stopped || next >= items.length)) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
