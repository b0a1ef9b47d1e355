// Every numpy toolkit case (scripts/fixtures/numpy_toolkit.py) through the
// public API: dtype, shape and every element must be numpy's — bit for bit,
// NaN equal to NaN, -0 distinct from 0; cases marked ulpN (exp, log, log10,
// pow: numpy's SIMD loops are not correctly rounded, libm's nearly are)
// within N units in the last place.
import { describe, expect, it } from 'vitest';

import { NdArray } from '../../src/index.js';
import type { FloatScalar } from '../../src/index.js';
import type { Case } from './toolkit-fixtures.js';
import { axisParam, cases, elements, npy, operand, scalarParam, toArray, ulps } from './toolkit-fixtures.js';

type Value = NdArray | number;
type Arg = NdArray | number | FloatScalar;

/** Runs one case's operation through the public API. */
async function run(c: Case): Promise<Value> {
  const args: Arg[] = await Promise.all(c.inputs.map(operand));
  const a = args[0] as NdArray;
  const p = (k: string) => c.params.get(k);
  const axis = axisParam(p('axis'));
  const keepdims = p('keepdims') === '1';
  const [kind, name = ''] = c.op.split(':') as [string, string?];
  const m = (method: string) => (a as unknown as Record<string, (...x: unknown[]) => Promise<Value>>)[method]!.bind(a);
  switch (kind) {
    case 'binary':
      return m(name)(args[1]);
    case 'rbinary': {
      // numpy's `2 - a` is a.rsub(2).
      const x = args[1] as NdArray;
      const method = `r${name}`;
      return (x as unknown as Record<string, (v: Arg) => Promise<Value>>)[method]!.call(x, args[0] as Arg);
    }
    case 'clipArray':
      return a.clip(args[1] as Arg, (args[2] as Arg | undefined) ?? null);
    case 'average':
      return a.average({ weights: args[1] as NdArray, ...(axis === undefined ? {} : { axis }), ...(keepdims ? { keepdims } : {}) });
    case 'unary':
      return m(name)();
    case 'round':
      return a.round(Number(p('decimals')));
    case 'clip':
      return a.clip(scalarParam(p('min')), scalarParam(p('max')));
    case 'where':
      return NdArray.where(a, args[1] as Arg, args[2] as Arg);
    case 'mask':
      return a.mask(args[1] as NdArray);
    case 'reduce': {
      const opts = { ...(axis === undefined ? {} : { axis }), ...(keepdims ? { keepdims } : {}) };
      if (['var', 'std', 'nanvar', 'nanstd'].includes(name)) return m(name)({ ...opts, ddof: Number(p('ddof') ?? 0) });
      if (name.includes('percentile') || name.includes('quantile')) {
        const q = p('q') ?? '';
        return m(name)(q.includes(',') ? q.split(',').map(Number) : Number(q), opts);
      }
      return m(name)(opts);
    }
    case 'shape': {
      if (name === 'reshape') return a.reshape((p('shape') ?? '').split(',').map(Number));
      if (name === 'rot90') return a.rot90(Number(p('k')), (p('axes') ?? '').split(',').map(Number) as [number, number]);
      if (name === 'transpose') return a.transpose(axis === undefined ? (p('axes') === 'none' ? undefined : (p('axes') ?? '').split(',').map(Number)) : undefined);
      if (name === 'expandDims') return a.expandDims(axis ?? 0);
      if (name === 'flip' || name === 'squeeze') return m(name)(axis);
      return m(name)();
    }
    case 'concatenate':
      return NdArray.concatenate(args as NdArray[], Number(p('axis')));
    case 'stack':
      return NdArray.stack(args as NdArray[], Number(p('axis')));
    case 'slice':
      return a.slice((p('spec') ?? '').replaceAll('|', ','));
    case 'setSlice': {
      const b = await a.copy();
      return b.setSlice((p('spec') ?? '').replaceAll('|', ','), args[1] as Arg);
    }
    default:
      throw new Error(`unknown fixture op ${c.op}`);
  }
}

/** The ulps a case allows ("ulp4" → 4). */
const limit = (c: Case): number => Number(c.tolerance.slice(3));

/** Compares one result with numpy's; returns a description of the difference, or null. */
async function check(c: Case): Promise<string | null> {
  let got: Value;
  try {
    got = await run(c);
  } catch (err) {
    return c.expect === 'error' ? null : `threw ${(err as Error).message}`;
  }
  if (c.expect === 'error') return 'numpy raised, we did not';
  const want = npy(c.expect);
  const wantValues = elements(want.dtype, want.bytes);
  if (typeof got === 'number') {
    if (want.shape.length !== 0) return `got a number, numpy an array of shape ${want.shape}`;
    const w = Number(wantValues[0]);
    const d = c.tolerance !== 'exact' ? ulps(got, w, want.dtype) <= limit(c) : Object.is(got, w) || (Number.isNaN(got) && Number.isNaN(w));
    return d ? null : `got ${got}, numpy ${w}`;
  }
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, numpy ${want.dtype}`;
  if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) return `shape ${JSON.stringify(got.shape)}, numpy ${JSON.stringify(want.shape)}`;
  const c0 = got.fortranOrder && got.ndim > 1 ? await got.copy() : got;
  const bytes = new Uint8Array(c0.data.buffer, c0.data.byteOffset, c0.nbytes);
  const ours = elements(got.dtype, bytes);
  for (let i = 0; i < wantValues.length; i++) {
    const [x, y] = [ours[i] as number | bigint, wantValues[i] as number | bigint];
    if (typeof x === 'bigint' || got.dtype === 'bool' || !got.dtype.startsWith('float')) {
      if (x !== y) return `element ${i}: ${x}, numpy ${y}`;
      continue;
    }
    const ok = c.tolerance !== 'exact' ? ulps(x, y as number, got.dtype) <= limit(c) : Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));
    if (!ok) return `element ${i}: ${x}, numpy ${y}`;
  }
  return null;
}

const byOp = new Map<string, Case[]>();
for (const c of cases) byOp.set(c.op, [...(byOp.get(c.op) ?? []), c]);

describe('numpy toolkit fixtures', () => {
  for (const [op, list] of byOp) {
    it(`${op} (${list.length} cases)`, async () => {
      const failures: string[] = [];
      for (const c of list) {
        const why = await check(c);
        if (why) failures.push(`${c.id} ${c.op} ${[...c.params].map((kv) => kv.join('=')).join(';')} ${c.inputs.join(',')}: ${why}`);
      }
      expect(failures.slice(0, 20)).toEqual([]);
    });
  }
});
