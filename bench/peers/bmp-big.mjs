// The one-big-array workload through this library: read the 1.6 GB array,
// then time median, mean and x*10 (each one call; the Rayon pool splits it).
// The thread count comes from BIGMULTIPIPE_THREADS, set by the harness.
//
// usage: BIGMULTIPIPE_THREADS=n node bench/peers/bmp-big.mjs <job.json> <outdir>

import { readJob, report, startLoopMonitor } from './common.mjs';

const job = readJob();
const { readNpy, threadCount } = await import('bigmultipipe');
const stopLoop = startLoopMonitor();
const kernelMs = {};
const values = {};
let t = performance.now();
const a = await readNpy(job.inNames[0]);
kernelMs.read = performance.now() - t;
for (const name of ['median', 'mean']) {
  t = performance.now();
  values[name] = await a[name]();
  kernelMs[name] = performance.now() - t;
}
t = performance.now();
let b = await a.mul(10);
kernelMs.mul = performance.now() - t;
values['mul[0,0]'] = b.at(0, 0);
b = null;

report({
  peer: 'bmp-big',
  threads: threadCount(),
  kernelMs,
  values,
  pipelineMs: Object.values(kernelMs).reduce((x, y) => x + y, 0),
  eventLoop: stopLoop(),
});
