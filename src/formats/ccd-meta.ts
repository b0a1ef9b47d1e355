/**
 * `ccdMetaToBmpMeta`: ccdmultipipe's `ccd_meta_to_bmp_meta`, a post-process
 * function copying chosen header cards into the file's metadata.
 * @packageDocumentation
 */
import type { Kwargs } from '../pipeline/types.js';
import type { FitsData } from './fits.js';
import type { FitsValue } from './fits-header.js';

/**
 * Post-process function: for each keyword in `kwargs.ccdMeta` (a string or
 * a list), sets `bmpMeta[keyword]` to the header's value (`null` when the
 * header lacks it). Returns the data unchanged. Put it in `postProcessList`
 * and give `ccdMeta` in the control stream, as in ccdmultipipe.
 */
export function ccdMetaToBmpMeta<D extends FitsData>(data: D, kwargs: Kwargs = {}): D {
  const { bmpMeta, ccdMeta } = kwargs as { bmpMeta?: Record<string, FitsValue>; ccdMeta?: string | readonly string[] };
  if (ccdMeta === undefined || ccdMeta === null) return data;
  const keys = typeof ccdMeta === 'string' ? [ccdMeta] : ccdMeta;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
    throw new TypeError('ccdMetaToBmpMeta: ccdMeta must be a keyword or a list of keywords');
  }
  if (bmpMeta === undefined) throw new TypeError('ccdMetaToBmpMeta: call it as a post-process function (it needs bmpMeta)');
  for (const k of keys) bmpMeta[k] = data.header.get(k) ?? null;
  return data;
}
