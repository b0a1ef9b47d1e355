/**
 * Reductions on {@link NdArray}, whole-array (a number) or along axes with
 * `keepdims` (an array), with numpy's dtypes, NaN rules and summation order.
 * @packageDocumentation
 */
import { loadNative } from '../native/loader.js';
import { NdArrayCore, settle } from './core.js';
import { ElementwiseOps } from './elementwise.js';
import type { DType } from './dtype.js';
import type { NdArray } from './ndarray.js';

/** Options of reductions. */
export interface ReduceOptions {
  /** The axis or axes to reduce (negative counts from the end); none: all, giving a number. */
  axis?: number | readonly number[] | null;
  /** Keep reduced axes as length 1 (the result is then always an array). */
  keepdims?: boolean;
}

/** Options of reductions along axes (the result is an array). */
export type AxisOptions = ReduceOptions & ({ axis: number | readonly number[] } | { keepdims: true });

/** The reductions of {@link NdArray} (after the elementwise ones). */
export class ReductionOps extends ElementwiseOps {
  /** Runs one reduction; a full reduction without keepdims gives a number. @internal */
  protected reduceAs(kind: string, options: ReduceOptions | undefined, param = 0): Promise<NdArray | number> {
    if ((options?.axis !== undefined && options.axis !== null) || options?.keepdims === true) {
      return this.#reduceArray(kind, options, param);
    }
    // The number straight from native: no 0-d array to read and dispose,
    // and no Promise at all below this one when the answer came at once.
    let value: number | Promise<number>;
    try {
      value = NdArrayCore.toNative(this).reduceAll(kind, param);
    } catch (err) {
      return Promise.reject(err);
    }
    return typeof value === 'number' ? Promise.resolve(value) : value;
  }

  /** Runs one reduction, always giving an array (0-d for a full reduction). */
  #reduceArray(kind: string, options: ReduceOptions | undefined, param: number): Promise<NdArray> {
    return settle(() => {
      const axes = axisList(options?.axis, `NdArray.${kind}`);
      return NdArrayCore.toNative(this).reduceAxes(kind, axes, options?.keepdims === true, param).then(NdArrayCore.fromNative);
    });
  }

  /** A quantile-like reduction of one q (a number) or of each q of a list (stacked along a new first axis, as numpy). */
  #quantiles(kind: string, q: number | readonly number[], options: ReduceOptions | undefined): Promise<number | NdArray> {
    if (typeof q === 'number') return this.reduceAs(kind, options, q);
    return settle(async () => {
      if (!Array.isArray(q) || q.length === 0 || q.some((x) => typeof x !== 'number')) {
        throw new TypeError(`NdArray.${kind}: q must be a number or a non-empty list of numbers`);
      }
      // One reduction per q, each the plural kind: numpy interpolates a list of q in float64.
      const parts = await Promise.all(q.map((x) => this.#reduceArray(`${kind}s`, options, x)));
      try {
        return NdArrayCore.fromNative(await loadNative().joinArrays(parts.map((p) => NdArrayCore.toNative(p)), 0, true));
      } finally {
        for (const p of parts) p.dispose();
      }
    });
  }

  /** `np.sum` (integers: int64/uint64, wrapping as numpy's). */
  sum(): Promise<number>;
  sum(options: AxisOptions): Promise<NdArray>;
  sum(options?: ReduceOptions): Promise<number | NdArray>;
  sum(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('sum', options);
  }
  /** `np.mean` (pairwise summation: bit for bit numpy's). */
  mean(): Promise<number>;
  mean(options: AxisOptions): Promise<NdArray>;
  mean(options?: ReduceOptions): Promise<number | NdArray>;
  mean(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('mean', options);
  }
  /**
   * `np.average(a, axis, weights)`: without weights, `mean`; with them,
   * `sum(a * w) / sum(w)` computed as numpy does (in float64 for integer
   * input, else the promoted float dtype). `weights` has this array's
   * shape, or with `axis` the shape of the reduced axes.
   */
  average(options?: { weights?: NdArrayCore }): Promise<number>;
  average(options: AxisOptions & { weights?: NdArrayCore }): Promise<NdArray>;
  average(options?: ReduceOptions & { weights?: NdArrayCore }): Promise<number | NdArray>;
  average(options?: ReduceOptions & { weights?: NdArrayCore }): Promise<number | NdArray> {
    const w = options?.weights;
    if (w === undefined || w === null) return this.reduceAs('mean', options);
    return settle(() => weightedAverage(this as unknown as NdArray, w, options));
  }
  /** `np.var(a, ddof=ddof)`. */
  var(options?: { ddof?: number }): Promise<number>;
  var(options: AxisOptions & { ddof?: number }): Promise<NdArray>;
  var(options?: ReduceOptions & { ddof?: number }): Promise<number | NdArray>;
  var(options?: ReduceOptions & { ddof?: number }): Promise<number | NdArray> {
    return this.reduceAs('var', options, options?.ddof ?? 0);
  }
  /** `np.std(a, ddof=ddof)`; `std(1)` is `std({ ddof: 1 })`. */
  std(options?: number | { ddof?: number }): Promise<number>;
  std(options: AxisOptions & { ddof?: number }): Promise<NdArray>;
  std(options?: number | (ReduceOptions & { ddof?: number })): Promise<number | NdArray>;
  std(options?: number | (ReduceOptions & { ddof?: number })): Promise<number | NdArray> {
    const o = typeof options === 'number' ? { ddof: options } : options;
    return this.reduceAs('std', o, o?.ddof ?? 0);
  }
  /** `np.min`: NaN if any element is NaN; an error for an empty reduction. */
  min(): Promise<number>;
  min(options: AxisOptions): Promise<NdArray>;
  min(options?: ReduceOptions): Promise<number | NdArray>;
  min(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('min', options);
  }
  /** `np.max`. */
  max(): Promise<number>;
  max(options: AxisOptions): Promise<NdArray>;
  max(options?: ReduceOptions): Promise<number | NdArray>;
  max(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('max', options);
  }
  /** `np.argmin` (one axis or none: the index into the C-order flattened array). */
  argmin(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('argmin', options);
  }
  /** `np.argmax`. */
  argmax(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('argmax', options);
  }
  /** `np.median`: selection per lane (no sort); NaN if the lane has a NaN. */
  median(): Promise<number>;
  median(options: AxisOptions): Promise<NdArray>;
  median(options?: ReduceOptions): Promise<number | NdArray>;
  median(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('median', options);
  }
  /**
   * `np.percentile(a, q)`, method 'linear', q in [0, 100]; a list of q gives
   * an array with one entry per q along a new first axis, as numpy.
   */
  percentile(q: number | readonly number[], options?: ReduceOptions): Promise<number | NdArray> {
    return this.#quantiles('percentile', q, options);
  }
  /** `np.quantile(a, q)`, method 'linear', q in [0, 1] (or a list, see {@link ReductionOps.percentile}). */
  quantile(q: number | readonly number[], options?: ReduceOptions): Promise<number | NdArray> {
    return this.#quantiles('quantile', q, options);
  }
  /** `np.nansum`: NaNs count as 0. */
  nansum(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('nansum', options);
  }
  /** `np.nanmean`: NaNs ignored (NaN for an all-NaN lane). */
  nanmean(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('nanmean', options);
  }
  /** `np.nanvar`. */
  nanvar(options?: ReduceOptions & { ddof?: number }): Promise<number | NdArray> {
    return this.reduceAs('nanvar', options, options?.ddof ?? 0);
  }
  /** `np.nanstd`. */
  nanstd(options?: ReduceOptions & { ddof?: number }): Promise<number | NdArray> {
    return this.reduceAs('nanstd', options, options?.ddof ?? 0);
  }
  /** `np.nanmin` (NaN for an all-NaN lane). */
  nanmin(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('nanmin', options);
  }
  /** `np.nanmax`. */
  nanmax(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('nanmax', options);
  }
  /** `np.nanmedian`. */
  nanmedian(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('nanmedian', options);
  }
  /** `np.nanpercentile(a, q)` (q a number or a list). */
  nanpercentile(q: number | readonly number[], options?: ReduceOptions): Promise<number | NdArray> {
    return this.#quantiles('nanpercentile', q, options);
  }
  /** `np.nanquantile(a, q)` (q a number or a list). */
  nanquantile(q: number | readonly number[], options?: ReduceOptions): Promise<number | NdArray> {
    return this.#quantiles('nanquantile', q, options);
  }
  /** `np.count_nonzero`. */
  countNonzero(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('countNonzero', options);
  }
  /** `np.any` (a whole-array result is 1 or 0). */
  any(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('any', options);
  }
  /** `np.all` (a whole-array result is 1 or 0). */
  all(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('all', options);
  }
}

/** The `axis` option as a list, or null for all axes. @internal */
function axisList(axis: number | readonly number[] | null | undefined, what: string): number[] | null {
  if (axis === undefined || axis === null) return null;
  const axes = typeof axis === 'number' ? [axis] : [...axis];
  if (axes.some((a) => !Number.isSafeInteger(a))) {
    throw new TypeError(`${what}: axis must be an integer or a list of integers, got ${JSON.stringify(axis)}`);
  }
  return axes;
}

/** Floats that a float32 array keeps when promoted with them (numpy's promote_types). */
const KEEPS_FLOAT32: ReadonlySet<DType> = new Set<DType>(['bool', 'int8', 'uint8', 'int16', 'uint16', 'float32']);

/** numpy's `average` result dtype: float64 for integer input, else `result_type(a, w)`. */
function averageDType(a: DType, w: DType): DType {
  return a === 'float32' && KEEPS_FLOAT32.has(w) ? 'float32' : 'float64';
}

const sameShape = (x: readonly number[], y: readonly number[]): boolean => x.length === y.length && x.every((d, i) => d === y[i]);

/**
 * numpy's weighted `average`, step for step: weights of another shape are
 * laid along `axis`; `scl = w.sum(axis)`; `avg = (a * w).sum(axis) / scl`,
 * all in the result dtype. @internal
 */
async function weightedAverage(a: NdArray, weights: NdArrayCore, options: ReduceOptions | undefined): Promise<number | NdArray> {
  const what = 'NdArray.average';
  if (!(weights instanceof NdArrayCore)) throw new TypeError(`${what}: weights must be an NdArray`);
  const rd = averageDType(a.dtype, (weights as NdArray).dtype);
  const axes = axisList(options?.axis, what);
  const temps: NdArray[] = [];
  const keep = (x: NdArray): NdArray => {
    temps.push(x);
    return x;
  };
  try {
    let w = weights as NdArray;
    if (!sameShape(a.shape, w.shape)) {
      if (axes === null) throw new TypeError(`${what}: Axis must be specified when shapes of a and weights differ.`);
      const norm = axes.map((ax) => (ax < 0 ? ax + a.ndim : ax));
      if (!sameShape(w.shape, norm.map((ax) => a.shape[ax] ?? -1))) {
        throw new RangeError(`${what}: Shape of weights must be consistent with shape of a along specified axis.`);
      }
      const order = norm.map((_, i) => i).sort((i, j) => (norm[i] as number) - (norm[j] as number));
      w = keep(await w.transpose(order));
      w = keep(await w.reshape(a.shape.map((d, ax) => (norm.includes(ax) ? d : 1))));
    }
    if (w.dtype !== rd) w = keep(await w.astype(rd));
    const x = a.dtype === rd ? a : keep(await a.astype(rd));
    const prod = keep(await x.mul(w));
    const opts: ReduceOptions = { axis: axes, keepdims: options?.keepdims === true };
    const scl = await w.sum(opts);
    const total = await prod.sum(opts);
    if (typeof scl === 'number' || typeof total === 'number') {
      if (scl === 0) throw new RangeError(`${what}: Weights sum to zero, can't be normalized`);
      const v = (total as number) / (scl as number);
      return rd === 'float32' ? Math.fround(v) : v;
    }
    keep(scl);
    if (await keep(await scl.eq(0)).any()) {
      keep(total);
      throw new RangeError(`${what}: Weights sum to zero, can't be normalized`);
    }
    return total.div(scl, { out: total });
  } finally {
    for (const t of temps) t.dispose();
  }
}
