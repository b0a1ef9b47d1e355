/**
 * Executors: how the files of a run are executed in parallel.
 * @packageDocumentation
 */
export { InProcessExecutor } from './in-process.js';
export { WorkerExecutor } from './worker.js';
export type { WorkerExecutorOptions } from './worker.js';
export { WorkerDiedError } from './worker-pool.js';
export { loadExport, loadPipeline, moduleUrl, parseModuleRef } from './module-loading.js';
export type { ModuleRef } from './module-loading.js';
export { parallelMap } from './parallel-map.js';
export type { ParallelMapOptions } from './parallel-map.js';
export type { Executor, ExecutorItem, ExecutorRequest, ExecutorResult, FileObserver } from './executor.js';
export { QueueExecutor } from './queue.js';
export type { QueueExecutorOptions } from './queue.js';
export { runQueueWorker } from './queue-worker.js';
export type { QueueWorker, QueueWorkerEvent, QueueWorkerOptions } from './queue-worker.js';
export { describeConnection, QueueConnectionError } from './queue-connection.js';
export type { QueueConnection } from './queue-connection.js';
export { PathNotAllowedError } from './allowed-paths.js';
