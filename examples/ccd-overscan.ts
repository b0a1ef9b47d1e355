/**
 * A real per-file step of a CCD reduction, written with the array toolkit:
 * the overscan (bias) level of each row is the median along the row of the
 * overscan strip; it is subtracted from the image as a column vector; the
 * frame is trimmed to the light-sensitive area by a slice; and saturated
 * pixels are counted into the metadata.
 *
 * numpy original (per file):
 *
 *     bias = np.median(raw[:, 64:], axis=1, keepdims=True)
 *     trimmed = (raw - bias)[2:-2, 0:64]
 *     meta['saturated'] = np.count_nonzero(raw[2:-2, 0:64] >= 65535)
 *
 * Run: npx tsx examples/ccd-overscan.ts [outdir]   (after `npm run build`)
 * Prints the pout as JSON. The frames are synthetic (see `syntheticFrame`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BigMultiPipe, NdArray, readNpy, writeNpy } from 'bigmultipipe';
import type { InName, Kwargs } from 'bigmultipipe';
import { isMain } from './seed-inputs.js';

/** Frame geometry: image columns, then the overscan strip; rows trimmed at both ends. */
export const GEOMETRY = { rows: 64, cols: 80, overscan: '64:', trim: '2:-2, 0:64', saturation: 65535 };

/** A deterministic raw frame (uint16): a row-dependent bias, a pattern, some saturated pixels. */
export function syntheticFrame(seed: number): NdArray {
  const { rows, cols } = GEOMETRY;
  const v = new Uint16Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const saturated = ((r + 1) * (c + seed)) % 97 === 0;
      v[r * cols + c] = saturated ? 65535 : ((r * 7 + c * 13 + seed * 31) % 1000) + 100 + 5 * r;
    }
  }
  return NdArray.from(v, [rows, cols]);
}

/** The overscan step as a pipeline: read a raw frame, correct and trim it, count saturation. */
export class OverscanPipe extends BigMultiPipe<{ raw: NdArray; image: NdArray }> {
  override async fileRead(inName: InName): Promise<{ raw: NdArray; image: NdArray }> {
    const raw = await readNpy(inName as string);
    return { raw, image: raw };
  }

  override async dataProcess(data: { raw: NdArray; image: NdArray }): Promise<{ raw: NdArray; image: NdArray }> {
    const strip = await data.raw.slice(`:, ${GEOMETRY.overscan}`);
    const bias = await strip.median({ axis: 1, keepdims: true }); // (rows, 1): one level per row
    const corrected = await data.raw.sub(bias); // the column vector broadcasts over the columns
    return { raw: data.raw, image: await corrected.slice(GEOMETRY.trim) };
  }

  override async fileWrite(data: { raw: NdArray; image: NdArray }, outname: string): Promise<string> {
    await writeNpy(outname, data.image);
    return outname;
  }
}

/** Post-process step: the number of saturated pixels in the trimmed area, into the metadata. */
export async function countSaturated(data: { raw: NdArray; image: NdArray }, { bmpMeta }: Kwargs): Promise<typeof data> {
  const area = await data.raw.slice(GEOMETRY.trim);
  const saturated = await area.ge(GEOMETRY.saturation);
  if (bmpMeta) bmpMeta.saturated = await saturated.countNonzero();
  return data;
}

/** Writes `count` synthetic frames into `dir`, runs the step, returns the pout. */
export async function runOverscan(dir: string, count = 3): Promise<unknown> {
  const inNames: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = join(dir, `raw_${i}.npy`);
    await writeNpy(name, syntheticFrame(i + 1));
    inNames.push(name);
  }
  const pipe = new OverscanPipe({ outdir: dir, outnameAppend: '_trimmed', postProcessList: [countSaturated] });
  return pipe.pipeline(inNames);
}

if (isMain(import.meta.url)) {
  const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'bmp-overscan-'));
  try {
    console.log(JSON.stringify(await runOverscan(dir)));
  } finally {
    if (!process.argv[2]) rmSync(dir, { recursive: true, force: true });
  }
}
