/**
 * Crash safety across the queue: 200 files, 3 queue worker processes, one
 * SIGKILLed after it finished 20 files while it holds more. BullMQ's stalled
 * job recovery gives its files to the other workers: the pout is complete and
 * in input order, every output is valid and listed once, and no temporary
 * file is left after the next run.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NpyMultiPipe, QueueExecutor, readNpy } from '../../src/index.js';
import { npyInputs, PLUS_ONE, type RedisServer, scratch, startRedis, startWorker, tempFiles, type WorkerProcess } from './helpers.js';

const N = 200;
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

it('a worker SIGKILLed mid-run: its files go to the other workers; the pout is complete, in order, each output once', async () => {
  const options = { connection: redis.url, queue: 'kill', module: PLUS_ONE, allow: [dir], concurrency: 2, lockDuration: 2_000, stalledInterval: 1_000 };
  for (let i = 0; i < 3; i++) workers.push(await startWorker(options));
  const [victim] = workers as [WorkerProcess];
  const inputs = await npyInputs(path.join(dir, 'in'), N);
  const outdir = path.join(dir, 'out');
  const pipe = new NpyMultiPipe({ executor: new QueueExecutor({ connection: redis.url, queue: 'kill' }), outdir, createOutdir: true });

  // Kill the victim once it has finished 20 files and holds two more (or, later, one).
  let inFlightAtKill: string[] = [];
  const killed = victim
    .waitFor(() => {
      const done = new Set(victim.of('done').map((l) => l.inName));
      const holding = victim.of('start').filter((l) => !done.has(l.inName));
      if (done.size < 20 || holding.length < (done.size < 40 ? 2 : 1)) return false;
      inFlightAtKill = holding.map((l) => l.inName as string);
      victim.child.kill('SIGKILL');
      return true;
    }, 120_000)
    .then(() => victim.exited);

  const t0 = Date.now();
  const pout = await pipe.pipeline(inputs, { delayMs: 30 });
  const seconds = (Date.now() - t0) / 1000;
  const { signal } = await killed;
  expect(signal).toBe('SIGKILL');

  expect(pout).toHaveLength(N);
  for (const [i, [outname, meta]] of pout.entries()) {
    expect(meta).toEqual({});
    expect(outname).toBe(path.join(outdir, `in${String(i).padStart(4, '0')}_bmp.npy`));
    expect((await readNpy(outname as string)).at(9, 9)).toBe(i + 1);
  }
  expect(new Set(pout.map(([o]) => o)).size).toBe(N);

  // Each file the victim held was finished by another worker.
  expect(inFlightAtKill.length).toBeGreaterThan(0);
  const survivors = workers.slice(1);
  for (const name of inFlightAtKill) {
    expect(survivors.some((w) => w.of('done').some((l) => l.inName === name))).toBe(true);
  }
  const redone = inFlightAtKill.filter((name) => survivors.some((w) => w.of('done').some((l) => l.inName === name)));
  const doneBy = workers.map((w) => new Set(w.of('done').map((l) => l.inName)).size);
  const doneTwice = inputs.filter((n) => workers.filter((w) => w.of('done').some((l) => l.inName === n)).length > 1);
  console.log(
    `kill test: ${N} files in ${seconds.toFixed(1)} s; files done per worker ${doneBy.join(' / ')} (victim first, killed after ${doneBy[0]}); ` +
      `held by the victim at SIGKILL: ${inFlightAtKill.length}, redone elsewhere: ${redone.length}; ` +
      `files completed by two workers: ${doneTwice.length}; temp files left by the kill: ${(await tempFiles(outdir)).length}`,
  );

  // The next run (same outdir) removes what the killed writer left, and every output is still valid.
  const again = await pipe.pipeline(inputs.slice(0, 3));
  expect(again.map(([o]) => o)).toEqual(pout.slice(0, 3).map(([o]) => o));
  expect(await tempFiles(outdir)).toEqual([]);
}, 180_000);
