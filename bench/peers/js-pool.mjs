// Peer (b): the same job in pure JavaScript on a worker pool (piscina), one
// task per file, as many threads as cores — no native code.
//
// usage: node bench/peers/js-pool.mjs <job.json> <outdir>

import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { readJob, report, startLoopMonitor, summarize } from './common.mjs';

const job = readJob();
const stopLoop = startLoopMonitor();
const t0 = performance.now();
const threads = availableParallelism();
const pool = new Piscina({
  filename: new URL('./js-worker.mjs', import.meta.url).href,
  minThreads: threads,
  maxThreads: threads,
});
const pout = await Promise.all(
  job.inNames.map((inName) => pool.run({ inName, outdir: job.outdir, kwargs: job.kwargs })),
);
await pool.destroy();
const pipelineMs = performance.now() - t0;

report({
  peer: 'js-pool',
  pipelineMs,
  maxInFlight: threads,
  eventLoop: stopLoop(),
  pout: summarize(job.inNames, pout),
});
