/**
 * Redis going away mid-run: the run fails with a clear error naming the
 * connection (after `connectTimeout`), and the files that finished before
 * are in the journal, so a later run does only the rest.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NpyMultiPipe, QueueConnectionError, QueueExecutor } from '../../src/index.js';
import { readJournal } from '../../src/pipeline/journal.js';
import { npyInputs, PLUS_ONE, type RedisServer, scratch, startRedis, startWorker, type WorkerProcess } from './helpers.js';

let redis: RedisServer;
let dir: string;
let cleanup: () => Promise<void>;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  redis = await startRedis();
  ({ dir, cleanup } = await scratch());
});
afterAll(async () => {
  worker?.child.kill('SIGKILL');
  await worker?.exited;
  await redis?.stop();
  await cleanup?.();
});

it('fails with an error naming the connection when Redis stops mid-run; finished files are in the journal', async () => {
  worker = await startWorker({ connection: redis.url, queue: 'down', module: PLUS_ONE, allow: [dir], concurrency: 1 });
  const inputs = await npyInputs(path.join(dir, 'in'), 20);
  const journal = path.join(dir, 'run.journal');
  const pipe = new NpyMultiPipe({
    executor: new QueueExecutor({ connection: redis.url, queue: 'down', connectTimeout: 1_500 }),
    outdir: path.join(dir, 'out'),
    createOutdir: true,
  });
  let done = 0;
  const t0 = Date.now();
  const err = await pipe
    .pipeline(inputs, {
      journal,
      delayMs: 150,
      onProgress: () => {
        done += 1;
        if (done === 3) void redis.kill();
      },
    })
    .catch((e: unknown) => e);
  const seconds = (Date.now() - t0) / 1000;
  expect(err).toBeInstanceOf(QueueConnectionError);
  const message = (err as Error).message;
  expect(message).toContain(`redis://127.0.0.1:${redis.port}`);
  expect(message).toContain('queue "down"');
  expect(message).toMatch(/lost the connection to Redis/);
  expect(message).toMatch(/run again with the same journal/);
  const records = await readJournal(journal);
  expect(records.size).toBeGreaterThanOrEqual(3);
  for (const r of records.values()) expect(r.failed).toBe(false);
  expect(seconds).toBeLessThan(30); // settles, does not hang
});
