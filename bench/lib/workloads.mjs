// The benchmark workloads (issue 4) and their input data, generated once into
// a data directory and reused across runs (a manifest records what was made).
//
// Every "noisy" array i is value i + standard-normal noise with element [0,0]
// set to exactly i, so the seed's reject (data[0,0] == 2) and boost
// (data[0,0] == 3) rules still apply while the median does real work.

import { mkdirSync, openSync, writeSync, closeSync, renameSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { npyHeader } from './npy.mjs';

/** Bump when the generated data changes, so stale data dirs are rebuilt. */
const DATA_VERSION = 1;

/** The seed's control stream for example 2. */
export const SEED_KWARGS = { rejectValue: 2, boostTarget: 3, boostAmount: 5 };

export const WORKLOADS = {
  'seed-const': {
    kind: 'pipeline',
    title: "seed example 2, 10 constant 1000x2000 float64 files (16 MB each)",
    count: 10, shape: [1000, 2000], noisy: false, prefix: 'big_array_',
  },
  'seed-noisy': {
    kind: 'pipeline',
    title: 'seed example 2, 10 noisy 1000x2000 float64 files (16 MB each)',
    count: 10, shape: [1000, 2000], noisy: true, prefix: 'big_array_',
  },
  'files-100': {
    kind: 'pipeline',
    title: 'seed example 2, 100 noisy 1000x2000 float64 files (1.6 GB in all)',
    count: 100, shape: [1000, 2000], noisy: true, prefix: 'big_array_',
  },
  'tiny-1000': {
    kind: 'pipeline',
    title: 'seed example 2, 1000 noisy 10x10 float64 files (per-file overhead)',
    count: 1000, shape: [10, 10], noisy: true, prefix: 'tiny_',
  },
  'ccd-reduce': {
    kind: 'ccd',
    title: 'CCD reduction (issue 17): 20 raw 4096x4096 int16 FITS frames -> overscan, trim, bias, dark, flat, saturation count, sigma-clipped stats, float32 FITS',
  },
  'big-1.6g': {
    kind: 'array',
    title: 'one noisy 10000x20000 float64 array (1.6 GB): median, mean, x*10 on 1 vs 2 threads',
    count: 1, shape: [10000, 20000], noisy: true, prefix: 'huge_', value: 1,
  },
};

export const DEFAULT_DATA_DIR = process.env.BMP_BENCH_DATA ?? join(tmpdir(), 'bigmultipipe-bench-data');

export function inputDir(dataDir, name) {
  return join(dataDir, 'in', name);
}

export function inputNames(dataDir, name) {
  const w = WORKLOADS[name];
  const dir = inputDir(dataDir, name);
  return Array.from({ length: w.count }, (_, i) => join(dir, `${w.prefix}${i}.npy`));
}

export function fileBytes(name) {
  const w = WORKLOADS[name];
  return npyHeader(w.shape).length + 8 * w.shape.reduce((a, b) => a * b, 1);
}

/**
 * The pruned result example 2 must give: [inBase, outBase, expected median or
 * null when noisy] for every file not rejected.
 */
export function expectedPout(name) {
  const w = WORKLOADS[name];
  const out = [];
  for (let i = 0; i < w.count; i++) {
    if (i === SEED_KWARGS.rejectValue) continue;
    const boost = i === SEED_KWARGS.boostTarget ? SEED_KWARGS.boostAmount : 0;
    out.push([`${w.prefix}${i}.npy`, `${w.prefix}${i}_bmp.npy`, w.noisy ? null : i * 10 + boost]);
  }
  return out;
}

// --- deterministic standard-normal generator (sfc32 + Box-Muller) -----------

function makeRng(seed) {
  let a = 0x9e3779b9 ^ seed, b = 0x243f6a88 + seed, c = 0xb7e15162, d = 1;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

/** Fills `out` with value + N(0,1) noise. */
function fillNoisy(out, value, rng) {
  const n = out.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const u1 = 1 - rng(); // (0, 1]
    const u2 = rng();
    const r = Math.sqrt(-2 * Math.log(u1));
    const th = 2 * Math.PI * u2;
    out[i] = value + r * Math.cos(th);
    out[i + 1] = value + r * Math.sin(th);
  }
  if (i < n) out[i] = value + Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Writes one .npy file (temp name then rename), in chunks of at most 8M elements. */
function writeArrayFile(path, shape, value, noisy, seed) {
  const n = shape.reduce((a, b) => a * b, 1);
  const tmp = `${path}.gen-tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, npyHeader(shape));
    const chunk = new Float64Array(Math.min(n, 8 << 20));
    const rng = makeRng(seed);
    for (let done = 0; done < n; ) {
      const m = Math.min(chunk.length, n - done);
      const view = chunk.subarray(0, m);
      if (noisy) fillNoisy(view, value, rng);
      else view.fill(value);
      if (done === 0) view[0] = value; // element [0,0] is exactly the value
      const bytes = new Uint8Array(view.buffer, view.byteOffset, m * 8);
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      done += m;
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Generates the inputs of `name` into `dataDir` unless a matching manifest exists. */
export function ensureData(dataDir, name, log = console.log) {
  const w = WORKLOADS[name];
  const dir = inputDir(dataDir, name);
  const manifestPath = join(dir, 'manifest.json');
  const spec = { version: DATA_VERSION, name, count: w.count, shape: w.shape, noisy: w.noisy, value: w.value ?? null };
  const names = inputNames(dataDir, name);
  const size = fileBytes(name);
  if (existsSync(manifestPath)) {
    try {
      const m = JSON.parse(readFileSync(manifestPath, 'utf8'));
      if (JSON.stringify(m.spec) === JSON.stringify(spec) && names.every((f) => existsSync(f) && statSync(f).size === size)) {
        return names;
      }
    } catch {
      // fall through and regenerate
    }
  }
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  log(`  generating ${name}: ${w.count} file(s) of ${(size / 1e6).toFixed(1)} MB in ${dir} ...`);
  names.forEach((f, i) => writeArrayFile(f, w.shape, w.value ?? i, w.noisy, 1000 + i));
  writeFileSync(manifestPath, JSON.stringify({ spec, generatedAt: new Date().toISOString() }, null, 1));
  log(`  generated ${name} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return names;
}
