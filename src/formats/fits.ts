/**
 * FITS images: `readFits` and `writeFits`, thin wrappers over the native
 * reader and writer (crates/core/src/fits).
 * @packageDocumentation
 */
import { NdArray } from '../array/ndarray.js';
import { loadNative } from '../native/loader.js';
import { FitsHeader, type FitsValue } from './fits-header.js';

/** Options of {@link readFits}. */
export interface ReadFitsOptions {
  /**
   * Which HDU: its number (0 is the primary HDU) or its EXTNAME
   * (case-insensitive). Default: the first HDU holding an image, as
   * `CCDData.read` does.
   */
  hdu?: number | string;
  /** Return the stored values (BITPIX's dtype) without applying BSCALE/BZERO/BLANK. Default false. */
  raw?: boolean;
}

/** An image and its header, as {@link readFits} returns them. */
export interface FitsData {
  /** The values: shape in numpy's order (NAXISn, ..., NAXIS1), dtype as astropy gives it. */
  data: NdArray;
  /** The HDU's header (for a tile-compressed image, the image's own header, as astropy shows it). */
  header: FitsHeader;
}

/** The result of {@link readFits}: the image, its header and which HDU it came from. */
export interface FitsReadResult extends FitsData {
  /** The number of the HDU read. */
  hdu: number;
}

/** Options of {@link writeFits}. */
export interface WriteFitsOptions {
  /**
   * Store float data as int16 with BSCALE/BZERO from its min and max (as
   * ccdmultipipe's `as_scaled_int`, astropy's `scale('int16', 'minmax')`):
   * half the size, precision (max − min) / 65534. NaN is stored as BLANK.
   */
  asScaledInt?: boolean;
  /** Add CHECKSUM and DATASUM cards (the FITS checksum convention). Default false. */
  checksum?: boolean;
}

/**
 * Reads one image HDU of a FITS file on the native pool: plain images (BITPIX
 * 8, 16, 32, 64, −32, −64) with BSCALE/BZERO/BLANK applied as astropy does
 * (BZERO 32768 → uint16, other scalings → float32/float64, BLANK → NaN),
 * tile-compressed images (RICE_1, GZIP_1, GZIP_2) and gzip-compressed files.
 * Every size a header claims is checked against the file before anything is
 * allocated; errors name the file, the HDU and what is wrong.
 */
export async function readFits(path: string, options: ReadFitsOptions = {}): Promise<FitsReadResult> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('readFits: path must be a non-empty string');
  const { hdu, raw = false } = options;
  if (hdu !== undefined && !(typeof hdu === 'string' || (Number.isInteger(hdu) && hdu >= 0 && hdu < 2 ** 32))) {
    throw new TypeError(`readFits(${path}): hdu must be an HDU number (0 or more) or an EXTNAME string`);
  }
  const r = await loadNative().readFits(
    path,
    typeof hdu === 'number' ? hdu : null,
    typeof hdu === 'string' ? hdu : null,
    raw === true,
  );
  return { data: NdArray.fromNative(r.array), header: FitsHeader.fromNative(r.cards), hdu: r.index };
}

/**
 * Writes `data` as a single-HDU FITS file on the native pool: the mandatory
 * keywords (SIMPLE, BITPIX, NAXIS, NAXISn, EXTEND, and BSCALE/BZERO for
 * unsigned or int8 data) in the standard's order, then `header`'s cards
 * (its structural keywords are left out: the data decides them), 2880-byte
 * blocks, big-endian data. The file is written to a temporary name in the
 * same directory and renamed, so no reader sees it half-written. Resolves
 * with the path written.
 */
export async function writeFits(
  path: string,
  data: NdArray,
  header?: FitsHeader | Record<string, FitsValue>,
  options: WriteFitsOptions = {},
): Promise<string> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('writeFits: path must be a non-empty string');
  if (!(data instanceof NdArray)) throw new TypeError(`writeFits(${path}): data must be an NdArray`);
  const h = header === undefined ? new FitsHeader() : header instanceof FitsHeader ? header : new FitsHeader(header);
  // TODO(pipe): currentFile()?.assertMayWrite(path);  -- the lead wires this at merge (src/pipeline/file-context.ts)
  return loadNative().writeFits(
    path,
    NdArray.toNative(data),
    FitsHeader.toNative(h),
    options.asScaledInt === true,
    options.checksum === true,
  );
}
