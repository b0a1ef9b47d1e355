#!/usr/bin/env node
// `npm run bench:queue` (issue 18): the queue executor against in-process
// executors, orchestrator in this process, queue worker processes on this
// host and a private redis-server (workers started beforehand, as a
// deployment would have them; one untimed warm-up run per mode).
//  - tiny: N tiny .npy files (10×10 float64, input + 1), in-process vs queue
//    with the same files in flight: the per-file overhead of the queue, and
//    the CPU time per file of each process (where the overhead goes);
//  - seed: the seed's example 2 on the bench's seed-noisy files (10 × 16 MB):
//    WorkerExecutor (2 threads) vs 2 queue worker processes.
// usage: npm run build && node bench/queue.mjs [-w tiny,seed] [-n 1000] [-r 3] [-c 2]
//   -n tiny files, -r timed runs per mode, -c files in flight (tiny)

import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { NdArray, QueueExecutor, WorkerExecutor, writeNpy } from 'bigmultipipe';
import { startRedis } from '../scripts/redis-server.mjs';
import { DEFAULT_DATA_DIR, ensureData } from './lib/workloads.mjs';
import PlusOne from './lib/queue-pipe.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({
  options: {
    workload: { type: 'string', short: 'w', default: 'tiny,seed' },
    n: { type: 'string', short: 'n', default: '1000' },
    runs: { type: 'string', short: 'r', default: '3' },
    inflight: { type: 'string', short: 'c', default: '2' },
    'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
  },
});
const RUNS = Number(opt.runs);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
/** CPU time (user + system) of a process so far, in ms. */
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * (1000 / 100); // clock ticks at USER_HZ 100
};

const redis = await startRedis();
const children = [];
const scratch = await mkdtemp(path.join(os.tmpdir(), 'bmp-bench-queue-'));

/** Starts `count` queue worker processes on `queue`; resolves once each takes jobs. */
async function startWorkers(count, options) {
  const started = [];
  for (let i = 0; i < count; i++) {
    const prof = process.env.BMP_QUEUE_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BMP_QUEUE_PROF}`] : [];
    const child = spawn(process.execPath, [...prof, path.join(here, 'lib', 'queue-worker.mjs'), JSON.stringify({ connection: redis.url, ...options })], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    started.push(child);
    await new Promise((resolve, reject) => {
      child.stdout.once('data', resolve);
      child.once('exit', (code) => reject(new Error(`queue worker exited (${code})`)));
    });
  }
  return started;
}

/** Times `pipe.pipeline(inputs, kwargs)`, checking every file has an output. */
async function time(pipe, inputs, kwargs = {}) {
  const t0 = performance.now();
  const pout = await pipe.pipeline(inputs, kwargs);
  const ms = performance.now() - t0;
  return { ms, pout };
}

/** Alternates the modes RUNS times after one warm-up each; returns the wall times per mode. */
async function compare(modes) {
  for (const m of modes) await m.run();
  const times = Object.fromEntries(modes.map((m) => [m.name, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const m of r % 2 === 0 ? modes : [...modes].reverse()) times[m.name].push(await m.run());
  }
  return times;
}

async function tiny() {
  const N = Number(opt.n);
  const C = Number(opt.inflight);
  const dir = path.join(scratch, 'tiny');
  mkdirSync(dir, { recursive: true });
  const inputs = [];
  for (let i = 0; i < N; i++) inputs.push(await writeNpy(path.join(dir, `in${i}.npy`), NdArray.full([10, 10], i, 'float64')));
  const workers = await startWorkers(1, { queue: 'tiny', module: path.join(here, 'lib', 'queue-pipe.mjs'), allow: [scratch], concurrency: C });
  const local = new PlusOne({ outdir: path.join(dir, 'out-local'), createOutdir: true, numProcesses: C });
  const queued = new PlusOne({ outdir: path.join(dir, 'out-queue'), createOutdir: true, executor: new QueueExecutor({ connection: redis.url, queue: 'tiny' }) });
  const run = (pipe) => async () => {
    const { ms, pout } = await time(pipe, inputs);
    if (pout.some(([o]) => o === null)) throw new Error('a file failed');
    return ms;
  };
  const times = await compare([{ name: 'in-process', run: run(local) }, { name: 'queue', run: run(queued) }]);
  // One more run each, counting CPU time per process.
  const pids = [process.pid, redis.pid, ...workers.map((w) => w.pid)];
  const before = pids.map(cpuMs);
  await run(queued)();
  const [orch, red, ...wk] = pids.map((p, i) => cpuMs(p) - before[i]);
  const localBefore = cpuMs(process.pid);
  await run(local)();
  const cpuLocal = cpuMs(process.pid) - localBefore;
  const ml = median(times['in-process']);
  const mq = median(times.queue);
  const per = (ms) => (ms / N).toFixed(2);
  console.log(`\n## tiny: ${N} × 10×10 float64 .npy, ${C} files in flight, 1 queue worker process; median of ${RUNS} (load ${loadavg()})`);
  console.log(`| mode | wall (median) | runs | ms per file |\n|---|---|---|---|`);
  for (const [name, xs] of Object.entries(times)) console.log(`| ${name} | ${median(xs).toFixed(0)} ms | ${xs.map((x) => x.toFixed(0)).join(', ')} | ${per(median(xs))} |`);
  console.log(`queue overhead: ${((mq - ml) / N).toFixed(2)} ms per file (goal ≤ 2 ms)`);
  const sumWk = wk.reduce((a, b) => a + b, 0);
  console.log(`CPU ms per file: in-process ${per(cpuLocal)}; queue: orchestrator ${per(orch)} + worker ${per(sumWk)} + redis-server ${per(red)} = ${per(orch + sumWk + red)}`);
}

async function seed() {
  const inputs = ensureData(opt['data-dir'], 'seed-noisy', () => undefined);
  const module = path.join(here, 'peers', 'worker-pipelines.mjs');
  const pipes = await import('./peers/worker-pipelines.mjs');
  await startWorkers(2, { queue: 'seed', module, export: 'example2', allow: [opt['data-dir']], concurrency: 1 });
  const kwargs = { rejectValue: 2, boostAmount: 5, numProcesses: 2 };
  const threads = new WorkerExecutor({ module, export: 'example2', workers: 2 });
  const queue = new QueueExecutor({ connection: redis.url, queue: 'seed' });
  const outdir = path.join(opt['data-dir'], 'out', 'queue');
  mkdirSync(outdir, { recursive: true });
  const medians = {};
  const run = (name, executor) => async () => {
    const { ms, pout } = await time(pipes.example2, inputs, { ...kwargs, outdir, createOutdir: true, executor });
    medians[name] = JSON.stringify(pout.map(([, m]) => m.median ?? null));
    return ms;
  };
  const times = await compare([{ name: 'WorkerExecutor, 2 threads', run: run('threads', threads) }, { name: 'queue, 2 worker processes', run: run('queue', queue) }]);
  await threads.close();
  if (medians.threads !== medians.queue) throw new Error('seed: the queue\'s metadata differs from the worker threads\'');
  const base = median(times['WorkerExecutor, 2 threads']);
  console.log(`\n## seed example 2, ${inputs.length} × 16 MB; median of ${RUNS} (load ${loadavg()})`);
  console.log(`| executor | wall (median) | runs | vs WorkerExecutor |\n|---|---|---|---|`);
  for (const [name, xs] of Object.entries(times)) {
    console.log(`| ${name} | ${(median(xs) / 1000).toFixed(2)} s | ${xs.map((x) => (x / 1000).toFixed(2)).join(', ')} | ${(median(xs) / base).toFixed(2)}× |`);
  }
}

try {
  const wanted = opt.workload.split(',');
  if (wanted.includes('tiny')) await tiny();
  if (wanted.includes('seed')) await seed();
} finally {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
  await redis.stop();
  await rm(scratch, { recursive: true, force: true });
}
