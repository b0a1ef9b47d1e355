// readFits against astropy's answers (scripts/fixtures/fits_astropy.py):
// astropy's own test images and files astropy wrote, every image HDU read
// with the same shape, dtype, values and header cards.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFits, type DType } from '../pipeline/api.js';
import { digest, encode, fixtureDir, isStructural, normalise, readManifest } from './fits-helpers.js';

const dir = fixtureDir('fits_astropy', 'manifest.json');
const manifest = readManifest(dir);

describe('readFits matches astropy', () => {
  it('covers astropy test data and written files', () => {
    expect(manifest.images.length).toBeGreaterThan(50);
    expect(manifest.images.some((e) => e.file.startsWith('astropy_data'))).toBe(true);
    expect(manifest.images.some((e) => e.kind === 'CompImageHDU')).toBe(true);
  });

  it.each(manifest.images.map((e) => [`${e.file}[${e.hdu}] (${e.note})`, e] as const))('%s', async (_, e) => {
    const { data, header, hdu } = await readFits(path.join(dir, e.file), { hdu: e.hdu });
    expect(hdu).toBe(e.hdu);
    expect([...data.shape]).toEqual(e.shape);
    expect(data.dtype).toBe(e.dtype);
    expect(digest(data)).toBe(e.sha256);
    const theirs = e.cards.filter(([k]) => !isStructural(k));
    const ours = header.cards.filter((c) => !isStructural(c.keyword));
    expect(ours.map((c) => c.keyword)).toEqual(theirs.map(([k]) => k));
    for (let i = 0; i < theirs.length; i++) {
      const [k, v, comment] = theirs[i]!;
      const mine = ours[i]!;
      expect({ k, v: encode(mine.value), comment: mine.comment }).toEqual({ k, v: normalise(v, mine.value), comment });
    }
  });

  // readFits(path, { dtype }) against astropy's data.astype(dtype): the
  // fused read-and-convert for float dtypes, read then astype otherwise,
  // and the header astropy shows for the scaled data either way.
  const casts = manifest.images.flatMap((e) => [...Object.keys(e.astype), e.dtype].map((d) => [`${e.file}[${e.hdu}] as ${d}`, e, d] as const));
  it.each(casts)('%s', async (_, e, dtype) => {
    const plain = await readFits(path.join(dir, e.file), { hdu: e.hdu });
    const cast = await readFits(path.join(dir, e.file), { hdu: e.hdu, dtype: dtype as DType });
    expect(cast.data.dtype).toBe(dtype);
    expect([...cast.data.shape]).toEqual(e.shape);
    expect(digest(cast.data)).toBe(dtype === e.dtype ? e.sha256 : e.astype[dtype]);
    expect(cast.header.cards.map((c) => [c.keyword, encode(c.value)])).toEqual(plain.header.cards.map((c) => [c.keyword, encode(c.value)]));
  });

  it('refuses an unknown dtype, naming the option', async () => {
    await expect(readFits(path.join(dir, 'written/plain_int16.fits'), { dtype: 'float16' as DType })).rejects.toThrow(/option dtype.*float16/);
  });

  it('finds HDUs by EXTNAME, case-insensitively, and the first image by default', async () => {
    const mef = path.join(dir, 'written/mef.fits');
    const byName = await readFits(mef, { hdu: 'err' });
    expect(byName.hdu).toBe(2);
    expect(byName.data.dtype).toBe('uint16');
    const first = await readFits(mef);
    expect(first.hdu).toBe(1);
    expect(first.header.get('EXTNAME')).toBe('SCI');
  });

  it('gives the stored values with raw: true', async () => {
    const f = path.join(dir, 'written/plain_uint16.fits');
    const raw = await readFits(f, { raw: true });
    const scaled = await readFits(f);
    expect(raw.data.dtype).toBe('int16');
    expect(scaled.data.at(0, 0)).toBe((raw.data.at(0, 0) + 32768));
  });
});
