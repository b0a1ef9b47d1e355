/**
 * The entry of a worker thread of {@link WorkerExecutor}: loads the user's
 * pipeline from its module once, then runs each file it is sent inside the
 * same per-file scope as the in-process path (the run's input guard, array
 * release, the file's signal, output claims relayed to the orchestrator).
 * Not part of the public API.
 * @packageDocumentation
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { BigMultiPipe } from '../pipeline/bigmultipipe.js';
import type { RunContext } from '../pipeline/run-context.js';
import { runContext } from '../pipeline/run-context.js';
import { runFile } from '../pipeline/file-context.js';
import type { FileStage } from '../pipeline/file-context.js';
import { withFileArrays } from '../pipeline/release.js';
import type { PoutEntry } from '../pipeline/types.js';
import { loadExport, loadPipeline, preloadModule } from './module-loading.js';
import type { FromWorker, RunSetup, ToWorker, WorkerBoot } from './worker-protocol.js';
import { findUncloneable, fromWire, toWire } from './worker-protocol.js';

const port = parentPort as MessagePort;
if (!port) throw new Error('bigmultipipe: worker-thread is the entry of a WorkerExecutor thread, not a module to import');
const boot = workerData as WorkerBoot;

interface Run {
  setup: RunSetup;
  context: RunContext;
}

const runs = new Map<number, Run>();
const controllers = new Map<number, AbortController>();
const claims = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
let nextClaim = 1;
let pipeline: Promise<BigMultiPipe> | undefined;
const functions = new Map<string, Promise<(item: unknown, index: number) => unknown>>();

function post(msg: FromWorker): void {
  port.postMessage(msg);
}

/** Asks the orchestrator to claim `outname` for this task; rejects as the claim did there. */
export function relayClaim(taskId: number, outname: string): Promise<void> {
  const claimId = nextClaim++;
  return new Promise<void>((resolve, reject) => {
    claims.set(claimId, { resolve, reject });
    post({ type: 'claim', claimId, taskId, outname });
  });
}

/** The error for a value that cannot be sent back to the orchestrating thread. */
function uncloneableResult(what: string, value: unknown): Error | undefined {
  const bad = findUncloneable(value, what);
  if (!bad) return undefined;
  return new TypeError(
    `${bad[0]} holds ${bad[1]}, which cannot leave the worker thread: return plain values ` +
      '(numbers, strings, plain objects and arrays, typed arrays such as array.data.slice())',
  );
}

/**
 * One file, inside the same scopes as in-process: the run's context (output
 * guard), array release (unless `keepArrays`), and a file context whose
 * claims go to the orchestrator, whose signal fires on the file's timeout or
 * on a cancel from the orchestrator (abort), and which refuses writes once
 * the file has timed out.
 */
async function runOneFile(msg: Extract<ToWorker, { type: 'file' }>): Promise<void> {
  const run = runs.get(msg.runId);
  const cancel = new AbortController();
  controllers.set(msg.taskId, cancel);
  try {
    if (!run) throw new Error(`internal: file ${msg.index} of an unknown run ${msg.runId}`);
    pipeline ??= loadPipeline({ module: boot.module, export: boot.exportName });
    const pipe = await pipeline;
    post({ type: 'started', taskId: msg.taskId });
    const { kwargs, keepArrays, fileTimeout, observed } = run.setup;
    const mark = observed ? (stage: FileStage) => post({ type: 'stage', taskId: msg.taskId, stage }) : undefined;
    const file = { inName: msg.inName, index: msg.index, fileTimeout, runSignal: cancel.signal, claim: (outname: string) => relayClaim(msg.taskId, outname), mark };
    const processOne = (): Promise<PoutEntry> =>
      runFile(file, async (fileSignal) => {
        const entry = await pipe.fileProcess(msg.inName, { ...kwargs, fileSignal });
        // Checked inside the file's scope, before its arrays are released.
        const bad = Array.isArray(entry) ? uncloneableResult('meta', entry[1]) : undefined;
        if (bad) throw bad;
        return entry;
      });
    const entry = await runContext.run(run.context, () => (keepArrays ? processOne() : withFileArrays(processOne)));
    post({ type: 'done', taskId: msg.taskId, value: entry });
  } catch (error) {
    post({ type: 'failed', taskId: msg.taskId, error: toWire(error) });
  } finally {
    controllers.delete(msg.taskId);
  }
}

async function runCall(msg: Extract<ToWorker, { type: 'call' }>): Promise<void> {
  try {
    let fn = functions.get(msg.exportName);
    if (!fn) {
      fn = loadExport({ module: boot.module, export: msg.exportName }).then((f) => {
        if (typeof f !== 'function') throw new TypeError(`${boot.module}#${msg.exportName} is not a function (got ${typeof f})`);
        return f as (item: unknown, index: number) => unknown;
      });
      functions.set(msg.exportName, fn);
    }
    const value = await (await fn)(msg.item, msg.index);
    const bad = uncloneableResult('the result', value);
    if (bad) throw bad;
    post({ type: 'done', taskId: msg.taskId, value });
  } catch (error) {
    post({ type: 'failed', taskId: msg.taskId, error: toWire(error) });
  }
}

// The user's module is imported as soon as the thread starts, not when its first file arrives:
// with an executor's eager start that happens while the orchestrator sets its run up. A failure
// is told (for WorkerExecutor.ready()) and is also the error of every file (loadPipeline meets it again).
void preloadModule(boot.module).then((error) => post({ type: 'loaded', error: error && toWire(error) }));

port.on('message', (msg: ToWorker) => {
  switch (msg.type) {
    case 'run':
      runs.set(msg.runId, { setup: msg.setup, context: { inputs: new Set(msg.setup.inputs), realDirs: new Map() } });
      break;
    case 'endRun':
      runs.delete(msg.runId);
      break;
    case 'file':
      void runOneFile(msg);
      break;
    case 'call':
      void runCall(msg);
      break;
    case 'cancel':
      controllers.get(msg.taskId)?.abort(fromWire(msg.reason));
      break;
    case 'claimed': {
      const c = claims.get(msg.claimId);
      claims.delete(msg.claimId);
      if (msg.error) c?.reject(fromWire(msg.error));
      else c?.resolve();
      break;
    }
  }
});
