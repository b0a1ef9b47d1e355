/**
 * The in-process guarantees under the queue executor, with real queue worker
 * processes: one output path per item (claims relayed to the orchestrator),
 * fileTimeout (the file fails, its late write is refused), outputs named
 * after the run started confined to the allowed directories, and hooks on
 * worker threads when the workers' pipeline asks for them.
 */
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NdArray, NpyMultiPipe, QueueExecutor, readNpy, writeNpy } from '../../src/index.js';
import { npyInputs, PLUS_ONE, type RedisServer, scratch, startRedis, startWorker, type WorkerProcess } from './helpers.js';

let redis: RedisServer;
let dir: string;
let cleanup: () => Promise<void>;
const workers: WorkerProcess[] = [];
const errorOf = (meta: Record<string, unknown>): { name: string; message: string } => meta.error as { name: string; message: string };

beforeAll(async () => {
  redis = await startRedis();
  ({ dir, cleanup } = await scratch());
  await mkdir(path.join(dir, 'in'));
  for (let i = 0; i < 2; i++) workers.push(await startWorker({ connection: redis.url, queue: 'scope', module: PLUS_ONE, allow: [path.join(dir, 'in')], concurrency: 2 }));
  workers.push(await startWorker({ connection: redis.url, queue: 'threads', module: PLUS_ONE, export: 'threaded', allow: [dir], concurrency: 2 }));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
  await cleanup?.();
});

const queued = (queue = 'scope') => new QueueExecutor({ connection: redis.url, queue });

it('two items mapped to one output across workers: one wins, the other fails with an OutputCollisionError naming both', async () => {
  await mkdir(path.join(dir, 'in', 'a'), { recursive: true });
  await mkdir(path.join(dir, 'in', 'b'), { recursive: true });
  const a = await writeNpy(path.join(dir, 'in', 'a', 'x0.npy'), NdArray.full([3], 1));
  const b = await writeNpy(path.join(dir, 'in', 'b', 'x0.npy'), NdArray.full([3], 2));
  const outdir = path.join(dir, 'in', 'collide');
  const pout = await new NpyMultiPipe({ executor: queued(), outdir, createOutdir: true }).pipeline([a, b], { onError: 'collect' });
  const target = path.join(outdir, 'x0_bmp.npy');
  const winners = pout.filter(([o]) => o === target);
  expect(winners).toHaveLength(1);
  const loser = pout.find(([o]) => o === null) as [null, Record<string, unknown>];
  expect(errorOf(loser[1]).name).toBe('OutputCollisionError');
  for (const part of [a, b, target]) expect(errorOf(loser[1]).message).toContain(part);
  const won = pout[0]?.[0] === target ? 1 : 2; // the winner's input value; the output is it + 1
  expect(Array.from((await readNpy(target)).data as Float64Array)).toEqual([won + 1, won + 1, won + 1]);
});

it('fileTimeout: the slow file fails with a FileTimeoutError naming it and the limit; its late write is refused', async () => {
  const inputs = await npyInputs(path.join(dir, 'in', 'timeout'), 4);
  const outdir = path.join(dir, 'in', 'timeout-out');
  const pout = await new NpyMultiPipe({ executor: queued(), outdir, createOutdir: true }).pipeline(inputs, {
    onError: 'collect', fileTimeout: 700, slowOn: 'in0002', slowMs: 2_000,
  });
  expect(pout.map(([o]) => o === null)).toEqual([false, false, true, false]);
  const e = errorOf(pout[2]?.[1] as Record<string, unknown>);
  expect(e.name).toBe('FileTimeoutError');
  expect(e.message).toContain(inputs[2]);
  expect(e.message).toContain('700');
  await new Promise((r) => setTimeout(r, 2_500)); // the hook finishes and tries to write
  expect((await readdir(outdir)).sort()).toEqual(['in0000_bmp.npy', 'in0001_bmp.npy', 'in0003_bmp.npy']);
});

it('an output named by metadata outside the allowed directories is refused before it is written', async () => {
  const inputs = await npyInputs(path.join(dir, 'in', 'meta'), 2);
  const elsewhere = path.join(dir, 'elsewhere');
  const pout = await new NpyMultiPipe({ executor: queued(), outdir: path.join(dir, 'in', 'meta-out'), createOutdir: true }).pipeline(inputs, {
    onError: 'collect', metaOutdir: elsewhere,
  });
  for (const [o, meta] of pout) {
    expect(o).toBeNull();
    expect(errorOf(meta).name).toBe('PathNotAllowedError');
    expect(errorOf(meta).message).toContain(elsewhere);
  }
  await expect(readdir(elsewhere)).rejects.toThrow(/ENOENT/);
});

it('a workers\' pipeline that asks for worker threads runs its hooks on them', async () => {
  const inputs = await npyInputs(path.join(dir, 'threads-in'), 6);
  const pout = await new NpyMultiPipe({ executor: queued('threads'), outdir: path.join(dir, 'threads-out'), createOutdir: true }).pipeline(inputs, { recordThread: true });
  for (const [i, [o, meta]] of pout.entries()) {
    expect((await readNpy(o as string)).at(0, 0)).toBe(i + 1);
    expect(meta.threadId).toBeGreaterThan(0);
  }
});

it('attempts: a file that fails for its own reasons fails once by default, and is tried again with attempts: 2', async () => {
  const [input] = await npyInputs(path.join(dir, 'in', 'attempts'), 1);
  const outdir = path.join(dir, 'in', 'attempts-out');
  const once = new NpyMultiPipe({ executor: queued(), outdir, createOutdir: true });
  const [[o1, m1]] = (await once.pipeline([input as string], { onError: 'collect', failOnce: path.join(dir, 'marker-1') })) as [[string | null, Record<string, unknown>]];
  expect(o1).toBeNull();
  expect(errorOf(m1).message).toContain('failing the first try on purpose');
  const twice = new NpyMultiPipe({ executor: new QueueExecutor({ connection: redis.url, queue: 'scope', attempts: 2 }), outdir, createOutdir: true });
  const pout = await twice.pipeline([input as string], { failOnce: path.join(dir, 'marker-2') });
  expect((await readNpy(pout[0]?.[0] as string)).at(0, 0)).toBe(1);
});

it('a worker admits as many files as its own pipeline\'s memory budget allows (numCanProcess with processSize)', async () => {
  const w = await startWorker({ connection: redis.url, queue: 'budget', module: PLUS_ONE, export: 'budgeted', allow: [dir] });
  workers.push(w);
  expect(w.of('ready')[0]).toMatchObject({ concurrency: 1 });
  const inputs = await npyInputs(path.join(dir, 'budget-in'), 4);
  const pout = await new NpyMultiPipe({ executor: queued('budget'), outdir: path.join(dir, 'budget-out'), createOutdir: true }).pipeline(inputs, { delayMs: 50 });
  expect(pout.every(([o]) => o !== null)).toBe(true);
  // One at a time: each file starts after the previous one finished.
  const events = w.lines.filter((l) => l.type === 'start' || l.type === 'done').map((l) => l.type);
  expect(events).toEqual(['start', 'done', 'start', 'done', 'start', 'done', 'start', 'done']);
});
