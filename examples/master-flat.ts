/**
 * Building a master flat from files with `combine`, then using it in a
 * pipeline — the everyday CCD reduction of IoIO-style code:
 *
 *     master = ccdproc.combine(flat_files, method='average', sigma_clip=True,
 *                              sigma_clip_low_thresh=5, sigma_clip_high_thresh=5,
 *                              sigma_clip_func=np.ma.median,
 *                              sigma_clip_dev_func=mad_std, mem_limit=2e9)
 *     master = master.divide(np.median(master))          # normalised flat
 *     for each science frame:  science / master, and
 *     mean, median, std = sigma_clipped_stats(flattened)  # into metadata
 *
 * The flats are read band by band inside `memLimit`, never whole.
 *
 * Run: npx tsx examples/master-flat.ts OUTDIR [flat files...]   (after `npm run build`)
 * Without flat files it makes synthetic ones (.npy) in OUTDIR. Writes
 * OUTDIR/master_flat.npy (the combined flat, before normalisation) and one
 * flattened frame per science frame; prints the pout as JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BigMultiPipe, combine, NdArray, readNpy, writeNpy } from 'bigmultipipe';
import type { InName, Kwargs } from 'bigmultipipe';
import { isMain } from './seed-inputs.js';

/** IoIO's master-flat settings. */
export const FLAT_SETTINGS = {
  method: 'average',
  sigmaClip: true,
  sigmaClipLowThresh: 5,
  sigmaClipHighThresh: 5,
  sigmaClipFunc: 'median',
  sigmaClipDevFunc: 'madStd',
  memLimit: 64e6,
} as const;

/** A deterministic frame: a vignetted illumination times `level`, plus a few hot pixels. */
function syntheticFrame(seed: number, level: number, shape: readonly number[] = [48, 64]): NdArray {
  const [rows = 48, cols = 64] = shape;
  const v = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const dx = (c - cols / 2) / cols;
      const dy = (r - rows / 2) / rows;
      const noise = (((r * 131 + c * 71 + seed * 977) % 101) - 50) / 10;
      const hot = (r * 31 + c * 17 + seed * 7) % 389 === 0 ? 5000 : 0;
      v[r * cols + c] = level * (1 - 0.3 * (dx * dx + dy * dy)) + noise + hot;
    }
  }
  return NdArray.from(v, [rows, cols]);
}

/** Flat-fields each science frame by the normalised master, and records its clipped statistics. */
export class FlatFieldPipe extends BigMultiPipe<NdArray> {
  override fileRead(inName: InName): Promise<NdArray> {
    return readNpy(inName as string);
  }

  override async dataProcess(data: NdArray, kwargs: Kwargs): Promise<NdArray> {
    return data.div(kwargs.flat as NdArray);
  }

  override async fileWrite(data: NdArray, outname: string): Promise<string> {
    await writeNpy(outname, data);
    return outname;
  }
}

/** Post-process step: astropy's sigma_clipped_stats of the flattened frame, into the metadata. */
export async function clippedStats(data: NdArray, { bmpMeta }: Kwargs): Promise<NdArray> {
  const { mean, median, std } = await data.sigmaClippedStats({ sigma: 3 });
  if (bmpMeta) Object.assign(bmpMeta, { mean, median, std });
  return data;
}

/** Combines the flats into OUTDIR/master_flat.npy, then flat-fields synthetic science frames. */
export async function runMasterFlat(dir: string, flats?: string[]): Promise<unknown> {
  const flatNames = [...(flats ?? [])];
  if (flatNames.length === 0) {
    for (let i = 0; i < 7; i++) {
      const name = join(dir, `flat_${i}.npy`);
      await writeNpy(name, syntheticFrame(i, 20000 + 500 * i));
      flatNames.push(name);
    }
  }
  const { data: master, mask } = await combine(flatNames, FLAT_SETTINGS);
  await writeNpy(join(dir, 'master_flat.npy'), master);
  const flat = await master.div(await master.median());
  const science: string[] = [];
  for (let i = 0; i < 3; i++) {
    const name = join(dir, `science_${i}.npy`);
    await writeNpy(name, syntheticFrame(100 + i, 800 + 100 * i, master.shape));
    science.push(name);
  }
  const pipe = new FlatFieldPipe({ outdir: dir, outnameAppend: '_flat', postProcessList: [clippedStats] });
  const pout = await pipe.pipeline(science, { flat });
  mask.dispose();
  return pout;
}

if (isMain(import.meta.url)) {
  const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'bmp-master-flat-'));
  try {
    console.log(JSON.stringify(await runMasterFlat(dir, process.argv.slice(3))));
  } finally {
    if (!process.argv[2]) rmSync(dir, { recursive: true, force: true });
  }
}
