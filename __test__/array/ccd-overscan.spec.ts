// examples/ccd-overscan.ts run as a user runs it (tsx, importing the built
// package): its trimmed frames and saturation counts must be numpy's
// (computed by scripts/fixtures/numpy_toolkit.py for the same frames).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { readNpy } from '../../src/index.js';
import { tempDir } from '../pipeline/helpers.js';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'target/fixtures/numpy_toolkit');

describe('examples/ccd-overscan.ts', () => {
  it('subtracts the overscan median per row, trims by a slice and counts saturation, as numpy does', async () => {
    if (!existsSync(path.join(root, 'dist/index.js'))) throw new Error('dist/ is missing: run npm run build');
    if (!existsSync(path.join(fixtures, 'ccd.txt'))) throw new Error('fixtures missing: run npm run fixtures');
    const { dir, cleanup } = await tempDir();
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/ccd-overscan.ts', dir], { cwd: root });
    const pout = JSON.parse(stdout) as Array<[string, { saturated: number }]>;
    const counts = readFileSync(path.join(fixtures, 'ccd.txt'), 'utf8').trim().split('\n').map((l) => Number(l.split('\t')[1]));
    expect(pout.map(([, meta]) => meta.saturated)).toEqual(counts);
    for (const [i, [outname]] of pout.entries()) {
      const ours = await readNpy(outname);
      const numpy = await readNpy(path.join(fixtures, `ccd_${i + 1}.npy`));
      expect([ours.dtype, ours.shape]).toEqual([numpy.dtype, numpy.shape]);
      expect(Array.from(ours.data as Float64Array)).toEqual(Array.from(numpy.data as Float64Array));
    }
    await cleanup();
  });
});
