/**
 * The seed's example (2): a pipeline assembled from pre- and post-process lists.
 * Run: npx tsx examples/example2.ts   (after `npm run build`)
 */
import { BigMultiPipe, type NdArray, prunePout, readNpy, writeNpy } from 'bigmultipipe';
import type { InName, Kwargs, PreProcessResult } from 'bigmultipipe';
import { formatPruned } from './pyprint.js';
import { isMain, withSeedInputs } from './seed-inputs.js';

/** Example pre-processing function to reject data. */
export function reject(data: NdArray, { rejectValue = null }: Kwargs): NdArray | null {
  if (rejectValue === null) return data;
  if (data.at(0, 0) === rejectValue) return null; // null rejects the file
  return data;
}

/** Example pre-processing function that shows how to alter kwargs. */
export function boostLater(data: NdArray, { boostTarget = null, boostAmount = null }: Kwargs): NdArray | PreProcessResult<NdArray> {
  if (boostTarget === null || boostAmount === null) return data;
  if (data.at(0, 0) === boostTarget) return { bmpData: data, bmpKwargs: { needToBoostBy: boostAmount } };
  return data;
}

/** Example post-processing function. Interprets the keyword set by boostLater. */
export async function laterBooster(data: NdArray, { needToBoostBy = null }: Kwargs): Promise<NdArray> {
  return needToBoostBy === null ? data : data.add(needToBoostBy);
}

/** Example metadata generator. */
export async function median(data: NdArray, { bmpMeta }: Kwargs): Promise<NdArray> {
  const m = await data.median();
  if (bmpMeta) bmpMeta.median = m;
  return data;
}

/** Example metadata generator, merging a local object. */
export async function average(data: NdArray, { bmpMeta }: Kwargs): Promise<NdArray> {
  const localMeta = { average: await data.average() };
  if (bmpMeta) Object.assign(bmpMeta, localMeta);
  return data;
}

/** The seed's DemoMultiPipe2. */
export class DemoMultiPipe2 extends BigMultiPipe<NdArray> {
  override fileRead(inName: InName): Promise<NdArray> {
    return readNpy(inName as string);
  }

  override async fileWrite(data: NdArray, outname: string): Promise<string> {
    await writeNpy(outname, data);
    return outname;
  }

  override dataProcess(data: NdArray): Promise<NdArray> {
    return data.mul(10);
  }
}

/** Runs example 2 over `inNames`, writing into `outdir`, and returns the seed's printed line. */
export async function example2(inNames: string[], outdir: string): Promise<string> {
  const dmp = new DemoMultiPipe2({
    preProcessList: [reject, boostLater],
    postProcessList: [laterBooster, median, average],
    boostTarget: 3,
    outdir,
  });
  const pout = await dmp.pipeline(inNames, { rejectValue: 2, boostAmount: 5 });
  const [prunedPout, prunedInNames] = prunePout(pout, inNames);
  return formatPruned(prunedPout, prunedInNames);
}

/** Writes the seed's inputs to a temporary directory, runs example 2, removes the directory. */
export function runExample2(): Promise<string> {
  return withSeedInputs(example2);
}

if (isMain(import.meta.url)) console.log(await runExample2());
