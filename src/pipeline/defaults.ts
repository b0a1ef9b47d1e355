/**
 * The one home of every default of the pipeline's named settings.
 * @packageDocumentation
 */
import type { Executor } from '../executors/executor.js';
import { InProcessExecutor } from '../executors/in-process.js';

/**
 * The suffix appended to an input's stem to name its output
 * (`data.npy` → `data_bmp.npy`); Python's `OUTNAME_APPEND`. A subclass that
 * names its outputs differently passes its own `outnameAppend`.
 */
export const OUTNAME_APPEND = '_bmp';

/** The fraction of available memory a run may use when `memAvailable` is not given (Python's `MEM_FRAC`). */
export const MEM_FRAC = 0.8;

/** The executor used when none is given: files as async tasks in this process. */
export const DEFAULT_EXECUTOR: Executor = new InProcessExecutor();

/**
 * The default of every named setting, as `BigMultiPipe` holds them (lists
 * are copied by whoever takes them).
 */
export const SETTING_DEFAULTS = {
  numProcesses: null,
  memAvailable: null,
  memFrac: MEM_FRAC,
  processSize: null,
  outdir: null,
  createOutdir: false,
  outnameAppend: OUTNAME_APPEND,
  outname: null,
  preProcessList: [] as readonly never[],
  postProcessList: [] as readonly never[],
  executor: DEFAULT_EXECUTOR,
} as const;

/** The default of every run option of `pipeline()` that has one. */
export const RUN_OPTION_DEFAULTS = {
  onError: 'raise',
  failFast: false,
  keepArrays: false,
  fileTimeout: null,
} as const;
