
import { arrayScope } from './array-scope.js';
import type { DType, TypedArray } from './dtype.js';
import { dtypeOfTypedArray, isDType, VIEW_OF } from './dtype.js';
import type { NativeArray } from '../native/binding.js';
import type { NdArray } from './ndarray.js';
import { loadNative } from '../native/loader.js';

/** Calls a native async method; a synchronous throw becomes a rejection. @internal */
export function settle<T>(call: () => Promise<T>): Promise<T> {
  try {
    return call();
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Checks a shape and returns it as plain numbers; errors name the shape. */
function checkShape(shape: readonly number[], what: string): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new TypeError(`${what}: shape ${JSON.stringify(shape)} must be an array of non-negative integers`);
  }
  return [...shape];
}

/** @internal */
export function checkDType(dtype: unknown, what: string): DType {
  if (!isDType(dtype)) {
    throw new TypeError(`${what}: unknown dtype ${JSON.stringify(dtype)}; use one of ${Object.keys(VIEW_OF).join(', ')}`);
  }
  return dtype;
}


/** Pending writes (`{ out }`, `setSlice`) per array, counted on the JS side. */
const pendingWrites = new WeakMap<NdArrayCore, number>();

/**
 * Marks `array` as being written until `work` settles, so that reads the
 * native access guard does not see (`astype`, `writeNpy`) are refused
 * instead of racing the write. @internal
 */
export function writing<T>(array: NdArrayCore | undefined, work: () => Promise<T>): Promise<T> {
  if (!array) return settle(work);
  pendingWrites.set(array, (pendingWrites.get(array) ?? 0) + 1);
  const done = () => {
    const n = (pendingWrites.get(array) ?? 1) - 1;
    if (n > 0) pendingWrites.set(array, n);
    else pendingWrites.delete(array);
  };
  return settle(work).finally(done);
}

/** Throws when a write into `array` is pending (see {@link writing}). @internal */
export function assertNotWritten(array: NdArrayCore, what: string): void {
  if (pendingWrites.has(array)) {
    throw new Error(`${what}: the array is being written by a pending operation ({ out } or setSlice); await that operation first`);
  }
}

/** Builds the public class from a native handle (registered by ndarray.ts). */
let make: (native: NativeArray) => NdArray = () => {
  throw new Error('bigmultipipe: NdArray is not registered (import the package entry point)');
};

/**
 * The storage and metadata half of {@link NdArray}: an n-dimensional array
 * whose data lives in Rust-owned memory. Operations are added by the
 * subclasses in elementwise.ts, reductions.ts and shaping.ts.
 *
 * Metadata (`shape`, `dtype`, `size`) and single elements (`at`) are read
 * synchronously. Everything that walks the data (arithmetic, casts,
 * reductions) runs on the native thread pool and returns a Promise, so the
 * event loop never waits on array work. Operations return new arrays; the
 * input is never modified.
 *
 * `data` is a zero-copy typed-array view of the native memory, kept alive as
 * long as either the array or the view is referenced. You may write through
 * it, but not while an operation on the same array is pending.
 */
export class NdArrayCore {
  readonly #native: NativeArray;
  #data: TypedArray | undefined;
  #shape: readonly number[] | undefined;

  /** @internal Use the static constructors. */
  constructor(native: NativeArray) {
    this.#native = native;
    const scope = arrayScope.getStore();
    // Inside a pipeline file the array is disposed when the file ends; only
    // free-standing arrays rely on the garbage collector, which must then
    // know their real size.
    if (scope) scope.push(this);
    else native.trackMemory();
  }

  /** @internal Registers the constructor of the public class. */
  static register(factory: (native: NativeArray) => NdArray): void {
    make = factory;
  }

  /** @internal Wraps a native handle. */
  static fromNative(native: NativeArray): NdArray {
    return make(native);
  }

  /** @internal The native handle. */
  static toNative(array: NdArrayCore): NativeArray {
    return array.#native;
  }

  /**
   * Copies a typed array (or an array of numbers, as float64) into a new
   * array of the given shape (default: one dimension).
   */
  static from(data: TypedArray | Uint8ClampedArray | readonly number[], shape?: readonly number[]): NdArray {
    const typed = Array.isArray(data) ? Float64Array.from(data as readonly number[]) : (data as ArrayBufferView);
    const dtype = dtypeOfTypedArray(typed);
    if (!dtype) throw new TypeError('NdArray.from: data must be a typed array or an array of numbers');
    const length = typed.byteLength / VIEW_OF[dtype].BYTES_PER_ELEMENT;
    const dims = checkShape(shape ?? [length], 'NdArray.from');
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== length) {
      throw new RangeError(`NdArray.from: shape ${JSON.stringify(dims)} holds ${size} elements but data has ${length}`);
    }
    const bytes = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
    return make(loadNative().NativeArray.fromBytes(bytes, dims, dtype));
  }

  /** A zero-filled array (default dtype float64). */
  static zeros(shape: readonly number[], dtype: DType = 'float64'): NdArray {
    const dims = checkShape(shape, 'NdArray.zeros');
    return make(loadNative().NativeArray.zeros(dims, checkDType(dtype, 'NdArray.zeros')));
  }

  /** An array filled with `value` (default dtype float64), as `np.full`. */
  static full(shape: readonly number[], value: number, dtype: DType = 'float64'): NdArray {
    const dims = checkShape(shape, 'NdArray.full');
    if (typeof value !== 'number') throw new TypeError('NdArray.full: value must be a number');
    return make(loadNative().NativeArray.full(dims, value, checkDType(dtype, 'NdArray.full')));
  }

  /** The dimensions. */
  get shape(): readonly number[] {
    return (this.#shape ??= Object.freeze(this.#native.shape));
  }

  /** numpy's name of the element type. */
  get dtype(): DType {
    return this.#native.dtype as DType;
  }

  /** Number of elements. */
  get size(): number {
    return this.#native.size;
  }

  /** Number of bytes of data. */
  get nbytes(): number {
    return this.#native.nbytes;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** True when the data is in Fortran (column-major) memory order. */
  get fortranOrder(): boolean {
    return this.#native.fortranOrder;
  }

  /**
   * The elements in memory order, as a typed array over the native memory
   * (no copy). bool is viewed as Uint8Array, int64/uint64 as BigInt64Array /
   * BigUint64Array.
   */
  get data(): TypedArray {
    if (this.#data) return this.#data;
    const View = VIEW_OF[this.dtype];
    // An empty array has no memory to share.
    this.#data = this.nbytes === 0 ? new View(0) : new View(this.#native.buffer());
    return this.#data;
  }

  /** One element as a number; negative indices count from the end. */
  at(...index: number[]): number {
    if (index.some((i) => !Number.isSafeInteger(i))) {
      throw new TypeError(`NdArray.at: indices must be integers, got ${JSON.stringify(index)}`);
    }
    return this.#native.at(index);
  }

  /**
   * Releases the native memory now rather than at garbage collection (a
   * `data` view taken earlier keeps it alive until the view is collected).
   * Any later use of this array throws. Idempotent.
   */
  dispose(): void {
    this.#native.dispose();
  }

  /** True once {@link NdArray.dispose} has run. */
  get disposed(): boolean {
    return this.#native.disposed;
  }

  /** `using` support: same as {@link NdArray.dispose}. */
  [(Symbol as { dispose?: symbol }).dispose ?? Symbol.for('Symbol.dispose')](): void {
    this.dispose();
  }

  /** A short description, e.g. `NdArray(float64, [1000, 2000])`. */
  toString(): string {
    if (this.disposed) return 'NdArray(disposed)';
    return `NdArray(${this.dtype}, [${this.shape.join(', ')}])`;
  }

  /** @internal Shown by `console.log` / `util.inspect`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
