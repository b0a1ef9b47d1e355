/**
 * Executors: how the files of a run are executed in parallel.
 * @packageDocumentation
 */
export { InProcessExecutor } from './in-process.js';
export { WorkerExecutor } from './worker.js';
export type { WorkerExecutorOptions } from './worker.js';
export { WorkerDiedError } from './worker-pool.js';
export { loadPipeline, loadExport, moduleUrl } from './module-loading.js';
export type { ModuleRef } from './module-loading.js';
export { parallelMap } from './parallel-map.js';
export type { ParallelMapOptions } from './parallel-map.js';
export type { Executor, ExecutorItem, ExecutorRequest, ExecutorResult } from './executor.js';
