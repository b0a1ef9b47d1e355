/**
 * Types shared by the pipeline façade: the control stream, metadata, pout
 * entries and the hook function shapes.
 * @packageDocumentation
 */

/** A value or a Promise of it: every hook may be synchronous or asynchronous. */
export type Awaitable<T> = T | Promise<T>;

/**
 * The control stream (Python's `**kwargs`): keyword options given at
 * construction, overridden or added to at `pipeline()` time, and by
 * pre-process functions (via `bmpKwargs`) for one file. Values are
 * user-defined, hence `any`, so that hooks can destructure them freely.
 */
// biome-ignore lint/suspicious/noExplicitAny: user-defined values, destructured freely by hooks
export type Kwargs = Record<string, any>;

/**
 * The metadata stream: a small object per file, returned with its output
 * name. Post-process functions write into it (as `kwargs.bmpMeta`).
 */
// biome-ignore lint/suspicious/noExplicitAny: user-defined values, destructured freely by hooks
export type Meta = Record<string, any>;

/**
 * One input item: a file name, or a (nested) array of file names processed as
 * one item (one read, one output).
 */
export type InName = string | readonly InName[];

/** One pout entry: the output file name (or null when none was written) and the metadata. */
export type PoutEntry = [outname: string | null, meta: Meta];

/** A pipeline's output: one entry per input, in input order. */
export type Pout = PoutEntry[];

/**
 * The object a pre-process function returns to replace the data *and* add to
 * the control stream for the rest of this file (Python's
 * `{'bmp_data': ..., 'bmp_kwargs': ...}`).
 */
export interface PreProcessResult<Data = unknown> {
  /** The (possibly new) data. */
  bmpData: Data;
  /** Keywords merged into this file's control stream (never into other files'). */
  bmpKwargs?: Kwargs | null;
}

/**
 * A pre-process function: gets the data and a copy of this file's control
 * stream. Returns null/undefined to reject the file (pout entry
 * `[null, {}]`), a {@link PreProcessResult} to replace the data and add
 * keywords, or anything else as the new data.
 */
// biome-ignore lint/suspicious/noExplicitAny: user-defined values, destructured freely by hooks
export type PreProcessFunction<Data = any> = (
  data: Data,
  kwargs: Kwargs,
) => Awaitable<Data | PreProcessResult<Data> | null | undefined>;

/**
 * A post-process function: gets the processed data and a copy of this file's
 * control stream with `bmpMeta`, the file's metadata object, to write into.
 * Returns the (possibly new) data, or null/undefined to stop the chain for
 * this file: no output is written and the metadata so far is kept.
 */
// biome-ignore lint/suspicious/noExplicitAny: user-defined values, destructured freely by hooks
export type PostProcessFunction<Data = any> = (
  data: Data,
  kwargs: Kwargs & { bmpMeta: Meta },
) => Awaitable<Data | null | undefined>;

/** The event `onProgress` receives as each file finishes. */
export interface ProgressEvent {
  /** Files finished so far (including files taken from the journal). */
  done: number;
  /** Files in the run. */
  total: number;
  /** The input item that finished. */
  inName: InName;
  /** Its output name, or null. */
  outname: string | null;
  /** Set when the file failed: its recorded error. */
  error?: { message: string; name: string };
  /** True when the entry was taken from the journal instead of being processed. */
  fromJournal?: boolean;
}

/** `true` when `A` and `B` have the same keys, else `false` (for compile-time checks that two lists agree). @internal */
export type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;

/** Compiles only when `T` is `true`. @internal */
export type AssertTrue<T extends true> = T;
