/**
 * `parallelMap`: a function over items with a limit on how many run at once,
 * in this thread or on worker threads (what IoIO uses Python's
 * `WorkerWithKwargs` + `NestablePool` for, outside file pipelines).
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { runBounded } from './bounded.js';
import type { Executor } from './executor.js';
import { InProcessExecutor } from './in-process.js';
import { WorkerExecutor } from './worker.js';

/** Options of {@link parallelMap}. */
export interface ParallelMapOptions {
  /** Most calls in flight at once (default: the number of cores). */
  limit?: number;
  /**
   * Where the calls run: in this thread (default, or an `InProcessExecutor`)
   * or on a {@link WorkerExecutor}'s threads, which then call the function
   * its module exports under the name given as `fn`.
   */
  executor?: Executor;
  /** When it fires, no new call starts; `parallelMap` rejects once calls in flight settle. */
  signal?: AbortSignal;
}

/**
 * Applies `fn` to every item, at most `limit` calls at a time, and resolves
 * with the results in item order. The first failure stops new calls from
 * starting and, once the calls in flight settle, rejects with that error
 * (as Python's `Pool.map` raises). Nesting is free: `fn` may itself run a
 * pipeline or another `parallelMap`.
 *
 * - In this thread, `fn` is a function `(item, index) => result` (sync or async).
 * - With a {@link WorkerExecutor}, `fn` is the **name** of a function its
 *   module exports (functions cannot cross threads; the module's code is
 *   loaded in each worker). Items and results cross by structured clone:
 *   plain values only.
 */
export async function parallelMap<T, R>(
  items: readonly T[],
  fn: ((item: T, index: number) => R | Promise<R>) | string,
  options: ParallelMapOptions = {},
): Promise<Awaited<R>[]> {
  if (!Array.isArray(items)) throw new TypeError(`parallelMap: items must be an array; got ${typeof items}`);
  const limit = options.limit ?? availableParallelism();
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`parallelMap: limit must be a positive integer; got ${String(limit)}`);
  const { executor, signal } = options;
  const results = new Array<Awaited<R>>(items.length);
  let first: { index: number; error: unknown } | undefined;
  let settled = 0;
  const record = (index: number, ok: boolean, value: unknown): void => {
    settled += 1;
    if (ok) results[index] = value as Awaited<R>;
    else if (!first || index < first.index) first = { index, error: value };
  };

  if (executor instanceof WorkerExecutor) {
    if (typeof fn !== 'string') {
      throw new TypeError(
        'parallelMap: with a WorkerExecutor, pass the name of a function exported by its module ' +
          `(${executor.module}), not the function itself: functions cannot cross to worker threads`,
      );
    }
    for await (const r of executor.map(items, fn, { limit, signal, failFast: true })) record(r.index, r.ok, r.ok ? r.value : r.error);
  } else {
    if (executor !== undefined && !(executor instanceof InProcessExecutor)) {
      throw new TypeError('parallelMap: executor must be an InProcessExecutor or a WorkerExecutor');
    }
    if (typeof fn !== 'function') throw new TypeError(`parallelMap: fn must be a function in this thread (a name is for a WorkerExecutor's module); got ${typeof fn}`);
    const indexed = items.map((item, index) => ({ item, index }));
    const start = async ({ item, index }: { item: T; index: number }): Promise<Awaited<R>> => await fn(item, index);
    for await (const r of runBounded({ items: indexed, limit, signal, failFast: true, start })) record(r.item.index, r.ok, r.ok ? r.value : r.error);
  }
  if (first) throw first.error;
  if (settled < items.length) {
    throw Object.assign(new Error(`parallelMap aborted: ${settled} of ${items.length} call(s) finished`, { cause: signal?.reason }), { name: 'AbortError' });
  }
  return results;
}
