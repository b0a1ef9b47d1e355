/**
 * Who gets in: a Redis with an ACL user (the default user off); URLs with
 * credentials work and the password never appears in an error; a job
 * injected straight into Redis naming a file outside the worker's allowed
 * directories is refused before anything is opened, and nothing is written.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NpyMultiPipe, QueueConnectionError, QueueExecutor, readNpy } from '../../src/index.js';
import { npyInputs, PLUS_ONE, type RedisServer, scratch, startRedis, startWorker, type WorkerProcess } from './helpers.js';

const PASSWORD = 's3cret-Pw-42';
let redis: RedisServer;
let dir: string;
let allowed: string;
let outside: string;
let cleanup: () => Promise<void>;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  redis = await startRedis({ users: [`bmp on >${PASSWORD} ~* &* +@all`], auth: ['bmp', PASSWORD] });
  ({ dir, cleanup } = await scratch());
  allowed = path.join(dir, 'allowed');
  outside = path.join(dir, 'outside');
  await mkdir(allowed);
  await mkdir(outside);
  worker = await startWorker({ connection: redis.url, queue: 'sec', module: PLUS_ONE, allow: [allowed], concurrency: 2 });
});
afterAll(async () => {
  await worker?.stop();
  await redis?.stop();
  await cleanup?.();
});

it('runs over an ACL user/password URL', async () => {
  expect(redis.url).toContain(PASSWORD);
  const inputs = await npyInputs(path.join(allowed, 'in'), 3);
  const pipe = new NpyMultiPipe({ executor: new QueueExecutor({ connection: redis.url, queue: 'sec' }), outdir: path.join(allowed, 'out'), createOutdir: true });
  const pout = await pipe.pipeline(inputs);
  for (const [i, [o]] of pout.entries()) expect((await readNpy(o as string)).at(0, 0)).toBe(i + 1);
});

it('a wrong password: a clear error naming the connection, without the password', async () => {
  const wrong = `redis://bmp:Wr0ng-${PASSWORD}@127.0.0.1:${redis.port}`;
  const executor = new QueueExecutor({ connection: wrong, queue: 'sec', connectTimeout: 1_000 });
  expect(String(executor)).not.toContain(PASSWORD);
  const pipe = new NpyMultiPipe({ executor });
  const err = await pipe.pipeline([path.join(allowed, 'in', 'in0000.npy')]).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(QueueConnectionError);
  const { message, stack } = err as Error;
  expect(message).toContain(`redis://bmp:***@127.0.0.1:${redis.port}`);
  expect(message).toMatch(/WRONGPASS|credentials/);
  expect(`${message}\n${stack}`).not.toContain(PASSWORD);
});

it('refuses a job injected into Redis that names files outside the allowed directories; nothing is opened or written', async () => {
  const secret = path.join(outside, 'secret.npy');
  await writeFile(secret, 'not for this worker');
  // A FIFO outside: opening it to read would block for ever, so a refusal that arrives proves it was not opened.
  const fifo = path.join(outside, 'fifo.npy');
  execFileSync('mkfifo', [fifo]);
  const link = path.join(allowed, 'link.npy'); // inside by name, outside by target
  await symlink(secret, link);
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const events = new QueueEvents('sec', { connection: new Redis(redis.url, { maxRetriesPerRequest: null }) });
  const queue = new Queue('sec', { connection });
  try {
    await events.waitUntilReady();
    const runId = 'injected-run';
    // As an intruder with Redis access would: a setup sending outputs outside, then the jobs.
    const setup = { v: 1, kwargs: { outdir: outside, outnameAppend: '_x', createOutdir: true }, inputs: [], fileTimeout: null };
    await connection.set(`bull:sec:bmp:run:${runId}:setup`, JSON.stringify(setup), 'PX', 60_000);
    const names = [secret, fifo, link, '../outside/secret.npy'];
    for (const [index, inName] of names.entries()) {
      const job = await queue.add('bigmultipipe-file', { v: 1, runId, index, inName }, { jobId: `${runId}-${index}` });
      const result = (await job.waitUntilFinished(events, 20_000)) as { ok: boolean; error: { name: string; message: string } };
      expect(result.ok).toBe(false);
      expect(result.error.name).toBe('PathNotAllowedError');
      expect(result.error.message).toContain(inName);
      expect(result.error.message).toContain('--allow');
    }
    // An input inside, but an output directory outside: refused at the write.
    const inside = (await npyInputs(path.join(allowed, 'inj'), 1))[0] as string;
    const job = await queue.add('bigmultipipe-file', { v: 1, runId, index: 9, inName: inside }, { jobId: `${runId}-9` });
    const result = (await job.waitUntilFinished(events, 20_000)) as { ok: boolean; error: { name: string; message: string } };
    expect(result.ok).toBe(false);
    expect(result.error.name).toBe('PathNotAllowedError');
    expect(result.error.message).toContain(`${outside}: refused to write`);
    expect((await readdir(outside)).sort()).toEqual(['fifo.npy', 'secret.npy']);
  } finally {
    await events.close();
    await queue.close();
    connection.disconnect();
  }
});
