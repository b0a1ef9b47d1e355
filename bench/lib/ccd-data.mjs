// The ccd-reduce workload's inputs (issue 17): raw int16 CCD frames with an
// overscan strip, and the master bias, dark and flat a reduction uses,
// generated once into the bench data directory (never committed).
//
// Synthetic but realistic: each raw frame is a bias level that drifts along
// the rows (what the overscan removes) plus a fixed bias pattern, dark
// current with hot pixels, a vignetted flat field times sky and stars, read
// and shot noise, and saturated stars clipped at the int16 maximum.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitsFileBytes, writeFitsImage } from './fits-write.mjs';

/** Bump when the generated data changes. */
const DATA_VERSION = 1;

/**
 * Geometry and levels; the job file carries them to every peer. Columns are
 * 0-based, half-open: numpy's `raw[:, 0:4032]` is FITS section `[1:4032, :]`.
 */
export const CCD = {
  count: 20,
  shape: [4096, 4096], // rows, columns of a raw frame
  dataCols: [0, 4032], // the light-sensitive columns (kept by the trim)
  overscanCols: [4040, 4096], // the overscan strip (median along each row)
  saturation: 32767, // int16 maximum: a saturated pixel reads this
  exptime: 300, // seconds, science frames
  darkExptime: 600, // seconds, the master dark (scaled by 0.5 per frame)
  sigma: 3,
  maxiters: 5,
};

export const trimmedShape = () => [CCD.shape[0], CCD.dataCols[1] - CCD.dataCols[0]];

export function ccdNames(dataDir) {
  const dir = join(dataDir, 'in', 'ccd-reduce');
  return {
    dir,
    frames: Array.from({ length: CCD.count }, (_, i) => join(dir, `raw_${String(i).padStart(3, '0')}.fits`)),
    bias: join(dir, 'master_bias.fits'),
    dark: join(dir, 'master_dark.fits'),
    flat: join(dir, 'master_flat.fits'),
  };
}

/** Bytes of one output (float32, trimmed, the raw header's cards plus a few: two header blocks at most). */
export const ccdOutputBytes = () => [fitsFileBytes(trimmedShape(), 4, 1), fitsFileBytes(trimmedShape(), 4, 2)];

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** A table of standard normals, indexed with a per-frame stride (noise without a draw per pixel). */
function normalTable(n, next) {
  const t = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - next()));
    const th = 2 * Math.PI * next();
    t[i] = r * Math.cos(th);
    t[i + 1] = r * Math.sin(th);
  }
  return t;
}

/** The masters (trimmed shape, float32) and the fixed scene every frame sees. */
function makeMasters() {
  const [rows, cols] = trimmedShape();
  const next = rng(17);
  const bias = new Float32Array(rows * cols);
  const darkRate = new Float32Array(rows * cols); // ADU per second
  const flat = new Float32Array(rows * cols);
  const rmax = Math.hypot(rows / 2, cols / 2);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      bias[i] = 3 + 1.5 * Math.sin(c / 37) + 0.8 * Math.cos(r / 91);
      darkRate[i] = next() < 2e-4 ? 0.5 + 4 * next() : 0.004 * (0.8 + 0.4 * next()); // hot pixels
      const rr = Math.hypot(r - rows / 2, c - cols / 2) / rmax;
      flat[i] = (1 - 0.35 * rr * rr) * (0.99 + 0.02 * next());
    }
  }
  let sum = 0;
  for (const v of flat) sum += v;
  const mean = sum / flat.length;
  for (let i = 0; i < flat.length; i++) flat[i] /= mean;
  const dark = darkRate.map((v) => v * CCD.darkExptime);
  return { bias, darkRate, dark, flat };
}

/** Sky plus Gaussian stars (some bright enough to saturate), before the flat. */
function makeScene() {
  const [rows, cols] = trimmedShape();
  const next = rng(99);
  const sky = new Float32Array(rows * cols).fill(800);
  for (let s = 0; s < 1500; s++) {
    const r0 = next() * rows;
    const c0 = next() * cols;
    const peak = next() < 0.06 ? 60000 + 200000 * next() : 200 + 8000 * next() ** 3;
    const sig = 1.6 + next();
    const half = Math.ceil(sig * 5);
    for (let r = Math.max(0, Math.floor(r0) - half); r < Math.min(rows, Math.floor(r0) + half); r++) {
      for (let c = Math.max(0, Math.floor(c0) - half); c < Math.min(cols, Math.floor(c0) + half); c++) {
        sky[r * cols + c] += peak * Math.exp(-((r - r0) ** 2 + (c - c0) ** 2) / (2 * sig * sig));
      }
    }
  }
  return sky;
}

function makeFrame(k, m, scene, noise) {
  const [rows, cols] = CCD.shape;
  const tcols = trimmedShape()[1];
  const out = new Int16Array(rows * cols);
  const mask = noise.length - 1;
  let idx = (k * 7919 * 1031) & mask;
  const level = 1000 + 7 * k;
  for (let r = 0; r < rows; r++) {
    const rowBias = level + 6 * Math.sin(r / 500 + k); // the drift the overscan removes
    for (let c = 0; c < cols; c++) {
      let v = rowBias + 5 * noise[idx]; // read noise
      idx = (idx + 7) & mask;
      if (c >= CCD.dataCols[0] && c < CCD.dataCols[1]) {
        const i = r * tcols + (c - CCD.dataCols[0]);
        const light = scene[i] * m.flat[i] + m.darkRate[i] * CCD.exptime;
        v += m.bias[i] + light + Math.sqrt(light) * noise[idx];
        idx = (idx + 13) & mask;
      }
      out[r * cols + c] = v >= CCD.saturation ? CCD.saturation : Math.round(v);
    }
  }
  return out;
}

/** Generates the ccd-reduce inputs into `dataDir` unless a matching manifest exists; returns the names. */
export function ensureCcdData(dataDir, log = console.log) {
  const names = ccdNames(dataDir);
  const manifest = join(names.dir, 'manifest.json');
  const spec = { version: DATA_VERSION, ...CCD };
  const rawBytes = fitsFileBytes(CCD.shape, 2);
  const all = [...names.frames, names.bias, names.dark, names.flat];
  if (existsSync(manifest)) {
    try {
      const m = JSON.parse(readFileSync(manifest, 'utf8'));
      if (JSON.stringify(m.spec) === JSON.stringify(spec) && all.every((f) => existsSync(f)) && names.frames.every((f) => statSync(f).size === rawBytes)) {
        return names;
      }
    } catch {
      // regenerate
    }
  }
  mkdirSync(names.dir, { recursive: true });
  const t0 = performance.now();
  log(`  generating ccd-reduce: ${CCD.count} raw ${CCD.shape.join('x')} int16 frames and 3 masters in ${names.dir} ...`);
  const m = makeMasters();
  const tshape = trimmedShape();
  writeFitsImage(names.bias, m.bias, tshape, [['IMAGETYP', 'BIAS'], ['BUNIT', 'adu']]);
  writeFitsImage(names.dark, m.dark, tshape, [['IMAGETYP', 'DARK'], ['EXPTIME', CCD.darkExptime], ['BUNIT', 'adu']]);
  writeFitsImage(names.flat, m.flat, tshape, [['IMAGETYP', 'FLAT'], ['BUNIT', 'adu']]);
  const scene = makeScene();
  const noise = normalTable(1 << 22, rng(5));
  names.frames.forEach((f, k) => {
    const cards = [['IMAGETYP', 'LIGHT'], ['EXPTIME', CCD.exptime, 'seconds'], ['BUNIT', 'adu'], ['OBJECT', 'synthetic field'], ['FRAMENO', k]];
    writeFitsImage(f, makeFrame(k, m, scene, noise), CCD.shape, cards);
  });
  writeFileSync(manifest, JSON.stringify({ spec, generatedAt: new Date().toISOString() }, null, 1));
  log(`  generated ccd-reduce in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return names;
}
