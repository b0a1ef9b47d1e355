import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BigMultiPipe } from './api.js';
import type { InName, Kwargs } from './api.js';

/** A pipeline over text files holding one number each: no native arrays needed. */
export class NumberPipe extends BigMultiPipe<number> {
  override async fileRead(inName: InName, kwargs: Kwargs = {}): Promise<number | null | undefined> {
    if (typeof inName !== 'string') return (await super.fileRead(inName, kwargs)) as number;
    const text = await readFile(inName, 'utf8');
    const v = Number(text);
    if (text.trim() === '' || Number.isNaN(v)) throw new Error(`not a number: ${JSON.stringify(text.slice(0, 20))}`);
    return v;
  }

  override async fileWrite(data: number, outname: string, kwargs: Kwargs = {}): Promise<string> {
    await super.fileWrite(data, outname, kwargs);
    await writeFile(outname, String(data));
    return outname;
  }
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bmp-pipeline-test-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes files `${prefix}${i}.txt` holding `values[i]` into dir; returns their paths. */
export async function writeNumbers(dir: string, values: readonly (number | string)[], prefix = 'n'): Promise<string[]> {
  const names: string[] = [];
  for (const [i, v] of values.entries()) {
    const p = path.join(dir, `${prefix}${i}.txt`);
    await writeFile(p, String(v));
    names.push(p);
  }
  return names;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
