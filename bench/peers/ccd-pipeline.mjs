// The ccd-reduce pipeline (issue 17) written with this library's public API
// as a user would: readFits, a saturation count (ge + countNonzero) in a
// pre-process function, the overscan's median along rows subtracted
// (broadcasting), the trim (slice), master bias and scaled dark subtracted,
// the normalised flat divided (in place, out=), sigma-clipped statistics
// into the metadata, a float32 FITS written. In a module of its own so that
// WorkerExecutor threads can load it (export `ccdReduce`); the module reads
// the masters named by BMP_CCD_MASTERS (JSON) when it loads, once per thread
// (the driver sets it only where files run).

import { importLibrary } from './common.mjs';

const lib = await importLibrary();
const { BigMultiPipe, NdArray, readFits, writeFits } = lib;

/** Whether this build has sigmaClippedStats (the stats helper's work); without it, the fallback below. */
export const hasSigmaClippedStats = typeof NdArray.prototype.sigmaClippedStats === 'function';

/**
 * astropy's sigma_clipped_stats(data, sigma, maxiters) (cenfunc median,
 * stdfunc std) from the toolkit's ops, for builds without sigmaClippedStats:
 * keep the values within median ± sigma·std, until none is dropped.
 */
async function sigmaClippedStatsFallback(data, { sigma, maxiters }) {
  const flat = await data.ravel(); // may share the image's memory: never disposed here
  let x = flat;
  const drop = (a) => a !== flat && a !== data && a.dispose();
  for (let it = 0; it < maxiters; it++) {
    const [med, std] = await Promise.all([x.median(), x.std()]);
    const [lo, hi] = await Promise.all([x.ge(med - sigma * std), x.le(med + sigma * std)]);
    const keep = await lo.logicalAnd(hi);
    const kept = await x.mask(keep);
    const changed = kept.size !== x.size;
    for (const a of [lo, hi, keep, x]) drop(a); // as each iteration's temporaries go out of scope in Python
    x = kept;
    if (!changed) break;
  }
  const [mean, median, std] = await Promise.all([x.mean(), x.median(), x.std()]);
  drop(x);
  return { mean, median, std };
}

/** { mean, median, std } from the library's sigmaClippedStats, whichever shape it returns. */
async function librarySigmaClippedStats(data, opts) {
  const s = await data.sigmaClippedStats(opts);
  return Array.isArray(s) ? { mean: s[0], median: s[1], std: s[2] } : s;
}

async function loadMasters({ bias, dark, flat }) {
  const [b, d, f] = await Promise.all([readFits(bias), readFits(dark), readFits(flat)]);
  // flat_correct divides by the flat normalised to its mean.
  const flatNorm = await f.data.div(await f.data.mean());
  return { bias: b.data, dark: d.data, darkExptime: d.header.get('EXPTIME'), flatNorm };
}

const masterPaths = process.env.BMP_CCD_MASTERS;
/** { bias, dark, darkExptime, flatNorm }, read once when this module loads. */
const masters = masterPaths ? await loadMasters(JSON.parse(masterPaths)) : undefined;

/** Pre-process: the number of saturated pixels of the raw frame, into the control stream. */
async function countSaturated(frame, { ccd }) {
  const saturated = await frame.data.ge(ccd.saturation);
  const nSaturated = await saturated.countNonzero();
  return { bmpData: frame, bmpKwargs: { nSaturated } };
}

function saturationMeta(image, { bmpMeta, nSaturated }) {
  bmpMeta.nsat = nSaturated;
  return image;
}

async function clippedStats(image, { bmpMeta, ccd }) {
  const opts = { sigma: ccd.sigma, maxiters: ccd.maxiters };
  const s = await (hasSigmaClippedStats ? librarySigmaClippedStats : sigmaClippedStatsFallback)(image.data, opts);
  Object.assign(bmpMeta, { mean: s.mean, median: s.median, std: s.std });
  return image;
}

class CcdReduce extends BigMultiPipe {
  fileRead(inName) {
    return readFits(inName);
  }

  async fileWrite(image, outname) {
    return writeFits(outname, await image.data.astype('float32'), image.header);
  }

  async dataProcess({ data: raw, header }, { ccd }) {
    const m = masters;
    if (!m) throw new Error('ccd-pipeline: no masters loaded (set BMP_CCD_MASTERS before importing this module)');
    const [o0, o1] = ccd.overscanCols;
    const [d0, d1] = ccd.dataCols;
    const overscan = await raw.slice(null, [o0, o1]);
    const level = await overscan.median({ axis: 1, keepdims: true }); // one value per row
    const trimmed = await raw.slice(null, [d0, d1]);
    const image = await trimmed.sub(level); // int16 - float64: float64, as ccdproc
    await image.sub(m.bias, { out: image });
    const scaledDark = await m.dark.mul(header.get('EXPTIME') / m.darkExptime);
    await image.sub(scaledDark, { out: image });
    await image.div(m.flatNorm, { out: image });
    return { data: image, header };
  }
}

/** The pipeline object (WorkerExecutor threads load this export). */
export const ccdReduce = new CcdReduce({
  preProcessList: [countSaturated],
  postProcessList: [saturationMeta, clippedStats],
  outnameAppend: '_red',
});

export { lib };
