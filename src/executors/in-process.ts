/**
 * The default executor: files as concurrent async tasks in this process.
 * @packageDocumentation
 */
import type { Executor, ExecutorItem, ExecutorRequest, ExecutorResult } from './executor.js';

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
