/**
 * The named settings of `BigMultiPipe` (Python's named parameters): their
 * types, names, validation and the one resolver that fills them in.
 * @packageDocumentation
 */
import type { Executor } from '../executors/executor.js';
import type { BigMultiPipe } from './bigmultipipe.js';
import { SETTING_DEFAULTS } from './defaults.js';
import { validateResourceOptions } from './resources.js';
import type { AssertTrue, PostProcessFunction, PreProcessFunction, SameKeys } from './types.js';
import { checkBooleanOption, checkStringOption, describeValue, functionList } from './validation.js';

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
  /** Fraction of available memory the run may use when `memAvailable` is not set (default `MEM_FRAC`, 0.8). */
  memFrac?: number | null;
  /** Max bytes one file's processing needs; with the memory budget it bounds the files in flight. */
  processSize?: number | null;
  /** Output directory (default: the current directory). */
  outdir?: string | null;
  /** Create the output directory (and parents) when writing (default false). */
  createOutdir?: boolean | null;
  /** Appended to each input's stem to name its output (default `OUTNAME_APPEND`, `'_bmp'`). */
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

/** The name of a named setting. */
export type SettingName = keyof typeof SETTING_DEFAULTS;

/** The names of the named settings (never control-stream keywords), from the one defaults object. */
export const SETTING_NAMES = Object.keys(SETTING_DEFAULTS) as readonly SettingName[];

/** Compile-time proof (`tsc` fails otherwise) that the settings interface and the defaults object name the same settings. @internal */
export type SettingNamesAgree = AssertTrue<SameKeys<BigMultiPipeSettings, typeof SETTING_DEFAULTS>>;

/** The scalar settings, every one filled in, as a `BigMultiPipe` holds them (the lists are kept by the instance and appended at `pipeline()`). */
export type ResolvedSettings = Pick<BigMultiPipe, Exclude<SettingName, 'preProcessList' | 'postProcessList'>>;

/** `given` when present (not undefined), else `base`; a null then falls back to the default. */
function over<T>(given: T | null | undefined, base: T | null | undefined, fallback: T): T {
  return (given === undefined ? base : given) ?? fallback;
}

/**
 * Fills in the scalar settings: a setting given (present and not
 * `undefined`, so `false`, `0`, `''` and `null` count) overrides `base` (the
 * instance's settings at `pipeline()`, the defaults at construction); a null
 * where the setting has a non-null default takes that default. `given` must
 * have passed {@link validateSettings}.
 */
export function resolveSettings(given: BigMultiPipeSettings<never>, base: ResolvedSettings = SETTING_DEFAULTS): ResolvedSettings {
  const d = SETTING_DEFAULTS;
  return {
    numProcesses: over(given.numProcesses, base.numProcesses, d.numProcesses),
    memAvailable: over(given.memAvailable, base.memAvailable, d.memAvailable),
    memFrac: over(given.memFrac, base.memFrac, d.memFrac),
    processSize: over(given.processSize, base.processSize, d.processSize),
    outdir: over(given.outdir, base.outdir, d.outdir),
    createOutdir: over(given.createOutdir, base.createOutdir, d.createOutdir),
    outnameAppend: over(given.outnameAppend, base.outnameAppend, d.outnameAppend),
    outname: over(given.outname, base.outname, d.outname),
    executor: over(given.executor, base.executor, d.executor),
  };
}

/** Validates the named settings present in `s`; errors name the option and say what is allowed. */
export function validateSettings(s: Record<string, unknown>): asserts s is Record<string, unknown> & BigMultiPipeSettings<never> {
  validateResourceOptions(s);
  for (const key of ['outdir', 'outnameAppend', 'outname'] as const) checkStringOption(key, s[key]);
  checkBooleanOption('createOutdir', s.createOutdir);
  functionList('preProcessList', s.preProcessList);
  functionList('postProcessList', s.postProcessList);
  const ex = s.executor as { run?: unknown } | null | undefined;
  if (ex !== null && ex !== undefined && (typeof ex !== 'object' || typeof ex.run !== 'function')) {
    throw new TypeError(`executor must be an object with a run(request) method (see the Executor interface); got ${describeValue(ex)}`);
  }
}
