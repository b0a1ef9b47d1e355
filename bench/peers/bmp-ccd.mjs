// Peers `bmp` and `bmp-workers` of the ccd-reduce workload (issue 17): the
// pipeline of ccd-pipeline.mjs run in-process (the default executor) or on
// WorkerExecutor threads (BMP_CCD_EXECUTOR=workers), with the job's memory
// budget (memAvailable) and per-file size (processSize).
//
// usage: node bench/peers/bmp-ccd.mjs <job.json> <outdir>

import { importLibrary, readJob, report, startLoopMonitor } from './common.mjs';
import { basename } from 'node:path';

const job = readJob();
const workers = process.env.BMP_CCD_EXECUTOR === 'workers';
const tImport = performance.now();
// Files run where the masters are: in this thread in-process, only in the worker threads otherwise.
if (!workers) process.env.BMP_CCD_MASTERS = JSON.stringify(job.masters);
const { WorkerExecutor, prunePout } = await importLibrary();
const { ccdReduce, hasSigmaClippedStats } = await import('./ccd-pipeline.mjs');
process.env.BMP_CCD_MASTERS = JSON.stringify(job.masters);
const importMs = performance.now() - tImport;

const stopLoop = startLoopMonitor();
const t0 = performance.now();
const executor = workers ? new WorkerExecutor({ module: new URL('./ccd-pipeline.mjs', import.meta.url), export: 'ccdReduce' }) : undefined;
const pout = await ccdReduce.pipeline(job.inNames, {
  outdir: job.outdir,
  memAvailable: job.memAvailable,
  processSize: job.processSize,
  ccd: job.ccd,
  ...(executor ? { executor } : {}),
});
await executor?.close();
const [pruned, prunedIn] = prunePout(pout, job.inNames);
const pipelineMs = performance.now() - t0;

report({
  peer: workers ? 'bmp-workers' : 'bmp',
  importMs,
  pipelineMs,
  eventLoop: stopLoop(),
  sigmaClippedStats: hasSigmaClippedStats ? 'library' : 'fallback (toolkit ops)',
  pout: pruned.map(([o, m], i) => [basename(prunedIn[i]), basename(o), m.nsat, m.mean, m.median, m.std]),
});
