/**
 * {@link NdArray}: the public array class, assembled from its layers
 * (core.ts storage, elementwise.ts, reductions.ts, shaping.ts, statistics.ts, image-ops.ts).
 * @packageDocumentation
 */
import type { NativeArray } from '../native/binding.js';
import { NdArrayCore } from './core.js';
import { float } from './scalar.js';
import { ImageOps } from './image-ops.js';


/**
 * An n-dimensional array whose data lives in Rust-owned memory, with
 * numpy's core vocabulary (names in camelCase).
 *
 * Metadata (`shape`, `dtype`, `size`) and single elements (`at`) are read
 * synchronously. Everything that walks the data runs as one native call on
 * the thread pool and returns a Promise. Operations return new arrays,
 * except with `{ out }` and `setSlice`, which write into an existing one;
 * while such a write is pending, other operations on that array are
 * rejected rather than raced.
 *
 * `data` is a zero-copy typed-array view of the native memory. You may
 * write through it, but not while an operation on the same array is pending.
 */
export class NdArray extends ImageOps {
  /** Marks a number as a Python float for dtype promotion: `a.add(NdArray.float(2))`. */
  static readonly float = float;

  /** @internal Wraps a native handle (use the static constructors). */
  constructor(native: NativeArray) {
    super(native);
  }
}

NdArrayCore.register((native) => new NdArray(native));
