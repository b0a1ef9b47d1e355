/**
 * Prompt release of the native arrays a file created.
 * @packageDocumentation
 */
import { arrayScope } from '../array/array-scope.js';
import { NdArray } from '../array/ndarray.js';

/** Every NdArray reachable from `value` (objects, arrays, Maps, Sets). */
function reachableArrays(value: unknown, found = new Set<NdArray>(), seen = new Set<object>()): Set<NdArray> {
  if (value === null || typeof value !== 'object' || seen.has(value)) return found;
  seen.add(value);
  if (value instanceof NdArray) {
    found.add(value);
  } else if (ArrayBuffer.isView(value)) {
    // typed arrays hold no NdArray
  } else if (value instanceof Map) {
    value.forEach((v, k) => {
      reachableArrays(k, found, seen);
      reachableArrays(v, found, seen);
    });
  } else if (value instanceof Set || Array.isArray(value)) {
    value.forEach((v) => reachableArrays(v, found, seen));
  } else {
    for (const v of Object.values(value)) reachableArrays(v, found, seen);
  }
  return found;
}

/**
 * Runs `work` (one file's processing) recording the arrays it creates, then
 * disposes them all except those reachable from the metadata it returned.
 * Memory then follows the files in flight rather than the garbage collector:
 * a finished file's buffers go straight back for the next file to reuse.
 */
export async function withFileArrays<T extends readonly [unknown, unknown]>(work: () => Promise<T>): Promise<T> {
  const arrays: NdArray[] = [];
  let result: T | undefined;
  try {
    result = await arrayScope.run(arrays, work);
    return result;
  } finally {
    const keep = reachableArrays(result?.[1]);
    for (const a of arrays) if (!keep.has(a)) a.dispose();
  }
}

/**
 * Called when a pipeline stage hands back new data in place of `previous`
 * (as Python's refcounting would free the old array there): disposes the
 * native arrays of `previous` that this file created and that nothing the
 * file still holds — the new data, its metadata, its control stream, given as
 * `live` — can reach. Arrays created outside the file (e.g. shared ones passed
 * in the control stream) are never touched. Does nothing outside a pipeline
 * file or with `keepArrays`.
 */
export function releaseReplaced(previous: unknown, ...live: unknown[]): void {
  const scope = arrayScope.getStore();
  if (!scope || live.includes(previous)) return;
  const candidates = reachableArrays(previous);
  if (candidates.size === 0) return;
  const keep = new Set<NdArray>();
  for (const value of live) reachableArrays(value, keep);
  for (const a of candidates) if (!keep.has(a) && scope.includes(a)) a.dispose();
}
