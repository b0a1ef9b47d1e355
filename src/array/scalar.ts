/**
 * Operands of array operations: arrays, JS numbers, and explicit floats.
 * @packageDocumentation
 */
import type { NativeArray } from '../native/binding.js';
import { NdArrayCore } from './core.js';

/**
 * A number that behaves as a Python `float` in dtype promotion (NEP 50),
 * even when it is integral: `a.add(float(2))` on an int16 array gives
 * float64, like numpy's `a + 2.0`, where `a.add(2)` stays int16.
 */
export class FloatScalar {
  /** The value. */
  readonly value: number;

  /** Wraps `value` (use {@link float}). */
  constructor(value: number) {
    if (typeof value !== 'number') throw new TypeError('float(value): value must be a number');
    this.value = value;
  }
}

/** Marks a number as a Python `float` for dtype promotion (see {@link FloatScalar}). */
export function float(value: number): FloatScalar {
  return new FloatScalar(value);
}

/** A scalar operand: a JS number (an integral one acts as a Python int) or an explicit float. */
export type Scalar = number | FloatScalar;

/** An operand of an elementwise operation. */
export type Operand = Scalar | NdArrayCore;

/** An operand as the native layer takes it: [array, value, isInt]. @internal */
export type NativeOperand = [NativeArray | null, number | null, boolean | null];

/** Splits an operand for the native call; errors name the operation. @internal */
export function toNative(x: Operand, what: string): NativeOperand {
  if (x instanceof NdArrayCore) return [NdArrayCore.toNative(x), null, null];
  if (x instanceof FloatScalar) return [null, x.value, false];
  if (typeof x === 'number') return [null, x, Number.isInteger(x)];
  throw new TypeError(`${what}: operand must be a number, float(number) or an NdArray`);
}

/** A scalar bound for the native call: [value, isInt], or nulls when absent. @internal */
export function scalarToNative(x: Scalar | null | undefined, what: string): [number | null, boolean | null] {
  if (x === null || x === undefined) return [null, null];
  const [, value, isInt] = toNative(x, what);
  if (value === null) throw new TypeError(`${what}: bound must be a number or float(number)`);
  return [value, isInt];
}
