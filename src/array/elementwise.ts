/**
 * Elementwise operations on {@link NdArray}: numpy's broadcasting and NEP 50
 * dtypes, each one native call on the pool, optionally into `out`.
 * @packageDocumentation
 */
import type { DType } from './dtype.js';
import { assertNotWritten, checkDType, NdArrayCore, settle, writing } from './core.js';
import type { NdArray } from './ndarray.js';
import type { NativeArray } from '../native/binding.js';
import { loadNative } from '../native/loader.js';
import type { NativeOperand, Operand, Scalar } from './scalar.js';
import { scalarToNative, toNative } from './scalar.js';

/** Options of elementwise operations. */
export interface OutOptions {
  /**
   * Write the result into this array (numpy's `out=`), which may be an
   * operand itself (in-place work). It must have the broadcast shape, and
   * the result dtype must cast to its dtype under numpy's 'same_kind' rule.
   * While the operation is pending, any other operation touching `out` is
   * rejected (await it first).
   */
  out?: NdArray;
}

/** Resolves with `out` when given, else with the new array. @internal */
export function finish(out: NdArray | undefined): (n: NativeArray | null) => NdArray {
  return (n) => (n === null ? (out as NdArray) : NdArrayCore.fromNative(n));
}

/** The native handle of `out`, checked. @internal */
export function outNative(options: OutOptions | undefined, what: string): NativeArray | null {
  const out = options?.out;
  if (out === undefined) return null;
  if (!(out instanceof NdArrayCore)) throw new TypeError(`${what}: out must be an NdArray`);
  return NdArrayCore.toNative(out);
}

/** The elementwise half of {@link NdArray}. */
export class ElementwiseOps extends NdArrayCore {
  #binary(op: string, other: Operand, options?: OutOptions, reflected = false): Promise<NdArray> {
    const what = `NdArray.${reflected ? 'r' : ''}${op}`;
    return writing(options?.out, () => {
      const [arr, value, isInt] = toNative(other, what);
      const out = outNative(options, what);
      return NdArrayCore.toNative(this).binaryOp(op, arr, value, isInt, out, reflected);
    }).then(finish(options?.out));
  }

  #unary(op: string, options?: OutOptions, decimals?: number, lo?: Scalar | null, hi?: Scalar | null): Promise<NdArray> {
    return writing(options?.out, () => {
      const [l, li] = scalarToNative(lo, `NdArray.${op}`);
      const [h, hi2] = scalarToNative(hi, `NdArray.${op}`);
      const out = outNative(options, `NdArray.${op}`);
      return NdArrayCore.toNative(this).unaryOp(op, decimals ?? null, l, li, h, hi2, out);
    }).then(finish(options?.out));
  }

  /**
   * `np.add`: elementwise `this + other`, broadcasting. A JS integer acts as a
   * Python int (keeps the array's dtype), other numbers and `float(x)` as a
   * Python float.
   */
  add(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('add', other, options);
  }
  /** `np.subtract` (see {@link ElementwiseOps.add}). */
  sub(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('sub', other, options);
  }
  /** `np.multiply`. */
  mul(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('mul', other, options);
  }
  /** `np.true_divide` (integers give float64). */
  div(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('div', other, options);
  }
  /** `np.power` (integers wrap; negative integer exponents are an error). */
  pow(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('pow', other, options);
  }
  /** `np.floor_divide` (Python's floor; integer division by 0 gives 0). */
  floorDiv(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('floorDiv', other, options);
  }
  /** `np.remainder` (sign of the divisor, as Python's `%`). */
  mod(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('mod', other, options);
  }
  /**
   * `other - this`, numpy's `2 - a` (the reflected `np.subtract`, Python's
   * `__rsub__`): a number on the left of a non-commutative operation.
   */
  rsub(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('sub', other, options, true);
  }
  /** `other / this`, numpy's `2 / a` (see {@link ElementwiseOps.rsub}). */
  rdiv(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('div', other, options, true);
  }
  /** `other ** this`, numpy's `2 ** a` (see {@link ElementwiseOps.rsub}). */
  rpow(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('pow', other, options, true);
  }
  /** `other // this`, numpy's `2 // a` (see {@link ElementwiseOps.rsub}). */
  rfloorDiv(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('floorDiv', other, options, true);
  }
  /** `other % this`, numpy's `2 % a` (see {@link ElementwiseOps.rsub}). */
  rmod(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('mod', other, options, true);
  }
  /** `np.minimum` (NaN propagates). */
  minimum(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('minimum', other, options);
  }
  /** `np.maximum` (NaN propagates). */
  maximum(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('maximum', other, options);
  }
  /** `np.greater` → bool array. */
  gt(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('gt', other, options);
  }
  /** `np.greater_equal` → bool array. */
  ge(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('ge', other, options);
  }
  /** `np.less` → bool array. */
  lt(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('lt', other, options);
  }
  /** `np.less_equal` → bool array. */
  le(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('le', other, options);
  }
  /** `np.equal` → bool array. */
  eq(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('eq', other, options);
  }
  /** `np.not_equal` → bool array. */
  ne(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('ne', other, options);
  }
  /** `np.logical_and` (truthiness; NaN is true) → bool array. */
  logicalAnd(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('logicalAnd', other, options);
  }
  /** `np.logical_or` → bool array. */
  logicalOr(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('logicalOr', other, options);
  }
  /** `np.logical_xor` → bool array. */
  logicalXor(other: Operand, options?: OutOptions): Promise<NdArray> {
    return this.#binary('logicalXor', other, options);
  }

  /** `np.negative` (integers wrap; an error for bool, as numpy). */
  neg(options?: OutOptions): Promise<NdArray> {
    return this.#unary('neg', options);
  }
  /** `np.abs`. */
  abs(options?: OutOptions): Promise<NdArray> {
    return this.#unary('abs', options);
  }
  /** `np.sqrt` (integers give float64; bool/8/16-bit give float32, see README). */
  sqrt(options?: OutOptions): Promise<NdArray> {
    return this.#unary('sqrt', options);
  }
  /** `np.exp`. */
  exp(options?: OutOptions): Promise<NdArray> {
    return this.#unary('exp', options);
  }
  /** `np.log`. */
  log(options?: OutOptions): Promise<NdArray> {
    return this.#unary('log', options);
  }
  /** `np.log10`. */
  log10(options?: OutOptions): Promise<NdArray> {
    return this.#unary('log10', options);
  }
  /** `np.square` (bool gives int8, as numpy). */
  square(options?: OutOptions): Promise<NdArray> {
    return this.#unary('square', options);
  }
  /** `np.floor` (integers unchanged, same dtype). */
  floor(options?: OutOptions): Promise<NdArray> {
    return this.#unary('floor', options);
  }
  /** `np.ceil`. */
  ceil(options?: OutOptions): Promise<NdArray> {
    return this.#unary('ceil', options);
  }
  /** `np.round(a, decimals)`: half to even, as numpy. */
  round(decimals = 0, options?: OutOptions): Promise<NdArray> {
    if (!Number.isSafeInteger(decimals)) return Promise.reject(new TypeError('NdArray.round: decimals must be an integer'));
    return this.#unary('round', options, decimals);
  }
  /**
   * `np.clip(a, min, max)`; `null` leaves a side open; NaN propagates. A
   * bound may be an array, broadcast against this one (numpy's array bounds).
   */
  clip(min: Operand | null, max: Operand | null, options?: OutOptions): Promise<NdArray> {
    if (!(min instanceof NdArrayCore) && !(max instanceof NdArrayCore)) return this.#unary('clip', options, 0, min, max);
    return writing(options?.out, () => {
      const bound = (b: Operand | null): NativeOperand => (b === null || b === undefined ? [null, null, null] : toNative(b, 'NdArray.clip'));
      const [la, lv, li] = bound(min);
      const [ha, hv, hi] = bound(max);
      return NdArrayCore.toNative(this).clipOp(la, lv, li, ha, hv, hi, outNative(options, 'NdArray.clip'));
    }).then(finish(options?.out));
  }
  /** `np.isnan` → bool array. */
  isnan(options?: OutOptions): Promise<NdArray> {
    return this.#unary('isnan', options);
  }
  /** `np.isfinite` → bool array. */
  isfinite(options?: OutOptions): Promise<NdArray> {
    return this.#unary('isfinite', options);
  }
  /** `np.isinf` → bool array. */
  isinf(options?: OutOptions): Promise<NdArray> {
    return this.#unary('isinf', options);
  }
  /** `np.logical_not` → bool array. */
  logicalNot(options?: OutOptions): Promise<NdArray> {
    return this.#unary('logicalNot', options);
  }

  /** A copy converted to `dtype`, as numpy's `astype`. */
  astype(dtype: DType): Promise<NdArray> {
    return settle(() => {
      assertNotWritten(this, 'NdArray.astype');
      return NdArrayCore.toNative(this).astype(checkDType(dtype, 'NdArray.astype'));
    }).then(NdArrayCore.fromNative);
  }

  /**
   * `np.where(cond, x, y)`: `x` where `cond` is true (nonzero), else `y`,
   * broadcasting all three; dtype `result_type(x, y)`.
   */
  static where(cond: NdArrayCore, x: Operand, y: Operand, options?: OutOptions): Promise<NdArray> {
    return writing(options?.out, () => {
      if (!(cond instanceof NdArrayCore)) throw new TypeError('NdArray.where: cond must be an NdArray');
      const [xa, xv, xi] = toNative(x, 'NdArray.where');
      const [ya, yv, yi] = toNative(y, 'NdArray.where');
      const out = outNative(options, 'NdArray.where');
      return loadNative().whereOp(NdArrayCore.toNative(cond), xa, xv, xi, ya, yv, yi, out);
    }).then(finish(options?.out));
  }
}
