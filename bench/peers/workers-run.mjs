// One measured run of `npm run bench:workers`, as a whole process:
//   node bench/peers/workers-run.mjs <js|seed> <in-process|workers|workers-lazy> <outdir> <input>...
// `workers` starts its threads when the executor is constructed (the
// default), `workers-lazy` on the run's first file (eagerStart: false).
// BMP_BENCH_SECOND_RUN=1: the pipeline runs a second time in the same process
// (same executor, threads already up), into <outdir>/second; its time is
// reported as `secondMs`.
// `workers-1` is `workers` with one thread instead of two.
// Prints `BENCH_RESULT {json}` with the pipeline's time, the process's CPU time
// (all threads: process.cpuUsage), its peak RSS (VmHWM), and for workers the
// time from constructing the executor to its threads having loaded the module.
//
// The start-up floor (`--only floor`):
//   node bench/peers/workers-run.mjs floor <none|bare|ours> <threads>
// imports bigmultipipe, then starts <threads> threads and ends them once
// ready: `bare` Node's own worker (a CommonJS script that only posts a
// message: Node's bootstrap of a thread), `ours` a WorkerExecutor's (until its
// threads have loaded example 2's module: executor.ready()), `none` no thread.
// Prints the process's whole CPU time (from its start) and the time to ready.

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [workload, mode, outdir, ...inNames] = process.argv.slice(2);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const { WorkerExecutor, availableMemory } = await import('bigmultipipe');
if (workload === 'floor') await floor(mode, Number(outdir));
const pipes = await import('./worker-pipelines.mjs');
const exportName = workload === 'js' ? 'JsHeavy' : 'example2';
const pipe = workload === 'js' ? new pipes.JsHeavy() : pipes.example2;
const tConstruct = performance.now();
const executor = mode === 'in-process'
  ? undefined
  : new WorkerExecutor({ module: new URL('./worker-pipelines.mjs', import.meta.url), export: exportName, workers: mode === 'workers-1' ? 1 : 2, eagerStart: mode !== 'workers-lazy' });
let readyMs = null;
// Only watches (ready() starts no thread that the run would not start): when the threads have loaded the module.
if (mode === 'workers' || mode === 'workers-1') void executor.ready().then(() => (readyMs = performance.now() - tConstruct));
const budget = 0.8 * availableMemory();
const kwargs = workload === 'js' ? {} : { rejectValue: 2, boostAmount: 5 };
const run = (dir) => pipe.pipeline(inNames, { ...kwargs, outdir: dir, numProcesses: 2, ...(executor ? { executor } : {}) });
const pout = await run(outdir);
let secondMs = null;
if (process.env.BMP_BENCH_SECOND_RUN === '1') {
  const second = join(outdir, 'second');
  mkdirSync(second, { recursive: true });
  const t = performance.now();
  await run(second);
  secondMs = performance.now() - t;
}
await executor?.close();
const cpu = process.cpuUsage(cpu0);
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'latin1'));
const medians = pout.map(([, m]) => m.median ?? null);
process.stdout.write(`BENCH_RESULT ${JSON.stringify({
  ms: performance.now() - t0,
  cpuMs: (cpu.user + cpu.system) / 1000,
  selfHwmKb: hwm ? Number(hwm[1]) : 0,
  budgetBytes: budget,
  outputs: pout.filter(([o]) => o !== null).length,
  medians,
  readyMs,
  secondMs,
})}\n`);

/** See `floor` above; exits the process when done. */
async function floor(kind, threads) {
  const t = performance.now();
  let readyMs = null;
  if (kind === 'ours') {
    const ex = new WorkerExecutor({ module: new URL('./worker-pipelines.mjs', import.meta.url), export: 'example2', workers: threads });
    await ex.ready();
    readyMs = performance.now() - t;
    await ex.close();
  } else if (kind === 'bare') {
    const { Worker } = await import('node:worker_threads');
    const started = Array.from({ length: threads }, () => new Worker("require('node:worker_threads').parentPort.postMessage(0)", { eval: true }));
    await Promise.all(started.map((w) => new Promise((resolve) => w.once('message', resolve))));
    readyMs = performance.now() - t;
    await Promise.all(started.map((w) => w.terminate()));
  } else if (kind !== 'none') throw new Error(`floor: none, bare or ours; got ${kind}`);
  const cpu = process.cpuUsage();
  process.stdout.write(`BENCH_RESULT ${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, readyMs })}\n`);
  process.exit(0);
}
