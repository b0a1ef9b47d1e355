// The ccd-reduce job every peer gets (inputs, masters, geometry, memory
// budget) and the check of a run's outputs and metadata.

import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CCD, ccdNames, ensureCcdData, trimmedShape } from './ccd-data.mjs';
import { fitsFileBytes } from './fits-write.mjs';

/** The run's memory budget and the per-file size given to both pipelines (bigmultipipe's mem_available / process_size). */
export const CCD_BUDGET = { memAvailable: 3 * 2 ** 30, processSize: 2 ** 30 };

/** Generates the inputs if needed; returns the job object. */
export function ccdJob(dataDir, log) {
  const names = ensureCcdData(dataDir, log);
  return {
    workload: 'ccd-reduce',
    inNames: names.frames,
    masters: { bias: names.bias, dark: names.dark, flat: names.flat },
    ccd: CCD,
    ...CCD_BUDGET,
    // The I/O floor's part: read every frame, write a reduced frame's bytes.
    expected: names.frames.map((f) => [basename(f)]),
    floor: { outnameAppend: '_red', outBytes: fitsFileBytes(trimmedShape(), 4, 1) },
  };
}

const outName = (inName) => basename(inName).replace(/\.fits$/, '_red.fits');
const close = (a, b, rel) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

/**
 * A problem with a run's outputs (one float32 trimmed image per frame, no
 * temporary file) or its metadata (saturated counts equal, sigma-clipped
 * statistics within 1e-6 of the reference peer's), or null.
 */
export function checkCcdRun(res, files, outdir, reference) {
  const temps = files.filter((f) => f.startsWith('.'));
  if (temps.length) return `temporary files left behind: ${temps.slice(0, 3).join(', ')}`;
  if (files.length !== CCD.count) return `${files.length} outputs on disk, expected ${CCD.count}`;
  const minBytes = trimmedShape().reduce((a, b) => a * b, 1) * 4;
  const small = files.find((f) => statSync(join(outdir, f)).size < minBytes);
  if (small) return `${small} has ${statSync(join(outdir, small)).size} bytes, less than a float32 ${trimmedShape().join('x')} image`;
  if (res.peer === 'floor') return res.outputs === CCD.count ? null : `${res.outputs} outputs reported`;
  const pout = res.pout ?? [];
  if (pout.length !== CCD.count) return `${pout.length} pout entries, expected ${CCD.count}`;
  for (const [i, row] of pout.entries()) {
    const [inB, outB, nsat, mean, median, std] = row;
    if (outB !== outName(inB)) return `entry ${i}: ${inB} -> ${outB}`;
    if (![nsat, mean, median, std].every(Number.isFinite)) return `${inB}: metadata not finite: ${JSON.stringify(row)}`;
    const ref = reference.pout?.[i];
    if (!ref) continue;
    if (nsat !== ref[2]) return `${inB}: ${nsat} saturated pixels, ${reference.peer} counted ${ref[2]}`;
    const names = ['mean', 'median', 'std'];
    for (let k = 0; k < 3; k++) {
      if (!close(row[3 + k], ref[3 + k], 1e-6)) return `${inB}: ${names[k]} ${row[3 + k]} differs from ${reference.peer}'s ${ref[3 + k]}`;
    }
  }
  return null;
}
