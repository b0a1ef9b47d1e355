// The fixture generators (scripts/fixtures/numpy_toolkit.py, image_ops.py)
// store their arrays as .npy images packed in one arrays.bin, referenced by
// `@offset+length`: one decoder for both suites.
import { NdArray } from '../../src/index.js';
import type { DType } from '../../src/index.js';

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

/** Decodes the .npy image at `@offset+length` of `bundle`. */
export function decodeNpy(bundle: Uint8Array, ref: string): Npy {
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

const TYPED_ARRAYS = {
  bool: Uint8Array, uint8: Uint8Array, int8: Int8Array, int16: Int16Array, uint16: Uint16Array, int32: Int32Array,
  uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array, float32: Float32Array, float64: Float64Array,
} as const;

/** Element values of a C-order image, as numbers or bigints. */
export function elements(dtype: DType, bytes: Uint8Array): ArrayLike<number | bigint> {
  return new TYPED_ARRAYS[dtype](bytes.slice().buffer);
}
