/**
 * The named settings of `BigMultiPipe`, their validation, and the split of a
 * `pipeline()` options object into settings, run options and kwargs.
 * @packageDocumentation
 */
import type { Executor } from '../executors/executor.js';
import { checkNumberOption, describeValue } from './resources.js';
import type { Kwargs, PostProcessFunction, PreProcessFunction, RunOptions } from './types.js';
import { RUN_OPTION_NAMES } from './types.js';

/** A function, an array of functions, or null/undefined (an empty list), as Python's `assure_list` accepts. */
export type ListOption<F> = F | readonly F[] | null | undefined;

/**
 * The named settings of a {@link BigMultiPipe} (Python's named parameters).
 * Every other key of the options object is a control-stream keyword.
 */
export interface BigMultiPipeSettings<Data = unknown> {
  /** Max files in flight. null/0: all physical cores; 0 < x < 1: that fraction of them; < 0: an error. */
  numProcesses?: number | null;
  /** Bytes the whole run may use. Default: `memFrac` × the memory the OS reports as available. */
  memAvailable?: number | null;
  /** Fraction of available memory the run may use when `memAvailable` is not set (default 0.8). */
  memFrac?: number | null;
  /** Max bytes one file's processing needs; with the memory budget it bounds the files in flight. */
  processSize?: number | null;
  /** Output directory (default: the current directory). */
  outdir?: string | null;
  /** Create the output directory (and parents) when writing (default false). */
  createOutdir?: boolean | null;
  /** Appended to each input's stem to name its output (default `'_bmp'`). */
  outnameAppend?: string | null;
  /** A fixed output name (usually set per file through metadata or `bmpKwargs`). */
  outname?: string | null;
  /** Functions run before `dataProcess`. Given to `pipeline()`, they are appended to the instance's. */
  preProcessList?: ListOption<PreProcessFunction<Data>>;
  /** Functions run after `dataProcess`, building metadata. Given to `pipeline()`, they are appended. */
  postProcessList?: ListOption<PostProcessFunction<Data>>;
  /** How files run in parallel (Python's `PoolClass`); default an in-process async executor. */
  executor?: Executor | null;
}

/** Options of `new BigMultiPipe(options)`: the named settings plus control-stream keywords. */
export interface BigMultiPipeOptions<Data = unknown> extends BigMultiPipeSettings<Data> {
  /** Any other key is a control-stream keyword (kept as `kwargs`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [keyword: string]: any;
}

/** Options of `pipeline()`: settings overriding the instance's, run options, and control-stream keywords. */
export interface PipelineOptions<Data = unknown> extends BigMultiPipeSettings<Data>, RunOptions {
  /** Any other key is a control-stream keyword, merged over the instance's `kwargs`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [keyword: string]: any;
}

/** The names of the named settings (never control-stream keywords at construction). */
export const SETTING_NAMES = [
  'numProcesses', 'memAvailable', 'memFrac', 'processSize', 'outdir', 'createOutdir',
  'outnameAppend', 'outname', 'preProcessList', 'postProcessList', 'executor',
] as const;

/** Normalises a list option to an array of functions, with an error naming the option. */
export function assureList<F>(name: string, value: unknown): F[] {
  if (value === null || value === undefined) return [];
  const list = (Array.isArray(value) ? value : [value]) as unknown[];
  list.forEach((f, i) => {
    if (typeof f !== 'function') {
      throw new TypeError(`${name}[${i}] must be a function (data, kwargs) => data; got ${describeValue(f)}`);
    }
  });
  return list as F[];
}

/** Validates the named settings present in `s`; errors name the option and say what is allowed. */
export function validateSettings(s: Partial<Record<(typeof SETTING_NAMES)[number], unknown>>): void {
  checkNumberOption('numProcesses', s.numProcesses, 0, false, 'max files in flight; 0 or null: all physical cores; 0 < x < 1: a fraction of them');
  checkNumberOption('memAvailable', s.memAvailable, 0, false, 'bytes the whole run may use');
  checkNumberOption('memFrac', s.memFrac, 0, true, 'the fraction of available memory the run may use, e.g. 0.8');
  checkNumberOption('processSize', s.processSize, 0, true, "the maximum bytes one file's processing needs");
  for (const key of ['outdir', 'outnameAppend', 'outname'] as const) {
    const v = s[key];
    if (v !== null && v !== undefined && typeof v !== 'string') throw new TypeError(`${key} must be a string; got ${describeValue(v)}`);
  }
  if (s.createOutdir !== null && s.createOutdir !== undefined && typeof s.createOutdir !== 'boolean') {
    throw new TypeError(`createOutdir must be true or false; got ${describeValue(s.createOutdir)}`);
  }
  assureList('preProcessList', s.preProcessList);
  assureList('postProcessList', s.postProcessList);
  const ex = s.executor as { run?: unknown } | null | undefined;
  if (ex !== null && ex !== undefined && (typeof ex !== 'object' || typeof ex.run !== 'function')) {
    throw new TypeError('executor must be an object with a run(request) method (see the Executor interface); got ' + describeValue(ex));
  }
}

/** Validated run options. */
export interface ResolvedRunOptions {
  onError: 'raise' | 'collect';
  failFast: boolean;
  signal: AbortSignal | undefined;
  onProgress: RunOptions['onProgress'];
  journal: string | undefined;
  keepArrays: boolean;
}

/** Validates and extracts the run options of a `pipeline()` options object. */
export function resolveRunOptions(o: RunOptions): ResolvedRunOptions {
  const onError = o.onError ?? 'raise';
  if (onError !== 'raise' && onError !== 'collect') throw new TypeError(`onError must be 'raise' or 'collect'; got ${describeValue(onError)}`);
  if (o.failFast !== undefined && typeof o.failFast !== 'boolean') throw new TypeError(`failFast must be true or false; got ${describeValue(o.failFast)}`);
  const signal = o.signal;
  if (signal !== undefined && (typeof signal !== 'object' || signal === null || typeof (signal as AbortSignal).aborted !== 'boolean')) {
    throw new TypeError('signal must be an AbortSignal (e.g. new AbortController().signal)');
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') throw new TypeError('onProgress must be a function (event) => void');
  if (o.journal !== undefined && (typeof o.journal !== 'string' || o.journal === '')) {
    throw new TypeError(`journal must be a file path; got ${describeValue(o.journal)}`);
  }
  if (o.keepArrays !== undefined && typeof o.keepArrays !== 'boolean') throw new TypeError(`keepArrays must be true or false; got ${describeValue(o.keepArrays)}`);
  return { onError, failFast: o.failFast ?? false, signal, onProgress: o.onProgress, journal: o.journal, keepArrays: o.keepArrays ?? false };
}

/** Splits an options object into named settings, run options and the remaining keywords. */
export function splitOptions(options: Kwargs): { settings: Kwargs; run: RunOptions; kwargs: Kwargs } {
  const settings: Kwargs = {};
  const run: Kwargs = {};
  const kwargs: Kwargs = {};
  for (const [key, value] of Object.entries(options)) {
    if ((SETTING_NAMES as readonly string[]).includes(key)) settings[key] = value;
    else if ((RUN_OPTION_NAMES as readonly string[]).includes(key)) run[key] = value;
    else kwargs[key] = value;
  }
  return { settings, run: run as RunOptions, kwargs };
}
