/**
 * bigmultipipe: run one pipeline over many large files on all cores within a
 * memory budget. Array work runs in Rust; orchestration, the control stream
 * and metadata stay in TypeScript.
 * @packageDocumentation
 */

export type { DType, TypedArray } from './array/dtype.js';
export { DTYPES } from './array/dtype.js';
export { NdArray } from './array/ndarray.js';
export { float, FloatScalar } from './array/scalar.js';
export type { Operand, Scalar } from './array/scalar.js';
export type { OutOptions } from './array/elementwise.js';
export type { AxisOptions, ReduceOptions } from './array/reductions.js';
export type { SliceRange } from './array/shaping.js';
export type {
  BiweightOptions,
  ClippedStats,
  MadStdOptions,
  SigmaClipOptions,
  SigmaClippedStatsOptions,
  StatsAxis,
} from './array/statistics.js';
export type { BlockFunc, BoundaryMode, FilterOptions, HistogramResult, ShiftOptions } from './array/image-ops.js';
export { combine } from './combine/combine.js';
export type { CombineOptions, CombineResult } from './combine/combine.js';
export { readNpy, writeNpy } from './formats/npy.js';
export { readFits, writeFits } from './formats/fits.js';
export type { FitsData, FitsHduInput, FitsReadResult, ReadFitsOptions, WriteFitsOptions } from './formats/fits.js';
export { FitsHeader } from './formats/fits-header.js';
export type { FitsCardEntry, FitsComplex, FitsValue } from './formats/fits-header.js';
export { FitsMultiPipe } from './formats/fits-multipipe.js';
export { ccdMetaToBmpMeta } from './formats/ccd-meta.js';
export { ioThreadCount, setThreadCount, threadCount } from './native/threads.js';
export type { NativeError, NativeErrorCode } from './native/errors.js';
export { isNativeError, NATIVE_ERROR_CODES } from './native/errors.js';
export * from './pipeline/index.js';
export * from './executors/index.js';
export * from './report/index.js';
