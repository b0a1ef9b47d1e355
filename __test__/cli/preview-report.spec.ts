/**
 * `bigmultipipe info FILE --png OUT.png` (a preview of astropy's M13 FITS
 * frame, its pixels checked against astropy's zscale + asinh, from
 * scripts/fixtures/astropy_preview.py) and `bigmultipipe run --report FILE`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, PIPES, workspace } from './helpers.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'target', 'fixtures', 'astropy_preview');
if (!existsSync(path.join(FIXTURES, 'm13.fits'))) throw new Error(`${FIXTURES}/m13.fits is missing: run npm run fixtures`);
interface PCase {
  name: string;
  pngShape: [number, number];
  points: Array<{ png: [number, number]; expected: Record<string, number> }>;
}
const m13 = (JSON.parse(readFileSync(path.join(FIXTURES, 'cases.json'), 'utf8')) as { previews: PCase[] }).previews.find((c) => c.name === 'm13_i16be') as PCase;

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await workspace(6, [2])));
afterAll(() => cleanup());

describe('info --png', () => {
  it("writes a preview of a FITS frame whose pixels are astropy's zscale + asinh", async () => {
    const r = await cli(['info', path.join(FIXTURES, 'm13.fits'), '--png', 'm13.png', '--stretch', 'asinh'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\n {2}preview m13\.png\n/);
    const png = PNG.sync.read(await readFile(path.join(dir, 'm13.png')));
    expect([png.height, png.width]).toEqual(m13.pngShape);
    for (const p of m13.points) {
      const [row, col] = p.png;
      const want = 255 * (p.expected['zscale/asinh'] as number);
      expect(Math.abs((png.data[(row * png.width + col) * 4] as number) - want)).toBeLessThanOrEqual(0.5 + 1e-6);
    }
  });

  it('refuses --png with several files, a bad stretch or plane, naming the option', async () => {
    const several = await cli(['info', 'raw/x0.npy', 'raw/x1.npy', '--png', 'a.png'], dir);
    expect(several.code).toBe(2);
    expect(several.stderr).toMatch(/--png writes the preview of one file; got 2 files/);
    const stretch = await cli(['info', 'raw/x0.npy', '--png', 'a.png', '--stretch', 'gamma'], dir);
    expect(stretch.code).toBe(2);
    expect(stretch.stderr).toMatch(/--stretch.*'gamma'.*linear, asinh, log, sqrt/s);
    const plane = await cli(['info', 'raw/x0.npy', '--png', 'a.png', '--plane', '1'], dir);
    expect(plane.code).toBe(1);
    expect(plane.stderr).toMatch(/raw\/x0\.npy: no preview written to a\.png: preview: plane 1 is out of range for shape \[8, 8\]/);
  });
});

describe('run --report', () => {
  it('writes the run report, listing the failed file', async () => {
    const r = await cli(['run', PIPES, 'raw/*.npy', '--outdir', 'out', '--create-outdir', '--report', 'reports/run.html', '-q'], dir);
    expect(r.code).toBe(1);
    const html = await readFile(path.join(dir, 'reports', 'run.html'), 'utf8');
    expect(html).toContain('Failures (1)');
    expect(html).toMatch(/raw\/x2\.npy: not an \.npy file/);
    expect(html.match(/<g><title>/g)).toHaveLength(6);
    expect(html).not.toMatch(/<script|https?:\/\//i);
  });
});
