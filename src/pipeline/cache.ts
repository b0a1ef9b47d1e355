/**
 * `cachedPout`: save a pipeline's output, or read the saved one instead of
 * running the pipeline again.
 * @packageDocumentation
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './files.js';
import { createDirectory } from './outdir.js';
import { decodeTagged, encodeTagged } from './tagged.js';
import type { Awaitable, Kwargs, Pout } from './types.js';

/** The `format` field of a saved pout file. */
export const POUT_FILE_FORMAT = 'bigmultipipe-pout';

/** Options of {@link cachedPout}. Other keys are passed to `pipeCode`. */
export interface CachedPoutOptions {
  /** The file the pout is saved to / read from (required when reading or writing). */
  poutname?: string | null;
  /** Read the pout from `poutname` when it can be read, instead of running `pipeCode` (default false). */
  readPout?: boolean;
  /** Save the pout to `poutname` after running `pipeCode` (default false). */
  writePout?: boolean;
  /** Passed to `pipeCode`; also creates `poutname`'s directory before saving (default false). */
  createOutdir?: boolean;
  /** Any other keyword is passed to `pipeCode`. */
  // biome-ignore lint/suspicious/noExplicitAny: keywords passed through to pipeCode, the caller's own
  [keyword: string]: any;
}

/**
 * Reads a saved pipeline output instead of running the pipeline, or runs it
 * and saves the output (Python's `cached_pout`, which used pickle).
 *
 * With `readPout`, a readable `poutname` is returned without running
 * `pipeCode` (a missing or unreadable file falls back to running it, as in
 * the original). Otherwise `pipeCode({ createOutdir, ...kwargs })` runs and,
 * with `writePout`, its result is saved to `poutname` atomically.
 *
 * The file is JSON, `{"format":"bigmultipipe-pout","version":1,"pout":…}`,
 * with the `$bmp` tags of `encodeTagged` for what plain JSON loses: NaN,
 * ±Infinity, -0, undefined, bigints, every typed array (incl.
 * `BigInt64Array`), Dates, Maps and Sets, at any depth.
 */
export async function cachedPout<T = Pout>(
  pipeCode: (kwargs: Kwargs) => Awaitable<T>,
  options: CachedPoutOptions = {},
): Promise<T> {
  const { poutname, readPout = false, writePout = false, createOutdir = false, ...kwargs } = options;
  if (typeof pipeCode !== 'function') throw new TypeError('cachedPout: pipeCode must be a function (kwargs) => pout');
  if ((readPout || writePout) && (typeof poutname !== 'string' || poutname === '')) {
    throw new TypeError('cachedPout: poutname (the file to read or write the pout) is required with readPout or writePout');
  }
  if (readPout) {
    try {
      const saved = JSON.parse(await fs.readFile(poutname as string, 'utf8')) as { format?: unknown; pout?: unknown };
      if (saved.format === POUT_FILE_FORMAT) return decodeTagged(saved.pout) as T;
    } catch {
      // not there or not readable: run the pipeline, as the original does
    }
  }
  const pout = await pipeCode({ createOutdir, ...kwargs });
  if (writePout) {
    const file = poutname as string;
    const text = JSON.stringify({ format: POUT_FILE_FORMAT, version: 1, pout: encodeTagged(pout, 'pout') });
    if (createOutdir) await createDirectory(path.dirname(path.resolve(file)));
    try {
      await writeFileAtomic(file, text);
    } catch (err) {
      throw new Error(
        `cachedPout: cannot write ${file} (${(err as Error).message}); pass createOutdir: true to create its directory, or another poutname`,
      );
    }
  }
  return pout;
}
