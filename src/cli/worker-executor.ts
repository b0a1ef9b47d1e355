/**
 * `--workers N`: the worker-thread executor the option selects.
 * @packageDocumentation
 */
import type { Executor } from '../executors/executor.js';

/**
 * The executor of `--workers n`: worker threads that each load the pipeline
 * from `module`'s `exportName`. This build does not have the worker-thread
 * executor yet, so the option is refused with a message saying so.
 */
export function workerExecutor(module: string | URL, exportName: string, workers: number): Executor {
  void module;
  void exportName;
  throw new TypeError(
    `--workers ${workers}: the worker-thread executor is not part of this build yet; run without --workers (files then run in this process)`,
  );
}
