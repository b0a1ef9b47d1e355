/**
 * How a queue worker runs one file: the run's setup (fetched once per run),
 * then the file with the same per-file scope as in-process — run context,
 * file context (signal, timeout, claims, write guard), array release —
 * through the pipeline's own executor when that runs hooks on worker threads.
 * @packageDocumentation
 */
import type { Redis } from 'ioredis';
import type { BigMultiPipe } from '../pipeline/bigmultipipe.js';
import { describeInName } from '../pipeline/errors.js';
import type { FileContext } from '../pipeline/file-context.js';
import { currentFile, runFile, runWithFileContext } from '../pipeline/file-context.js';
import { pathSet } from '../pipeline/guard.js';
import { runContext } from '../pipeline/run-context.js';
import { checkEntry } from '../pipeline/run-record.js';
import { withFileArrays } from '../pipeline/release.js';
import { decodeTagged } from '../pipeline/tagged.js';
import type { Kwargs, PoutEntry } from '../pipeline/types.js';
import type { AllowedPaths } from './allowed-paths.js';
import type { Executor } from './executor.js';
import { InProcessExecutor } from './in-process.js';
import { QueueExecutor } from './queue.js';
import type { JobData, QueueKeys, RunSetupWire } from './queue-protocol.js';
import { parseSetup } from './queue-protocol.js';

/** A run's setup as a worker uses it. */
export interface RunSetup {
  runId: string;
  kwargs: Kwargs;
  /** Real and resolved paths of the run's inputs. */
  inputs: ReadonlySet<string>;
  keepArrays: boolean;
  fileTimeout: number | null;
}

/** The run is over (or its orchestrator stopped): its files are no longer wanted. */
export class RunGoneError extends Error {
  /** @param message - names the run. */
  constructor(message: string) {
    super(message);
    this.name = 'RunGoneError';
  }
}

/** How fresh a cached setup must be to skip asking Redis whether its run still exists (ms). */
const FRESH_MS = 1_000;

/** The setups of the runs a worker is serving, fetched once per run and checked for liveness. */
export class RunSetups {
  private readonly cache = new Map<string, { setup: Promise<RunSetup>; checked: number }>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: QueueKeys,
  ) {}

  private gone(runId: string): RunGoneError {
    return new RunGoneError(`run ${runId} is no longer running (it finished, was aborted, or its orchestrator stopped); the file was not processed`);
  }

  /** The setup of `runId`; rejects with a {@link RunGoneError} when the run is over. */
  async get(runId: string): Promise<RunSetup> {
    const key = this.keys.setup(runId);
    const hit = this.cache.get(runId);
    if (hit) {
      if (Date.now() - hit.checked > FRESH_MS) {
        if ((await this.redis.exists(key)) === 0) {
          this.cache.delete(runId);
          throw this.gone(runId);
        }
        hit.checked = Date.now();
      }
      return hit.setup;
    }
    const setup = (async (): Promise<RunSetup> => {
      const text = await this.redis.get(key);
      if (text === null) throw this.gone(runId);
      const wire: RunSetupWire = parseSetup(text, runId);
      return {
        runId,
        kwargs: decodeTagged(wire.kwargs) as Kwargs,
        inputs: await pathSet(wire.inputs),
        keepArrays: wire.keepArrays,
        fileTimeout: wire.fileTimeout,
      };
    })();
    this.cache.set(runId, { setup, checked: Date.now() });
    setup.catch(() => this.cache.delete(runId));
    return setup;
  }

  /** Drops a run's setup (it was aborted). */
  forget(runId: string): void {
    this.cache.delete(runId);
  }

  /** Drops every setup. */
  async close(): Promise<void> {
    this.cache.clear();
  }
}

/** What the worker gives one file. */
export interface FileHooks {
  /** Fires the file's signal (timeout, the run's abort). */
  controller: AbortController;
  /** Where the file may write. */
  allowed: AllowedPaths;
  /** Relays a claim of an output path to the run's orchestrator. */
  claim: (outname: string) => Promise<void>;
}

/** The executor a worker runs a file through: the pipeline's own when it runs files elsewhere on this host. */
function localExecutor(pipe: BigMultiPipe): Executor | undefined {
  const ex = pipe.executor;
  // A queue executor here would put the file back on the queue; in-process needs no executor.
  if (ex instanceof InProcessExecutor || ex instanceof QueueExecutor) return undefined;
  return ex;
}

/**
 * Runs one file of a run in this worker, with the same per-file scope as
 * in-process (`runFile`: its `fileSignal`, `fileTimeout`, claims; the run's
 * input guard; array release), every claim and write also confined to the
 * allowed directories. Resolves with its pout entry; rejects with its failure.
 */
export async function runFileHere(pipe: BigMultiPipe, setup: RunSetup, data: JobData, hooks: FileHooks): Promise<PoutEntry> {
  const { allowed } = hooks;
  const { inName, index } = data;
  const claim = async (outname: string): Promise<void> => {
    allowed.checkWrite(outname);
    await hooks.claim(outname);
  };
  const processOne = (): Promise<PoutEntry> =>
    runFile({ inName, index, fileTimeout: setup.fileTimeout, runSignal: hooks.controller.signal, claim }, (fileSignal) => {
      const ctx = currentFile() as FileContext;
      const confined: FileContext = {
        inName,
        index,
        signal: ctx.signal,
        claim: (outname) => ctx.claim(outname),
        assertMayWrite: (p) => {
          ctx.assertMayWrite(p);
          allowed.checkWrite(p);
        },
      };
      return runWithFileContext(confined, async () => checkEntry(await pipe.fileProcess(inName, { ...setup.kwargs, fileSignal }), inName));
    });
  const here = (): Promise<PoutEntry> => runContext.run({ inputs: setup.inputs, realDirs: new Map() }, () => (setup.keepArrays ? processOne() : withFileArrays(processOne)));

  const executor = localExecutor(pipe);
  if (!executor) return here();
  // The pipeline asks for worker threads: its executor runs the file there and relays claims back here.
  for await (const r of executor.run({
    items: [{ index, inName }],
    kwargs: setup.kwargs,
    worker: () => here(),
    limit: 1,
    signal: hooks.controller.signal,
    claim: (_index, outname) => claim(outname),
    fileTimeout: setup.fileTimeout ?? undefined,
    inputs: setup.inputs,
    keepArrays: setup.keepArrays,
  })) {
    if (r.ok) return r.entry;
    throw r.error;
  }
  throw new Error(`${describeInName(inName)}: the pipeline's executor did not run it${hooks.controller.signal.aborted ? ' (the run was aborted)' : ''}`);
}
