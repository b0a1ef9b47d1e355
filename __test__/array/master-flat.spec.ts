// examples/master-flat.ts run as a user runs it (tsx, importing the built
// package) on the 25 FITS flats of scripts/fixtures/ccdproc_combine.py: its
// master flat must be ccdproc.combine's with IoIO's settings, bit for bit,
// and its pipeline must flat-field every science frame.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { readNpy } from '../../src/index.js';
import { tempDir } from '../pipeline/helpers.js';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'target/fixtures/ccdproc_combine');

interface Case {
  id: string;
  stack: string;
  frames: number;
  method: string;
  params: Record<string, unknown>;
  callables: boolean;
  data: string;
}

describe('examples/master-flat.ts', () => {
  it('combines FITS flats as ccdproc does and flat-fields the science frames in a pipeline', async () => {
    if (!existsSync(path.join(root, 'dist/index.js'))) throw new Error('dist/ is missing: run npm run build');
    if (!existsSync(path.join(fixtures, 'cases.json'))) throw new Error('fixtures missing: run npm run fixtures');
    const cases: Case[] = JSON.parse(readFileSync(path.join(fixtures, 'cases.json'), 'utf8'));
    // ccdproc with IoIO's callables (np.ma.median, mad_std) on the 25-frame stack.
    const ref = cases.find((c) => c.stack === 'b' && c.method === 'average' && c.callables);
    if (!ref) throw new Error('the ccdproc_combine fixtures lack the IoIO case: run node scripts/fixtures.mjs --force');
    const flats = Array.from({ length: ref.frames }, (_, i) => path.join(fixtures, `b_${i}.fits`));
    const { dir, cleanup } = await tempDir();
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/master-flat.ts', dir, ...flats], { cwd: root });
    const pout = JSON.parse(stdout) as Array<[string, { mean: number; median: number; std: number }]>;
    const ours = await readNpy(path.join(dir, 'master_flat.npy'));
    const ccdproc = await readNpy(path.join(fixtures, ref.data));
    expect([ours.dtype, ours.shape]).toEqual([ccdproc.dtype, ccdproc.shape]);
    expect(Array.from(ours.data as Float64Array)).toEqual(Array.from(ccdproc.data as Float64Array));
    expect(pout).toHaveLength(3);
    for (const [outname, meta] of pout) {
      const flattened = await readNpy(outname);
      expect(flattened.shape).toEqual(ccdproc.shape);
      const stats = await flattened.sigmaClippedStats({ sigma: 3 });
      expect(meta).toEqual(stats);
    }
    await cleanup();
  });
});
