// Reads the numpy toolkit fixtures (target/fixtures/numpy_toolkit, made by
// scripts/fixtures/numpy_toolkit.py; see its docstring for the format) and
// turns their arrays into NdArrays and plain values to compare.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { float } from '../../src/index.js';
import type { DType, FloatScalar, NdArray } from '../../src/index.js';
import { decodeNpy, elements, toArray } from '../support/npy-bundle.js';
import type { Npy } from '../support/npy-bundle.js';

const dir = fileURLToPath(new URL('../../target/fixtures/numpy_toolkit/', import.meta.url));

/** One fixture case. */
export interface Case {
  id: string;
  op: string;
  params: Map<string, string>;
  inputs: string[];
  expect: string;
  tolerance: string;
}

function load(): { cases: Case[]; bundle: Uint8Array } {
  const casesPath = `${dir}cases.txt`;
  if (!existsSync(casesPath)) {
    throw new Error(`missing ${casesPath}: run npm run fixtures (it runs scripts/fixtures/numpy_toolkit.py)`);
  }
  const cases = readFileSync(casesPath, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((line): Case => {
      const [id, op, params, inputs, expect, tolerance] = line.split('\t') as [string, string, string, string, string, string];
      const map = new Map<string, string>();
      if (params !== '-') for (const kv of params.split(';')) map.set(kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1));
      return { id, op, params: map, inputs: inputs.split(','), expect, tolerance };
    });
  return { cases, bundle: new Uint8Array(readFileSync(`${dir}arrays.bin`)) };
}

export const { cases, bundle } = load();

export { elements, toArray };
export type { Npy };

/** Decodes the .npy image at `@offset+length`. */
export function npy(ref: string): Npy {
  return decodeNpy(bundle, ref);
}

/** An operand token: an array, a Python int (number) or a Python float. */
export async function operand(token: string): Promise<NdArray | number | FloatScalar> {
  if (token.startsWith('i:')) return Number(token.slice(2));
  if (token.startsWith('f:')) return float(Number(token.slice(2).replace('inf', 'Infinity')));
  return toArray(npy(token));
}

/** A scalar parameter as numpy's repr wrote it ("none" → null; floats marked). */
export function scalarParam(text: string | undefined): number | FloatScalar | null {
  if (text === undefined || text === 'none') return null;
  return /[.eE]|inf|nan/.test(text) ? float(Number(text)) : Number(text);
}

/** An axis parameter: undefined for none, a number, or a list. */
export function axisParam(text: string | undefined): number | number[] | undefined {
  if (text === undefined || text === 'none') return undefined;
  const parts = text.split(',').map(Number);
  return parts.length === 1 ? parts[0] : parts;
}

/** Units in the last place between two floats of a dtype (0 for equal, NaN = NaN). */
export function ulps(a: number, b: number, dtype: DType): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  if (Object.is(a, b)) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const ordered = (x: number): bigint => {
    if (dtype === 'float32') {
      const i = new Int32Array(new Float32Array([x]).buffer)[0] as number;
      return BigInt(i < 0 ? -2147483648 - i : i);
    }
    const i = new BigInt64Array(new Float64Array([x]).buffer)[0] as bigint;
    return i < 0n ? -9223372036854775808n - i : i;
  };
  const d = ordered(a) - ordered(b);
  return Number(d < 0n ? -d : d);
}
