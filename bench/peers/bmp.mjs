// Peer (a): this library, through its public API, written as a user would
// write the seed's example 2 (pre_process_list / post_process_list, with
// file_read / file_write / data_process overridden as in DemoMultiPipe2).
//
// usage: node bench/peers/bmp.mjs <job.json> <outdir>

import { importLibrary, readJob, report, startLoopMonitor, summarize } from './common.mjs';

const job = readJob();
const tImport = performance.now();
const { BigMultiPipe, prunePout, readNpy, writeNpy } = await importLibrary();
const importMs = performance.now() - tImport;

// --- example 2, as in the seed -------------------------------------------

/** Example pre-processing function to reject data. */
function reject(data, { rejectValue }) {
  if (rejectValue == null) return data;
  if (data.at(0, 0) === rejectValue) return null; // null rejects the file
  return data;
}

/** Example pre-processing function that shows how to alter kwargs. */
function boostLater(data, { boostTarget, boostAmount }) {
  if (boostTarget == null || boostAmount == null) return data;
  if (data.at(0, 0) === boostTarget) {
    return { bmpData: data, bmpKwargs: { needToBoostBy: boostAmount } };
  }
  return data;
}

/** Example post-processing function: interprets the keyword set by boostLater. */
async function laterBooster(data, { needToBoostBy }) {
  if (needToBoostBy != null) data = await data.add(needToBoostBy);
  return data;
}

/** Example metadata generator. */
async function median(data, { bmpMeta }) {
  const m = await data.median();
  if (bmpMeta) bmpMeta.median = m;
  return data;
}

/** Example metadata generator. */
async function average(data, { bmpMeta }) {
  const av = await data.average();
  if (bmpMeta) Object.assign(bmpMeta, { average: av });
  return data;
}

// Files in flight, observed (for the RSS target): counted around fileProcess.
let inFlight = 0;
let maxInFlight = 0;

class DemoMultiPipe2 extends BigMultiPipe {
  fileRead(inName) {
    return readNpy(inName);
  }
  fileWrite(data, outname) {
    return writeNpy(outname, data);
  }
  dataProcess(data) {
    return data.mul(10);
  }
  async fileProcess(inName, kwargs) {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    try {
      return await super.fileProcess(inName, kwargs);
    } finally {
      inFlight--;
    }
  }
}

// The event loop is watched during the pipeline run (not the module import).
const stopLoop = startLoopMonitor();
const t0 = performance.now();
const dmp = new DemoMultiPipe2({
  preProcessList: [reject, boostLater],
  postProcessList: [laterBooster, median, average],
  boostTarget: job.kwargs.boostTarget,
  outdir: job.outdir,
});
const pout = await dmp.pipeline(job.inNames, {
  rejectValue: job.kwargs.rejectValue,
  boostAmount: job.kwargs.boostAmount,
});
const [prunedPout, prunedInNames] = prunePout(pout, job.inNames);
const pipelineMs = performance.now() - t0;

report({
  peer: 'bmp',
  importMs,
  pipelineMs,
  maxInFlight,
  eventLoop: stopLoop(),
  pout: summarize(prunedInNames, prunedPout),
});
