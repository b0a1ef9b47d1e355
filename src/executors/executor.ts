/**
 * How the files of a run are executed in parallel (Python's `PoolClass`).
 * @packageDocumentation
 */
import type { RunObserver } from '../pipeline/run-record.js';
import type { InName, Kwargs, PoutEntry } from '../pipeline/types.js';

/** One unit of work: an input item and its position in the run. */
export interface ExecutorItem {
  /** Position of the item in `pipeline()`'s `inNames`. */
  index: number;
  /** The input item: a file name or a (nested) array of names. */
  inName: InName;
}

/** Watches items start, change stage and stop (the run report's timeline): the run observer's per-file part. */
export type FileObserver = Pick<RunObserver, 'fileStart' | 'fileStage' | 'fileEnd'>;

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
  /**
   * Claims `outname` for item `index` in the run's table of outputs, which the
   * orchestrator owns so that a claim holds whatever executor runs the item;
   * rejects with an `OutputCollisionError` when another item holds it. The
   * in-process `worker` claims by itself; an executor running items elsewhere
   * relays its workers' `FileContext.claim(outname)` here.
   */
  readonly claim: (index: number, outname: string) => Promise<void>;
  /**
   * Milliseconds one item may take (the run option `fileTimeout`); undefined:
   * no limit. The in-process `worker` enforces it. An executor running items
   * elsewhere must do the same there — fail the item with a
   * `FileTimeoutError`, fire its `fileSignal`, refuse its later writes
   * (`runFile` in pipeline/file-context.ts does all three) — and free its slot.
   */
  readonly fileTimeout?: number | undefined;
  /**
   * Resolved and real paths of the run's inputs and of enclosing runs' (the
   * output guard's set). The in-process `worker` has them; an executor
   * running items elsewhere hands them to its workers' run context.
   */
  readonly inputs?: ReadonlySet<string> | undefined;
  /**
   * Present when the run is watched (the run option `report`). The in-process
   * `worker` tells it itself; an executor running items elsewhere relays
   * each item's start, stages and end to it, so the report is the same.
   */
  readonly observer?: FileObserver | undefined;
  /** The run option `keepArrays`: when false, each worker releases a file's arrays as it finishes, as the in-process `worker` does. */
  readonly keepArrays?: boolean | undefined;
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
