/**
 * `FitsMultiPipe`: a `BigMultiPipe` whose files are FITS images, the header
 * travelling with the data (as ccdmultipipe's CCDData carries its `meta`).
 * @packageDocumentation
 */
import type { DType } from '../array/dtype.js';
import { NdArray } from '../array/ndarray.js';
import { BigMultiPipe } from '../pipeline/bigmultipipe.js';
import { describeInName } from '../pipeline/errors.js';
import type { InName, Kwargs } from '../pipeline/types.js';
import { readFits, writeFits, type FitsData } from './fits.js';
import { FitsHeader } from './fits-header.js';

/**
 * A ready pipeline for FITS files: `fileRead` is `readFits` (data and
 * header; `kwargs.hdu` picks the HDU, `kwargs.dtype` casts the values in the
 * same pass as the read, e.g. `'float32'` for int16 frames; a group of names reads into a nested
 * array), `fileWrite` is `writeFits` (temporary name, then rename) with
 * `kwargs.asScaledInt` and `kwargs.checksum`. `dataProcess` gets and returns
 * `{ data, header }` (returning a bare `NdArray` writes it with no extra
 * cards).
 */
export class FitsMultiPipe extends BigMultiPipe<FitsData> {
  /** `readFits(inName, { hdu: kwargs.hdu, dtype: kwargs.dtype })`; a (nested) array of names reads into a (nested) array. */
  override async fileRead(inName: InName, kwargs: Kwargs = {}): Promise<FitsData | null | undefined> {
    if (typeof inName !== 'string') return super.fileRead(inName, kwargs);
    const { data, header } = await readFits(inName, {
      hdu: kwargs.hdu as number | string | undefined,
      dtype: kwargs.dtype as DType | undefined,
    });
    return { data, header };
  }

  /** Creates the directory when asked (see `BigMultiPipe.fileWrite`), then writes `data` with its header. */
  override async fileWrite(data: FitsData | NdArray, outname: string, kwargs: Kwargs = {}): Promise<string> {
    await super.fileWrite(data as FitsData, outname, kwargs);
    const image = data instanceof NdArray ? { data, header: new FitsHeader() } : data;
    if (!(image?.data instanceof NdArray) || !(image.header instanceof FitsHeader)) {
      const which = kwargs.inName === undefined ? '' : `${describeInName(kwargs.inName as InName)}: `;
      throw new TypeError(
        `${which}FitsMultiPipe writes one { data: NdArray, header: FitsHeader } (or one NdArray) per item; got ${
          Array.isArray(data) ? 'an array (grouped data? combine it in dataProcess)' : typeof data
        }`,
      );
    }
    return writeFits(outname, image.data, image.header, {
      asScaledInt: kwargs.asScaledInt === true,
      checksum: kwargs.checksum === true,
    });
  }
}
