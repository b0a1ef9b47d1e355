import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { DTYPES, NdArray, readNpy } from '../../src/index.js';

// numpy's answers, from scripts/fixtures/bool_bytes.py.
const dir = join(import.meta.dirname, '..', '..', 'target', 'fixtures', 'bool_bytes');
if (!existsSync(join(dir, 'expected.json'))) {
  throw new Error(`missing ${dir}/expected.json: run npm run fixtures`);
}

interface Result {
  dtype: string;
  values: number[];
}
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
  at: number[];
  reductions: Record<'sum' | 'mean' | 'average' | 'min' | 'max' | 'median' | 'std', number>;
  astype: Record<string, Result>;
  binary: Array<['add' | 'sub' | 'mul' | 'div', 'b' | number, Result]>;
};

/** An array's dtype and elements as numbers (a bool array: its raw bytes). */
function asResult(a: NdArray): Result {
  return { dtype: a.dtype, values: Array.from(a.data as ArrayLike<number | bigint>, Number) };
}

describe('bool files whose bytes are not 0/1 read as numpy reads them (nonzero is True)', () => {
  it('at() gives 0 or 1', async () => {
    const a = await readNpy(join(dir, 'a.npy'));
    expect(Array.from({ length: a.size }, (_, i) => a.at(i))).toEqual(expected.at);
  });

  it('reductions', async () => {
    const a = await readNpy(join(dir, 'a.npy'));
    const r = expected.reductions;
    expect(await a.sum()).toBe(r.sum);
    expect(await a.mean()).toBe(r.mean);
    expect(await a.average()).toBe(r.average);
    expect(await a.min()).toBe(r.min);
    expect(await a.max()).toBe(r.max);
    expect(await a.median()).toBe(r.median);
    expect(await a.std()).toBe(r.std);
  });

  it('astype to every dtype', async () => {
    const a = await readNpy(join(dir, 'a.npy'));
    expect(Object.keys(expected.astype)).toEqual([...DTYPES]);
    for (const dtype of DTYPES) {
      expect([dtype, asResult(await a.astype(dtype))]).toEqual([dtype, expected.astype[dtype]]);
    }
  });

  it('arithmetic with a bool array and with Python-like scalars', async () => {
    const a = await readNpy(join(dir, 'a.npy'));
    const b = await readNpy(join(dir, 'b.npy'));
    for (const [op, operand, want] of expected.binary) {
      const got = await a[op](operand === 'b' ? b : operand);
      expect([op, operand, asResult(got)]).toEqual([op, operand, want]);
    }
  });
});
