/**
 * Checks of option values and input lists, with errors that name the option
 * (or position) at fault and say what is allowed.
 * @packageDocumentation
 */
import type { InName } from './types.js';

/** A short description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (value instanceof Promise) return 'a Promise';
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Throws a TypeError/RangeError naming `name` unless `value` is null/undefined or a finite number ≥ `min` (> `min` when `exclusive`). */
export function checkNumberOption(name: string, value: unknown, min: number, exclusive: boolean, hint: string): asserts value is number | null | undefined {
  if (value === null || value === undefined) return;
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`${name} must be a number (${hint}); got ${describeValue(value)}`);
  }
  if (!Number.isFinite(value) || (exclusive ? value <= min : value < min)) {
    throw new RangeError(`${name} must be a finite number ${exclusive ? '>' : '≥'} ${min} (${hint}); got ${value}`);
  }
}

/** Throws a TypeError naming `name` unless `value` is null/undefined or a boolean. */
export function checkBooleanOption(name: string, value: unknown): void {
  if (value !== null && value !== undefined && typeof value !== 'boolean') {
    throw new TypeError(`${name} must be true or false; got ${describeValue(value)}`);
  }
}

/** Throws a TypeError naming `name` unless `value` is null/undefined or a string. */
export function checkStringOption(name: string, value: unknown): void {
  if (value !== null && value !== undefined && typeof value !== 'string') {
    throw new TypeError(`${name} must be a string; got ${describeValue(value)}`);
  }
}

/**
 * Python's `assure_list`: null/undefined becomes `[]`, an array is copied,
 * anything else becomes a list of one.
 */
export function assureList<T>(value: T | readonly T[] | null | undefined): T[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

/** {@link assureList} for a list option of functions, with an error naming the option and the position of a non-function. */
export function functionList<F>(name: string, value: unknown): F[] {
  const list = assureList<unknown>(value);
  list.forEach((f, i) => {
    if (typeof f !== 'function') {
      throw new TypeError(`${name}[${i}] must be a function (data, kwargs) => data; got ${describeValue(f)}`);
    }
  });
  return list as F[];
}

/** Throws a TypeError naming the position of the first malformed input item. */
export function validateInNames(inNames: unknown): asserts inNames is InName[] {
  if (!Array.isArray(inNames)) {
    throw new TypeError(`inNames must be an array of file names (or of arrays of file names); got ${typeof inNames}`);
  }
  const check = (v: unknown, where: string): void => {
    if (typeof v === 'string') {
      if (v === '') throw new TypeError(`${where} is an empty file name`);
      return;
    }
    if (!Array.isArray(v)) throw new TypeError(`${where} must be a file name or an array of file names; got ${typeof v}`);
    if (v.length === 0) throw new TypeError(`${where} is an empty group: a group needs at least one file name`);
    v.forEach((x, i) => check(x, `${where}[${i}]`));
  };
  inNames.forEach((v, i) => check(v, `inNames[${i}]`));
}

/** True for a Promise or any other thenable. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The key path of the first thenable in `value`'s plain objects and arrays, if any. */
function findThenable(value: unknown, where: string, seen: Set<object>): string | undefined {
  if (value === null || typeof value !== 'object' || seen.has(value)) return undefined;
  seen.add(value);
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return undefined; // class instances (NdArray, Map, Date…) are not searched
  for (const [key, v] of Object.entries(value)) {
    const at = Array.isArray(value) ? `${where}[${key}]` : where === '' ? key : `${where}.${key}`;
    if (isThenable(v)) {
      Promise.resolve(v).catch(() => undefined); // the file fails instead; its rejection must not crash the process
      return at;
    }
    const inner = findThenable(v, at, seen);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/**
 * Fails a file whose metadata holds a Promise (`bmpMeta.m = data.median()`
 * without `await`), naming the key: a Promise is no result, and it could not
 * be journaled or saved.
 */
export function assertNoPromises(meta: unknown, inName: InName): void {
  const at = findThenable(meta, '', new Set());
  if (at !== undefined) {
    const label = typeof inName === 'string' ? inName : JSON.stringify(inName);
    throw new TypeError(`${label}: metadata key ${JSON.stringify(at)} holds a Promise (did you forget await?): write bmpMeta.${at} = await …`);
  }
}
