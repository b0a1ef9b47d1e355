// Reads the image-operation fixtures (target/fixtures/image_ops, made by
// scripts/fixtures/image_ops.py; see its docstring for the format).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { NdArray } from '../../src/index.js';
import type { DType } from '../../src/index.js';

const dir = fileURLToPath(new URL('../../target/fixtures/image_ops/', import.meta.url));

/** One fixture case. */
export interface Case {
  id: string;
  op: 'medianFilter' | 'uniformFilter' | 'blockReduce' | 'histogram' | 'shift';
  params: unknown;
  input: string;
  expect: string;
  edges?: string;
  message?: string;
}

/** A decoded .npy image (C order). */
export interface Npy {
  dtype: DType;
  shape: number[];
  bytes: Uint8Array;
}

const DESCR: Record<string, DType> = {
  b1: 'bool', i1: 'int8', u1: 'uint8', i2: 'int16', u2: 'uint16', i4: 'int32', u4: 'uint32',
  i8: 'int64', u8: 'uint64', f4: 'float32', f8: 'float64',
};

function load(): { cases: Case[]; bundle: Uint8Array } {
  const path = `${dir}cases.jsonl`;
  if (!existsSync(path)) throw new Error(`missing ${path}: run npm run fixtures (it runs scripts/fixtures/image_ops.py)`);
  const cases = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Case);
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
  const dtype = DESCR[/'descr':\s*'[<|>]?([a-z]\d)'/.exec(header)?.[1] ?? ''];
  if (!dtype) throw new Error(`unsupported descr in ${header}`);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  return { dtype, shape, bytes: img.slice(start + hlen) };
}

/** An NdArray holding a fixture array. */
export async function toArray(n: Npy): Promise<NdArray> {
  const carrier: DType = n.dtype === 'bool' ? 'uint8' : n.dtype;
  const a = NdArray.zeros(n.shape, carrier);
  new Uint8Array(a.data.buffer, a.data.byteOffset, n.bytes.length).set(n.bytes);
  return n.dtype === 'bool' ? a.astype('bool') : a;
}

/** Element values of C-order bytes of a dtype. */
export function elements(dtype: DType, bytes: Uint8Array): ArrayLike<number | bigint> {
  const b = bytes.slice().buffer;
  const ctor = {
    bool: Uint8Array, uint8: Uint8Array, int8: Int8Array, int16: Int16Array, uint16: Uint16Array, int32: Int32Array,
    uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array, float32: Float32Array, float64: Float64Array,
  }[dtype];
  return new ctor(b);
}

/** The first element where `got` differs from the reference (NaN equals NaN, -0 differs from 0), or null. */
export function firstDifference(got: NdArray, want: Npy): string | null {
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, want ${want.dtype}`;
  if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) return `shape ${JSON.stringify(got.shape)}, want ${JSON.stringify(want.shape)}`;
  const g = elements(got.dtype, new Uint8Array(got.data.buffer, got.data.byteOffset, got.data.byteLength));
  const w = elements(want.dtype, want.bytes);
  for (let i = 0; i < w.length; i++) {
    let [x, y] = [g[i], w[i]];
    // numpy's bool is any nonzero byte: scipy stores (npy_bool)2.5 as 2, ours as 1.
    if (want.dtype === 'bool') [x, y] = [Number(x !== 0), Number(y !== 0)];
    const same = typeof x === 'number' && typeof y === 'number' && Number.isNaN(x) && Number.isNaN(y) ? true : Object.is(x, y);
    if (!same) return `element ${i}: ${String(x)}, want ${String(y)}`;
  }
  return null;
}
