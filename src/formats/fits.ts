/**
 * FITS images: `readFits` and `writeFits`, thin wrappers over the native
 * reader and writer (crates/core/src/fits).
 * @packageDocumentation
 */
import { assertNotWritten, checkDType } from '../array/core.js';
import type { DType } from '../array/dtype.js';
import { NdArray } from '../array/ndarray.js';
import { loadNative } from '../native/loader.js';
import { FitsHeader, type FitsValue } from './fits-header.js';
import { writeUnderPermit } from './write-permit.js';

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
  /**
   * Cast the values to this dtype, exactly as `astype(dtype)` would cast
   * what astropy reads (`fits.getdata(path).astype(dtype)`). To `float32`
   * or `float64` this happens in the same pass as the read (big-endian
   * bytes, BSCALE/BZERO/BLANK and the cast per element, no intermediate
   * array), so it is much faster than reading then calling `astype`. The
   * header is the one astropy shows for the scaled data. Default: the
   * dtype astropy gives.
   */
  dtype?: DType;
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
 * tile-compressed images (RICE_1, GZIP_1, GZIP_2) and gzip-compressed files;
 * `dtype` casts as `astype` does, fused with the read for float dtypes.
 * Every size a header claims is checked against the file before anything is
 * allocated; errors name the file, the HDU and what is wrong.
 */
export async function readFits(path: string, options: ReadFitsOptions = {}): Promise<FitsReadResult> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('readFits: path must be a non-empty string');
  const { hdu, raw = false, dtype } = options;
  if (dtype !== undefined) checkDType(dtype, `readFits(${path}): option dtype`);
  if (hdu !== undefined && !(typeof hdu === 'string' || (Number.isInteger(hdu) && hdu >= 0 && hdu < 2 ** 32))) {
    throw new TypeError(`readFits(${path}): hdu must be an HDU number (0 or more) or an EXTNAME string`);
  }
  const r = await loadNative().readFits(
    path,
    typeof hdu === 'number' ? hdu : null,
    typeof hdu === 'string' ? hdu : null,
    raw === true,
    dtype ?? null,
  );
  return { data: NdArray.fromNative(r.array), header: FitsHeader.fromNative(r.cards), hdu: r.index };
}

/** One HDU of a multi-extension file written by {@link writeFits}. */
export interface FitsHduInput {
  /** The image; omitted for a header-only HDU (such as an empty primary HDU). */
  data?: NdArray;
  /** Its header cards (structural keywords among them are left out: the data decides them). */
  header?: FitsHeader | Record<string, FitsValue>;
  /** Its EXTNAME (as astropy's `ImageHDU(name=...)`); overrides an EXTNAME in `header`. */
  name?: string;
}

/**
 * Writes `data` as a single-HDU FITS file on the native pool: the mandatory
 * keywords (SIMPLE, BITPIX, NAXIS, NAXISn, EXTEND, and BSCALE/BZERO for
 * unsigned or int8 data) in the standard's order, then `header`'s cards
 * (its structural keywords are left out: the data decides them), 2880-byte
 * blocks, big-endian data. The file is written to a temporary name in the
 * same directory and renamed, so no reader sees it half-written. Inside a
 * pipeline file past its `fileTimeout` the write is refused. Resolves
 * with the path written.
 */
export async function writeFits(
  path: string,
  data: NdArray,
  header?: FitsHeader | Record<string, FitsValue>,
  options?: WriteFitsOptions,
): Promise<string>;
/**
 * Writes a multi-extension FITS file: the first of `hdus` is the primary
 * HDU, each other one an IMAGE extension (XTENSION, PCOUNT, GCOUNT), as
 * astropy's `HDUList([PrimaryHDU(), ImageHDU(sci, name='SCI'), ...])`.
 * `asScaledInt` scales the float images and leaves the others as they are;
 * `checksum` sums every HDU. Temporary name, then rename, as above.
 */
export async function writeFits(path: string, hdus: readonly FitsHduInput[], options?: WriteFitsOptions): Promise<string>;
export async function writeFits(
  path: string,
  data: NdArray | readonly FitsHduInput[],
  header?: FitsHeader | Record<string, FitsValue> | WriteFitsOptions,
  options: WriteFitsOptions = {},
): Promise<string> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('writeFits: path must be a non-empty string');
  if (Array.isArray(data)) return writeHdus(path, data, (header ?? {}) as WriteFitsOptions);
  if (!(data instanceof NdArray)) throw new TypeError(`writeFits(${path}): data must be an NdArray (or a list of HDUs)`);
  const h = toHeader(header as FitsHeader | Record<string, FitsValue> | undefined);
  assertNotWritten(data, `writeFits(${path})`);
  return writeUnderPermit(path, () =>
    loadNative().writeFits(path, NdArray.toNative(data), FitsHeader.toNative(h), options.asScaledInt === true, options.checksum === true),
  );
}

function toHeader(header: FitsHeader | Record<string, FitsValue> | undefined): FitsHeader {
  return header === undefined ? new FitsHeader() : header instanceof FitsHeader ? header : new FitsHeader(header);
}

async function writeHdus(path: string, hdus: readonly FitsHduInput[], options: WriteFitsOptions): Promise<string> {
  if (hdus.length === 0) throw new TypeError(`writeFits(${path}): the list of HDUs is empty; give at least one (the primary HDU)`);
  const arrays = hdus.map((hdu, i) => {
    if (hdu === null || typeof hdu !== 'object') throw new TypeError(`writeFits(${path}): HDU ${i} must be an object { data?, header?, name? }`);
    if (hdu.data === undefined) return null;
    if (!(hdu.data instanceof NdArray)) throw new TypeError(`writeFits(${path}): HDU ${i}'s data must be an NdArray (or omitted)`);
    assertNotWritten(hdu.data, `writeFits(${path}) HDU ${i}`);
    return NdArray.toNative(hdu.data);
  });
  const cards = hdus.map((hdu, i) => {
    const h = toHeader(hdu.header);
    if (hdu.name !== undefined) {
      if (typeof hdu.name !== 'string') throw new TypeError(`writeFits(${path}): HDU ${i}'s name must be a string (its EXTNAME)`);
      const named = h.clone();
      named.set('EXTNAME', hdu.name, 'extension name');
      return FitsHeader.toNative(named);
    }
    return FitsHeader.toNative(h);
  });
  return writeUnderPermit(path, () =>
    loadNative().writeFitsHdus(path, arrays, cards, options.asScaledInt === true, options.checksum === true),
  );
}
