/**
 * Reductions on {@link NdArray}, whole-array (a number) or along axes with
 * `keepdims` (an array), with numpy's dtypes, NaN rules and summation order.
 * @packageDocumentation
 */
import { NdArrayCore, settle } from './core.js';
import { ElementwiseOps } from './elementwise.js';
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
    return settle(() => {
      const axis = options?.axis;
      let axes: number[] | null = null;
      if (axis !== undefined && axis !== null) {
        axes = typeof axis === 'number' ? [axis] : [...axis];
        if (axes.some((a) => !Number.isSafeInteger(a))) {
          throw new TypeError(`NdArray.${kind}: axis must be an integer or a list of integers, got ${JSON.stringify(axis)}`);
        }
      }
      const keepdims = options?.keepdims === true;
      return NdArrayCore.toNative(this)
        .reduceAxes(kind, axes, keepdims, param)
        .then((n) => {
          const result = NdArrayCore.fromNative(n);
          if (axes !== null || keepdims) return result;
          const value = result.at();
          result.dispose();
          return value;
        });
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
  /** `np.average` without weights (equal to `mean`). */
  average(): Promise<number>;
  average(options: AxisOptions): Promise<NdArray>;
  average(options?: ReduceOptions): Promise<number | NdArray>;
  average(options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('mean', options);
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
  /** `np.percentile(a, q)`, method 'linear', q in [0, 100]. */
  percentile(q: number, options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('percentile', options, q);
  }
  /** `np.quantile(a, q)`, method 'linear', q in [0, 1]. */
  quantile(q: number, options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('quantile', options, q);
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
  /** `np.nanpercentile(a, q)`. */
  nanpercentile(q: number, options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('nanpercentile', options, q);
  }
  /** `np.nanquantile(a, q)`. */
  nanquantile(q: number, options?: ReduceOptions): Promise<number | NdArray> {
    return this.reduceAs('nanquantile', options, q);
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
