// Shared helpers for the FITS tests: the generated fixtures and how values
// are compared with astropy's answers.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FitsValue, NdArray } from '../pipeline/api.js';

export const fixtures = path.resolve(import.meta.dirname, '../../target/fixtures');

/** A fixture directory made by scripts/fixtures/<name>.py; fails (never skips) when missing. */
export function fixtureDir(name: string, marker: string): string {
  const dir = path.join(fixtures, name);
  if (!existsSync(path.join(dir, marker))) {
    throw new Error(`${dir}/${marker} is missing: run \`npm run fixtures\` (scripts/fixtures/${name}.py) first`);
  }
  return dir;
}

/** A value as the fixture manifests encode it (see scripts/fixtures/fits_astropy.py). */
export type JsonValue =
  | { t: 'logical'; v: boolean }
  | { t: 'int'; v: string }
  | { t: 'float'; v: string }
  | { t: 'complex'; re: string; im: string }
  | { t: 'string'; v: string }
  | { t: 'undefined' };

/** Astropy's answer for one image HDU. */
export interface ManifestImage {
  file: string;
  hdu: number;
  kind: string;
  extname: string;
  shape: number[];
  dtype: string;
  sha256: string;
  /** Digests of astropy's data `.astype(dtype)`, by dtype. */
  astype: Record<string, string>;
  sample: string[];
  cards: [string, JsonValue, string][];
  note: string;
}

export function readManifest(dir: string): { images: ManifestImage[]; files: { file: string; images: number }[]; astropy: string } {
  return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
}

/** sha256 of an array's values, little-endian, NaNs canonical (as the fixture script hashes them). */
export function digest(a: NdArray): string {
  let bytes: Uint8Array;
  if (a.dtype === 'float32' || a.dtype === 'float64') {
    const copy = a.dtype === 'float32' ? Float32Array.from(a.data as Float32Array) : Float64Array.from(a.data as Float64Array);
    for (let i = 0; i < copy.length; i++) if (Number.isNaN(copy[i])) copy[i] = Number.NaN;
    bytes = new Uint8Array(copy.buffer);
  } else {
    const d = a.data;
    bytes = new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  }
  return createHash('sha256').update(bytes).digest('hex');
}

/** Our value in the manifest's encoding, for comparison. */
export function encode(v: FitsValue | undefined): JsonValue {
  if (v === null || v === undefined) return { t: 'undefined' };
  if (typeof v === 'boolean') return { t: 'logical', v };
  if (typeof v === 'bigint') return { t: 'int', v: v.toString() };
  if (typeof v === 'string') return { t: 'string', v };
  if (typeof v === 'number') return { t: 'float', v: String(v) };
  return { t: 'complex', re: String(v.re), im: String(v.im) };
}

/** Astropy's value normalised so that equal values compare equal (numbers as JS prints them). */
export function normalise(j: JsonValue, ours: FitsValue | undefined): JsonValue {
  if (j.t === 'int') return typeof ours === 'number' ? { t: 'float', v: String(Number(j.v)) } : j;
  if (j.t === 'float') return { t: 'float', v: String(Number(j.v)) };
  if (j.t === 'complex') return { t: 'complex', re: String(Number(j.re)), im: String(Number(j.im)) };
  return j;
}

/** Keywords that describe the storage (written by the writer itself, or a compressed table's). */
export function isStructural(keyword: string): boolean {
  return /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|EXTEND|PCOUNT|GCOUNT|CHECKSUM|DATASUM|END)$/i.test(keyword);
}
