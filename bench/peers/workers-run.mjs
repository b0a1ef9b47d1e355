// One measured run of `npm run bench:workers`, as a whole process:
//   node bench/peers/workers-run.mjs <js|seed> <in-process|workers> <outdir> <input>...
// Prints `BENCH_RESULT {json}` with the pipeline's time, the process's CPU time
// (all threads: process.cpuUsage) and its peak RSS (VmHWM).

import { readFileSync } from 'node:fs';

const [workload, mode, outdir, ...inNames] = process.argv.slice(2);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const { WorkerExecutor, availableMemory } = await import('bigmultipipe');
const pipes = await import('./worker-pipelines.mjs');
const exportName = workload === 'js' ? 'JsHeavy' : 'example2';
const pipe = workload === 'js' ? new pipes.JsHeavy() : pipes.example2;
const executor = mode === 'workers' ? new WorkerExecutor({ module: new URL('./worker-pipelines.mjs', import.meta.url), export: exportName, workers: 2 }) : undefined;
const budget = 0.8 * availableMemory();
const kwargs = workload === 'js' ? {} : { rejectValue: 2, boostAmount: 5 };
const pout = await pipe.pipeline(inNames, { ...kwargs, outdir, numProcesses: 2, ...(executor ? { executor } : {}) });
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
})}\n`);
