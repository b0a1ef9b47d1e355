/**
 * Image operations on {@link NdArray} with the semantics of their Python
 * references: scipy.ndimage's `median_filter`, `uniform_filter` and `shift`
 * (orders 0 and 1), astropy's `block_reduce` and numpy's `histogram`.
 * @packageDocumentation
 */
import { NdArrayCore, settle } from './core.js';
import type { NdArray } from './ndarray.js';
import { StatsOps } from './statistics.js';

/** scipy.ndimage's boundary modes (`'grid-mirror'` is `'reflect'`; for filters the `grid-` modes equal their plain ones). */
export type BoundaryMode = 'reflect' | 'constant' | 'nearest' | 'mirror' | 'wrap' | 'grid-mirror' | 'grid-constant' | 'grid-wrap';

/** Options of {@link ImageOps.medianFilter} and {@link ImageOps.uniformFilter}. */
export interface FilterOptions {
  /** How the array is extended past its edges (scipy's default `'reflect'`: half-sample symmetric). */
  mode?: BoundaryMode;
  /** The value past the edges with `'constant'` (default 0). */
  cval?: number;
}

/** Options of {@link ImageOps.shift}. */
export interface ShiftOptions {
  /** 0: nearest (scipy's rounding), 1: linear (default 1; scipy's default 3 is not offered). */
  order?: 0 | 1;
  /** How the array is extended past its edges (scipy's default `'constant'`). */
  mode?: BoundaryMode;
  /** The value past the edges with `'constant'`/`'grid-constant'` (default 0). */
  cval?: number;
}

/** What {@link ImageOps.histogram} resolves with (numpy's `(hist, bin_edges)`). */
export interface HistogramResult {
  /** int64 counts, one per bin. */
  hist: NdArray;
  /** The edges: float64, or float32 for float32 data with equal bins (numpy's dtype). */
  binEdges: NdArray;
}

/** The reducing functions of {@link ImageOps.blockReduce}. */
export type BlockFunc = 'sum' | 'mean' | 'median';

/** One non-negative integer per axis from a number or a list. */
function perAxis(value: number | readonly number[], ndim: number, what: string, min: number): number[] {
  const list = typeof value === 'number' ? new Array<number>(ndim).fill(value) : [...value];
  if (list.length !== ndim || list.some((v) => !Number.isSafeInteger(v) || v < min || v > 0xffffffff)) {
    throw new TypeError(`${what}: expected an integer >= ${min} or a list of ${ndim} (one per axis), got ${JSON.stringify(value)}`);
  }
  return list;
}

/** The image operations of {@link NdArray} (after the shape operations). */
export class ImageOps extends StatsOps {
  /**
   * `scipy.ndimage.median_filter(a, size, mode=mode, cval=cval)`: the element
   * of rank `n // 2` of each window of `n` elements (no averaging for even `n`;
   * windows centred as scipy's origin 0: `size // 2` before). Same dtype as `a`.
   * NaN: as scipy (its comparisons decide; we reproduce them, so a window holding
   * NaN gives scipy's value, NaN or not).
   */
  medianFilter(size: number | readonly number[], options: FilterOptions = {}): Promise<NdArray> {
    return settle(() =>
      NdArrayCore.toNative(this).medianFilter(perAxis(size, this.shape.length, 'NdArray.medianFilter: size', 1), options.mode ?? 'reflect', options.cval ?? 0),
    ).then(NdArrayCore.fromNative);
  }

  /**
   * `scipy.ndimage.uniform_filter(a, size, mode=mode, cval=cval)`: running means
   * along each axis in turn, each pass stored in `a`'s dtype (integers truncated)
   * as scipy does. NaN/inf: once one enters a line's running sum, the rest of the
   * line is NaN (scipy's behaviour).
   */
  uniformFilter(size: number | readonly number[], options: FilterOptions = {}): Promise<NdArray> {
    return settle(() =>
      NdArrayCore.toNative(this).uniformFilter(perAxis(size, this.shape.length, 'NdArray.uniformFilter: size', 1), options.mode ?? 'reflect', options.cval ?? 0),
    ).then(NdArrayCore.fromNative);
  }

  /**
   * `astropy.nddata.block_reduce(a, factor, func)`: reduces each block of
   * `factor` elements per axis; trailing elements that fill no whole block are
   * dropped. dtypes as numpy's sum/mean/median give them.
   */
  blockReduce(factor: number | readonly number[], func: BlockFunc = 'sum'): Promise<NdArray> {
    return settle(() =>
      NdArrayCore.toNative(this).blockReduce(perAxis(factor, this.shape.length, 'NdArray.blockReduce: factor', 1), func),
    ).then(NdArrayCore.fromNative);
  }

  /**
   * `numpy.histogram(a, bins, range)`: `bins` a count of equal bins (default 10)
   * or the edges; `range` `[min, max]` (default: the data's). Values on an inner
   * edge go to the right bin, the last bin is closed, NaNs are not counted.
   */
  histogram(bins: number | readonly number[] = 10, range?: readonly [number, number]): Promise<HistogramResult> {
    return settle(() => {
      if (range !== undefined && (!Array.isArray(range) || range.length !== 2 || range.some((v) => typeof v !== 'number'))) {
        throw new TypeError(`NdArray.histogram: range must be [min, max], got ${JSON.stringify(range)}`);
      }
      const native = NdArrayCore.toNative(this);
      if (typeof bins === 'number') {
        if (!Number.isSafeInteger(bins) || bins < 0 || bins > 0xffffffff) throw new TypeError(`NdArray.histogram: bins must be a positive integer or a list of edges, got ${bins}`);
        return native.histogram(bins, null, range ? [...range] : null);
      }
      if (!Array.isArray(bins) || bins.some((v) => typeof v !== 'number')) throw new TypeError('NdArray.histogram: bins must be a positive integer or a list of edges');
      return native.histogram(null, [...bins], range ? [...range] : null);
    }).then((r) => ({ hist: NdArrayCore.fromNative(r.hist), binEdges: NdArrayCore.fromNative(r.binEdges) }));
  }

  /**
   * `scipy.ndimage.shift(a, offsets, order, mode='constant', cval=0)` for
   * order 0 (nearest, scipy's rounding) and 1 (linear). Same dtype as `a`
   * (integers rounded half away from zero and clamped, as scipy stores them).
   */
  shift(offsets: number | readonly number[], options: ShiftOptions = {}): Promise<NdArray> {
    return settle(() => {
      const n = this.shape.length;
      const list = typeof offsets === 'number' ? new Array<number>(n).fill(offsets) : [...offsets];
      if (list.length !== n || list.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
        throw new TypeError(`NdArray.shift: offsets must be a finite number or a list of ${n} (one per axis), got ${JSON.stringify(offsets)}`);
      }
      const order = options.order ?? 1;
      if (order !== 0 && order !== 1) throw new TypeError(`NdArray.shift: order must be 0 or 1, got ${String(order)}`);
      return NdArrayCore.toNative(this).shift(list, order, options.mode ?? 'constant', options.cval ?? 0);
    }).then(NdArrayCore.fromNative);
  }
}
