/**
 * Shared by the queue tests: a private redis-server, queue worker child
 * processes (real processes, real Redis) and small .npy inputs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NdArray, writeNpy } from '../../src/index.js';
import type { QueueWorkerOptions } from '../../src/index.js';

export { startRedis } from '../../scripts/redis-server.mjs';
export type { RedisServer } from '../../scripts/redis-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The pipeline module the workers load (input + 1). */
export const PLUS_ONE = path.join(here, 'plus-one.ts');
/** A module that throws on import. */
export const BROKEN = path.join(here, 'broken-module.ts');
const CHILD = path.join(here, 'worker-child.ts');

/** One line a worker child printed. */
export interface WorkerLine {
  pid: number;
  type: string;
  jobId?: string;
  inName?: string;
  outname?: string | null;
  error?: string;
  concurrency?: number;
}

/** A queue worker child process and what it printed. */
export class WorkerProcess {
  readonly lines: WorkerLine[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly listeners = new Set<(line: WorkerLine) => void>();

  constructor(readonly child: ChildProcess) {
    let buffered = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const text = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        let line: WorkerLine;
        try {
          line = JSON.parse(text) as WorkerLine;
        } catch {
          continue; // a warning printed by a library
        }
        this.lines.push(line);
        for (const l of this.listeners) l(line);
      }
    });
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves with the first line (already printed or to come) that `pred` accepts. */
  waitFor(pred: (line: WorkerLine) => boolean, timeoutMs = 30_000): Promise<WorkerLine> {
    const seen = this.lines.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.listeners.delete(l);
        reject(new Error(`worker ${this.child.pid}: no matching line within ${timeoutMs} ms; it printed ${JSON.stringify(this.lines.slice(-5))}`));
      }, timeoutMs);
      const l = (line: WorkerLine): void => {
        if (!pred(line)) return;
        clearTimeout(t);
        this.listeners.delete(l);
        resolve(line);
      };
      this.listeners.add(l);
    });
  }

  /** Lines of one type. */
  of(type: string): WorkerLine[] {
    return this.lines.filter((l) => l.type === type);
  }

  /** Stops it: SIGTERM (graceful close), SIGKILL after 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(t);
  }
}

/** Starts a queue worker child process and waits until it is taking jobs. */
export async function startWorker(options: Omit<QueueWorkerOptions, 'onEvent'>, env: NodeJS.ProcessEnv = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const w = new WorkerProcess(child);
  await Promise.race([
    w.waitFor((l) => l.type === 'ready', 60_000),
    w.exited.then(({ code, signal }) => {
      throw new Error(`queue worker exited before it was ready (code ${code}, signal ${signal})`);
    }),
  ]);
  return w;
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function scratch(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bmp-queue-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `n` float64 .npy files of `shape` holding i in `dir/in`; returns their paths. */
export async function npyInputs(dir: string, n: number, shape: number[] = [10, 10]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = path.join(dir, `in${String(i).padStart(4, '0')}.npy`);
    await writeNpy(p, NdArray.full(shape, i, 'float64'));
    names.push(p);
  }
  return names;
}

/** Names in `dir` that look like temporary files of an interrupted write. */
export async function tempFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.endsWith('.bmp-tmp'));
}
