/**
 * The worker side of the queue executor: a BullMQ worker that runs the files
 * of any run on its queue with the one pipeline it was started with, admitting
 * as many at once as its own host's memory allows.
 * @packageDocumentation
 */
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { Job, Worker } from 'bullmq';
import type { BigMultiPipe } from '../pipeline/bigmultipipe.js';
import { describeInName } from '../pipeline/errors.js';
import { flattenInName } from '../pipeline/guard.js';
import { numCanProcess } from '../pipeline/resources.js';
import { encodeTagged } from '../pipeline/tagged.js';
import type { PoutEntry } from '../pipeline/types.js';
import { AllowedPaths } from './allowed-paths.js';
import type { ModuleRef } from './module-loading.js';
import { loadPipeline } from './module-loading.js';
import { ClaimClient } from './queue-claims.js';
import type { QueueConnection } from './queue-connection.js';
import { checkConnection, closeClient, createClient, loadBullmq, redactError, waitReady } from './queue-connection.js';
import { runFileHere, RunSetups } from './queue-run-file.js';
import type { ControlMessage, JobData, JobResult } from './queue-protocol.js';
import { checkQueueName, DEFAULT_PREFIX, parseJobData, queueKeys } from './queue-protocol.js';
import { toWire } from './worker-protocol.js';

/** Options of {@link runQueueWorker}. */
export interface QueueWorkerOptions extends ModuleRef {
  /** Redis: a URL (`redis://user:password@host:6379/0`, `rediss://…` for TLS) or ioredis options. */
  connection: QueueConnection;
  /** The queue's name (the one given to `QueueExecutor`). */
  queue: string;
  /** BullMQ's key prefix (default `'bull'`), as given to `QueueExecutor`. */
  prefix?: string | undefined;
  /**
   * Directories the worker may read inputs from and write outputs to (links
   * resolved); a job naming anything else fails without anything being
   * opened. Default: the current directory.
   */
  allow?: readonly string[] | undefined;
  /**
   * Files in flight at once. Default: `numCanProcess` with the pipeline's
   * `numProcesses`, `processSize`, `memAvailable` and `memFrac`, on this host.
   */
  concurrency?: number | undefined;
  /** How long to wait for the run's orchestrator to answer a claim of an output path (ms, default 30 000). */
  claimTimeout?: number | undefined;
  /** How long a job's lock lasts without renewal: a killed worker's file goes to another worker after about this long (ms, BullMQ default 30 000). */
  lockDuration?: number | undefined;
  /** How often this worker looks for other workers' stalled jobs (ms, BullMQ default 30 000). */
  stalledInterval?: number | undefined;
  /** How many times a file may be restarted after its worker died before it fails (default 1). */
  maxStalledCount?: number | undefined;
  /** Milliseconds to wait for Redis at start (default 10 000). */
  connectTimeout?: number | undefined;
  /** Called as the worker starts and as each job starts, finishes, fails or is refused (for logs). */
  onEvent?: ((event: QueueWorkerEvent) => void) | undefined;
}

/** What a queue worker reports through `onEvent`. */
export interface QueueWorkerEvent {
  type: 'ready' | 'start' | 'done' | 'failed' | 'refused';
  jobId?: string | undefined;
  inName?: string | undefined;
  outname?: string | null | undefined;
  /** The error's message (credentials redacted). */
  error?: string | undefined;
  /** For `ready`: files this worker runs at once. */
  concurrency?: number | undefined;
}

/** A running queue worker. */
export interface QueueWorker {
  /** Files in flight at once. */
  readonly concurrency: number;
  /** Why the pipeline module did not load (every job then fails with it), or undefined. */
  readonly loadError: Error | undefined;
  /** Stops taking jobs and waits for those in flight (`force`: drops them; BullMQ gives them to another worker). */
  close(force?: boolean): Promise<void>;
}

function checkPositive(name: string, v: unknown): void {
  if (v !== undefined && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) {
    throw new TypeError(`runQueueWorker: ${name} must be a positive number; got ${String(v)}`);
  }
}

/** The files a worker may run at once on this host: `numCanProcess` with the pipeline's own settings. */
function admission(pipe: BigMultiPipe | undefined, concurrency: number | undefined): number {
  if (concurrency !== undefined) return Math.max(1, Math.floor(concurrency));
  if (!pipe) return 1;
  const { numProcesses, memAvailable, memFrac, processSize } = pipe;
  return Math.max(1, numCanProcess(null, { numProcesses, memAvailable, memFrac, processSize }));
}

/**
 * Starts a queue worker: loads the pipeline `module`/`export` names (the
 * only code it ever runs — job data names files, never code), connects to
 * Redis and runs the files of any run on `queue`. Each file runs through the
 * pipeline's own executor when that is a `WorkerExecutor` (hooks on this
 * host's cores), else in this process; outputs are claimed with the run's
 * orchestrator before they are written.
 *
 * A module that does not load does not stop the worker: every file it takes
 * fails with that reason (so a run does not hang), and `loadError` says why.
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  if (options === null || typeof options !== 'object') throw new TypeError('runQueueWorker: options must be an object: { connection, queue, module }');
  checkConnection(options.connection, 'runQueueWorker');
  checkQueueName(options.queue, 'runQueueWorker');
  for (const k of ['concurrency', 'claimTimeout', 'lockDuration', 'stalledInterval', 'connectTimeout'] as const) checkPositive(k, options[k]);
  const { connection } = options;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const keys = queueKeys(prefix, options.queue);
  const allowed = await AllowedPaths.create(options.allow ?? [process.cwd()]);
  const emit = (e: QueueWorkerEvent): void => {
    try {
      options.onEvent?.(e);
    } catch {
      // a logger's failure is not the file's
    }
  };

  let pipe: BigMultiPipe | undefined;
  let loadError: Error | undefined;
  try {
    pipe = await loadPipeline(options);
  } catch (err) {
    loadError = new Error(`the queue worker on ${os.hostname()} (pid ${process.pid}) could not load its pipeline: ${(err as Error).message}`, { cause: err });
  }
  const concurrency = admission(pipe, options.concurrency);

  const { Worker: BullWorker } = await loadBullmq();
  const clients: Redis[] = [];
  const client = async (name: string): Promise<Redis> => {
    const c = await createClient(connection, name);
    clients.push(c);
    return c;
  };
  const commands = await client('bigmultipipe-worker');
  try {
    await waitReady(commands, connection, options.connectTimeout ?? 10_000);
  } catch (err) {
    for (const c of clients) closeClient(c);
    throw err;
  }
  const claims = new ClaimClient(connection, commands, keys, options.claimTimeout ?? 30_000);
  const setups = new RunSetups(commands, keys);
  /** Abort controllers of the files in flight, by run. */
  const active = new Map<string, Set<AbortController>>();

  const subscriber = await client('bigmultipipe-control');
  await subscriber.subscribe(keys.control);
  subscriber.on('message', (_channel: string, text: string) => {
    let msg: ControlMessage;
    try {
      msg = JSON.parse(text) as ControlMessage;
    } catch {
      return;
    }
    if (msg?.type !== 'abort' || typeof msg.runId !== 'string') return;
    setups.forget(msg.runId);
    for (const c of active.get(msg.runId) ?? []) c.abort(new Error(`the run was aborted (signal of run ${msg.runId})`));
  });

  const fail = (error: unknown): JobResult => ({ ok: false, error: toWire(redactError(error, connection)) });

  const processor = async (job: Job): Promise<JobResult> => {
    let data: JobData;
    try {
      data = parseJobData(job.data, job.id);
    } catch (err) {
      emit({ type: 'refused', jobId: job.id, error: (err as Error).message });
      return fail(err);
    }
    const label = describeInName(data.inName);
    const controller = new AbortController();
    const mine = active.get(data.runId) ?? new Set<AbortController>();
    active.set(data.runId, mine);
    mine.add(controller);
    emit({ type: 'start', jobId: job.id, inName: label });
    try {
      if (loadError) throw loadError;
      const setup = await setups.get(data.runId);
      for (const p of flattenInName(data.inName)) await allowed.checkRead(p);
      // The run's output directory, before anything is read (outputs named later are checked when claimed and written).
      const outdir = setup.kwargs.outdir;
      if (typeof outdir === 'string') allowed.checkWrite(path.resolve(outdir));
      const entry: PoutEntry = await runFileHere(pipe as BigMultiPipe, setup, data, {
        controller,
        allowed,
        claim: (outname) => claims.claim(data.runId, data.index, path.resolve(outname)),
      });
      const result: JobResult = { ok: true, entry: encodeTagged(entry, `${label}: the pout entry`) };
      emit({ type: 'done', jobId: job.id, inName: label, outname: entry[0] });
      return result;
    } catch (err) {
      const e = redactError(err, connection);
      emit({ type: 'failed', jobId: job.id, inName: label, error: e.message });
      if (!loadError && job.attemptsMade + 1 < (job.opts.attempts ?? 1)) throw e; // BullMQ tries it again
      return fail(e);
    } finally {
      mine.delete(controller);
      if (mine.size === 0) active.delete(data.runId);
    }
  };

  const worker: Worker = new BullWorker(options.queue, processor, {
    connection: await client('bigmultipipe-jobs'),
    prefix,
    concurrency: loadError ? 1 : concurrency,
    maxStalledCount: options.maxStalledCount ?? 1,
    autorun: true,
    // Only what was given: an undefined value would replace BullMQ's default.
    ...(options.lockDuration !== undefined ? { lockDuration: options.lockDuration } : {}),
    ...(options.stalledInterval !== undefined ? { stalledInterval: options.stalledInterval } : {}),
  });
  worker.on('error', () => undefined); // lost connections: BullMQ reconnects; nothing to fail here
  await worker.waitUntilReady();
  emit({ type: 'ready', concurrency: loadError ? 1 : concurrency, error: loadError?.message });

  let closing: Promise<void> | undefined;
  return {
    concurrency: loadError ? 1 : concurrency,
    loadError,
    close(force = false): Promise<void> {
      closing ??= (async () => {
        await worker.close(force);
        await setups.close();
        claims.close();
        for (const c of clients) closeClient(c);
      })();
      return closing;
    },
  };
}
