import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DTYPES, NdArray, readNpy, writeNpy } from '../src/index.js';
import type { DType } from '../src/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bmp-ndarray-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('NdArray construction and metadata', () => {
  it('from() keeps dtype, shape and values, in C order', () => {
    const a = NdArray.from(new Int16Array([1, -2, 3, -4, 5, -6]), [2, 3]);
    expect(a.dtype).toBe('int16');
    expect(a.shape).toEqual([2, 3]);
    expect(a.size).toBe(6);
    expect(a.ndim).toBe(2);
    expect(a.nbytes).toBe(12);
    expect(a.at(1, 0)).toBe(-4);
    expect(a.at(-1, -1)).toBe(-6);
    expect(Array.from(a.data as Int16Array)).toEqual([1, -2, 3, -4, 5, -6]);
    expect(String(a)).toBe('NdArray(int16, [2, 3])');
  });

  it('from() of plain numbers is float64, one-dimensional by default', () => {
    const a = NdArray.from([0.5, 1.5]);
    expect(a.dtype).toBe('float64');
    expect(a.shape).toEqual([2]);
  });

  it('zeros() and full() honour the dtype', () => {
    for (const dtype of DTYPES) {
      const z = NdArray.zeros([3, 2], dtype);
      expect(z.dtype).toBe(dtype);
      expect(z.at(2, 1)).toBe(0);
      const f = NdArray.full([4], 1, dtype);
      expect(f.at(3)).toBe(1);
    }
    expect(NdArray.full([2], 2.5).at(0)).toBe(2.5);
  });

  it('rejects bad shapes, dtypes and indices with messages that say what to fix', () => {
    expect(() => NdArray.zeros([-1])).toThrow(/non-negative integers/);
    expect(() => NdArray.zeros([2], 'complex64' as DType)).toThrow(/unknown dtype "complex64"/);
    expect(() => NdArray.from(new Float64Array(5), [2, 3])).toThrow(/holds 6 elements but data has 5/);
    const a = NdArray.zeros([2, 2]);
    expect(() => a.at(2, 0)).toThrow(/out of bounds for axis 0 with size 2/);
    expect(() => a.at(0)).toThrow(/1 dimension\(s\) but the array has 2/);
  });
});

describe('data is a zero-copy view of the native memory', () => {
  it('writes through the view are seen by native reads, and the view is stable', async () => {
    const a = NdArray.zeros([1000]);
    const view = a.data as Float64Array;
    expect(a.data).toBe(view);
    view[10] = 42;
    expect(a.at(10)).toBe(42);
    expect(await a.sum()).toBe(42);
  });

  it('views results of native operations without copying them into the JS heap', async () => {
    const a = NdArray.full([1000, 100], 3);
    const b = await a.mul(2);
    const before = process.memoryUsage().heapUsed;
    const view = b.data as Float64Array;
    // 800 kB of data: the JS heap must not grow by anything like that.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200_000);
    expect(view.length).toBe(100_000);
    expect(view[99_999]).toBe(6);
    expect(view.buffer.byteLength).toBe(800_000);
  });

  it('views int64 as BigInt64Array and bool as Uint8Array; empty arrays have empty views', async () => {
    expect(NdArray.zeros([2], 'int64').data).toBeInstanceOf(BigInt64Array);
    expect(NdArray.zeros([2], 'bool').data).toBeInstanceOf(Uint8Array);
    expect(NdArray.zeros([0, 3]).data.length).toBe(0);
  });
});

describe('readNpy / writeNpy round trips', () => {
  const samples: Record<DType, () => NdArray | Promise<NdArray>> = {
    bool: () => NdArray.from(new Uint8Array([1, 0, 1, 1, 0, 0])).astype('bool'),
    int8: () => NdArray.from(new Int8Array([-128, -1, 0, 1, 2, 127]), [2, 3]),
    int16: () => NdArray.from(new Int16Array([-32768, -1, 0, 1, 2, 32767]), [3, 2]),
    int32: () => NdArray.from(new Int32Array([-(2 ** 31), -1, 0, 1, 2, 2 ** 31 - 1]), [6]),
    int64: () => NdArray.from(new BigInt64Array([-(2n ** 63n), -1n, 0n, 1n, 2n, 2n ** 63n - 1n]), [1, 6]),
    uint8: () => NdArray.from(new Uint8Array([0, 1, 2, 3, 254, 255]), [2, 3]),
    uint16: () => NdArray.from(new Uint16Array([0, 1, 2, 3, 65534, 65535]), [2, 3]),
    uint32: () => NdArray.from(new Uint32Array([0, 1, 2, 3, 2 ** 32 - 2, 2 ** 32 - 1]), [2, 3]),
    uint64: () => NdArray.from(new BigUint64Array([0n, 1n, 2n, 3n, 2n ** 64n - 2n, 2n ** 64n - 1n]), [2, 3]),
    float32: () => NdArray.from(new Float32Array([-1.5, 0, Math.PI, NaN, Infinity, -Infinity]), [2, 3]),
    float64: () => NdArray.from(new Float64Array([-1.5, -0, Math.PI, NaN, Infinity, Number.MIN_VALUE]), [3, 2]),
  };

  for (const dtype of DTYPES) {
    it(`round-trips ${dtype} exactly`, async () => {
      const original = await samples[dtype]();
      const path = join(dir, `rt_${dtype}.npy`);
      expect(await writeNpy(path, original)).toBe(path);
      const back = await readNpy(path);
      expect(back.dtype).toBe(dtype);
      expect(back.shape).toEqual(original.shape);
      expect(new Uint8Array(back.data.buffer)).toEqual(new Uint8Array(original.data.buffer));
    });
  }

  it('leaves no temporary file behind and refuses a missing directory', async () => {
    await writeNpy(join(dir, 'clean.npy'), NdArray.zeros([3]));
    expect((await readdir(dir)).filter((n) => n.endsWith('.bmp-tmp'))).toEqual([]);
    await expect(writeNpy(join(dir, 'no-such-dir', 'x.npy'), NdArray.zeros([3]))).rejects.toThrow(/no-such-dir/);
  });

  it('names the file when reading fails', async () => {
    await expect(readNpy(join(dir, 'missing.npy'))).rejects.toThrow(/missing\.npy/);
  });
});

describe('dispose', () => {
  it('releases the array now; a view taken before stays valid; later use throws', async () => {
    const a = NdArray.full([1000], 7);
    const view = a.data as Float64Array;
    a.dispose();
    a.dispose(); // idempotent
    expect(a.disposed).toBe(true);
    expect(String(a)).toBe('NdArray(disposed)');
    expect(() => a.shape).toThrow(/disposed/);
    await expect(a.mean()).rejects.toThrow(/disposed/);
    await expect(NdArray.full([1000], 1).add(a)).rejects.toThrow(/disposed/);
    expect(view[999]).toBe(7);
  });
});
