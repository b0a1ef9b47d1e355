/**
 * A pool of worker threads running tasks (a pipeline file, or one call of a
 * module's function): dispatch to the least busy thread, relay claims, and
 * replace a thread that dies, failing only the tasks it held.
 * @packageDocumentation
 */
import type { ResourceLimits, Worker } from 'node:worker_threads';
import type { FileStage } from '../pipeline/file-context.js';
import type { InName } from '../pipeline/types.js';
import type { FromWorker, RunSetup, ToWorker, WireError, WorkerBoot } from './worker-protocol.js';
import { fromWire, toWire } from './worker-protocol.js';
import { startWorker, workerExecArgv, workerScript } from './worker-script.js';

/** A task's message without the id the pool gives it. */
export type TaskMessage =
  | { type: 'file'; runId: number; index: number; inName: InName }
  | { type: 'call'; exportName: string; index: number; item: unknown };

/** One unit of work for the pool. */
export interface Task {
  /** What the worker runs. */
  message: TaskMessage;
  /** For file tasks: the run's setup, sent to a worker before its first file of that run. */
  setup?: RunSetup | undefined;
  /** Names the task in errors (a file name, or `item 3`). */
  label: string;
  /** Relays a claim of an output path to the orchestrator. */
  claim?: ((outname: string) => Promise<void>) | undefined;
  /** Called when a thread starts running it (its pipeline loaded): the moment its `fileTimeout` starts. */
  onStarted?: (() => void) | undefined;
  /** Called when the file enters a stage (only when its run's setup asks for them: a watched run). */
  onStage?: ((stage: FileStage) => void) | undefined;
}

/** The error a task gets when its worker thread dies under it. */
export class WorkerDiedError extends Error {
  /** @param message - names the task and the reason. */
  constructor(message: string) {
    super(message);
    this.name = 'WorkerDiedError';
  }
}

interface Pending {
  task: Task;
  /** The thread has begun it (until then it may move to another thread). */
  started?: boolean;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** One worker thread and what it holds. */
class Thread {
  readonly worker: Worker;
  readonly pending = new Map<number, Pending>();
  readonly runs = new Set<number>();
  /** Takes no new task (it timed out a file, or is closing); ended once its tasks are settled or abandoned. */
  retiring = false;
  dead = false;
  /** Tasks the orchestrator gave up on (timed out) that the thread may still be running. */
  abandoned = 0;
  /** Why it ended, when known before its exit (an uncaught error, or the executor closing). */
  reason: string | undefined;
  /** Its entry has imported the user's module (or failed to: that error is reported with each file). */
  loaded = false;
  /** Settles when the module is imported: rejects with the import's error, or the thread's death before then. */
  readonly ready: Promise<void>;
  private settleReady!: (error?: Error) => void;

  constructor(
    worker: Worker,
    module: string,
    private readonly onGone: (t: Thread) => void,
  ) {
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      this.settleReady = (error) => (error ? reject(error) : resolve());
    });
    this.ready.catch(() => undefined); // only ever reported to a caller of ready()
    worker.on('error', (err: Error) => {
      this.reason ??= err.name === 'Error' || !err.name ? err.message : `${err.name}: ${err.message}`;
    });
    worker.on('exit', (code) =>
      this.died(this.reason ?? (this.loaded ? `it exited with code ${code} (process.exit() in a hook?)` : `it exited with code ${code} while loading ${module} (process.exit() at its top level?)`)),
    );
  }

  /** The module is imported (`error`: it failed to). */
  moduleLoaded(error?: Error): void {
    this.loaded = true;
    this.settleReady(error);
  }

  /** Fails every task it holds with `reason` and leaves the pool. */
  died(reason: string): void {
    if (this.dead) return;
    this.dead = true;
    this.settleReady(new WorkerDiedError(`a worker thread died before it was ready: ${reason}`));
    for (const [, p] of this.pending) {
      p.reject(new WorkerDiedError(`${p.task.label}: the worker thread running it died: ${reason}. The file was not completed; the run went on with a new worker thread.`));
    }
    this.pending.clear();
    this.onGone(this);
  }

  get load(): number {
    return this.pending.size + this.abandoned;
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }
}

/** Worker threads running the tasks of any number of runs. */
export class WorkerPool {
  private readonly threads = new Set<Thread>();
  private readonly byTask = new Map<number, Thread>();
  private nextTask = 1;

  /**
   * @param boot - the module every thread loads.
   * @param size - the most threads alive at once.
   * @param resourceLimits - each thread's V8 limits (a thread that overruns them dies; its tasks fail).
   */
  constructor(
    private readonly boot: WorkerBoot,
    private readonly size: number,
    private readonly resourceLimits?: ResourceLimits,
  ) {}

  /**
   * Starts threads until `size` are alive, before any task: each boots Node
   * and imports the user's module while the caller goes on with its own
   * set-up, so a run's first files need not wait for that. The threads do not
   * keep the process alive until they are given a task.
   */
  prestart(): void {
    while ([...this.threads].filter((t) => !t.retiring).length < this.size) this.spawn();
  }

  /**
   * Settles once every thread alive has imported the module or failed to
   * (starting threads up to `size` first); rejects with the first import
   * error, or a thread's death before it was ready.
   */
  async ready(): Promise<void> {
    this.prestart();
    const threads = [...this.threads];
    for (const t of threads) t.worker.ref(); // someone waits on them: they must keep the process alive meanwhile
    const settled = await Promise.allSettled(threads.map((t) => t.ready));
    for (const t of threads) if (!t.dead && t.pending.size === 0) t.worker.unref();
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Runs `task` on the least busy thread; settles with its result, or its error (rebuilt from the thread). */
  submit(task: Task): { taskId: number; done: Promise<unknown> } {
    const taskId = this.nextTask++;
    const done = new Promise<unknown>((resolve, reject) => this.dispatch(taskId, { task, resolve, reject }));
    void done.then(
      () => this.byTask.delete(taskId),
      () => this.byTask.delete(taskId),
    );
    return { taskId, done };
  }

  private dispatch(taskId: number, pending: Pending): void {
    const thread = this.pick();
    thread.pending.set(taskId, pending);
    this.byTask.set(taskId, thread);
    const m = pending.task.message;
    if (m.type === 'file' && !thread.runs.has(m.runId)) {
      thread.runs.add(m.runId);
      thread.send({ type: 'run', runId: m.runId, setup: pending.task.setup as RunSetup });
    }
    thread.worker.ref();
    thread.send({ ...m, taskId } as ToWorker);
  }

  /** Fires the task's signal in its thread (its file timed out, or the run was aborted). */
  cancel(taskId: number, reason: unknown): void {
    const thread = this.byTask.get(taskId);
    if (thread && !thread.dead) thread.send({ type: 'cancel', taskId, reason: toWire(reason) });
  }

  /**
   * Gives up on a task the orchestrator has already failed (its file timed
   * out): its result is ignored, and its thread takes no new task and is
   * ended once nothing else it runs is pending. Tasks the thread has not even
   * started show that its event loop is stuck (a hook looping without
   * yielding): they move to another thread, and the thread is ended now
   * (files it had started fail, named, with that reason), so a task never
   * runs twice and a stuck thread cannot hold the run.
   */
  abandon(taskId: number): void {
    const thread = this.byTask.get(taskId);
    if (!thread || thread.dead) return;
    const label = thread.pending.get(taskId)?.task.label;
    thread.pending.delete(taskId);
    this.byTask.delete(taskId);
    thread.abandoned += 1;
    thread.retiring = true;
    const unstarted = [...thread.pending].filter(([, p]) => !p.started);
    for (const [id, p] of unstarted) {
      thread.pending.delete(id);
      this.dispatch(id, p);
    }
    if (unstarted.length > 0) {
      thread.reason ??= `it was stuck in ${label}, which exceeded fileTimeout without yielding, so it was ended`;
      void thread.worker.terminate();
    } else {
      this.endIfIdle(thread);
    }
  }

  /** Tells every thread the run is over (it drops the run's control stream). */
  endRun(runId: number): void {
    for (const t of this.threads) {
      if (t.runs.delete(runId) && !t.dead) t.send({ type: 'endRun', runId });
    }
  }

  /** Ends every thread; tasks still pending fail. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.threads].map((t) => {
        t.reason ??= 'the WorkerExecutor was closed while it ran';
        return t.worker.terminate();
      }),
    );
  }

  private endIfIdle(thread: Thread): void {
    if (thread.pending.size > 0) return;
    if (thread.retiring) {
      thread.dead = true;
      this.threads.delete(thread);
      void thread.worker.terminate();
    } else {
      thread.worker.unref();
    }
  }

  private pick(): Thread {
    let best: Thread | undefined;
    // The least busy; between equals, one that has its module loaded (a thread still starting would make the file wait).
    for (const t of this.threads) if (!t.retiring && (!best || t.load < best.load || (t.load === best.load && t.loaded && !best.loaded))) best = t;
    const live = [...this.threads].filter((t) => !t.retiring).length;
    if (best && (best.load === 0 || live >= this.size)) return best;
    return this.spawn();
  }

  private spawn(): Thread {
    const { script, eval: isEval } = workerScript(this.boot);
    const worker = startWorker(script, { eval: isEval, workerData: this.boot, resourceLimits: this.resourceLimits, execArgv: workerExecArgv() });
    const thread = new Thread(worker, this.boot.module, (t) => this.threads.delete(t));
    worker.on('message', (msg: FromWorker) => this.onMessage(thread, msg));
    worker.unref(); // until it is given a task (dispatch refs it): an idle or prestarted thread never holds the process open
    this.threads.add(thread);
    return thread;
  }

  private onMessage(thread: Thread, msg: FromWorker): void {
    if (msg.type === 'loaded') {
      thread.moduleLoaded(msg.error && fromWire(msg.error));
      return;
    }
    if (msg.type === 'claim') {
      const p = thread.pending.get(msg.taskId);
      const claim = p?.task.claim;
      const reply = (error?: WireError): void => {
        if (!thread.dead) thread.send({ type: 'claimed', claimId: msg.claimId, error });
      };
      if (!claim) {
        reply(p ? undefined : toWire(new Error(`the file was abandoned (timed out) before it claimed ${msg.outname}`)));
        return;
      }
      claim(msg.outname).then(() => reply(), (err: unknown) => reply(toWire(err)));
      return;
    }
    const p = thread.pending.get(msg.taskId);
    if (!p) return; // abandoned (the orchestrator has already reported it), or moved
    if (msg.type === 'started') {
      p.started = true;
      p.task.onStarted?.();
      return;
    }
    if (msg.type === 'stage') {
      p.task.onStage?.(msg.stage);
      return;
    }
    thread.pending.delete(msg.taskId);
    if (msg.type === 'done') p.resolve(msg.value);
    else p.reject(fromWire(msg.error));
    this.endIfIdle(thread);
  }
}
