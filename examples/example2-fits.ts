/**
 * The seed's example (2) over FITS files: the same pre- and post-process
 * lists, with `FitsMultiPipe` reading and writing the images and each
 * file's header travelling with its data (as ccdmultipipe's CCDData).
 * Run: npx tsx examples/example2-fits.ts   (after `npm run build`)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FitsHeader, FitsMultiPipe, NdArray, prunePout, writeFits } from 'bigmultipipe';
import type { FitsData, Kwargs, PreProcessResult } from 'bigmultipipe';
import { formatPruned } from './pyprint.js';
import { isMain } from './seed-inputs.js';

/** Rejects a file whose first pixel is `rejectValue`. */
export function reject(image: FitsData, { rejectValue = null }: Kwargs): FitsData | null {
  if (rejectValue === null) return image;
  return image.data.at(0, 0) === rejectValue ? null : image;
}

/** Asks for a boost later, through the control stream. */
export function boostLater(image: FitsData, { boostTarget = null, boostAmount = null }: Kwargs): FitsData | PreProcessResult<FitsData> {
  if (boostTarget === null || boostAmount === null) return image;
  if (image.data.at(0, 0) === boostTarget) return { bmpData: image, bmpKwargs: { needToBoostBy: boostAmount } };
  return image;
}

/** Applies the boost, and records it in the header. */
export async function laterBooster(image: FitsData, { needToBoostBy = null }: Kwargs): Promise<FitsData> {
  if (needToBoostBy === null) return image;
  image.header.addHistory(`boosted by ${needToBoostBy}`);
  return { data: await image.data.add(needToBoostBy), header: image.header };
}

/** Metadata: the median. */
export async function median(image: FitsData, { bmpMeta }: Kwargs): Promise<FitsData> {
  if (bmpMeta) bmpMeta.median = await image.data.median();
  return image;
}

/** Metadata: the average. */
export async function average(image: FitsData, { bmpMeta }: Kwargs): Promise<FitsData> {
  if (bmpMeta) Object.assign(bmpMeta, { average: await image.data.average() });
  return image;
}

/** The seed's DemoMultiPipe2 over FITS: only dataProcess is written. */
export class DemoFitsMultiPipe2 extends FitsMultiPipe {
  override async dataProcess(image: FitsData): Promise<FitsData> {
    image.header.addHistory('multiplied by 10');
    return { data: await image.data.mul(10), header: image.header };
  }
}

/** Runs example 2 over FITS `inNames`, writing into `outdir`; returns the seed's printed line. */
export async function example2Fits(inNames: string[], outdir: string): Promise<string> {
  const dmp = new DemoFitsMultiPipe2({
    preProcessList: [reject, boostLater],
    postProcessList: [laterBooster, median, average],
    boostTarget: 3,
    outdir,
  });
  const pout = await dmp.pipeline(inNames, { rejectValue: 2, boostAmount: 5 });
  const [prunedPout, prunedInNames] = prunePout(pout, inNames);
  return formatPruned(prunedPout, prunedInNames);
}

/** Writes the seed's ten inputs as FITS (1000×2000 float64 `i`), runs example 2, removes them. */
export async function runExample2Fits(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bigmultipipe-fits-demo-'));
  try {
    const inNames: string[] = [];
    for (let i = 0; i < 10; i++) {
      const header = new FitsHeader({ OBJECT: `frame ${i}`, IMAGENUM: i });
      inNames.push(await writeFits(path.join(dir, `big_array_${i}.fits`), NdArray.full([1000, 2000], i), header));
    }
    return await example2Fits(inNames, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) console.log(await runExample2Fits());
