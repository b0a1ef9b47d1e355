/**
 * Files run by BullMQ workers on any number of hosts sharing a filesystem:
 * one job per file, results reported as each job finishes.
 * @packageDocumentation
 */
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { Queue, QueueEvents } from 'bullmq';
import { flattenInName } from '../pipeline/guard.js';
import { encodeTagged, decodeTagged } from '../pipeline/tagged.js';
import type { InName, PoutEntry } from '../pipeline/types.js';
import type { Executor, ExecutorRequest, ExecutorResult } from './executor.js';
import { ClaimServer } from './queue-claims.js';
import type { QueueConnection } from './queue-connection.js';
import { checkConnection, closeClient, createClient, describeConnection, loadBullmq, QueueConnectionError, redact, redactError, waitReady } from './queue-connection.js';
import type { JobData, JobResult, RunSetupWire } from './queue-protocol.js';
import { checkQueueName, DEFAULT_PREFIX, JOB_NAME, jobId, PROTOCOL, queueKeys } from './queue-protocol.js';
import { findUncloneable, fromWire } from './worker-protocol.js';

/** Options of {@link QueueExecutor}. */
export interface QueueExecutorOptions {
  /** Redis: a URL (`redis://user:password@host:6379/0`, `rediss://…` for TLS) or ioredis options. */
  connection: QueueConnection;
  /** The BullMQ queue's name; workers started on the same name run the files. */
  queue: string;
  /** BullMQ's key prefix (default `'bull'`); workers must use the same. */
  prefix?: string | undefined;
  /**
   * How many times a file that fails for its own reasons is tried (default 1:
   * it fails once, as in-process). A file whose worker died (stalled job) is
   * given to another worker regardless, up to the workers' `maxStalledCount`.
   */
  attempts?: number | undefined;
  /**
   * Milliseconds to wait for Redis when connecting, and for a lost connection
   * to come back during a run, before the run fails with a
   * {@link QueueConnectionError} (default 10 000).
   */
  connectTimeout?: number | undefined;
}

/** How long a run's setup outlives its orchestrator's last heartbeat (ms). */
const SETUP_TTL = 30_000;
/**
 * With no result for this long, the orchestrator asks Redis for its jobs'
 * states (events can be trimmed); the wait doubles while that finds nothing
 * new (long files), up to RECONCILE_MAX_MS.
 */
const RECONCILE_MS = 5_000;
const RECONCILE_MAX_MS = 60_000;
const ADD_BATCH = 500;

/** A stalled job's failure, in words a user can act on. */
function explainFailure(reason: string): Error {
  if (/stalled more than allowable limit/.test(reason)) {
    return new Error(
      'the queue workers that took this file stopped before finishing it (killed, crashed, or cut off from Redis) ' +
        `more often than their maxStalledCount allows (BullMQ: ${reason})`,
    );
  }
  return new Error(reason);
}

/** Resolves after `ms`, or when `p` settles; never rejects. */
function within(p: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    p.then(
      () => resolve(),
      () => resolve(),
    ).finally(() => clearTimeout(t));
  });
}

/**
 * Runs the files of a pipeline as BullMQ jobs on a Redis queue, processed by
 * {@link runQueueWorker} workers on any number of hosts that share the
 * filesystem. One job per file; each result is reported as its job finishes,
 * so the journal, progress, `onError` and `failFast` behave as in-process.
 * Output paths are claimed with this process (the run's orchestrator), so one
 * path still holds one item. Only names, the control stream (plain data) and
 * `[outname, meta]` cross Redis.
 *
 * Each worker admits files by its own host's memory; the run's `limit`
 * (computed from this host's memory) does not bound other hosts.
 */
export class QueueExecutor implements Executor {
  /** The Redis connection. */
  readonly connection: QueueConnection;
  /** The queue's name. */
  readonly queue: string;
  /** BullMQ's key prefix. */
  readonly prefix: string;
  /** Tries per file. */
  readonly attempts: number;
  /** See {@link QueueExecutorOptions.connectTimeout}. */
  readonly connectTimeout: number;

  /** @param options - see {@link QueueExecutorOptions}. */
  constructor(options: QueueExecutorOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('QueueExecutor: options must be an object: { connection, queue }');
    checkConnection(options.connection, 'QueueExecutor');
    checkQueueName(options.queue, 'QueueExecutor');
    const attempts = options.attempts ?? 1;
    if (!Number.isSafeInteger(attempts) || attempts < 1) throw new TypeError(`QueueExecutor: attempts must be a whole number ≥ 1; got ${String(attempts)}`);
    const connectTimeout = options.connectTimeout ?? 10_000;
    if (!(typeof connectTimeout === 'number' && connectTimeout > 0)) throw new TypeError(`QueueExecutor: connectTimeout must be a positive number of milliseconds; got ${String(connectTimeout)}`);
    this.connection = options.connection;
    this.queue = options.queue;
    this.prefix = options.prefix ?? DEFAULT_PREFIX;
    this.attempts = attempts;
    this.connectTimeout = connectTimeout;
  }

  /** Where the queue is, credentials redacted. */
  toString(): string {
    return `queue "${this.queue}" at ${describeConnection(this.connection)}`;
  }

  /** See {@link Executor.run}. */
  async *run(request: ExecutorRequest): AsyncIterable<ExecutorResult> {
    const setup = this.setupOf(request);
    const session = new QueueRun(this, request, setup);
    try {
      await session.open();
      yield* session.results();
    } catch (err) {
      throw redactError(err, this.connection); // a Redis client's error could quote the URL
    } finally {
      await session.close();
    }
  }

  /** The run's setup; a control-stream value that cannot cross Redis is an error before any file starts. */
  private setupOf(request: ExecutorRequest): RunSetupWire {
    const bad = findUncloneable(request.kwargs, '');
    if (bad) {
      throw new TypeError(
        `QueueExecutor: the control-stream value ${bad[0]} is ${bad[1]}, which cannot be sent to queue workers; ` +
          'define it in the module the workers load (e.g. in the pipeline\'s constructor or its preProcessList) and pass only data to pipeline()',
      );
    }
    const kwargs = { ...request.kwargs };
    // Workers have their own current directory: send the orchestrator's, as in-process outputs would land there.
    kwargs.outdir = path.resolve(typeof kwargs.outdir === 'string' ? kwargs.outdir : '.');
    // The output guard's set (this run's inputs and enclosing runs'), as the orchestrator resolved it.
    const inputs = request.inputs ? [...request.inputs] : [...new Set(request.items.flatMap((i) => flattenInName(i.inName)).map((p) => path.resolve(p)))];
    return { v: PROTOCOL, kwargs: encodeTagged(kwargs, 'kwargs'), inputs, keepArrays: request.keepArrays ?? false, fileTimeout: request.fileTimeout ?? null };
  }
}

/** Input names sent absolute: workers resolve names against their own current directory. */
function absolute(inName: InName): InName {
  return typeof inName === 'string' ? path.resolve(inName) : inName.map(absolute);
}

/** One run on the queue: its connections, jobs, claims and results. */
class QueueRun {
  private readonly runId = globalThis.crypto.randomUUID();
  private readonly keys;
  private readonly clients: Redis[] = [];
  private control!: Redis;
  private queue: Queue | undefined;
  private events: QueueEvents | undefined;
  private claims: ClaimServer | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Items whose job may still run: index → job id. */
  private readonly pending = new Map<number, string>();
  private readonly ready: ExecutorResult[] = [];
  private wake: (() => void) | undefined;
  private stopping = false;
  private failure: Error | undefined;
  private downSince: number | undefined;
  private lastError: string | undefined;
  private lastEvent = Date.now();
  private reconcileMs = RECONCILE_MS;

  constructor(
    private readonly ex: QueueExecutor,
    private readonly request: ExecutorRequest,
    private readonly setup: RunSetupWire,
  ) {
    this.keys = queueKeys(ex.prefix, ex.queue);
  }

  private get where(): string {
    return this.ex.toString();
  }

  private async client(name: string): Promise<Redis> {
    const c = await createClient(this.ex.connection, name);
    this.clients.push(c);
    return c;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Connects, stores the setup, starts listening, then enqueues one job per item. */
  async open(): Promise<void> {
    const { Queue, QueueEvents } = await loadBullmq();
    this.control = await this.client('bigmultipipe-run');
    await waitReady(this.control, this.ex.connection, this.ex.connectTimeout);
    this.watch(this.control);
    const setupKey = this.keys.setup(this.runId);
    await this.control.set(setupKey, JSON.stringify(this.setup), 'PX', SETUP_TTL);
    this.heartbeat = setInterval(() => void this.control.pexpire(setupKey, SETUP_TTL).catch(() => undefined), SETUP_TTL / 3);
    // Listen from the stream's current end, read before any job exists: no result can be missed.
    const last = await this.control.xrevrange(this.keys.events, '+', '-', 'COUNT', 1);
    const lastEventId = last[0]?.[0] ?? '0-0';
    this.events = new QueueEvents(this.ex.queue, { connection: await this.client('bigmultipipe-events'), prefix: this.ex.prefix, lastEventId });
    this.events.on('error', () => undefined);
    this.events.on('completed', ({ jobId: id, returnvalue }) => this.onFinished(id, () => this.decode(returnvalue)));
    this.events.on('failed', ({ jobId: id, failedReason }) => this.onFinished(id, () => ({ ok: false, error: explainFailure(failedReason) })));
    this.queue = new Queue(this.ex.queue, { connection: await this.client('bigmultipipe-queue'), prefix: this.ex.prefix });
    this.queue.on('error', () => undefined);
    this.claims = new ClaimServer(await this.client('bigmultipipe-claims'), this.control, this.keys, this.runId, (index, outname) => this.decide(index, outname));
    await this.events.waitUntilReady();

    this.request.signal?.addEventListener('abort', this.onAbort, { once: true });
    const jobs = this.request.items.map((item) => {
      const id = jobId(this.runId, item.index);
      this.pending.set(item.index, id);
      const data: JobData = { v: PROTOCOL, runId: this.runId, index: item.index, inName: absolute(item.inName) };
      return { name: JOB_NAME, data, opts: { jobId: id, attempts: this.ex.attempts, removeOnComplete: { age: 3600 }, removeOnFail: { age: 24 * 3600 } } };
    });
    for (let i = 0; i < jobs.length && !this.stopping; i += ADD_BATCH) await this.queue.addBulk(jobs.slice(i, i + ADD_BATCH));
    if (this.stopping) await this.removeWaiting();
  }

  /** Tracks the connection; a loss longer than `connectTimeout` fails the run. */
  private watch(client: Redis): void {
    client.on('close', () => {
      this.downSince ??= Date.now();
    });
    client.on('error', (err: Error) => {
      this.lastError = redact(err.message, this.ex.connection);
    });
    client.on('ready', () => {
      this.downSince = undefined;
    });
  }

  private readonly onAbort = (): void => {
    this.stop();
  };

  /** Starts no new file: publishes the abort to workers and removes the run's waiting jobs. */
  private stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    void this.control.publish(this.keys.control, JSON.stringify({ type: 'abort', runId: this.runId })).catch(() => undefined);
    void this.removeWaiting();
  }

  /** Removes the jobs no worker holds; the others finish and are reported. */
  private async removeWaiting(): Promise<void> {
    const queue = this.queue;
    if (!queue) return;
    for (const [index, id] of [...this.pending]) {
      let removed = 0;
      try {
        removed = await queue.remove(id);
      } catch {
        removed = 0; // locked by a worker: it is running
      }
      if (removed === 1 && this.pending.delete(index)) this.notify();
    }
  }

  /** A claim relayed by a worker: only an unfinished item of this run may claim, and the run's table decides. */
  private async decide(index: number, outname: string): Promise<void> {
    if (!this.pending.has(index)) throw new Error(`${outname}: item ${index} is not an unfinished file of this run; claim refused`);
    await this.request.claim?.(index, outname);
  }

  private decode(returnvalue: unknown): { ok: true; entry: PoutEntry } | { ok: false; error: Error } {
    const value = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as JobResult | null;
    if (!value || typeof value !== 'object') return { ok: false, error: new Error('a queue worker returned no result (is it another program than bigmultipipe\'s worker?)') };
    if (value.ok) return { ok: true, entry: decodeTagged(value.entry) as PoutEntry };
    return { ok: false, error: fromWire(value.error) };
  }

  private onFinished(id: string, outcome: () => { ok: true; entry: PoutEntry } | { ok: false; error: Error }): void {
    const prefix = `${this.runId}-`;
    if (!id.startsWith(prefix)) return;
    const index = Number(id.slice(prefix.length));
    if (!this.pending.delete(index)) return;
    this.lastEvent = Date.now();
    this.reconcileMs = RECONCILE_MS;
    let r: ExecutorResult;
    try {
      const o = outcome();
      r = o.ok ? { index, ok: true, entry: o.entry } : { index, ok: false, error: o.error };
    } catch (error) {
      r = { index, ok: false, error };
    }
    this.ready.push(r);
    if (!r.ok && this.request.failFast) this.stop();
    this.notify();
  }

  /** Asks Redis for the state of jobs whose events were not seen (a trimmed event stream, a reconnect). */
  private async reconcile(): Promise<void> {
    const queue = this.queue;
    if (!queue) return;
    for (const [, id] of [...this.pending]) {
      const job = await queue.getJob(id);
      if (!job) {
        if (!this.stopping) this.onFinished(id, () => ({ ok: false, error: new Error(`its job ${id} vanished from ${this.where} (removed by someone else?)`) }));
        continue;
      }
      const state = await job.getState();
      if (state === 'completed') this.onFinished(id, () => this.decode(job.returnvalue));
      else if (state === 'failed') this.onFinished(id, () => ({ ok: false, error: explainFailure(job.failedReason) }));
    }
  }

  /** Yields results as jobs finish, until every job has finished or been removed. */
  async *results(): AsyncIterable<ExecutorResult> {
    const total = this.request.items.length;
    const tick = setInterval(() => this.notify(), 250);
    try {
      for (;;) {
        while (this.ready.length > 0) yield this.ready.shift() as ExecutorResult;
        if (this.pending.size === 0) return;
        if (this.downSince !== undefined && Date.now() - this.downSince > this.ex.connectTimeout) {
          const finished = total - this.pending.size;
          this.failure = new QueueConnectionError(
            `lost the connection to Redis for ${this.ex.connectTimeout} ms during the run (${this.lastError ?? 'connection closed'}): ${this.where}. ` +
              `${finished} of ${total} files finished and were reported (and journaled, with a journal); ` +
              `${this.pending.size} did not. Once Redis is back, run again with the same journal to do only those.`,
          );
          throw this.failure;
        }
        if (this.downSince === undefined && Date.now() - this.lastEvent > this.reconcileMs) {
          this.lastEvent = Date.now();
          this.reconcileMs = Math.min(2 * this.reconcileMs, RECONCILE_MAX_MS); // reset by the next result
          await this.reconcile().catch(() => undefined);
          if (this.stopping) await this.removeWaiting();
          continue;
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      clearInterval(tick);
    }
  }

  /** Stops listening and removes what the run left in Redis (bounded waits: Redis may be gone). */
  async close(): Promise<void> {
    this.request.signal?.removeEventListener('abort', this.onAbort);
    if (this.heartbeat) clearInterval(this.heartbeat);
    const alive = this.failure === undefined && this.control?.status === 'ready';
    if (alive && this.pending.size > 0) {
      // The consumer stopped early (an exception in the orchestrator): leave no job of this run behind.
      this.stopping = true;
      await within(this.removeWaiting(), 2_000);
    }
    if (alive) {
      await within(this.control.del(this.keys.setup(this.runId), this.keys.claims(this.runId)), 1_000);
    }
    await within(this.claims?.stop() ?? Promise.resolve(), 2_000);
    await within(Promise.all([this.events?.close(), this.queue?.close()]), alive ? 2_000 : 200);
    for (const c of this.clients) closeClient(c);
  }
}
