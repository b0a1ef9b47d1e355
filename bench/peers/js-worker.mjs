// Peer (b), the worker side: one file of example 2 in plain JavaScript —
// hand-written .npy reader/writer, in-place arithmetic, quickselect median,
// temp-name-then-rename output. Runs inside a piscina worker thread.

import { readFileSync, openSync, writevSync, closeSync, renameSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { float64View, npyHeader } from '../lib/npy.mjs';

let tmpCounter = 0;

/** Hoare-style quickselect: places the k-th smallest of a[lo..hi] at a[k]. */
function quickselect(a, k) {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // median of three pivot
    const mid = (lo + hi) >>> 1;
    let x = a[lo], y = a[mid], z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** numpy's median: NaN if any NaN; mean of the two middle values for even n. */
function median(data) {
  const n = data.length;
  const a = data.slice(); // the data itself is written out unchanged
  for (let i = 0; i < n; i++) if (a[i] !== a[i]) return NaN;
  const k = n >>> 1;
  const hi = quickselect(a, k);
  if (n % 2 === 1) return hi;
  let lo = -Infinity; // the largest of a[0..k) is the lower middle
  for (let i = 0; i < k; i++) if (a[i] > lo) lo = a[i];
  return (lo + hi) / 2;
}

function average(data) {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i];
  return s / data.length;
}

function writeNpy(path, shape, data) {
  const tmp = join(path, '..', `.${basename(path)}.${process.pid}-${tmpCounter++}.js-tmp`);
  const fd = openSync(tmp, 'w');
  try {
    const bufs = [npyHeader(shape), new Uint8Array(data.buffer, data.byteOffset, data.byteLength)];
    let total = bufs[0].length + bufs[1].length;
    let written = writevSync(fd, bufs);
    if (written < total) throw new Error(`short write to ${tmp}`);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return path;
}

/** One file: read, reject/boost, x10, boost, median, average, write. */
export default function processFile({ inName, outdir, kwargs }) {
  const { rejectValue, boostTarget, boostAmount } = kwargs;
  const buf = readFileSync(inName);
  const { header, data } = float64View(buf, inName);
  const first = data[0];
  // pre-process: reject, boost later
  if (rejectValue != null && first === rejectValue) return [null, {}];
  const boostBy = boostTarget != null && boostAmount != null && first === boostTarget ? boostAmount : null;
  // process: data * 10 (in place: the input buffer is ours)
  for (let i = 0; i < data.length; i++) data[i] *= 10;
  // post-process: later booster, median, average
  if (boostBy != null) for (let i = 0; i < data.length; i++) data[i] += boostBy;
  const meta = { median: median(data), average: average(data) };
  const ext = extname(inName);
  const outname = join(outdir, basename(inName, ext) + '_bmp' + ext);
  writeNpy(outname, header.shape, data);
  return [outname, meta];
}
