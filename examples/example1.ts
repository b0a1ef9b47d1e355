/**
 * The seed's example (1): all code in methods of a BigMultiPipe subclass.
 * Run: npx tsx examples/example1.ts   (after `npm run build`)
 */
import { BigMultiPipe, type NdArray, prunePout, readNpy, writeNpy } from 'bigmultipipe';
import type { InName, Kwargs, Meta } from 'bigmultipipe';
import { formatPruned } from './pyprint.js';
import { isMain, withSeedInputs } from './seed-inputs.js';

/** The seed's DemoMultiPipe1: pre-processing, processing and metadata in dataProcessMetaCreate. */
export class DemoMultiPipe1 extends BigMultiPipe<NdArray> {
  override fileRead(inName: InName): Promise<NdArray> {
    return readNpy(inName as string);
  }

  override async fileWrite(data: NdArray, outname: string): Promise<string> {
    await writeNpy(outname, data);
    return outname;
  }

  override async dataProcessMetaCreate(
    data: NdArray,
    { rejectValue = null, boostTarget = null, boostAmount = 0 }: Kwargs = {},
  ): Promise<[NdArray | null, Meta]> {
    // Pre-processing steps
    if (rejectValue !== null && data.at(0, 0) === rejectValue) return [null, {}];
    const flagToBoostLater = boostTarget !== null && data.at(0, 0) === boostTarget;
    // Processing step
    let out = await data.mul(10);
    // Post-processing steps
    if (flagToBoostLater) out = await out.add(boostAmount);
    return [out, { median: await out.median(), average: await out.average() }];
  }
}

/** Writes the seed's inputs, runs example 1 and returns the seed's printed line. */
export async function runExample1(): Promise<string> {
  return withSeedInputs(async (inNames, dir) => {
    const dmp = new DemoMultiPipe1({ boostTarget: 3, outdir: dir });
    const pout = await dmp.pipeline(inNames, { rejectValue: 2, boostAmount: 5 });
    const [prunedPout, prunedInNames] = prunePout(pout, inNames);
    return formatPruned(prunedPout, prunedInNames);
  });
}

if (isMain(import.meta.url)) console.log(await runExample1());
