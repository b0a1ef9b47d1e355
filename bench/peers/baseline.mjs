// Node's own baseline, measured the same way as the peers: a process that
// imports the library (loading the native addon), starts its thread pool with
// one tiny array operation, idles briefly so the RSS poller sees it, and exits.
//
// usage: node bench/peers/baseline.mjs [--no-lib]

import { report } from './common.mjs';

const t0 = performance.now();
let lib = false;
if (!process.argv.includes('--no-lib')) {
  try {
    const { NdArray } = await import('bigmultipipe');
    await NdArray.full([2, 2], 1).median();
    lib = true;
  } catch (e) {
    console.error(`baseline: library not usable (${e.message}); measuring bare Node`);
  }
}
const tIdle = performance.now();
await new Promise((r) => setTimeout(r, 300));
const idleMs = performance.now() - tIdle; // the harness subtracts this from the wall time
report({ peer: 'baseline', lib, pipelineMs: tIdle - t0, idleMs });
