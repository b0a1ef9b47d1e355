/**
 * Bounded admission, shared by every executor: start items while fewer than
 * `limit` are in flight, stop starting on abort or (with `failFast`) after a
 * failure, and yield each outcome as it settles.
 * @packageDocumentation
 */

/** The outcome of one started item. */
export type Settled<I, R> = { item: I; ok: true; value: R } | { item: I; ok: false; error: unknown };

/** What {@link runBounded} needs. */
export interface BoundedOptions<I, R> {
  items: readonly I[];
  /** Most items in flight at once (at least 1). */
  limit: number;
  /** When it fires, no new item starts; items in flight still settle and are yielded. */
  signal?: AbortSignal | undefined;
  /** After the first failure, start no new item. */
  failFast?: boolean | undefined;
  /** Starts one item. */
  start: (item: I) => Promise<R>;
}

/** Runs `start` over `items`, at most `limit` at a time, yielding outcomes in completion order. */
export async function* runBounded<I, R>(o: BoundedOptions<I, R>): AsyncGenerator<Settled<I, R>> {
  const { items, signal, failFast, start } = o;
  const limit = Math.max(1, Math.floor(o.limit));
  const done: Settled<I, R>[] = [];
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
      const item = items[next++] as I;
      inFlight += 1;
      void Promise.resolve()
        .then(() => start(item))
        .then(
          (value) => done.push({ item, ok: true, value }),
          (error: unknown) => {
            done.push({ item, ok: false, error });
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
      while (done.length > 0) yield done.shift() as Settled<I, R>;
      if (inFlight === 0 && (stopped || next >= items.length)) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
