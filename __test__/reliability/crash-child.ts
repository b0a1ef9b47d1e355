/**
 * Child process for crash.spec.ts: runs NpyMultiPipe over the given .npy
 * files (output = input + 1) with a journal, and reports on stdout, one JSON
 * line each, every file it starts processing and every file that finishes.
 * The parent kills it with SIGKILL mid-run, then runs it again.
 *
 * Usage: tsx crash-child.ts <outdir> <journal> <input>...
 */
import { NpyMultiPipe } from '../../src/index.js';
import type { InName, Kwargs, NdArray } from '../../src/index.js';

const [outdir, journal, ...inputs] = process.argv.slice(2);
if (!outdir || !journal || inputs.length === 0) throw new Error('usage: crash-child.ts <outdir> <journal> <input>...');

// Pipes to the parent are synchronous on Linux: a line written is a line sent.
const say = (event: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(event)}\n`);
};

class PlusOne extends NpyMultiPipe {
  override async fileProcess(inName: InName, kwargs: Kwargs = {}) {
    say({ start: inName });
    return super.fileProcess(inName, kwargs);
  }

  override dataProcess(data: NdArray): Promise<NdArray> {
    return data.add(1);
  }
}

const pipe = new PlusOne({ outdir, numProcesses: 2 });
const pout = await pipe.pipeline(inputs, {
  journal,
  onProgress: (e) => say({ done: e.inName, outname: e.outname, fromJournal: e.fromJournal ?? false, error: e.error?.message }),
});
say({ finished: pout.length });
