#!/usr/bin/env node
// Per-file overhead of the queue executor (issue 18): the same pipeline over
// N tiny .npy files (10×10 float64, input + 1), in-process and through
// QueueExecutor with queue worker processes on this host and a private
// redis-server, same number of files in flight. Reports the median wall time
// of R runs each and the difference per file.
//
// usage: npm run build && node bench/queue.mjs [-n 1000] [-r 3] [-c 2] [-w 1]
//   -n files, -r timed runs per mode, -c files in flight (in-process numProcesses,
//   queue worker concurrency), -w queue worker processes (each with -c / w files in flight)

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { NdArray, QueueExecutor, writeNpy } from 'bigmultipipe';
import { startRedis } from '../scripts/redis-server.mjs';
import PlusOne from './lib/queue-pipe.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opt } = parseArgs({
  options: {
    n: { type: 'string', short: 'n', default: '1000' },
    runs: { type: 'string', short: 'r', default: '3' },
    inflight: { type: 'string', short: 'c', default: '2' },
    workers: { type: 'string', short: 'w', default: '1' },
  },
});
const N = Number(opt.n);
const RUNS = Number(opt.runs);
const C = Number(opt.inflight);
const W = Number(opt.workers);

const dir = await mkdtemp(path.join(os.tmpdir(), 'bmp-bench-queue-'));
const redis = await startRedis();
const children = [];
try {
  const inputs = [];
  for (let i = 0; i < N; i++) {
    const p = path.join(dir, `in${i}.npy`);
    await writeNpy(p, NdArray.full([10, 10], i, 'float64'));
    inputs.push(p);
  }
  const workerOpts = {
    connection: redis.url, queue: 'bench', module: path.join(here, 'lib', 'queue-pipe.mjs'), allow: [dir],
    concurrency: Math.max(1, Math.round(C / W)),
  };
  for (let i = 0; i < W; i++) {
    const child = spawn(process.execPath, [...(process.env.BMP_QUEUE_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BMP_QUEUE_PROF}`] : []), path.join(here, 'lib', 'queue-worker.mjs'), JSON.stringify(workerOpts)], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    await new Promise((resolve, reject) => {
      child.stdout.once('data', resolve);
      child.once('exit', (code) => reject(new Error(`queue worker exited (${code})`)));
    });
  }

  const inProcess = new PlusOne({ outdir: path.join(dir, 'out-local'), createOutdir: true, numProcesses: C });
  const queued = new PlusOne({ outdir: path.join(dir, 'out-queue'), createOutdir: true, executor: new QueueExecutor({ connection: redis.url, queue: 'bench' }) });
  const time = async (pipe) => {
    const t0 = performance.now();
    const pout = await pipe.pipeline(inputs);
    const ms = performance.now() - t0;
    if (pout.length !== N || pout.some(([o]) => o === null)) throw new Error('a file failed');
    return ms;
  };
  await time(inProcess); // warm-up: page cache, JIT, worker connections
  await time(queued);
  const local = [];
  const queue = [];
  for (let r = 0; r < RUNS; r++) {
    local.push(await time(inProcess));
    queue.push(await time(queued));
  }
  // CPU time per file of each process during one more queue run: where the overhead goes.
  const ticks = (pid) => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // utime + stime, in ms at USER_HZ 100
  };
  const pids = { orchestrator: process.pid, redis: redis.pid, workers: children.map((c) => c.pid) };
  const before = { o: ticks(pids.orchestrator), r: ticks(pids.redis), w: pids.workers.map(ticks) };
  await time(queued);
  const cpu = {
    orchestrator: ticks(pids.orchestrator) - before.o,
    redis: ticks(pids.redis) - before.r,
    workers: pids.workers.map(ticks).reduce((a, b) => a + b, 0) - before.w.reduce((a, b) => a + b, 0),
  };
  const beforeLocal = ticks(process.pid);
  await time(inProcess);
  const cpuLocal = ticks(process.pid) - beforeLocal;
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ml = median(local);
  const mq = median(queue);
  console.log(`files: ${N} × 10×10 float64 .npy; ${C} in flight; queue: ${W} worker process(es) on this host; ${RUNS} runs each (median)`);
  console.log(`in-process : ${ml.toFixed(0)} ms  (${(ml / N).toFixed(3)} ms/file)   runs ${local.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`queue      : ${mq.toFixed(0)} ms  (${(mq / N).toFixed(3)} ms/file)   runs ${queue.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`queue overhead: ${((mq - ml) / N).toFixed(3)} ms per file (goal ≤ 2 ms)`);
  const per = (ms) => `${(ms / N).toFixed(2)}`;
  console.log(
    `CPU ms per file, one more run each: in-process ${per(cpuLocal)}; queue: orchestrator ${per(cpu.orchestrator)} + workers ${per(cpu.workers)} + redis-server ${per(cpu.redis)} = ${per(cpu.orchestrator + cpu.workers + cpu.redis)}`,
  );
} finally {
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))));
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
}
