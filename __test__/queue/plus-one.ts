/**
 * The pipeline queue workers load in the queue tests: .npy in, input + 1 out.
 * Control-stream knobs for the tests: `delayMs` (every file waits, so a test
 * can catch a worker mid-file), `slowOn` + `slowMs` (files whose name holds
 * `slowOn` wait longer), `failOnce` (a marker file: the first try fails and
 * creates it), `metaOutdir` (sets `meta.outdir`, an output named
 * after the run started), `recordThread` (`meta.threadId`).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { NpyMultiPipe, WorkerExecutor } from '../../src/index.js';
import type { Kwargs, Meta, NdArray } from '../../src/index.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class PlusOne extends NpyMultiPipe {
  override async dataProcess(data: NdArray, kwargs: Kwargs = {}): Promise<NdArray> {
    const delay = Number(kwargs.delayMs ?? 0);
    if (delay > 0) await sleep(delay);
    if (typeof kwargs.failOnce === 'string' && !existsSync(kwargs.failOnce)) {
      writeFileSync(kwargs.failOnce, '');
      throw new Error('failing the first try on purpose');
    }
    if (typeof kwargs.slowOn === 'string' && String(kwargs.inName).includes(kwargs.slowOn)) await sleep(Number(kwargs.slowMs));
    return data.add(1);
  }

  override async postProcess(data: NdArray, kwargs: Kwargs = {}): Promise<[NdArray | null | undefined, Meta]> {
    const [out, meta] = await super.postProcess(data, kwargs);
    if (typeof kwargs.metaOutdir === 'string') meta.outdir = kwargs.metaOutdir;
    if (kwargs.recordThread) meta.threadId = threadId;
    return [out, meta];
  }
}

/** The same pipeline asking for worker threads: a queue worker runs its files on this host's threads. */
export function threaded(): PlusOne {
  const pipe = new PlusOne();
  pipe.executor = new WorkerExecutor({ module: import.meta.url, export: 'PlusOne', workers: 2 });
  return pipe;
}

/** A pipeline whose memory budget admits one file at a time: 150 MiB for files of up to 100 MiB. */
export function budgeted(): PlusOne {
  return new PlusOne({ processSize: 100 * 2 ** 20, memAvailable: 150 * 2 ** 20 });
}

export default PlusOne;
