// writeFits checked by what no one here wrote: HEASARC's fitsverify reports
// 0 errors and 0 warnings, and astropy reads back the same values and cards
// (scripts/fits_answers.py, run in the fixtures venv).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FitsHeader, NdArray, readFits, readNpy, writeFits } from '../pipeline/api.js';
import type { DType, FitsHduInput } from '../pipeline/api.js';
import { digest, encode, fixtureDir, isStructural, normalise, type ManifestImage } from './fits-helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
const python = path.join(root, '.fixtures-venv/bin/python');
const astropyDir = fixtureDir('fits_astropy', 'manifest.json');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bmp-fits-write-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** fitsverify's report on `file`; fails clearly when the tool is missing. */
function fitsverify(file: string): string {
  const r = spawnSync('fitsverify', [file], { encoding: 'utf8' });
  if (r.error) throw new Error(`fitsverify could not run (${r.error.message}): install it (Debian: apt-get install fitsverify)`);
  return r.stdout;
}

/** Astropy's answers about HDU `hdu` (default 0) of `file`. */
function astropy(file: string, hdu = 0): ManifestImage & { checksum: number; datasum: number } {
  if (!existsSync(python)) throw new Error(`${python} is missing: run \`npm run fixtures\` first`);
  const r = spawnSync(python, [path.join(root, 'scripts/fits_answers.py'), file, String(hdu)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`astropy could not read ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Values covering each dtype's range (extremes included). */
function sample(dtype: DType): NdArray {
  const n = 6 * 7;
  const a = NdArray.zeros([6, 7], dtype);
  const d = a.data as unknown as { [i: number]: number | bigint; length: number };
  const big = dtype.endsWith('64') && dtype.includes('int');
  const ext: Record<string, [number, number]> = {
    uint8: [0, 255], int8: [-128, 127], int16: [-32768, 32767], uint16: [0, 65535],
    int32: [-(2 ** 31), 2 ** 31 - 1], uint32: [0, 2 ** 32 - 1], float32: [-3e38, 3e38], float64: [-1e300, 1e300],
  };
  for (let i = 0; i < n; i++) {
    if (big) d[i] = dtype === 'uint64' ? BigInt(i) * 439804651110400n + (i === 1 ? 18446744073709551615n - 439804651110400n : 0n) : BigInt(i - 20) * 439804651110400000n;
    else {
      const [lo, hi] = ext[dtype]!;
      d[i] = i === 0 ? lo : i === 1 ? hi : dtype.startsWith('float') ? (i - 20) * 1.25e-3 : Math.round(lo + ((hi - lo) * i) / n);
    }
  }
  return a;
}

/** A header with every card kind, taken from the file astropy wrote. */
async function richHeader(): Promise<FitsHeader> {
  return (await readFits(path.join(astropyDir, 'written/header_cards.fits'))).header;
}

const DTYPES: DType[] = ['uint8', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64'];

describe('writeFits', () => {
  it.each(DTYPES)('%s: fitsverify clean, astropy reads the same values, cards and checksums', async (dtype) => {
    const data = sample(dtype);
    const header = await richHeader();
    header.set('OBSERVER', 'bigmultipipe', 'added in JS');
    header.set('ratio', 0.5);
    header.delete('NOVALUE'); // fitsverify warns of any null value, whoever writes it
    const file = path.join(dir, `out_${dtype}.fits`);
    expect(await writeFits(file, data, header, { checksum: true })).toBe(file);
    const report = fitsverify(file);
    expect(report, report).toContain('Verification found 0 warning(s) and 0 error(s).');
    const theirs = astropy(file);
    expect(theirs.shape).toEqual([...data.shape]);
    expect(theirs.dtype).toBe(dtype);
    expect(theirs.sha256).toBe(digest(data));
    expect([theirs.checksum, theirs.datasum]).toEqual([1, 1]);
    const mine = header.cards.filter((c) => !isStructural(c.keyword));
    // astropy replaces the BZERO/BSCALE it applied (int8) with blank cards; LONGSTRN is the writer's.
    const back = theirs.cards.filter(([k]) => !isStructural(k) && !/^(BSCALE|BZERO|LONGSTRN|)$/.test(k));
    expect(back.map(([k]) => k)).toEqual(mine.map((c) => c.keyword));
    for (let i = 0; i < mine.length; i++) {
      expect([back[i]![0], normalise(back[i]![1], mine[i]!.value)]).toEqual([mine[i]!.keyword, encode(mine[i]!.value)]);
    }
    // And our own reader agrees.
    const again = await readFits(file);
    expect(digest(again.data)).toBe(digest(data));
  });

  it('asScaledInt stores int16 within half a step of the float data; astropy reads what we read', async () => {
    const n = 1000;
    const data = NdArray.from(Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 1234.5 + (i === 7 ? Number.NaN : 0)), [20, 50]);
    const file = path.join(dir, 'scaled.fits');
    await writeFits(file, data, { OBJECT: 'scaled' }, { asScaledInt: true, checksum: true });
    expect(fitsverify(file)).toContain('Verification found 0 warning(s) and 0 error(s).');
    const back = await readFits(file);
    const raw = await readFits(file, { raw: true });
    expect(raw.data.dtype).toBe('int16');
    expect(back.data.dtype).toBe('float32');
    const step = (2 * 1234.5) / 65534;
    const src = data.data as Float32Array;
    const got = back.data.data as Float32Array;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(src[i]!)) expect(got[i]).toBeNaN();
      else expect(Math.abs(got[i]! - src[i]!)).toBeLessThanOrEqual(step * 0.5001);
    }
    const theirs = astropy(file);
    expect(theirs.dtype).toBe('float32');
    expect(theirs.sha256).toBe(digest(back.data));
  });

  // Larger than one positional write (half a MiB): the parallel chunks,
  // their DATASUM pieces and the padding after them, checked by fitsverify
  // and astropy (values and checksums).
  it.each([
    ['float32', false],
    ['int16', false],
    ['float64', true],
  ] as const)('a %s frame over several write chunks (asScaledInt %s)', async (dtype, asScaledInt) => {
    const [h, w] = [611, 523];
    const values = Float64Array.from({ length: h * w }, (_, i) => Math.round(Math.sin(i * 0.37) * 30000) + (dtype === 'int16' ? 0 : 0.125));
    const data = NdArray.from(dtype === 'int16' ? Int16Array.from(values) : dtype === 'float32' ? Float32Array.from(values) : values, [h, w]);
    const file = path.join(dir, `big_${dtype}.fits`);
    await writeFits(file, data, { OBJECT: 'big' }, { checksum: true, asScaledInt });
    const report = fitsverify(file);
    expect(report, report).toContain('Verification found 0 warning(s) and 0 error(s).');
    const theirs = astropy(file);
    expect([theirs.checksum, theirs.datasum]).toEqual([1, 1]);
    const back = await readFits(file);
    expect(theirs.sha256).toBe(digest(back.data));
    if (!asScaledInt) expect(digest(back.data)).toBe(digest(data));
  });

  it('writes a multi-extension file (a list of HDUs with EXTNAMEs): fitsverify clean, astropy reads every HDU', async () => {
    const sci = sample('float32');
    const err = sample('uint16');
    const cube = NdArray.from(Int32Array.from({ length: 60 }, (_, i) => i * 1001 - 7), [3, 4, 5]);
    const file = path.join(dir, 'mef.fits');
    const hdus: FitsHduInput[] = [
      { header: new FitsHeader({ OBSERVER: 'bigmultipipe', TELESCOP: 'test' }) },
      { data: sci, name: 'SCI', header: { BUNIT: 'adu' } },
      { data: err, name: 'ERR' },
      { data: cube, header: { EXTNAME: 'CUBE', NCOMBINE: 3 } },
    ];
    expect(await writeFits(file, hdus, { checksum: true })).toBe(file);
    const report = fitsverify(file);
    expect(report, report).toContain('Verification found 0 warning(s) and 0 error(s).');
    expect(report).toMatch(/ 4 +CUBE +Image Array +0 +0/);
    const primary = astropy(file, 0);
    expect(primary.shape).toEqual([]);
    expect(primary.cards.find(([k]) => k === 'OBSERVER')?.[1]).toEqual({ t: 'string', v: 'bigmultipipe' });
    for (const [i, name, data] of [[1, 'SCI', sci], [2, 'ERR', err], [3, 'CUBE', cube]] as const) {
      const theirs = astropy(file, i);
      expect([theirs.kind, theirs.extname, theirs.dtype, theirs.shape]).toEqual(['ImageHDU', name, data.dtype, [...data.shape]]);
      expect(theirs.sha256).toBe(digest(data));
      expect([theirs.checksum, theirs.datasum]).toEqual([1, 1]);
      const ours = await readFits(file, { hdu: name.toLowerCase() });
      expect(ours.hdu).toBe(i);
      expect(digest(ours.data)).toBe(digest(data));
    }
    expect(astropy(file, 1).cards.find(([k]) => k === 'BUNIT')?.[1]).toEqual({ t: 'string', v: 'adu' });
    expect(astropy(file, 3).cards.find(([k]) => k === 'NCOMBINE')?.[1]).toEqual({ t: 'int', v: '3' });
  });

  it('multi-extension asScaledInt scales the float images only', async () => {
    const sci = NdArray.from(Float32Array.from({ length: 200 }, (_, i) => Math.cos(i) * 50), [10, 20]);
    const dq = NdArray.from(Uint8Array.from({ length: 200 }, (_, i) => i % 7), [10, 20]);
    const file = path.join(dir, 'mef_scaled.fits');
    await writeFits(file, [{ data: sci, name: 'SCI' }, { data: dq, name: 'DQ' }], { asScaledInt: true });
    expect(fitsverify(file)).toContain('Verification found 0 warning(s) and 0 error(s).');
    expect((await readFits(file, { hdu: 'SCI', raw: true })).data.dtype).toBe('int16');
    const theirs = astropy(file, 1);
    expect([theirs.extname, theirs.dtype, theirs.sha256]).toEqual(['DQ', 'uint8', digest(dq)]);
    await expect(writeFits(file, [])).rejects.toThrow(/list of HDUs is empty/);
  });

  it('writes through a temporary name and leaves nothing when it fails', async () => {
    const sub = await mkdtemp(path.join(dir, 'tmp-'));
    const file = path.join(sub, 'a.fits');
    await writeFits(file, NdArray.zeros([3, 4], 'int16'));
    expect(readdirSync(sub)).toEqual(['a.fits']);
    await expect(writeFits(path.join(sub, 'missing/b.fits'), NdArray.zeros([2], 'int16'))).rejects.toThrow(/does not exist/);
    await expect(writeFits(path.join(sub, 'c.fits'), NdArray.zeros([2], 'bool'))).rejects.toThrow(/FITS has no boolean images/);
    await expect(writeFits(path.join(sub, 'd.fits'), NdArray.zeros([2], 'int16'), { X: Number.NaN })).rejects.toThrow(/not a FITS number/);
    expect(readdirSync(sub)).toEqual(['a.fits']);
  });

  it('writes Fortran-order arrays in numpy (C) order', async () => {
    const f = await readNpy(path.join(root, 'crates/core/tests/fixtures/npy/fortran_i2_be.npy'));
    expect(f.fortranOrder).toBe(true);
    const file = path.join(dir, 'order.fits');
    await writeFits(file, f);
    const back = await readFits(file);
    expect([...back.data.shape]).toEqual([...f.shape]);
    const [a, b, c] = f.shape as [number, number, number];
    for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) for (let k = 0; k < c; k++) expect(back.data.at(i, j, k)).toBe(f.at(i, j, k));
    expect(astropy(file).sha256).toBe(digest(back.data));
  });
});
