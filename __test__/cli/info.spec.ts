/**
 * `bigmultipipe info` as a subprocess, against numpy's own description of the
 * same files (scripts/fixtures/cli_info.py): shape, dtype, order, size and
 * min/max/mean/median/std; a file that is not an array is named, exit 1.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseTagged } from '../../src/index.js';
import { cli } from './helpers.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'target', 'fixtures', 'cli_info');
if (!existsSync(path.join(FIXTURES, 'expected.json'))) {
  throw new Error(`${FIXTURES}/expected.json is missing: run npm run fixtures`);
}
type Stat = number | 'NaN' | null;
interface Expected {
  shape: number[];
  dtype: string;
  order: 'C' | 'F';
  size: number;
  nbytes: number;
  min: Stat;
  max: Stat;
  mean: Stat;
  median: Stat;
  std: Stat;
}
const expected = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, Expected>;
const names = Object.keys(expected).filter((n) => n !== 'image_fits');
const fitsExpected = expected.image_fits as Expected & { hdu: number; cards: Record<string, number | string>; history: string[] };

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'bmp-cli-info-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

function close(actual: unknown, want: Stat, dtype: string): void {
  if (want === null) {
    expect(actual).toBeNull();
  } else if (want === 'NaN') {
    expect(actual).toBeNaN();
  } else {
    // float32 statistics are computed in float32 by numpy: agree to its precision
    const tol = dtype === 'float32' ? 1e-6 : 1e-12;
    expect(Math.abs((actual as number) - want)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want)));
  }
}

it('--json gives numpy’s shape, dtype, order, size and statistics for every file', async () => {
  const r = await cli(['info', '--json', ...names.map((n) => path.join(FIXTURES, `${n}.npy`))], tmp);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const infos = parseTagged(r.stdout) as Array<Record<string, unknown>>;
  expect(infos).toHaveLength(names.length);
  names.forEach((name, i) => {
    const got = infos[i] as Record<string, unknown>;
    const want = expected[name] as Expected;
    expect(got.file).toBe(path.join(FIXTURES, `${name}.npy`));
    expect({ shape: got.shape, dtype: got.dtype, order: got.order, size: got.size, nbytes: got.nbytes }).toEqual({
      shape: want.shape,
      dtype: want.dtype,
      order: want.order,
      size: want.size,
      nbytes: want.nbytes,
    });
    for (const s of ['min', 'max', 'mean', 'median', 'std'] as const) close(got[s], want[s], want.dtype);
  });
});

it('prints a readable block per file', async () => {
  const r = await cli(['info', path.join(FIXTURES, 'int16_fortran_be.npy')], tmp);
  expect(r.code).toBe(0);
  const want = expected.int16_fortran_be as Expected;
  expect(r.stdout).toContain(`  shape   (${want.shape.join(', ')})\n  dtype   int16\n  order   F (Fortran, column-major)\n`);
  expect(r.stdout).toContain(`  size    ${want.size} element(s), ${want.nbytes} B\n`);
  expect(r.stdout).toContain(`  min     ${want.min}\n`);
});

it('a FITS file: numpy’s description of what astropy reads, the HDU and the header', async () => {
  const file = path.join(FIXTURES, 'image.fits');
  const r = await cli(['info', '--json', file], tmp);
  expect(r.code).toBe(0);
  const [got] = parseTagged(r.stdout) as Array<Record<string, unknown>>;
  const want = fitsExpected;
  expect(got).toMatchObject({ file, format: 'fits', hdu: want.hdu, shape: want.shape, dtype: want.dtype, size: want.size, nbytes: want.nbytes });
  for (const s of ['min', 'max', 'mean', 'median', 'std'] as const) close(got?.[s], want[s], want.dtype);
  const cards = got?.header as Array<{ keyword: string; value: unknown }>;
  for (const [keyword, value] of Object.entries(want.cards)) expect(cards.find((c) => c.keyword === keyword)?.value).toBe(value);
  expect(cards.filter((c) => c.keyword === 'HISTORY').map((c) => c.value)).toEqual(want.history);
  const text = await cli(['info', file], tmp);
  expect(text.stdout).toContain(`${file}  (FITS, HDU 0)\n  shape   (${want.shape.join(', ')})\n  dtype   ${want.dtype}\n`);
  expect(text.stdout).toMatch(/ {2}header {2}\d+ card\(s\):\n {4}SIMPLE {2}= {20}T/);
  expect(text.stdout).toContain(`    OBJECT  = 'M31     '           / target`);
});

it('a file that is not an array is named with what it is (exit 1); the others are still described', async () => {
  const bad = path.join(tmp, 'bad.npy');
  const fits = path.join(tmp, 'broken.fits');
  await writeFile(bad, 'plain text');
  await writeFile(fits, `SIMPLE  =                    T${' '.repeat(50)}`);
  const r = await cli(['info', bad, path.join(FIXTURES, 'empty.npy'), fits, path.join(tmp, 'missing.npy')], tmp);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('min     n/a (empty array)');
  expect(r.stderr).toContain(`${bad}: neither an .npy file`);
  expect(r.stderr).toMatch(/broken\.fits/);
  expect(r.stderr).toMatch(/missing\.npy: cannot be read \(ENOENT/);
});

it('the worker command says it is not available yet (exit 2)', async () => {
  const r = await cli(['worker', '--redis', 'redis://localhost', 'pipe.mjs'], tmp);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('bigmultipipe worker: not yet available');
});
