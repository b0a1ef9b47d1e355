/**
 * How a worker thread of `WorkerPool` is started: the script that
 * boots it (the library's worker entry, from a build or from the TypeScript
 * sources), and the Node flags it gets.
 * @packageDocumentation
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerOptions } from 'node:worker_threads';
import type { WorkerBoot } from './worker-protocol.js';

/**
 * Turns on Node's module compile cache (Node 22.1+; a no-op before) in the
 * thread before it loads anything, so that every thread after the first
 * (in this process and in later ones) reads the library's and the user's
 * compiled code from disk instead of compiling it again: a thread's start-up
 * is a run's fixed cost. The cache lives where Node puts it
 * (`NODE_COMPILE_CACHE`, else `node-compile-cache` in the temporary
 * directory); `NODE_DISABLE_COMPILE_CACHE=1` turns it off.
 */
const ENABLE_COMPILE_CACHE = "require('node:module').enableCompileCache?.();";

/** How to start a worker thread running the library's worker entry, from a build (ESM or CommonJS) or from the TypeScript sources. */
export function workerScript(boot: WorkerBoot): { script: string | URL; eval: boolean } {
  const here = import.meta.url;
  const cjs = here.endsWith('.cjs');
  const ts = /\.[mc]?ts$/.test(here);
  const entry = new URL(cjs ? './worker-thread.cjs' : ts ? './worker-thread.ts' : './worker-thread.js', here);
  const load = cjs ? `require(${JSON.stringify(fileURLToPath(entry))})` : `import(${JSON.stringify(entry.href)})`;
  if (!ts && !/\.[mc]?ts$/.test(boot.module)) return { script: `${ENABLE_COMPILE_CACHE}${load}`, eval: true };
  // TypeScript (the library's sources, or the user's module): compile on load with tsx, resolved
  // from the user's module first. Loader flags given to the main thread do not reach workers.
  const register = tsxRegistration(boot.module) ?? tsxRegistration(here);
  if (!register) {
    const why = `${boot.module} is TypeScript: install tsx (npm install --save-dev tsx) so worker threads can load it, or point module at its compiled JavaScript`;
    return { script: `throw new Error(${JSON.stringify(why)})`, eval: true };
  }
  return { script: `${register}.then(() => ${load})`, eval: true };
}

/**
 * The parent's Node flags for a worker, or undefined to let Node pass them on
 * (it drops those a worker cannot take). Flags naming the parent's own entry
 * (`-e`/`-p` code, `--input-type`) would make the worker fail to start, so
 * they are removed, and then the list is explicit.
 */
export function workerExecArgv(): string[] | undefined {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (['-e', '--eval', '-p', '--print', '--input-type'].includes(a)) i += 1; // and its value
    else if (!/^(--eval|--print|--input-type)=/.test(a)) out.push(a);
  }
  return out.length === argv.length ? undefined : out;
}

/** A worker thread; an explicit flag list that Node refuses (per-process flags) is retried without the flags it names. */
export function startWorker(script: string | URL, options: WorkerOptions): Worker {
  try {
    return new Worker(script, options);
  } catch (err) {
    const refused = (err as { code?: string }).code === 'ERR_WORKER_INVALID_EXEC_ARGV' ? /flags: (.*)$/.exec((err as Error).message)?.[1] : undefined;
    if (!refused || !options.execArgv) throw err;
    const names = new Set(refused.split(/,\s*/));
    return new Worker(script, { ...options, execArgv: options.execArgv.filter((a) => !names.has(String(a).split('=')[0] as string) && !names.has(String(a))) });
  }
}

/**
 * A script registering tsx's ES-module and CommonJS hooks in a worker, with
 * tsx resolved from `from` (its `--import` entry does nothing in a worker).
 */
function tsxRegistration(from: string): string | undefined {
  try {
    const require = createRequire(from);
    const esm = pathToFileURL(path.join(path.dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
    const cjs = require.resolve('tsx/cjs/api');
    return `import(${JSON.stringify(esm)}).then((m) => { m.register(); require(${JSON.stringify(cjs)}).register(); })`;
  } catch {
    return undefined;
  }
}
