/**
 * The seed's inputs: ten 1000×2000 float64 arrays `i + zeros`, written as
 * `big_array_{i}.npy` into a temporary directory that is removed afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NdArray, writeNpy } from 'bigmultipipe';

/** Writes the seed's ten inputs to a fresh temporary directory, calls `fn(inNames, dir)`, then removes the directory. */
export async function withSeedInputs<T>(fn: (inNames: string[], dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bigmultipipe-demo-'));
  try {
    const inNames: string[] = [];
    for (let i = 0; i < 10; i++) {
      inNames.push(await writeNpy(path.join(dir, `big_array_${i}.npy`), NdArray.full([1000, 2000], i)));
    }
    return await fn(inNames, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** True when this module is the script node/tsx was started with. */
export function isMain(importMetaUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && path.resolve(script).replace(/\.[cm]?[jt]s$/, '') === fileURLToPath(importMetaUrl).replace(/\.[cm]?[jt]s$/, '');
}
