/**
 * A pipeline module that says when a worker thread has loaded it (its
 * threadId on a BroadcastChannel), so tests can see threads start before any
 * run. `BMP_TEST_EXIT_ON_LOAD` set: a worker thread loading it exits with
 * that code instead (a module that calls process.exit() at its top level).
 */
import { BroadcastChannel, isMainThread, threadId } from 'node:worker_threads';
import { Behaving } from './pipelines.js';

/** The channel the threads announce themselves on. */
export const ANNOUNCE_CHANNEL = 'bigmultipipe-test-thread-loaded';

if (!isMainThread) {
  const exitCode = process.env.BMP_TEST_EXIT_ON_LOAD;
  if (exitCode) process.exit(Number(exitCode));
  const channel = new BroadcastChannel(ANNOUNCE_CHANNEL);
  channel.postMessage(threadId);
  channel.close();
}

export default Behaving;
