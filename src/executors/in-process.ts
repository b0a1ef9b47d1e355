/**
 * The default executor: files as concurrent async tasks in this process.
 * @packageDocumentation
 */
import { runBounded } from './bounded.js';
import type { Executor, ExecutorRequest, ExecutorResult } from './executor.js';

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
    const { items, worker, signal, failFast, limit } = request;
    for await (const r of runBounded({ items, limit, signal, failFast, start: worker })) {
      yield r.ok ? { index: r.item.index, ok: true, entry: r.value } : { index: r.item.index, ok: false, error: r.error };
    }
  }
}
