/**
 * The original's helper functions: output names, pruning, metadata clean-up
 * and logging, and per-element application over grouped data.
 * @packageDocumentation
 */
import path from 'node:path';
import { OUTNAME_APPEND } from './defaults.js';
import { describeInName } from './errors.js';
import type { Awaitable, InName, Kwargs, Meta, Pout } from './types.js';

const SEPS = process.platform === 'win32' ? ['/', '\\'] : ['/'];

function lastSep(p: string): number {
  return Math.max(...SEPS.map((s) => p.lastIndexOf(s)));
}

/** Python's `os.path.join(a, b)`: `b` when it is absolute, else `a` + separator + `b` (no normalisation). */
function pyJoin(a: string, b: string): string {
  if (path.isAbsolute(b) || a === '') return b;
  return SEPS.some((s) => a.endsWith(s)) ? a + b : a + path.sep + b;
}

/** Python's `os.path.splitext(os.path.basename(p))`: leading dots never start an extension. */
function stemAndExt(p: string): [string, string] {
  const base = p.slice(lastSep(p) + 1);
  const dot = base.lastIndexOf('.');
  if (dot > 0) {
    for (let i = 0; i < dot; i++) if (base[i] !== '.') return [base.slice(0, dot), base.slice(dot)];
  }
  return [base, ''];
}

/** Options of {@link outnameCreator}. */
export interface OutnameCreatorOptions {
  /** The file's metadata: its `outdir`, `outnameAppend` and `outname` keys override the options. */
  meta?: Meta | null;
  /** Output directory; default the current directory. Joined with `outname` too (unless `outname` is absolute). */
  outdir?: string | null;
  /** Appended to the input's stem, before its extension; default `'_bmp'`. Ignored when `outname` is given. */
  outnameAppend?: string | null;
  /** A fixed output name (usually set per file, through `meta` or `bmpKwargs`). */
  outname?: string | null;
  /** Other control-stream keys are ignored. */
  [key: string]: unknown;
}

/**
 * The output file name for `inName` (Python's `outname_creator`).
 * `meta.outdir`, `meta.outnameAppend` and `meta.outname` override the options
 * when not null/undefined. With no outname:
 * `outdir (default cwd) / stem + outnameAppend + ext` — `data.npy` becomes
 * `data_bmp.npy`. With an outname and an outdir: `outdir / outname` (an
 * absolute outname stays as it is, as with Python's `os.path.join`). With an
 * outname and no outdir: the outname. Paths are joined as Python does (not
 * normalised). A grouped input needs an outname.
 */
export function outnameCreator(inName: InName, options: OutnameCreatorOptions = {}): string {
  const meta = options.meta ?? undefined;
  const pick = <T>(key: string, fallback: T): T => {
    const v = meta?.[key];
    return v !== null && v !== undefined ? (v as T) : fallback;
  };
  let outdir = pick<string | null | undefined>('outdir', options.outdir);
  const outnameAppend = pick<string | null | undefined>('outnameAppend', options.outnameAppend) ?? OUTNAME_APPEND;
  let outname = pick<string | null | undefined>('outname', options.outname);
  for (const [k, v] of [['outdir', outdir], ['outnameAppend', outnameAppend], ['outname', outname]] as const) {
    if (v !== null && v !== undefined && typeof v !== 'string') {
      throw new TypeError(`outnameCreator(${describeInName(inName)}): ${k} must be a string; got ${typeof v}`);
    }
  }
  if (outname === null || outname === undefined) {
    if (typeof inName !== 'string') {
      throw new TypeError(
        `outnameCreator: the grouped input ${describeInName(inName)} has no single name to derive an output name from; ` +
          `set meta.outname in a post-process function, or outname in a pre-process function's bmpKwargs`,
      );
    }
    outdir = outdir ?? process.cwd();
    const [stem, ext] = stemAndExt(inName);
    outname = pyJoin(outdir, stem + outnameAppend + ext);
  } else if (outdir !== null && outdir !== undefined) {
    outname = pyJoin(outdir, outname);
  }
  return outname;
}

/**
 * Drops the entries of a pout whose outname is null **and** whose metadata
 * is empty (files rejected by a pre-process step), and the matching input
 * names (Python's `prune_pout`). Returns `[prunedPout, prunedInNames]`.
 */
export function prunePout<I = InName>(pout: Pout, inNames: readonly I[]): [Pout, I[]] {
  if (pout.length !== inNames.length) {
    throw new RangeError(`prunePout: pout has ${pout.length} entries but inNames has ${inNames.length}; pass the inNames the pout was made from`);
  }
  const prunedPout: Pout = [];
  const prunedInNames: I[] = [];
  pout.forEach((entry, i) => {
    const [outname, meta] = entry;
    if (outname === null && (meta === null || meta === undefined || Object.keys(meta).length === 0)) return;
    prunedPout.push(entry);
    prunedInNames.push(inNames[i] as I);
  });
  return [prunedPout, prunedInNames];
}

/** The metadata key under which {@link bmpCleanup} keeps the keys to remove. */
export const BMP_CLEANUP_LIST = 'bmpCleanupList';

/**
 * Registers metadata keys for removal after all post-process functions ran
 * (Python's `bmp_cleanup`), so post-process functions can share large items
 * that are not returned. With `add` (a key or keys): registers them. Without:
 * removes the registered keys and the list itself (the pipeline does this
 * unless `noBmpCleanup` is set). Returns `data`.
 */
export function bmpCleanup<D>(data: D, options: { bmpMeta: Meta; add?: string | readonly string[] | null }): D {
  const { bmpMeta, add } = options;
  if (bmpMeta === null || typeof bmpMeta !== 'object') {
    throw new TypeError('bmpCleanup: bmpMeta (the metadata object a post-process function receives) is required');
  }
  const existing = bmpMeta[BMP_CLEANUP_LIST] as unknown;
  const list: string[] = existing == null ? [] : Array.isArray(existing) ? [...(existing as string[])] : [String(existing)];
  if (add === null || add === undefined) {
    for (const key of list) delete bmpMeta[key];
    if (list.length > 0) delete bmpMeta[BMP_CLEANUP_LIST];
  } else {
    list.push(...(typeof add === 'string' ? [add] : add));
    bmpMeta[BMP_CLEANUP_LIST] = list;
  }
  return data;
}

/**
 * Per-file logging into the metadata stream (Python's `multi_logging`):
 * appends `message` to the array `meta[level]`, creating it.
 */
export function multiLogging(level: string, meta: Meta, message: string): void {
  const current = meta[level] as unknown;
  if (Array.isArray(current)) current.push(message);
  else meta[level] = [message];
}

/** A (nested) array of elements, as grouped inputs read into grouped data. */
export type Nested<T> = T | readonly Nested<T>[];

/**
 * Returns `(list, kwargs) => Promise<results>` that applies `fn` to each
 * element of a (nested) array, awaiting each in turn, and returns results of
 * the same nesting (Python's `multi_proc`) — e.g. to apply a per-file step to
 * grouped data in a pre- or post-process list. Without `isElement`, every JS
 * array is a nesting level and anything else (including typed arrays and
 * NdArrays) an element; pass `isElement` when elements are themselves arrays.
 */
export function multiProc<T = unknown, R = unknown>(
  fn: (element: T, kwargs: Kwargs) => Awaitable<R>,
  isElement?: (value: unknown) => boolean,
): (list: Nested<T>, kwargs?: Kwargs) => Promise<Nested<R>> {
  if (typeof fn !== 'function') throw new TypeError('multiProc: fn must be a function');
  const elementTest = isElement ?? ((v: unknown) => !Array.isArray(v));
  const apply = async (list: Nested<T>, kwargs: Kwargs = {}): Promise<Nested<R>> => {
    if (!Array.isArray(list)) {
      throw new TypeError(`multiProc: expected an array of data items; got ${typeof list}`);
    }
    const out: Nested<R>[] = [];
    for (const item of list as readonly Nested<T>[]) {
      out.push(elementTest(item) ? await fn(item as T, kwargs) : await apply(item, kwargs));
    }
    return out;
  };
  return apply;
}

/**
 * A post-process function that returns null: the file's metadata is kept and
 * no output file is written (Python's `no_outfile`). Put it last in
 * `postProcessList`.
 */
export function noOutfile(_data?: unknown, _kwargs?: Kwargs): null {
  return null;
}
