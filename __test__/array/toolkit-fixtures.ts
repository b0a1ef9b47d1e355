// Reads the numpy toolkit fixtures (target/fixtures/numpy_toolkit, made by
// scripts/fixtures/numpy_toolkit.py; see its docstring for the format) and
// turns their arrays into NdArrays and plain values to compare.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { float, NdArray } from '../../src/index.js';
import type { DType, FloatScalar } from '../../src/index.js';

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

/** A decoded .npy image. */
export interface Npy {
  dtype: DType;
  shape: number[];
  fortran: boolean;
  bytes: Uint8Array;
}

const DESCR: Record<string, DType> = {
  b1: 'bool', i1: 'int8', u1: 'uint8', i2: 'int16', u2: 'uint16', i4: 'int32', u4: 'uint32',
  i8: 'int64', u8: 'uint64', f4: 'float32', f8: 'float64',
};

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

/** Decodes the .npy image at `@offset+length`. */
export function npy(ref: string): Npy {
  const m = /^@(\d+)\+(\d+)$/.exec(ref);
  if (!m) throw new Error(`not an array reference: ${ref}`);
  const img = bundle.subarray(Number(m[1]), Number(m[1]) + Number(m[2]));
  const major = img[6] as number;
  const hlen = major === 1 ? (img[8] as number) | ((img[9] as number) << 8) : new DataView(img.buffer, img.byteOffset + 8, 4).getUint32(0, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(img.subarray(start, start + hlen));
  const descr = /'descr':\s*'[<|>]?([a-z]\d)'/.exec(header)?.[1] ?? '';
  const dtype = DESCR[descr];
  if (!dtype) throw new Error(`unsupported descr in ${header}`);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  return { dtype, shape, fortran: /'fortran_order':\s*True/.test(header), bytes: img.slice(start + hlen) };
}

/** An NdArray holding a fixture array (in its memory order). */
export async function toArray(n: Npy): Promise<NdArray> {
  const shape = n.fortran ? [...n.shape].reverse() : n.shape;
  const carrier: DType = n.dtype === 'bool' ? 'uint8' : n.dtype;
  const zero = NdArray.zeros(shape, carrier);
  new Uint8Array(zero.data.buffer, zero.data.byteOffset, n.bytes.length).set(n.bytes);
  let a = n.dtype === 'bool' ? await zero.astype('bool') : zero;
  // A Fortran array is the full transpose of a C array over the same bytes.
  if (n.fortran && shape.length > 1) a = await a.transpose();
  return a;
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

/** Element values of a C-order image, as numbers or bigints. */
export function elements(dtype: DType, bytes: Uint8Array): ArrayLike<number | bigint> {
  const copy = bytes.slice();
  const b = copy.buffer;
  switch (dtype) {
    case 'bool':
    case 'uint8':
      return new Uint8Array(b);
    case 'int8':
      return new Int8Array(b);
    case 'int16':
      return new Int16Array(b);
    case 'uint16':
      return new Uint16Array(b);
    case 'int32':
      return new Int32Array(b);
    case 'uint32':
      return new Uint32Array(b);
    case 'int64':
      return new BigInt64Array(b);
    case 'uint64':
      return new BigUint64Array(b);
    case 'float32':
      return new Float32Array(b);
    default:
      return new Float64Array(b);
  }
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
