/**
 * How a queue worker runs one file: the run's setup (fetched once per run),
 * then the file with the same per-file checks as in-process — run context,
 * per-file context (signal, claims, write guard), array release — through
 * the pipeline's own executor when that runs hooks on worker threads.
 * @packageDocumentation
 */
import type { Redis } from 'ioredis';
import type { BigMultiPipe } from '../pipeline/bigmultipipe.js';
import { describeInName } from '../pipeline/errors.js';
import type { FileContext } from '../pipeline/file-context.js';
import { runWithFileContext } from '../pipeline/file-context.js';
import { pathSet, runContext } from '../pipeline/guard.js';
import { withFileArrays } from '../pipeline/release.js';
import { decodeTagged } from '../pipeline/tagged.js';
import type { Kwargs, PoutEntry } from '../pipeline/types.js';
import type { AllowedPaths } from './allowed-paths.js';
import type { Executor, ExecutorItem } from './executor.js';
import { InProcessExecutor } from './in-process.js';
import type { JobData, RunSetupWire } from './queue-protocol.js';
import { parseSetup, queueKeys } from './queue-protocol.js';

/** A run's setup as a worker uses it. */
export interface RunSetup {
  runId: string;
  kwargs: Kwargs;
  /** Real and resolved paths of the run's inputs. */
  inputs: ReadonlySet<string>;
  /** The raw list, for an executor that rebuilds the set elsewhere. */
  inputList: string[];
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

/** A file exceeded its run's `fileTimeout`. */
export class FileTimeoutError extends Error {
  /** @param message - names the file and the limit. */
  constructor(message: string) {
    super(message);
    this.name = 'FileTimeoutError';
  }
}

/** How fresh a cached setup must be to skip asking Redis whether its run still exists (ms). */
const FRESH_MS = 1_000;

/** The setups of the runs a worker is serving, fetched once per run and checked for liveness. */
export class RunSetups {
  private readonly cache = new Map<string, { setup: Promise<RunSetup>; checked: number }>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: ReturnType<typeof queueKeys>,
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
        inputList: wire.inputs,
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
  if (ex instanceof InProcessExecutor || (ex as { constructor?: { name?: string } }).constructor?.name === 'QueueExecutor') return undefined;
  return ex;
}

/**
 * Runs one file of a run in this worker and resolves with its pout entry;
 * rejects with its failure (a `FileTimeoutError` when it exceeds the run's
 * `fileTimeout`, however long the hook itself then goes on).
 */
export async function runFileHere(pipe: BigMultiPipe, setup: RunSetup, data: JobData, hooks: FileHooks): Promise<PoutEntry> {
  const { controller, allowed } = hooks;
  const label = describeInName(data.inName);
  const ctx: FileContext = {
    inName: data.inName,
    signal: controller.signal,
    claim: async (outname: string) => {
      if (controller.signal.aborted) throw controller.signal.reason;
      allowed.checkWrite(outname);
      await hooks.claim(outname);
    },
    assertMayWrite: (p: string) => {
      if (controller.signal.aborted) throw controller.signal.reason;
      allowed.checkWrite(p);
    },
  };
  const processOne = async (): Promise<PoutEntry> => (await pipe.fileProcess(data.inName, { ...setup.kwargs })) as PoutEntry;
  const here = (): Promise<PoutEntry> =>
    runContext.run({ inputs: setup.inputs, realDirs: new Map() }, () =>
      runWithFileContext(ctx, () => (setup.keepArrays ? processOne() : withFileArrays(processOne))),
    );

  const work = (async (): Promise<PoutEntry> => {
    const executor = localExecutor(pipe);
    if (!executor) return here();
    const item: ExecutorItem = { index: data.index, inName: data.inName };
    for await (const r of executor.run({
      items: [item],
      kwargs: setup.kwargs,
      worker: () => here(),
      limit: 1,
      signal: controller.signal,
      claim: (_index, outname) => ctx.claim(outname),
      fileTimeout: setup.fileTimeout,
      keepArrays: setup.keepArrays,
    })) {
      if (r.ok) return r.entry;
      throw r.error;
    }
    throw controller.signal.aborted ? controller.signal.reason : new Error(`${label}: the pipeline's executor did not run it`);
  })();

  // A timed-out file is failed now, whatever its hook goes on doing; the run's abort only fires the signal.
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    if (setup.fileTimeout === null) return;
    timer = setTimeout(() => {
      const error = new FileTimeoutError(`${label}: took longer than fileTimeout (${setup.fileTimeout} ms); it was stopped and nothing it writes from now on is kept`);
      controller.abort(error);
      reject(error);
    }, setup.fileTimeout);
  });
  void work.catch(() => undefined);
  try {
    return await Promise.race([work, timedOut]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
