/**
 * parallelMap in this thread and on worker threads, and the native pool as
 * worker threads see it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { InProcessExecutor, parallelMap, threadCount, WorkerExecutor } from '../../src/index.js';
import { double, failOnThree } from './pipelines.js';

const ex = new WorkerExecutor({ module: new URL('./pipelines.ts', import.meta.url), workers: 2 });
afterAll(() => ex.close());
const items = [1, 2, 3, 4, 5, 6, 7, 8];

describe('parallelMap', () => {
  it('in this thread: results in item order, at most `limit` calls at once', async () => {
    let now = 0;
    let peak = 0;
    const out = await parallelMap(
      items,
      async (x, i) => {
        peak = Math.max(peak, ++now);
        await new Promise((r) => setTimeout(r, 10 * (8 - i)));
        now -= 1;
        return x * 2;
      },
      { limit: 3, executor: new InProcessExecutor() },
    );
    expect(out).toEqual(items.map((x) => 2 * x));
    expect(peak).toBe(3);
  });

  it('on worker threads: the module\'s export by name, the same results as in this thread, on both threads', async () => {
    const out = await parallelMap(items, 'double', { limit: 2, executor: ex });
    expect(out.map((r) => (r as { value: number }).value)).toEqual(items.map((x) => double(x).value));
    expect(new Set(out.map((r) => (r as { threadId: number }).threadId)).size).toBe(2);
  });

  it('rejects with the first failing item\'s error, in either place', async () => {
    await expect(parallelMap(items, failOnThree, { limit: 2 })).rejects.toThrow(/three is not allowed/);
    const err = await parallelMap(items, 'failOnThree', { limit: 2, executor: ex }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('RangeError');
    expect((err as Error).message).toBe('three is not allowed');
  });

  it('says what to do when given a function for worker threads, an item or result that cannot cross', async () => {
    await expect(parallelMap(items, double, { executor: ex })).rejects.toThrow(/pass the name of a function exported by its module/);
    await expect(parallelMap([{ f: () => 1 }], 'double', { executor: ex })).rejects.toThrow(/items\[0\]\.f holds a function/);
    await expect(parallelMap([1], 'returnsFunction', { executor: ex })).rejects.toThrow(/the result holds a function.*cannot leave the worker thread/);
    await expect(parallelMap([1], 'nothing', { executor: ex })).rejects.toThrow(/has no export named 'nothing'/);
  });

  it('stops starting calls when its signal fires', async () => {
    const ac = new AbortController();
    const err = await parallelMap(items, async (x) => {
      ac.abort();
      return x;
    }, { limit: 1, signal: ac.signal }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect((err as Error).message).toMatch(/1 of 8 call\(s\) finished/);
  });
});

describe('the native pool seen from worker threads', () => {
  it('is one pool for the process: threadCount() is the same in every thread', async () => {
    const seen = (await parallelMap([1, 2, 3, 4], 'poolSize', { limit: 4, executor: ex })) as { threadId: number; threads: number }[];
    expect(seen.map((s) => s.threads)).toEqual([1, 2, 3, 4].map(() => threadCount()));
    expect(seen.every((s) => s.threadId !== 0)).toBe(true);
  });

  it('setThreadCount in a worker after the pool started throws, as on the main thread', async () => {
    threadCount();
    const [message] = (await parallelMap([0], 'resizePool', { executor: ex })) as string[];
    expect(message).toBe(`setThreadCount(${threadCount() + 1}): the native pool already runs ${threadCount()} threads; call it before the first array operation, or set BIGMULTIPIPE_THREADS`);
  });
});
