/**
 * Executors: how the files of a run are executed in parallel.
 * @packageDocumentation
 */
export { InProcessExecutor } from './in-process.js';
export type { Executor, ExecutorItem, ExecutorRequest, ExecutorResult } from './executor.js';
