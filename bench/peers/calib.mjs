// CPU calibration for the 1-vs-2-thread figures: the same pure-compute loop
// on one worker thread, then on two at once. On an idle 2-core machine the
// two finish in the time of one (speed-up 2.0); other work on the machine
// shows up as less. No memory traffic, no native code.
//
// usage: node bench/peers/calib.mjs <job.json> <outdir>   (arguments ignored)

import { Worker, isMainThread, parentPort } from 'node:worker_threads';

function spin() {
  let x = 0;
  for (let i = 0; i < 1e8; i++) x = (x * 31 + i) | 0;
  return x;
}

if (!isMainThread) {
  parentPort.postMessage(spin());
} else {
  const { report } = await import('./common.mjs');
  const run = (n) => {
    const t0 = performance.now();
    return Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => {
      const w = new Worker(new URL(import.meta.url));
      w.once('message', resolve);
      w.once('error', reject);
    }))).then(() => performance.now() - t0);
  };
  const one = await run(1);
  const two = await run(2);
  report({ peer: 'cpu-calib', kernelMs: { one, two }, values: {}, pipelineMs: one + two, speedup: (2 * one) / two });
}
