/**
 * `bigmultipipe info FILE...`: what an array file holds (shape, dtype,
 * order, size), its statistics and, for FITS, its header, without writing
 * code.
 * @packageDocumentation
 */
import { open } from 'node:fs/promises';
import type { NdArray } from '../array/ndarray.js';
import { readFits } from '../formats/fits.js';
import type { FitsCardEntry } from '../formats/fits-header.js';
import { readNpy } from '../formats/npy.js';
import type { PreviewOptions } from '../report/preview.js';
import { writePreview } from '../report/preview.js';
import { encodeTagged } from '../pipeline/tagged.js';
import { EXIT, UsageError } from './errors.js';
import type { CommandIo } from './run-command.js';
import { formatBytes } from './units.js';

/** What `info` reports about one array file. */
export interface ArrayInfo {
  /** The file as given. */
  file: string;
  /** Its format, from its first bytes. */
  format: 'npy' | 'fits';
  /** FITS: the HDU read (the first holding an image, as astropy's `CCDData.read`). */
  hdu?: number;
  /** FITS: that HDU's header cards, in order. */
  header?: FitsCardEntry[];
  /** FITS: the header as card images (80 characters each), for the text form. */
  headerText?: string[];
  shape: number[];
  dtype: string;
  /** `'C'` (row-major) or `'F'` (Fortran, column-major), as the file stores it. */
  order: 'C' | 'F';
  size: number;
  nbytes: number;
  /** numpy's results, NaN propagating; null for an empty array or a statistic the dtype has none of. */
  min: number | null;
  max: number | null;
  mean: number | null;
  median: number | null;
  std: number | null;
  /** `--png`: the preview written. */
  preview?: string;
}

/** `info --png`: where to write a preview of the (one) file, and how to draw it. */
export interface InfoPngOptions extends PreviewOptions {
  png: string;
}

const STATS = ['min', 'max', 'mean', 'median', 'std'] as const;

/** The format a file's first bytes announce (a gzip stream is taken for a compressed FITS file, as readFits reads those). */
async function sniff(file: string): Promise<'npy' | 'fits' | 'unknown'> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(9);
    const { bytesRead } = await handle.read(head, 0, 9, 0);
    const text = head.subarray(0, bytesRead).toString('latin1');
    if (text.startsWith('\x93NUMPY')) return 'npy';
    if (text.startsWith('SIMPLE  =') || text.startsWith('\x1f\x8b')) return 'fits';
    return 'unknown';
  } finally {
    await handle.close();
  }
}

async function describeArray(file: string, format: ArrayInfo['format'], array: NdArray): Promise<ArrayInfo> {
  const info: ArrayInfo = {
    file,
    format,
    shape: [...array.shape],
    dtype: array.dtype,
    order: array.fortranOrder ? 'F' : 'C',
    size: array.size,
    nbytes: array.nbytes,
    min: null,
    max: null,
    mean: null,
    median: null,
    std: null,
  };
  if (array.size === 0) return info;
  for (const stat of STATS) {
    try {
      info[stat] = await array[stat]();
    } catch {
      // a statistic this dtype has none of (shown as n/a)
    }
  }
  return info;
}

/** Writes the `--png` preview of a file's array (its plane for a cube), naming the file in any error. */
async function withPreview(info: ArrayInfo, array: NdArray, png: InfoPngOptions | undefined): Promise<ArrayInfo> {
  if (!png) return info;
  const { png: out, ...options } = png;
  try {
    return { ...info, preview: await writePreview(out, array, options) };
  } catch (err) {
    throw new Error(`${info.file}: no preview written to ${out}: ${(err as Error).message}`, { cause: err });
  }
}

/** Reads one file's description (and writes its preview with `png`); errors name the file and what it is. */
export async function fileInfo(file: string, png?: InfoPngOptions): Promise<ArrayInfo> {
  let kind: Awaited<ReturnType<typeof sniff>>;
  try {
    kind = await sniff(file);
  } catch (err) {
    throw new Error(`${file}: cannot be read (${(err as Error).message})`, { cause: err });
  }
  if (kind === 'unknown') throw new Error(`${file}: neither an .npy file (\\x93NUMPY magic) nor a FITS file (SIMPLE card)`);
  if (kind === 'fits') {
    const { data, header, hdu } = await readFits(file);
    try {
      const info = await withPreview(await describeArray(file, 'fits', data), data, png);
      const text = header.toString();
      const lines: string[] = [];
      for (let i = 0; i < text.length; i += 80) lines.push(text.slice(i, i + 80).trimEnd());
      return { ...info, hdu, header: header.cards, headerText: lines };
    } finally {
      data.dispose();
    }
  }
  const array = await readNpy(file);
  try {
    return await withPreview(await describeArray(file, 'npy', array), array, png);
  } finally {
    array.dispose();
  }
}

const num = (v: number | null): string => (v === null ? 'n/a' : String(v));

/** The text block of one file. */
export function formatInfo(info: ArrayInfo): string {
  const shape = `(${info.shape.join(', ')}${info.shape.length === 1 ? ',' : ''})`;
  const rows: Array<[string, string]> = [
    ['shape', shape],
    ['dtype', info.dtype],
    ['order', info.order === 'F' ? 'F (Fortran, column-major)' : 'C (row-major)'],
    ['size', `${info.size} element(s), ${formatBytes(info.nbytes)}`],
    ...STATS.map((s): [string, string] => [s, info.size === 0 ? 'n/a (empty array)' : num(info[s])]),
  ];
  const head = info.format === 'fits' ? `${info.file}  (FITS, HDU ${info.hdu})` : `${info.file}  (.npy)`;
  if (info.preview) rows.push(['preview', info.preview]);
  const header = info.headerText ? `  header  ${info.headerText.length} card(s):\n${info.headerText.map((c) => `    ${c}`).join('\n')}\n` : '';
  return `${head}\n${rows.map(([k, v]) => `  ${k.padEnd(7)} ${v}`).join('\n')}\n${header}`;
}

/** Runs `bigmultipipe info`: 0 when every file was described, 1 when one could not be. */
export async function infoCommand(files: readonly string[], opts: { json?: boolean; png?: InfoPngOptions }, io: CommandIo): Promise<number> {
  if (opts.png && files.length !== 1) {
    throw new UsageError(`--png writes the preview of one file; got ${files.length} files (run info --png once per file)`);
  }
  const infos: ArrayInfo[] = [];
  let failed = 0;
  for (const file of files) {
    try {
      const info = await fileInfo(file, opts.png);
      infos.push(info);
      if (!opts.json) io.stdout.write(`${infos.length > 1 ? '\n' : ''}${formatInfo(info)}`);
    } catch (err) {
      failed += 1;
      io.stderr.write(`bigmultipipe info: ${(err as Error).message}\n`);
    }
  }
  if (opts.json)
    io.stdout.write(
      `${JSON.stringify(
        encodeTagged(
          infos.map(({ headerText, ...rest }) => rest),
          'info',
        ),
        null,
        2,
      )}\n`,
    );
  return failed > 0 ? EXIT.failed : EXIT.ok;
}
