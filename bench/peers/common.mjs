// Shared plumbing for the Node peers: read the job, watch the event loop,
// report one `BENCH_RESULT {json}` line on stdout. Not part of the timed
// work itself beyond a few microseconds.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** argv: <job.json> <outdir> */
export function readJob() {
  const [jobPath, outdir] = process.argv.slice(2);
  if (!jobPath || !outdir) {
    console.error(`usage: node ${basename(process.argv[1] ?? 'peer')} <job.json> <outdir>`);
    process.exit(2);
  }
  return { ...JSON.parse(readFileSync(jobPath, 'utf8')), outdir };
}

/** Starts an event-loop delay histogram (1 ms resolution: values include that 1 ms). */
export function startLoopMonitor() {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  return () => {
    h.disable();
    const ms = (v) => Math.round((v / 1e6) * 1000) / 1000;
    return { resolutionMs: 1, samples: h.count, p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
  };
}

/** [[inName, outname|null, meta]] → [[inBase, outBase, median, average]] for entries with an output. */
export function summarize(inNames, pout) {
  const rows = [];
  pout.forEach(([outname, meta], i) => {
    if (outname == null) return;
    rows.push([basename(inNames[i]), basename(outname), meta?.median ?? null, meta?.average ?? null]);
  });
  return rows;
}

/**
 * Prints the result line, with this process's peak RSS (VmHWM: per address
 * space, so exact for this process; getrusage's maxRSS is not used because
 * Linux carries it over exec from the forking parent, here the harness).
 */
export function report(obj) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'latin1'));
  const selfHwmKb = m ? Number(m[1]) : 0;
  process.stdout.write(`BENCH_RESULT ${JSON.stringify({ cpuMs: cpuMs(), ...obj, selfHwmKb })}\n`);
}

/**
 * The library under test: 'bigmultipipe' (this build), or the package folder
 * named by BMP_LIB (the "before" copy the harness's --before option gives).
 */
export async function importLibrary() {
  const dir = process.env.BMP_LIB;
  if (!dir) return import('bigmultipipe');
  const { pathToFileURL } = await import('node:url');
  const { join } = await import('node:path');
  return import(pathToFileURL(join(dir, 'dist', 'index.js')).href);
}

/** CPU time (user + system, every thread) of this process so far, in ms. */
export function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
