// Reads the image-operation fixtures (target/fixtures/image_ops, made by
// scripts/fixtures/image_ops.py; see its docstring for the format).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { NdArray } from '../../src/index.js';
import { decodeNpy, elements, toArray } from '../support/npy-bundle.js';
import type { Npy } from '../support/npy-bundle.js';

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

function load(): { cases: Case[]; bundle: Uint8Array } {
  const path = `${dir}cases.jsonl`;
  if (!existsSync(path)) throw new Error(`missing ${path}: run npm run fixtures (it runs scripts/fixtures/image_ops.py)`);
  const cases = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Case);
  return { cases, bundle: new Uint8Array(readFileSync(`${dir}arrays.bin`)) };
}

export const { cases, bundle } = load();

export { elements, toArray };
export type { Npy };

/** Decodes the .npy image at `@offset+length`. */
export function npy(ref: string): Npy {
  return decodeNpy(bundle, ref);
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
