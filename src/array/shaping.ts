/**
 * Shape operations, slicing and boolean masks on {@link NdArray}.
 * @packageDocumentation
 */
import { NdArrayCore, settle, writing } from './core.js';
import type { NdArray } from './ndarray.js';
import { ReductionOps } from './reductions.js';
import type { Operand } from './scalar.js';
import { toNative } from './scalar.js';
import { loadNative } from '../native/loader.js';

/**
 * One item of a slice: an index (drops the axis), `null` (the whole axis),
 * `[start, stop, step?]` with nulls and negative values as in Python, `'...'`
 * or `'newaxis'`.
 */
export type SliceRange = number | null | readonly [number | null, number | null, (number | null)?] | '...' | 'newaxis';

/** Flattens slice items for the native call (4 numbers each). */
function flatItems(ranges: readonly SliceRange[], what: string): number[] {
  const n = (v: number | null | undefined): number => {
    if (v === null || v === undefined) return NaN;
    if (!Number.isSafeInteger(v)) throw new TypeError(`${what}: slice bounds must be integers or null, got ${v}`);
    return v;
  };
  return ranges.flatMap((r): number[] => {
    if (r === null) return [1, NaN, NaN, NaN];
    if (r === '...') return [2, 0, 0, 0];
    if (r === 'newaxis') return [3, 0, 0, 0];
    if (typeof r === 'number') return [0, n(r), 0, 0];
    if (Array.isArray(r)) return [1, n(r[0]), n(r[1]), n(r[2])];
    throw new TypeError(`${what}: each item must be a number, null, [start, stop, step], '...' or 'newaxis'`);
  });
}

function ints(values: readonly number[], what: string): number[] {
  if (values.some((v) => !Number.isSafeInteger(v))) throw new TypeError(`${what}: expected integers, got ${JSON.stringify(values)}`);
  return [...values];
}

function axes(axis: number | readonly number[] | null | undefined, what: string): number[] | null {
  if (axis === undefined || axis === null) return null;
  return ints(typeof axis === 'number' ? [axis] : axis, what);
}

/** Shape operations, slicing and masks (the last layer below {@link NdArray}). */
export class ShapeOps extends ReductionOps {
  /** `np.reshape` (C order); one dimension may be -1. */
  reshape(...shape: number[] | [readonly number[]]): Promise<NdArray> {
    const dims = Array.isArray(shape[0]) ? (shape[0] as number[]) : (shape as number[]);
    return settle(() => NdArrayCore.toNative(this).reshape(ints(dims, 'NdArray.reshape'))).then(NdArrayCore.fromNative);
  }
  /** `np.transpose(a, axes)` (default: reverse the axes). */
  transpose(axesOrder?: readonly number[]): Promise<NdArray> {
    return settle(() => NdArrayCore.toNative(this).transpose(axes(axesOrder, 'NdArray.transpose'))).then(NdArrayCore.fromNative);
  }
  /** `np.flip(a, axis)` (default: every axis). */
  flip(axis?: number | readonly number[]): Promise<NdArray> {
    return settle(() => NdArrayCore.toNative(this).flip(axes(axis, 'NdArray.flip'))).then(NdArrayCore.fromNative);
  }
  /** `np.rot90(a, k, axes)`: k quarter turns from the first axis towards the second. */
  rot90(k = 1, plane: readonly [number, number] = [0, 1]): Promise<NdArray> {
    return settle(() => {
      const [a0, a1] = ints(plane, 'NdArray.rot90');
      return NdArrayCore.toNative(this).rot90(ints([k], 'NdArray.rot90')[0] ?? 1, a0 ?? 0, a1 ?? 1);
    }).then(NdArrayCore.fromNative);
  }
  /** `np.squeeze(a, axis)` (default: every length-1 axis). */
  squeeze(axis?: number | readonly number[]): Promise<NdArray> {
    return settle(() => NdArrayCore.toNative(this).squeeze(axes(axis, 'NdArray.squeeze'))).then(NdArrayCore.fromNative);
  }
  /** `np.expand_dims(a, axis)`. */
  expandDims(axis: number | readonly number[]): Promise<NdArray> {
    return settle(() => NdArrayCore.toNative(this).expandDims(axes(axis, 'NdArray.expandDims') ?? [])).then(NdArrayCore.fromNative);
  }
  /** `np.ravel(a)`: the elements in C order, 1-D. */
  ravel(): Promise<NdArray> {
    return settle(() => NdArrayCore.toNative(this).ravel()).then(NdArrayCore.fromNative);
  }
  /** A C-order copy (`ndarray.copy()`). */
  copy(): Promise<NdArray> {
    return settle(() => NdArrayCore.toNative(this).copy()).then(NdArrayCore.fromNative);
  }
  /** numpy's `a[cond]`: the elements where the bool array `cond` is true, C order, 1-D. */
  mask(cond: NdArrayCore): Promise<NdArray> {
    return settle(() => {
      if (!(cond instanceof NdArrayCore)) throw new TypeError('NdArray.mask: cond must be a bool NdArray');
      return NdArrayCore.toNative(this).mask(NdArrayCore.toNative(cond));
    }).then(NdArrayCore.fromNative);
  }
  /**
   * numpy's basic slicing `a[...]` as a new array (costs the slice's bytes):
   * `a.slice([10, -10], [null, null, 2])`, or numpy's text `a.slice('10:-10, ::2')`.
   */
  slice(...ranges: SliceRange[] | [string]): Promise<NdArray> {
    return settle(() => {
      const native = NdArrayCore.toNative(this);
      if (typeof ranges[0] === 'string' && ranges[0] !== '...' && ranges[0] !== 'newaxis') return native.slice(ranges[0], null);
      return native.slice(null, flatItems(ranges as SliceRange[], 'NdArray.slice'));
    }).then(NdArrayCore.fromNative);
  }
  /**
   * numpy's `a[ranges] = value` in place (value broadcast; cast as numpy's
   * assignment does). `ranges`: numpy text or a list of items. Resolves with `this`.
   */
  setSlice(ranges: string | readonly SliceRange[], value: Operand): Promise<this> {
    let pending: null | Promise<null>;
    try {
      const [arr, v, isInt] = toNative(value, 'NdArray.setSlice');
      const native = NdArrayCore.toNative(this);
      pending =
        typeof ranges === 'string'
          ? native.setSlice(ranges, null, arr, v, isInt)
          : native.setSlice(null, flatItems(ranges, 'NdArray.setSlice'), arr, v, isInt);
    } catch (err) {
      return Promise.reject(err);
    }
    // Done at once on the JS thread (a small block): nothing is pending.
    if (pending === null) return Promise.resolve(this);
    const done = pending;
    return writing(this, () => done).then(() => this);
  }
  /** `np.concatenate(arrays, axis)` (dtype: all inputs promoted). */
  static concatenate(arrays: readonly NdArrayCore[], axis = 0): Promise<NdArray> {
    return join(arrays, axis, false, 'NdArray.concatenate');
  }
  /** `np.stack(arrays, axis)`: same-shape arrays along a new axis. */
  static stack(arrays: readonly NdArrayCore[], axis = 0): Promise<NdArray> {
    return join(arrays, axis, true, 'NdArray.stack');
  }
}

function join(arrays: readonly NdArrayCore[], axis: number, stack: boolean, what: string): Promise<NdArray> {
  return settle(() => {
    if (!Array.isArray(arrays) || arrays.some((a) => !(a instanceof NdArrayCore))) {
      throw new TypeError(`${what}: arrays must be a list of NdArray`);
    }
    return loadNative().joinArrays(arrays.map((a) => NdArrayCore.toNative(a)), ints([axis], what)[0] ?? 0, stack);
  }).then(NdArrayCore.fromNative);
}
