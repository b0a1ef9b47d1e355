/**
 * QueueExecutor with real queue worker processes on a real redis-server:
 * files complete in input order with their own outputs; a worker whose
 * module does not load fails every file with that reason; abort removes the
 * run's waiting jobs; control-stream values that cannot cross are refused
 * before any job exists.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, NpyMultiPipe, PipelineError, QueueExecutor, readNpy } from '../../src/index.js';
import type { NdArray } from '../../src/index.js';
import { BROKEN, npyInputs, PLUS_ONE, type RedisServer, scratch, startRedis, startWorker, type WorkerProcess } from './helpers.js';

let redis: RedisServer;
let dir: string;
let cleanup: () => Promise<void>;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
  ({ dir, cleanup } = await scratch());
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
  await cleanup?.();
});

const workerOptions = (queue: string, module = PLUS_ONE) => ({
  connection: redis.url, queue, module, allow: [dir], concurrency: 2, lockDuration: 2_000, stalledInterval: 1_000,
});

describe('QueueExecutor', () => {
  it('runs every file on the workers and returns the pout in input order, each output its own', async () => {
    for (let i = 0; i < 3; i++) workers.push(await startWorker(workerOptions('order')));
    const inputs = await npyInputs(path.join(dir, 'order-in'), 40);
    const outdir = path.join(dir, 'order-out');
    const progress: string[] = [];
    const pipe = new NpyMultiPipe({ executor: new QueueExecutor({ connection: redis.url, queue: 'order' }), outdir, createOutdir: true });
    const journal = path.join(dir, 'order.journal');
    const pout = await pipe.pipeline(inputs, { journal, onProgress: (e) => progress.push(String(e.inName)) });
    expect(pout).toHaveLength(inputs.length);
    expect(new Set(pout.map(([o]) => o)).size).toBe(inputs.length);
    for (const [i, [outname, meta]] of pout.entries()) {
      expect(outname).toBe(path.join(outdir, `in${String(i).padStart(4, '0')}_bmp.npy`));
      expect(meta).toEqual({});
      const a = await readNpy(outname as string);
      expect(a.at(3, 4)).toBe(i + 1);
    }
    expect(progress.sort()).toEqual([...inputs].sort());
    expect((await readFile(journal, 'utf8')).trim().split('\n')).toHaveLength(inputs.length);
    // The files were shared among the workers.
    const busy = workers.filter((w) => w.of('done').length > 0);
    expect(busy.length).toBeGreaterThan(1);
  });

  it('fails every file with the reason when the workers\' module does not load (no hang)', async () => {
    workers.push(await startWorker(workerOptions('broken', BROKEN)));
    const inputs = await npyInputs(path.join(dir, 'broken-in'), 5);
    const pipe = new NpyMultiPipe({ executor: new QueueExecutor({ connection: redis.url, queue: 'broken' }), outdir: path.join(dir, 'broken-out') });
    const err = await pipe.pipeline(inputs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineError);
    const { pout, failures } = err as PipelineError;
    expect(failures).toHaveLength(inputs.length);
    for (const [i, [outname, meta]] of pout.entries()) {
      expect(outname).toBeNull();
      const e = meta.error as { message: string };
      expect(e.message).toContain(inputs[i]);
      expect(e.message).toContain('could not load its pipeline');
      expect(e.message).toContain('broken on purpose: this module does not load');
    }
  });

  it('on abort, removes the run\'s waiting jobs and settles once the files in flight finish', async () => {
    const w = await startWorker({ ...workerOptions('abort'), concurrency: 1 });
    workers.push(w);
    const inputs = await npyInputs(path.join(dir, 'abort-in'), 30);
    const outdir = path.join(dir, 'abort-out');
    const controller = new AbortController();
    const pipe = new NpyMultiPipe({ executor: new QueueExecutor({ connection: redis.url, queue: 'abort' }), outdir, createOutdir: true });
    let done = 0;
    const err = await pipe
      .pipeline(inputs, {
        delayMs: 100,
        onProgress: () => {
          done += 1;
          if (done === 3) controller.abort();
        },
        signal: controller.signal,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    const finished = (err as AbortError).pout.filter((e) => e !== undefined);
    expect(finished.length).toBeGreaterThanOrEqual(3);
    expect(finished.length).toBeLessThan(6);
    const client = new Redis(redis.url);
    try {
      expect(await client.llen('bull:abort:wait')).toBe(0);
      expect(await client.llen('bull:abort:active')).toBe(0);
    } finally {
      client.disconnect();
    }
    // Nothing more is started after the abort.
    const started = w.of('start').length;
    await new Promise((r) => setTimeout(r, 500));
    expect(w.of('start').length).toBe(started);
    expect(started).toBe(finished.length);
  });

  it('refuses a control-stream function before any job is queued, naming the key and the fix', async () => {
    const inputs = await npyInputs(path.join(dir, 'fn-in'), 2);
    const pipe = new NpyMultiPipe({ executor: new QueueExecutor({ connection: redis.url, queue: 'fn' }) });
    await expect(pipe.pipeline(inputs, { preProcessList: [(d: NdArray) => d] })).rejects.toThrow(
      /preProcessList\[0\] is a function.*define it in the module the workers load/,
    );
    const client = new Redis(redis.url);
    try {
      expect(await client.exists('bull:fn:id')).toBe(0);
    } finally {
      client.disconnect();
    }
  });
});
