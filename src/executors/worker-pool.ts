/**
 * A pool of worker threads running tasks (a pipeline file, or one call of a
 * module's function): dispatch to the least busy thread, relay claims, and
 * replace a thread that dies, failing only the tasks it held.
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ResourceLimits } from 'node:worker_threads';
import type { InName } from '../pipeline/types.js';
import type { FromWorker, RunSetup, ToWorker, WireError, WorkerBoot } from './worker-protocol.js';
import { fromWire, toWire } from './worker-protocol.js';

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
  private reason: string | undefined;

  constructor(worker: Worker, private readonly onGone: (t: Thread) => void) {
    this.worker = worker;
    worker.on('error', (err: Error) => {
      this.reason ??= err.name === 'Error' || !err.name ? err.message : `${err.name}: ${err.message}`;
    });
    worker.on('exit', (code) => this.died(this.reason ?? `it exited with code ${code} (process.exit() in a hook?)`));
  }

  /** Fails every task it holds with `reason` and leaves the pool. */
  died(reason: string): void {
    if (this.dead) return;
    this.dead = true;
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

/** How to start a worker thread running the library's worker entry, from a build or from the TypeScript sources. */
function workerScript(boot: WorkerBoot): { script: string | URL; eval: boolean } {
  const here = import.meta.url;
  if (here.endsWith('.cjs')) return { script: new URL('./worker-thread.cjs', here), eval: false };
  const ts = /\.[mc]?ts$/.test(here);
  const entry = new URL(ts ? './worker-thread.ts' : './worker-thread.js', here).href;
  if (!ts && !/\.[mc]?ts$/.test(boot.module)) return { script: new URL(entry), eval: false };
  // TypeScript (the library's sources, or the user's module): compile on load with tsx, resolved
  // from the user's module first. Loader flags given to the main thread do not reach workers.
  const api = tsxApi(boot.module) ?? tsxApi(here);
  if (!api) {
    return { script: `throw new Error(${JSON.stringify(`${boot.module} is TypeScript: install tsx (npm install --save-dev tsx) so worker threads can load it, or point module at its compiled JavaScript`)})`, eval: true };
  }
  return { script: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, eval: true };
}

function tsxApi(from: string): string | undefined {
  try {
    const dir = path.dirname(createRequire(from).resolve('tsx/package.json'));
    return pathToFileURL(path.join(dir, 'dist', 'esm', 'api', 'index.mjs')).href;
  } catch {
    return undefined;
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

  /** Runs `task` on the least busy thread; settles with its result, or its error (rebuilt from the thread). */
  submit(task: Task): { taskId: number; done: Promise<unknown> } {
    const taskId = this.nextTask++;
    const thread = this.pick();
    const done = new Promise<unknown>((resolve, reject) => {
      thread.pending.set(taskId, { task, resolve, reject });
    });
    this.byTask.set(taskId, thread);
    void done.catch(() => undefined).finally(() => this.byTask.delete(taskId));
    const m = task.message;
    if (m.type === 'file' && !thread.runs.has(m.runId)) {
      thread.runs.add(m.runId);
      thread.send({ type: 'run', runId: m.runId, setup: task.setup as RunSetup });
    }
    thread.worker.ref();
    thread.send({ ...m, taskId } as ToWorker);
    return { taskId, done };
  }

  /** Fires the task's signal in its thread (its file timed out, or the run was aborted). */
  cancel(taskId: number, reason: unknown): void {
    const thread = this.byTask.get(taskId);
    if (thread && !thread.dead) thread.send({ type: 'cancel', taskId, reason: toWire(reason) });
  }

  /**
   * Gives up on a task the orchestrator has already failed (its file timed
   * out): its result is ignored, and its thread takes no new task and is
   * ended once nothing else it runs is pending — a hook stuck in a loop
   * cannot hold a thread for ever.
   */
  abandon(taskId: number): void {
    const thread = this.byTask.get(taskId);
    if (!thread || thread.dead) return;
    thread.pending.delete(taskId);
    this.byTask.delete(taskId);
    thread.abandoned += 1;
    thread.retiring = true;
    this.endIfIdle(thread);
  }

  /** Tells every thread the run is over (it drops the run's control stream). */
  endRun(runId: number): void {
    for (const t of this.threads) {
      if (t.runs.delete(runId) && !t.dead) t.send({ type: 'endRun', runId });
    }
  }

  /** Ends every thread; tasks still pending fail. */
  async close(): Promise<void> {
    await Promise.all([...this.threads].map((t) => t.worker.terminate()));
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
    for (const t of this.threads) if (!t.retiring && (!best || t.load < best.load)) best = t;
    const live = [...this.threads].filter((t) => !t.retiring).length;
    if (best && (best.load === 0 || live >= this.size)) return best;
    return this.spawn();
  }

  private spawn(): Thread {
    const { script, eval: isEval } = workerScript(this.boot);
    const worker = new Worker(script, { eval: isEval, workerData: this.boot, resourceLimits: this.resourceLimits });
    const thread = new Thread(worker, (t) => this.threads.delete(t));
    worker.on('message', (msg: FromWorker) => this.onMessage(thread, msg));
    this.threads.add(thread);
    return thread;
  }

  private onMessage(thread: Thread, msg: FromWorker): void {
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
    if (!p) return; // abandoned: the orchestrator has already reported this task
    thread.pending.delete(msg.taskId);
    if (msg.type === 'done') p.resolve(msg.value);
    else p.reject(fromWire(msg.error));
    this.endIfIdle(thread);
  }
}
