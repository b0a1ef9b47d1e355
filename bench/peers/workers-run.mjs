// One measured run of `npm run bench:workers`, as a whole process:
//   node bench/peers/workers-run.mjs <js|seed> <in-process|workers|workers-lazy> <outdir> <input>...
// `workers` starts its threads when the executor is constructed (the
// default), `workers-lazy` on the run's first file (eagerStart: false).
// BMP_BENCH_SECOND_RUN=1: the pipeline runs a second time in the same process
// (same executor, threads already up), into <outdir>/second; its time is
// reported as `secondMs`.
// Prints `BENCH_RESULT {json}` with the pipeline's time, the process's CPU time
// (all threads: process.cpuUsage), its peak RSS (VmHWM), and for workers the
// time from constructing the executor to its threads having loaded the module.

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [workload, mode, outdir, ...inNames] = process.argv.slice(2);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const { WorkerExecutor, availableMemory } = await import('bigmultipipe');
const pipes = await import('./worker-pipelines.mjs');
const exportName = workload === 'js' ? 'JsHeavy' : 'example2';
const pipe = workload === 'js' ? new pipes.JsHeavy() : pipes.example2;
const tConstruct = performance.now();
const executor = mode === 'in-process'
  ? undefined
  : new WorkerExecutor({ module: new URL('./worker-pipelines.mjs', import.meta.url), export: exportName, workers: 2, eagerStart: mode !== 'workers-lazy' });
let readyMs = null;
// Only watches (ready() starts no thread that the run would not start): when the threads have loaded the module.
if (mode === 'workers') void executor.ready().then(() => (readyMs = performance.now() - tConstruct));
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
