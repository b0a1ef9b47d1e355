/**
 * bigmultipipe: run one pipeline over many large files on all cores within a
 * memory budget. Array work runs in Rust; orchestration, the control stream
 * and metadata stay in TypeScript.
 * @packageDocumentation
 */

export type { DType, TypedArray } from './array/dtype.js';
export { DTYPES } from './array/dtype.js';
export { NdArray } from './array/ndarray.js';
export { readNpy, writeNpy } from './formats/npy.js';
export { readFits, writeFits } from './formats/fits.js';
export type { FitsData, FitsReadResult, ReadFitsOptions, WriteFitsOptions } from './formats/fits.js';
export { FitsHeader } from './formats/fits-header.js';
export type { FitsCardEntry, FitsComplex, FitsValue } from './formats/fits-header.js';
export { FitsMultiPipe } from './formats/fits-multipipe.js';
export { ccdMetaToBmpMeta } from './formats/ccd-meta.js';
export { setThreadCount, threadCount } from './native/threads.js';
export * from './pipeline/index.js';
export * from './executors/index.js';
export * from './report/index.js';
