// `{ out }` and in-place work, the guard against racing a pending write,
// explicit float scalars, the list form of slices, and error messages.
// (Values are checked against numpy in numpy-toolkit.spec.ts; here results
// written through `out` must equal the same operation's new-array result.)
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { float, NdArray, writeNpy } from '../../src/index.js';

// Large enough that the operations below stay pending for a long while (a
// slow float power over 8M elements) while the test issues the next calls.
const big = () => NdArray.from(Float64Array.from({ length: 4096 * 2048 }, (_, i) => (i % 1000) / 7 + 1), [4096, 2048]);

describe('out and in-place operations', () => {
  it('writes into out (an operand itself) and resolves with it', async () => {
    const a = NdArray.from(Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
    const col = NdArray.from(Float32Array.from([10, 20]), [2, 1]);
    const expected = await a.sub(col);
    const r = await a.sub(col, { out: a });
    expect(r).toBe(a);
    expect(Array.from(a.data as Float32Array)).toEqual(Array.from(expected.data as Float32Array));
    const sq = await a.sqrt();
    await a.sqrt({ out: a });
    expect(Array.from(a.data as Float32Array)).toEqual(Array.from(sq.data as Float32Array));
    const w = NdArray.zeros([2, 3], 'float32');
    await NdArray.where(await a.gt(0), a, 0, { out: w });
    expect(Array.from(w.data as Float32Array)).toEqual(Array.from(a.data as Float32Array).map((x) => (x > 0 ? x : 0)));
  });

  it("refuses an out of the wrong shape or a result it cannot hold under 'same_kind'", async () => {
    const a = NdArray.from(Float64Array.from([1, 2, 3, 4]), [2, 2]);
    await expect(a.add(1, { out: NdArray.zeros([4]) })).rejects.toThrow(/non-broadcastable output operand with shape \(4,\) doesn't match the broadcast shape \(2,2\)/);
    await expect(a.add(1, { out: NdArray.zeros([2, 2], 'int32') })).rejects.toThrow(/Cannot cast ufunc output from dtype\('float64'\) to dtype\('int32'\)/);
    // int16 + int16 into float32 is a safe cast: allowed, as numpy.
    const i = NdArray.from(Int16Array.from([1, 2, 3, 4]), [2, 2]);
    const f = NdArray.zeros([2, 2], 'float32');
    await i.add(i, { out: f });
    expect(Array.from(f.data as Float32Array)).toEqual([2, 4, 6, 8]);
  });

  it('rejects reading an array while a write into it is pending, and writing into one being read', async () => {
    const a = big();
    const pending = a.pow(1.0001, { out: a });
    await expect(a.mean()).rejects.toThrow(/being written by a pending operation/);
    await expect(a.add(1)).rejects.toThrow(/being written by a pending operation/);
    await expect(a.astype('float32')).rejects.toThrow(/being written by a pending operation/);
    await expect(writeNpy(join(tmpdir(), 'never-written.npy'), a)).rejects.toThrow(/being written by a pending operation/);
    await pending;
    expect(typeof (await a.mean())).toBe('number');
    const reading = a.median({ axis: 0 });
    await expect(a.setSlice('0, :', 1)).rejects.toThrow(/in use by pending operation/);
    await reading;
    await expect(a.setSlice('0, :', 1)).resolves.toBe(a);
    expect(a.at(0, 5)).toBe(1);
  });
});

describe('scalars and slices', () => {
  it('float(2) acts as a Python float, 2 as a Python int', async () => {
    const a = NdArray.from(Int16Array.from([1, 2, 3]));
    expect((await a.add(2)).dtype).toBe('int16');
    expect((await a.add(float(2))).dtype).toBe('float64');
    expect((await a.add(NdArray.float(2))).dtype).toBe('float64');
    await expect(NdArray.from(Uint8Array.from([1])).add(300)).rejects.toThrow(/Python integer 300 out of bounds for uint8/);
  });

  it('the list form of a slice is the text form', async () => {
    const a = NdArray.from(Float64Array.from({ length: 30 }, (_, i) => i), [5, 6]);
    const t = await a.slice('1:-1, ::-2');
    const l = await a.slice([1, -1], [null, null, -2]);
    expect(l.shape).toEqual(t.shape);
    expect(Array.from(l.data as Float64Array)).toEqual(Array.from(t.data as Float64Array));
    expect((await a.slice(2, null)).shape).toEqual([6]);
    expect((await a.slice('...', 'newaxis')).shape).toEqual([5, 6, 1]);
  });

  it('errors name the shapes and the fix', async () => {
    const a = NdArray.zeros([2, 3]);
    await expect(a.add(NdArray.zeros([4]))).rejects.toThrow('operands could not be broadcast together with shapes (2,3) (4,)');
    await expect(a.slice('1:2:x')).rejects.toThrow(/cannot read '1:2:x'/);
    await expect(a.mask(a)).rejects.toThrow(/must be a bool array/);
    await expect(a.sum({ axis: 2 })).rejects.toThrow('axis 2 is out of bounds for array of dimension 2');
  });
});
