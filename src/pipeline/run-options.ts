/**
 * The run options of `pipeline()` (named, never part of the control stream)
 * and their resolver.
 * @packageDocumentation
 */
import { RUN_OPTION_DEFAULTS } from './defaults.js';
import type { AssertTrue, ProgressEvent, SameKeys } from './types.js';
import { checkNumberOption, describeValue } from './validation.js';

/**
 * Run options of `pipeline()`: named, never part of the control stream.
 */
export interface RunOptions {
  /**
   * `'raise'` (default): when any file failed, `pipeline()` rejects with a
   * `PipelineError` carrying the full pout. `'collect'`: resolve with the
   * pout; failed entries are `[null, { error: { message, name } }]`.
   * Every file is attempted either way.
   */
  onError?: 'raise' | 'collect';
  /** Stop starting new files after the first failure (default false). */
  failFast?: boolean;
  /** No new file starts after it fires; `pipeline()` rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Called as each file finishes. Exceptions it throws become process warnings. */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * A JSON Lines file recording each finished file's pout entry durably; a
   * later run with the same journal skips files already recorded (see
   * README, "Journal").
   */
  journal?: string;
  /**
   * Keep the native arrays a file created alive after it finishes (default
   * false). By default every `NdArray` created while a file is processed is
   * disposed as soon as its pout entry is ready — except arrays reachable from
   * its metadata — so memory follows the files in flight, not the garbage
   * collector. Set it when a hook keeps arrays for later files.
   */
  keepArrays?: boolean;
  /**
   * Milliseconds one file may take (default: no limit). A file that exceeds it
   * fails with a `FileTimeoutError` naming the file and the limit, and its
   * slot goes to the next file; whatever it does later is ignored, and a write
   * it attempts afterwards through the library is refused. Each file's
   * `kwargs.fileSignal` fires at that moment (and on the run's abort), so
   * cooperative hooks can stop early.
   */
  fileTimeout?: number | null;
  /**
   * Path of a run report to write when the run ends (however it ends): one
   * self-contained HTML file (no script, no network) with a timeline of the
   * files, files in flight against the limit and the memory budget,
   * throughput, the slowest files, every failure and the run's options
   * (see README, "Run report"). Written to a temporary name, then renamed.
   */
  report?: string;
}

/** The longest delay `setTimeout` honours (a longer one fires at once). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The run option names (reserved: never part of the control stream). */
export const RUN_OPTION_NAMES = ['onError', 'failFast', 'signal', 'onProgress', 'journal', 'keepArrays', 'fileTimeout', 'report'] as const;

/** The name of a run option. */
export type RunOptionName = (typeof RUN_OPTION_NAMES)[number];

/** Compile-time proof (`tsc` fails otherwise) that {@link RUN_OPTION_NAMES} lists exactly the keys of {@link RunOptions}. @internal */
export type RunOptionNamesAgree = AssertTrue<SameKeys<RunOptions, Record<(typeof RUN_OPTION_NAMES)[number], unknown>>>;

/** Validated run options, every default filled in. */
export interface ResolvedRunOptions {
  onError: 'raise' | 'collect';
  failFast: boolean;
  signal: AbortSignal | undefined;
  onProgress: RunOptions['onProgress'];
  journal: string | undefined;
  keepArrays: boolean;
  fileTimeout: number | null;
  report: string | undefined;
}

/** True for a real `AbortSignal` (or one built the same way): something `pipeline()` can listen to. */
function isAbortSignal(value: unknown): value is AbortSignal {
  if (value instanceof AbortSignal) return true;
  const s = value as Partial<AbortSignal> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.aborted === 'boolean' &&
    typeof s.addEventListener === 'function' &&
    typeof s.removeEventListener === 'function'
  );
}

/** A run option's boolean: absent, or true/false (null is refused: run options have no instance value to fall back on). */
function checkRunBoolean(name: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`${name} must be true or false; got ${describeValue(value)}`);
  return value;
}

/** Validates the run options of a `pipeline()` options object and fills in the defaults. */
export function resolveRunOptions(o: { readonly [K in keyof RunOptions]?: unknown }): ResolvedRunOptions {
  const onError = o.onError ?? RUN_OPTION_DEFAULTS.onError;
  if (onError !== 'raise' && onError !== 'collect') throw new TypeError(`onError must be 'raise' or 'collect'; got ${describeValue(onError)}`);
  const failFast = checkRunBoolean('failFast', o.failFast);
  const signal = o.signal;
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new TypeError(`signal must be an AbortSignal (e.g. new AbortController().signal), with addEventListener; got ${describeValue(o.signal)}`);
  }
  const onProgress = o.onProgress;
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new TypeError('onProgress must be a function (event) => void');
  const journal = o.journal;
  if (journal !== undefined && (typeof journal !== 'string' || journal === '')) {
    throw new TypeError(`journal must be a file path; got ${describeValue(journal)}`);
  }
  const keepArrays = checkRunBoolean('keepArrays', o.keepArrays);
  const fileTimeout = o.fileTimeout;
  checkNumberOption('fileTimeout', fileTimeout, 0, true, 'the milliseconds one file may take; null: no limit');
  if (fileTimeout != null && fileTimeout > MAX_TIMER_MS) throw new RangeError(`fileTimeout must be at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest timer Node keeps); got ${fileTimeout}`);
  const report = o.report;
  if (report !== undefined && (typeof report !== 'string' || report === '')) {
    throw new TypeError(`report must be the path of an HTML file to write (e.g. 'run.html'); got ${describeValue(report)}`);
  }
  return {
    onError,
    failFast: failFast ?? RUN_OPTION_DEFAULTS.failFast,
    signal,
    onProgress: onProgress as RunOptions['onProgress'],
    journal,
    keepArrays: keepArrays ?? RUN_OPTION_DEFAULTS.keepArrays,
    fileTimeout: fileTimeout ?? RUN_OPTION_DEFAULTS.fileTimeout,
    report,
  };
}
