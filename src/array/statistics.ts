/**
 * Robust statistics on {@link NdArray}, with astropy's semantics and names
 * (in camelCase): `madStd`, `sigmaClip`, `sigmaClippedStats`,
 * `biweightLocation`, `biweightScale`. Without `axis` a statistic resolves
 * to a number; with `axis` to an array over the remaining axes.
 * @packageDocumentation
 */
import type { NativeArray } from '../native/binding.js';
import { NdArrayCore, settle } from './core.js';
import type { NdArray } from './ndarray.js';
import { ShapeOps } from './shaping.js';

/** The axis or axes a statistic reduces (negative counts from the end); none: all. */
export type StatsAxis = number | readonly number[] | null;

/** Options of {@link StatsOps.madStd} (astropy.stats.mad_std). */
export interface MadStdOptions {
  /** Axis or axes to reduce; none: the whole array, giving a number. */
  axis?: StatsAxis;
  /** Ignore NaNs (astropy's `ignore_nan`); otherwise a NaN makes the result NaN. */
  ignoreNan?: boolean;
}

/** Options of {@link StatsOps.biweightLocation} and {@link StatsOps.biweightScale}. */
export interface BiweightOptions extends MadStdOptions {
  /** The tuning constant (astropy's defaults: 6.0 for the location, 9.0 for the scale). */
  c?: number;
}

/** Options of {@link StatsOps.sigmaClip} (astropy.stats.sigma_clip). */
export interface SigmaClipOptions {
  /** Clipping limit in standard deviations, both sides (default 3). */
  sigma?: number;
  /** Lower limit (absent, null or 0: `sigma`). */
  sigmaLower?: number | null;
  /** Upper limit (absent, null or 0: `sigma`). */
  sigmaUpper?: number | null;
  /** Iteration limit (default 5); null or 0: iterate until nothing changes. */
  maxiters?: number | null;
  /** The center: `'median'` (default) or `'mean'`. */
  cenfunc?: 'median' | 'mean';
  /** The spread: `'std'` (default) or `'madStd'`. */
  stdfunc?: 'std' | 'madStd';
  /** Axis or axes along which to clip; none: the whole array at once. */
  axis?: StatsAxis;
}

/** Options of {@link StatsOps.sigmaClippedStats} (astropy.stats.sigma_clipped_stats). */
export interface SigmaClippedStatsOptions extends SigmaClipOptions {
  /** Delta degrees of freedom of the standard deviation (astropy's `std_ddof`, default 0). */
  stdDdof?: number;
}

/** The result of {@link StatsOps.sigmaClippedStats}: numbers, or arrays along axes. */
export interface ClippedStats<T = number> {
  /** Mean of the values kept. */
  mean: T;
  /** Median of the values kept. */
  median: T;
  /** Standard deviation of the values kept. */
  std: T;
}

/** astropy's sigma-clipping defaults (the one home of these numbers). */
export const SIGMA_CLIP_DEFAULTS = { sigma: 3, maxiters: 5, cenfunc: 'median', stdfunc: 'std' } as const;
/** astropy's tuning constants of the biweight location and scale. */
export const BIWEIGHT_C = { location: 6.0, scale: 9.0 } as const;

type WithAxis = { axis: number | readonly number[] };

/** The axes as the addon takes them (null: all), checked. */
function nativeAxes(axis: StatsAxis | undefined, what: string): number[] | null {
  if (axis === undefined || axis === null) return null;
  const list = typeof axis === 'number' ? [axis] : [...axis];
  if (list.some((a) => !Number.isSafeInteger(a))) {
    throw new TypeError(`NdArray.${what}: axis must be an integer or a list of integers, got ${JSON.stringify(axis)}`);
  }
  return list;
}

/** A 0-d result as a number (releasing it), any other as an array. */
function unwrap(native: NativeArray, axes: number[] | null): NdArray | number {
  const a = NdArrayCore.fromNative(native);
  if (axes !== null) return a;
  const v = a.at();
  a.dispose();
  return v;
}

function option(v: number | null | undefined, what: string, name: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || Number.isNaN(v)) throw new TypeError(`NdArray.${what}: ${name} must be a number, got ${String(v)}`);
  return v;
}

/** Clip settings for the addon, with astropy's defaults filled in. @internal */
export function clipSettings(o: SigmaClipOptions | undefined, what: string) {
  const maxiters = o?.maxiters === undefined ? SIGMA_CLIP_DEFAULTS.maxiters : (o.maxiters ?? 0);
  if (!Number.isSafeInteger(maxiters) || maxiters < 0) {
    throw new TypeError(`NdArray.${what}: maxiters must be a non-negative integer or null, got ${String(o?.maxiters)}`);
  }
  return {
    sigma: option(o?.sigma, what, 'sigma') ?? SIGMA_CLIP_DEFAULTS.sigma,
    sigmaLower: option(o?.sigmaLower, what, 'sigmaLower'),
    sigmaUpper: option(o?.sigmaUpper, what, 'sigmaUpper'),
    maxiters,
    cenfunc: o?.cenfunc ?? SIGMA_CLIP_DEFAULTS.cenfunc,
    stdfunc: o?.stdfunc ?? SIGMA_CLIP_DEFAULTS.stdfunc,
  };
}

/** The robust statistics of {@link NdArray} (after shape operations). */
export class StatsOps extends ShapeOps {
  /**
   * `astropy.stats.mad_std`: the median absolute deviation times 1.4826…
   * (float32 arithmetic for float32 input, as astropy's).
   */
  madStd(options?: MadStdOptions & { axis?: null }): Promise<number>;
  madStd(options: MadStdOptions & WithAxis): Promise<NdArray>;
  madStd(options?: MadStdOptions): Promise<number | NdArray>;
  madStd(options?: MadStdOptions): Promise<number | NdArray> {
    return settle(() => {
      const axes = nativeAxes(options?.axis, 'madStd');
      return NdArrayCore.toNative(this)
        .madStd(axes, options?.ignoreNan === true)
        .then((n) => unwrap(n, axes));
    });
  }

  /** `astropy.stats.biweight_location` (c 6.0, M the median; float64). */
  biweightLocation(options?: BiweightOptions & { axis?: null }): Promise<number>;
  biweightLocation(options: BiweightOptions & WithAxis): Promise<NdArray>;
  biweightLocation(options?: BiweightOptions): Promise<number | NdArray>;
  biweightLocation(options?: BiweightOptions): Promise<number | NdArray> {
    return this.biweight(false, options, BIWEIGHT_C.location, 'biweightLocation');
  }

  /** `astropy.stats.biweight_scale` (c 9.0, M the median, `modify_sample_size=False`; float64). */
  biweightScale(options?: BiweightOptions & { axis?: null }): Promise<number>;
  biweightScale(options: BiweightOptions & WithAxis): Promise<NdArray>;
  biweightScale(options?: BiweightOptions): Promise<number | NdArray>;
  biweightScale(options?: BiweightOptions): Promise<number | NdArray> {
    return this.biweight(true, options, BIWEIGHT_C.scale, 'biweightScale');
  }

  private biweight(scale: boolean, options: BiweightOptions | undefined, c: number, what: string): Promise<number | NdArray> {
    return settle(() => {
      const axes = nativeAxes(options?.axis, what);
      return NdArrayCore.toNative(this)
        .biweight(scale, option(options?.c, what, 'c') ?? c, axes, options?.ignoreNan === true)
        .then((n) => unwrap(n, axes));
    });
  }

  /**
   * `astropy.stats.sigma_clip(a, ...).mask`: a bool array of this shape, true
   * where a value was clipped or is not finite (NaN, ±inf).
   */
  sigmaClip(options?: SigmaClipOptions): Promise<NdArray> {
    return settle(() =>
      NdArrayCore.toNative(this).sigmaClip(clipSettings(options, 'sigmaClip'), nativeAxes(options?.axis, 'sigmaClip')),
    ).then(NdArrayCore.fromNative);
  }

  /**
   * `astropy.stats.sigma_clipped_stats`: mean, median and standard deviation
   * of the values sigma clipping keeps (numbers, or arrays along `axis`).
   */
  sigmaClippedStats(options?: SigmaClippedStatsOptions & { axis?: null }): Promise<ClippedStats<number>>;
  sigmaClippedStats(options: SigmaClippedStatsOptions & WithAxis): Promise<ClippedStats<NdArray>>;
  sigmaClippedStats(options?: SigmaClippedStatsOptions): Promise<ClippedStats<number | NdArray>>;
  sigmaClippedStats(options?: SigmaClippedStatsOptions): Promise<ClippedStats<number | NdArray>> {
    return settle(() => {
      const what = 'sigmaClippedStats';
      const axes = nativeAxes(options?.axis, what);
      const ddof = option(options?.stdDdof, what, 'stdDdof') ?? 0;
      return NdArrayCore.toNative(this)
        .sigmaClippedStats(clipSettings(options, what), axes, ddof)
        .then(([mean, median, std]) => ({
          mean: unwrap(mean as NativeArray, axes),
          median: unwrap(median as NativeArray, axes),
          std: unwrap(std as NativeArray, axes),
        }));
    });
  }
}
