// Every kernel through the public API against answers numpy computed
// (__test__/fixtures/kernels.json, made by scripts/make_kernel_fixtures.py).
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { NdArray } from '../src/index.js';
import type { DType } from '../src/index.js';

type Num = number | string;
interface ArraySpec {
  dtype: DType;
  shape: number[];
  data?: Num[];
  generator?: { kind: 'lcg'; seed: number; scale?: number; offset?: number };
  order?: 'F';
}
interface Case {
  name: string;
  op: string;
  input: ArraySpec;
  operand?: { scalar: number; isInt: boolean } | ArraySpec;
  dtype?: DType;
  ddof?: number;
  expected: Num | ArraySpec | { error: string };
}

// Integers beyond 2^53 (int64/uint64 cases) would be rounded by JSON.parse:
// quote long integer literals first so they reach BigInt exactly.
const fixtureText = readFileSync(new URL('./fixtures/kernels.json', import.meta.url), 'utf8').replace(
  /(?<=[[,]\s*)(-?\d{16,})(?=\s*[,\]])/g,
  '"$1"',
);
const fixture = JSON.parse(fixtureText) as { cases: Case[] };

const decode = (v: Num): number => (typeof v === 'number' ? v : Number(v)); // 'NaN', 'Infinity', '-Infinity'

/** The fixture's generator: a 64-bit LCG, top 53 bits as a double in [0, 1). */
function lcg(n: number, seed: number, scale = 1, offset = 0): number[] {
  const out = new Array<number>(n);
  let state = BigInt(seed);
  const mask = (1n << 64n) - 1n;
  for (let i = 0; i < n; i++) {
    state = (state * 6364136223846793005n + 1442695040888963407n) & mask;
    out[i] = offset + scale * (Number(state >> 11n) * 2 ** -53);
  }
  return out;
}

function values(spec: ArraySpec): number[] {
  if (spec.data) return spec.data.map(decode);
  const g = spec.generator!;
  const size = spec.shape.reduce((a, b) => a * b, 1);
  return lcg(size, g.seed, g.scale, g.offset);
}

/** Exact 64-bit integers: from the quoted literal where the fixture had one. */
function bigints(spec: ArraySpec): bigint[] {
  return spec.data ? spec.data.map((x) => BigInt(x)) : values(spec).map((x) => BigInt(Math.trunc(x)));
}

async function makeArray(spec: ArraySpec): Promise<NdArray> {
  const v = values(spec);
  switch (spec.dtype) {
    case 'float64': return NdArray.from(Float64Array.from(v), spec.shape);
    case 'float32': return NdArray.from(Float32Array.from(v), spec.shape);
    case 'int8': return NdArray.from(Int8Array.from(v, Math.trunc), spec.shape);
    case 'int16': return NdArray.from(Int16Array.from(v, Math.trunc), spec.shape);
    case 'int32': return NdArray.from(Int32Array.from(v, Math.trunc), spec.shape);
    case 'int64': return NdArray.from(BigInt64Array.from(bigints(spec)), spec.shape);
    case 'uint8': return NdArray.from(Uint8Array.from(v, Math.trunc), spec.shape);
    case 'uint16': return NdArray.from(Uint16Array.from(v, Math.trunc), spec.shape);
    case 'uint32': return NdArray.from(Uint32Array.from(v, Math.trunc), spec.shape);
    case 'uint64': return NdArray.from(BigUint64Array.from(bigints(spec)), spec.shape);
    case 'bool': return NdArray.from(Uint8Array.from(v, (x) => (x ? 1 : 0)), spec.shape).astype('bool');
  }
}

async function run(c: Case): Promise<number | NdArray> {
  const a = await makeArray(c.input);
  switch (c.op) {
    case 'add': case 'sub': case 'mul': case 'div': {
      const o = c.operand!;
      const other = 'scalar' in o ? o.scalar : await makeArray(o);
      // An integer-valued float scalar (e.g. 2.0) cannot be told from an int in
      // JS; the fixture marks those, and we skip them below.
      return a[c.op](other);
    }
    case 'astype': return a.astype(c.dtype!);
    case 'std': return a.std(c.ddof ?? 0);
    case 'median': case 'mean': case 'average': case 'sum': case 'min': case 'max':
      return a[c.op]();
    default: throw new Error(`unknown op ${c.op}`);
  }
}

function expectSameNumber(actual: number, expected: number): void {
  if (Number.isNaN(expected)) expect(actual).toBeNaN();
  else expect(actual).toBe(expected);
}

// A Python float operand with an integral value (2.0) has no JS equivalent:
// JS numbers carry no int/float distinction, so 2.0 arrives as an int.
const representable = (c: Case) =>
  !(c.operand && 'scalar' in c.operand && !c.operand.isInt && Number.isInteger(c.operand.scalar));

describe('kernels give numpy\'s answers', () => {
  const cases = fixture.cases.filter(representable);
  it('covers the fixture', () => {
    expect(cases.length).toBeGreaterThan(100);
  });
  for (const c of cases) {
    it(c.name, async () => {
      const expected = c.expected;
      if (typeof expected === 'object' && 'error' in expected) {
        await expect(run(c)).rejects.toThrow(new RegExp(expected.error.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'));
        return;
      }
      const result = await run(c);
      if (typeof expected !== 'object') {
        expectSameNumber(result as number, decode(expected));
        return;
      }
      const arr = result as NdArray;
      expect(arr.dtype).toBe(expected.dtype);
      expect(arr.shape).toEqual(expected.shape);
      const want = values(expected);
      const got = Array.from(arr.data as ArrayLike<number | bigint>, Number);
      expect(got.length).toBe(want.length);
      got.forEach((g, i) => expectSameNumber(g, want[i]!));
    });
  }
});
