/**
 * Pipelines the command-line tests load as MODULE[#EXPORT]: doubling every
 * .npy array, with each file's size in its metadata.
 */
import { NpyMultiPipe } from '../../src/index.js';
import type { Kwargs, NdArray } from '../../src/index.js';

/** Doubles the array; waits `delay` ms first when the control stream says so (to interrupt a run mid-way). */
export default class Double extends NpyMultiPipe {
  override async dataProcess(data: NdArray, kwargs: Kwargs = {}): Promise<NdArray> {
    if (typeof kwargs.delay === 'number') await new Promise((r) => setTimeout(r, kwargs.delay as number));
    if (typeof kwargs.hangOn === 'string' && String(kwargs.inName).endsWith(kwargs.hangOn)) await new Promise(() => undefined);
    return data.mul(2);
  }
}

const recordSize = (data: NdArray, kwargs: Kwargs): NdArray => {
  (kwargs.bmpMeta as Record<string, unknown>).size = data.size;
  return data;
};

/** An instance with metadata. */
export const sized = new Double({ postProcessList: [recordSize] });

/** A slow instance: 40 ms per file. */
export const slow = new Double({ delay: 40, numProcesses: 2 });

/** A very slow instance: 3 s per file (interrupted before any finishes). */
export const verySlow = new Double({ delay: 3000, numProcesses: 2 });

/** Never finishes raw/x3.npy (for --file-timeout). */
export const hangOnX3 = new Double({ hangOn: 'x3.npy' });

/** A factory (an async function returning an instance). */
export async function factory(): Promise<Double> {
  return new Double({ outnameAppend: '_fac' });
}

/** Not a pipeline. */
export const notAPipeline = 42;
