/**
 * A queue worker process for the queue tests (what `bigmultipipe worker`
 * does): runQueueWorker with the options given as JSON in argv[2], printing
 * each worker event as a JSON line on stdout; SIGTERM closes it.
 */
import { runQueueWorker } from '../../src/index.js';
import type { QueueWorkerOptions } from '../../src/index.js';

const options = JSON.parse(process.argv[2] ?? '{}') as QueueWorkerOptions;
const say = (event: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify({ pid: process.pid, ...event })}\n`);
};
const worker = await runQueueWorker({ ...options, onEvent: (e) => say({ ...e }) });
process.on('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
