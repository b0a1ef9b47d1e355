/**
 * Plain-JavaScript hooks on every core: the same pipeline, with one option
 * added, runs its files on worker threads (README: "Running hooks on every
 * core: WorkerExecutor").
 * Run: npx tsx examples/workers.ts   (after `npm run build`)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { NdArray, NpyMultiPipe, WorkerExecutor, writeNpy } from 'bigmultipipe';

/** A dataProcess in plain JavaScript: in-process, it would run on one thread only. */
export class Wiggle extends NpyMultiPipe {
  override dataProcess(data: NdArray): NdArray {
    const a = data.data as Float64Array;
    for (let i = 0; i < a.length; i++) a[i] = Math.sqrt(Math.abs(a[i] as number)) + Math.sin(a[i] as number);
    return data;
  }
}

// Worker threads load this module too (to find Wiggle): only the main thread runs the pipeline.
if (isMainThread) {
  const dir = mkdtempSync(path.join(tmpdir(), 'wiggle-'));
  const inNames: string[] = [];
  for (let i = 0; i < 4; i++) {
    inNames.push(await writeNpy(path.join(dir, `in${i}.npy`), NdArray.full([500, 500], i)));
  }
  const executor = new WorkerExecutor({ module: import.meta.url, export: 'Wiggle' });
  const pout = await new Wiggle({ outdir: dir }).pipeline(inNames, { executor });
  console.log(pout.map(([outname]) => path.basename(outname ?? '')));
  await executor.close();
  rmSync(dir, { recursive: true, force: true });
}
