/**
 * Image previews: an array (2-D, or one plane of a cube) drawn as an 8-bit
 * grayscale PNG, scaled the way `astropy.visualization` scales images
 * (interval, then stretch), on the native pool.
 * @packageDocumentation
 */
import { NdArray } from '../array/ndarray.js';
import { currentFile } from '../pipeline/file-context.js';
import { writeFileAtomic } from '../pipeline/files.js';
import type { NativePreviewSettings } from '../native/binding.js';
import { loadNative } from '../native/loader.js';

/** The intervals a preview knows (astropy's `ZScaleInterval`, `MinMaxInterval`, `PercentileInterval`). */
export const PREVIEW_INTERVALS = ['zscale', 'minmax', 'percentile'] as const;
/** The stretches a preview knows (astropy's `LinearStretch`, `AsinhStretch`, `LogStretch`, `SqrtStretch`). */
export const PREVIEW_STRETCHES = ['linear', 'asinh', 'log', 'sqrt'] as const;
/** One of {@link PREVIEW_INTERVALS}. */
export type PreviewInterval = (typeof PREVIEW_INTERVALS)[number];
/** One of {@link PREVIEW_STRETCHES}. */
export type PreviewStretch = (typeof PREVIEW_STRETCHES)[number];

/** Options of {@link preview} and {@link intervalLimits}. */
export interface PreviewOptions {
  /** Which values show black and white (default `'zscale'`, as ds9 opens frames). */
  interval?: PreviewInterval;
  /** The central percentage kept by the `'percentile'` interval (default 99.5). */
  percentile?: number;
  /** zscale's `contrast` (astropy's default 0.25). */
  contrast?: number;
  /** How the values between are shaded (default `'linear'`). */
  stretch?: PreviewStretch;
  /** astropy's `a` of the asinh (default 0.1) and log (default 1000) stretches. */
  a?: number;
  /**
   * Longest side of the PNG in pixels (default 1024). A larger frame is shrunk
   * by an integer factor to the mean of each block; `Infinity`: full resolution.
   * The limits always come from every pixel.
   */
  size?: number;
  /** Plane of a 3-D cube (index on its first axis; default 0). */
  plane?: number;
  /** `'lower'` (default): the array's row 0 at the bottom, as ds9 shows FITS frames; `'upper'`: at the top. */
  origin?: 'lower' | 'upper';
}

/** Defaults of {@link PreviewOptions} (their one home). */
export const PREVIEW_DEFAULTS = {
  interval: 'zscale',
  percentile: 99.5,
  contrast: 0.25,
  stretch: 'linear',
  size: 1024,
  origin: 'lower',
} as const;

/** astropy's default `a` per stretch. */
const STRETCH_A: Record<PreviewStretch, number> = { linear: 1, sqrt: 1, asinh: 0.1, log: 1000 };

function nonNegativeInt(name: string, v: number | undefined, min: number): number | undefined {
  if (v === undefined || v === Infinity) return undefined;
  if (!Number.isInteger(v) || v < min || v > 0xffffffff) {
    throw new RangeError(`preview: ${name} must be an integer >= ${min}${name === 'size' ? ' (or Infinity for full resolution)' : ''} (got ${v})`);
  }
  return v;
}

function settings(options: PreviewOptions | undefined): NativePreviewSettings {
  const o = options ?? {};
  const stretch = o.stretch ?? PREVIEW_DEFAULTS.stretch;
  const origin = o.origin ?? PREVIEW_DEFAULTS.origin;
  if (origin !== 'lower' && origin !== 'upper') throw new RangeError(`preview: origin must be 'lower' or 'upper' (got ${String(origin)})`);
  return {
    interval: o.interval ?? PREVIEW_DEFAULTS.interval,
    percentile: o.percentile ?? PREVIEW_DEFAULTS.percentile,
    contrast: o.contrast ?? PREVIEW_DEFAULTS.contrast,
    stretch,
    a: o.a ?? STRETCH_A[stretch] ?? 1,
    size: nonNegativeInt('size', o.size ?? PREVIEW_DEFAULTS.size, 1),
    plane: nonNegativeInt('plane', o.plane, 0),
    originLower: origin === 'lower',
  };
}

function checkArray(what: string, array: NdArray): void {
  if (!(array instanceof NdArray)) throw new TypeError(`${what}: array must be an NdArray (read one with readNpy)`);
}

/**
 * Draws `array` (2-D, or plane `options.plane` of a 3-D cube) as an 8-bit
 * grayscale PNG: each pixel is `stretch(clip((v - vmin) / (vmax - vmin)))`
 * with `[vmin, vmax]` from the interval, as astropy composes them. NaN pixels
 * are black. Runs on the native pool; resolves with the PNG file's bytes.
 *
 * @example
 * ```ts
 * const png = await preview(await readNpy('frame.npy'), { stretch: 'asinh' });
 * await writeFile('frame.png', png);
 * ```
 */
export async function preview(array: NdArray, options?: PreviewOptions): Promise<Uint8Array> {
  checkArray('preview', array);
  const bytes = await loadNative().previewPng(NdArray.toNative(array), settings(options));
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The `[vmin, vmax]` a preview's interval gives for `array` (astropy's
 * `get_limits`; for `'zscale'` the same limits as `ZScaleInterval` on the
 * same data). Only finite values count.
 */
export async function intervalLimits(array: NdArray, options?: Pick<PreviewOptions, 'interval' | 'percentile' | 'contrast' | 'plane'>): Promise<[number, number]> {
  checkArray('intervalLimits', array);
  const [lo, hi] = await loadNative().previewLimits(NdArray.toNative(array), settings(options));
  return [lo as number, hi as number];
}

/**
 * Writes the {@link preview} of `array` to `path` (a temporary name, then a
 * rename) and resolves with `path`. Inside a pipeline file that has exceeded
 * its `fileTimeout`, the write is refused, as every writer of the library
 * does. From a `fileWrite` override it puts a preview beside each output
 * (see README, "Previews and the run report").
 */
export async function writePreview(path: string, array: NdArray, options?: PreviewOptions): Promise<string> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('writePreview: path must be a non-empty string');
  checkArray(`writePreview(${path})`, array);
  currentFile()?.assertMayWrite(path);
  const png = await preview(array, options);
  currentFile()?.assertMayWrite(path);
  await writeFileAtomic(path, png);
  return path;
}
