/**
 * bigmultipipe: run one pipeline over many large files on all cores within a
 * memory budget. Array work runs in Rust; orchestration, the control stream
 * and metadata stay in TypeScript.
 * @packageDocumentation
 */

export type { DType, TypedArray } from './dtype.js';
export { DTYPES } from './dtype.js';
export { NdArray } from './ndarray.js';
export { readNpy, writeNpy } from './npy.js';
export { setThreadCount, threadCount } from './threads.js';
export * from './pipeline/index.js';
