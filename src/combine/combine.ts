/**
 * `combine`: ccdproc.combine for frames given as arrays and/or `.npy` / FITS
 * file names, native and parallel, within a memory limit.
 * @packageDocumentation
 */
import { NdArrayCore, settle } from '../array/core.js';
import type { NdArray } from '../array/ndarray.js';
import { readFits } from '../formats/fits.js';
import { readNpy } from '../formats/npy.js';
import type { NativeArray } from '../native/binding.js';
import { loadNative } from '../native/loader.js';

/** Options of {@link combine}, named as ccdproc.combine's keywords (in camelCase). */
export interface CombineOptions {
  /** `'average'` (default), `'median'` or `'sum'`. */
  method?: 'average' | 'median' | 'sum';
  /** Reject values along the stack by sigma clipping (one iteration, as ccdproc). */
  sigmaClip?: boolean;
  /** Lower threshold in standard deviations (default 3). */
  sigmaClipLowThresh?: number;
  /** Upper threshold in standard deviations (default 3). */
  sigmaClipHighThresh?: number;
  /** The center: `'mean'` (ccdproc's default, `numpy.ma.mean`) or `'median'`. */
  sigmaClipFunc?: 'median' | 'mean';
  /** The deviation: `'std'` (ccdproc's default) or `'madStd'` (astropy's `mad_std`). */
  sigmaClipDevFunc?: 'std' | 'madStd';
  /** Reject values below `minmaxClipMin` or above `minmaxClipMax`. */
  minmaxClip?: boolean;
  /** Lower limit of min/max clipping (none: no lower limit). */
  minmaxClipMin?: number | null;
  /** Upper limit of min/max clipping (none: no upper limit). */
  minmaxClipMax?: number | null;
  /** One weight per frame (average: Σ w·x / Σ w over all frames, as ccdproc; sum: Σ w·x). */
  weights?: readonly number[];
  /**
   * One factor per frame, or a function giving a frame's factor from its data
   * (each file is then read whole, one at a time, as ccdproc reads it).
   */
  scale?: readonly number[] | ((frame: NdArray) => number | Promise<number>);
  /** Bytes the combination may use for its row bands and result (default 16e9, as ccdproc). */
  memLimit?: number;
}

/** The combined frame: float64 values, and a mask true where every value was rejected. */
export interface CombineResult {
  /** The combined values (float64; NaN for average and median where all were rejected, 0 for sum). */
  data: NdArray;
  /** true where no value of the stack was kept. */
  mask: NdArray;
}

/** ccdproc's defaults (the one home of these values). */
export const COMBINE_DEFAULTS = {
  method: 'average',
  sigmaClipLowThresh: 3,
  sigmaClipHighThresh: 3,
  sigmaClipFunc: 'mean',
  sigmaClipDevFunc: 'std',
  memLimit: 16e9,
} as const;

function perFrame(v: readonly number[] | undefined, n: number, name: string): number[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length !== n || v.some((x) => typeof x !== 'number')) {
    throw new TypeError(`combine: ${name} must be an array of ${n} numbers (one per frame)`);
  }
  return [...v];
}

/** A frame's data, read whole (for a scale function). */
async function frameData(input: NdArray | string): Promise<[NdArray, boolean]> {
  if (typeof input !== 'string') return [input, false];
  if (input.toLowerCase().endsWith('.npy')) return [await readNpy(input), true];
  return [(await readFits(input)).data, true];
}

async function scales(inputs: ReadonlyArray<NdArray | string>, scale: CombineOptions['scale']): Promise<number[] | undefined> {
  if (typeof scale !== 'function') return perFrame(scale, inputs.length, 'scale');
  const out: number[] = [];
  for (const input of inputs) {
    const [data, owned] = await frameData(input);
    try {
      out.push(Number(await scale(data)));
    } finally {
      if (owned) data.dispose();
    }
  }
  return out;
}

/**
 * `ccdproc.combine`: combines frames (arrays, `.npy` or FITS file names; all
 * of one shape) into one float64 frame, with ccdproc's rejection (min/max,
 * sigma clipping along the stack) and combination (average, median, sum),
 * bit for bit. The stack is processed in row bands that fit in `memLimit`;
 * files are read band by band, never whole, and every core works.
 */
export async function combine(inputs: ReadonlyArray<NdArray | string>, options: CombineOptions = {}): Promise<CombineResult> {
  if (!Array.isArray(inputs) || inputs.length === 0) throw new TypeError('combine: inputs must be a non-empty array of NdArrays or file names');
  const o = { ...COMBINE_DEFAULTS, ...options };
  if (!(typeof o.memLimit === 'number' && o.memLimit > 0)) throw new TypeError(`combine: memLimit must be a positive number of bytes, got ${String(o.memLimit)}`);
  const scale = await scales(inputs, o.scale);
  const arrays: NativeArray[] = [];
  const paths: string[] = [];
  const isPath = inputs.map((input, i) => {
    if (typeof input === 'string') {
      paths.push(input);
      return true;
    }
    if (!(input instanceof NdArrayCore)) throw new TypeError(`combine: input ${i} is neither an NdArray nor a file name`);
    arrays.push(NdArrayCore.toNative(input));
    return false;
  });
  const settings = {
    method: o.method,
    sigmaClip: o.sigmaClip === true,
    sigmaClipLowThresh: o.sigmaClipLowThresh,
    sigmaClipHighThresh: o.sigmaClipHighThresh,
    sigmaClipFunc: o.sigmaClipFunc,
    sigmaClipDevFunc: o.sigmaClipDevFunc,
    minmaxClip: o.minmaxClip === true,
    minmaxClipMin: o.minmaxClipMin ?? undefined,
    minmaxClipMax: o.minmaxClipMax ?? undefined,
    weights: perFrame(o.weights, inputs.length, 'weights'),
    scale,
    memLimit: o.memLimit,
  };
  const [data, mask] = await settle(() => loadNative().combineFrames(arrays, paths, isPath, settings));
  return { data: NdArrayCore.fromNative(data as NativeArray), mask: NdArrayCore.fromNative(mask as NativeArray) };
}
