import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedPout, decodeTagged, encodeTagged, parseTagged, stringifyTagged } from './api.js';
import type { Kwargs, Pout } from './api.js';
import { tempDir } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

const typed = {
  i8: new Int8Array([-128, 127]),
  u8: new Uint8Array([0, 255]),
  u8c: new Uint8ClampedArray([1, 2]),
  i16: new Int16Array([-32768, 32767]),
  u16: new Uint16Array([65535]),
  i32: new Int32Array([-(2 ** 31), 2 ** 31 - 1]),
  u32: new Uint32Array([2 ** 32 - 1]),
  f32: new Float32Array([NaN, -Infinity, 1.5, -0]),
  f64: new Float64Array([NaN, Infinity, -Infinity, -0, 1e-300]),
  i64: new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]),
  u64: new BigUint64Array([2n ** 64n - 1n]),
  offset: new Float64Array([1, 2, 3, 4]).subarray(1, 3),
};

const pout: Pout = [
  ['/o/a_bmp.npy', { median: NaN, max: Infinity, min: -Infinity, zero: -0, nested: { list: [1, NaN, [Infinity]], deep: { typed } } }],
  [null, {}],
  [null, { error: { message: 'x', name: 'Error' }, big: 12345678901234567890n, when: new Date(0), hole: undefined }],
  ['/o/c.npy', { $bmp: 'a user key that looks like a tag', m: new Map([[1, 'a']]), s: new Set([NaN]) }],
];

function expectSame(a: unknown, b: unknown): void {
  expect(b).toEqual(a); // toEqual treats NaN as equal to NaN and checks typed-array kinds
  expect(Object.is((b as Pout)[0]?.[1].zero, -0)).toBe(true);
}

describe('cachedPout', () => {
  it('writes the pout and reads it back instead of running, round-tripping NaN, ±Infinity, -0 and every typed array', async () => {
    const poutname = path.join(dir, 'sub', 'pout.json');
    let runs = 0;
    const pipeCode = async (kw: Kwargs) => {
      runs += 1;
      expect(kw).toEqual({ createOutdir: true, extra: 'passed' });
      return pout;
    };
    const written = await cachedPout(pipeCode, { poutname, writePout: true, createOutdir: true, extra: 'passed' });
    expect(written).toBe(pout);
    const read = await cachedPout(pipeCode, { poutname, readPout: true, createOutdir: true, extra: 'passed' });
    expect(runs).toBe(1);
    expectSame(pout, read);
    const r = read as Pout;
    const t = r[0]?.[1].nested.deep.typed as typeof typed;
    expect(t.i64).toBeInstanceOf(BigInt64Array);
    expect(t.i64[0]).toBe(-(2n ** 63n));
    expect(t.u8c).toBeInstanceOf(Uint8ClampedArray);
    expect(Object.is(t.f64[3], -0)).toBe(true);
    expect([...t.offset]).toEqual([2, 3]);
    expect(r[2]?.[1].big).toBe(12345678901234567890n);
    expect('hole' in (r[2]?.[1] ?? {})).toBe(true);
    expect(r[3]?.[1].$bmp).toBe('a user key that looks like a tag');
    expect(JSON.parse(await readFile(poutname, 'utf8'))).toMatchObject({ format: 'bigmultipipe-pout', version: 1 });
  });

  it('runs the pipeline when the saved pout is missing or unreadable, and without readPout', async () => {
    const poutname = path.join(dir, 'pout.json');
    let runs = 0;
    const pipeCode = () => (runs += 1, [['x', { n: runs }]] as Pout);
    expect(await cachedPout(pipeCode, { poutname, readPout: true })).toEqual([['x', { n: 1 }]]);
    await writeFile(poutname, '{not json');
    expect(await cachedPout(pipeCode, { poutname, readPout: true, writePout: true })).toEqual([['x', { n: 2 }]]);
    expect(await cachedPout(pipeCode, { poutname })).toEqual([['x', { n: 3 }]]);
    expect(await cachedPout(pipeCode, { poutname, readPout: true })).toEqual([['x', { n: 2 }]]);
  });

  it('clear errors: no poutname; a directory that does not exist; values that cannot be saved', async () => {
    await expect(cachedPout(() => [], { writePout: true })).rejects.toThrow(/poutname .* is required/);
    await expect(cachedPout(() => [], { poutname: path.join(dir, 'no', 'p.json'), writePout: true })).rejects.toThrow(/createOutdir: true/);
    await expect(cachedPout(() => [['o', { f: () => 1 }]] as Pout, { poutname: path.join(dir, 'p.json'), writePout: true })).rejects.toThrow(
      /pout\[0\]\[1\]\.f: a function/,
    );
  });
});

describe('the tagged encoding', () => {
  it('is plain JSON for plain values and tags the rest', () => {
    expect(encodeTagged({ a: [1, 'x', null, true] })).toEqual({ a: [1, 'x', null, true] });
    expect(stringifyTagged([NaN, -0, Infinity])).toBe('[{"$bmp":"NaN"},{"$bmp":"-0"},{"$bmp":"Infinity"}]');
    expectSame(pout, parseTagged(stringifyTagged(pout)));
    expect(decodeTagged({ $bmp: 'Float64Array', base64: Buffer.from(new Float64Array([2.5]).buffer).toString('base64') })).toEqual(new Float64Array([2.5]));
    expect(() => decodeTagged({ $bmp: 'Nope' })).toThrow(/unknown tag/);
  });
});
