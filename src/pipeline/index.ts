/**
 * The pipeline façade: `BigMultiPipe`, its helpers and run machinery.
 * @packageDocumentation
 */
export { BigMultiPipe } from './bigmultipipe.js';
export { NpyMultiPipe } from './npy-multipipe.js';
export { outnameCreator, prunePout, bmpCleanup, multiLogging, multiProc, noOutfile, BMP_CLEANUP_LIST } from './functions.js';
export type { OutnameCreatorOptions, Nested } from './functions.js';
export { numCanProcess, availableMemory, physicalCoreCount } from './resources.js';
export type { NumCanProcessOptions } from './resources.js';
export { cachedPout, POUT_FILE_FORMAT } from './cache.js';
export type { CachedPoutOptions } from './cache.js';
export { PipelineError, AbortError, OutputCollisionError, FileTimeoutError } from './errors.js';
export { currentFile } from './file-context.js';
export type { FileContext } from './file-context.js';
export type { PipelineFailure } from './errors.js';
export { removeStaleTempFiles, TEMP_FILE_PATTERN } from './files.js';
export { encodeTagged, decodeTagged, stringifyTagged, parseTagged } from './tagged.js';
export type { BigMultiPipeOptions, PipelineOptions } from './options.js';
export type { BigMultiPipeSettings, ListOption } from './settings.js';
export type { RunOptions } from './run-options.js';
export { OUTNAME_APPEND, MEM_FRAC } from './defaults.js';
export { assureList } from './validation.js';
export type {
  Awaitable, InName, Kwargs, Meta, Pout, PoutEntry, PreProcessFunction, PreProcessResult,
  PostProcessFunction, ProgressEvent,
} from './types.js';
