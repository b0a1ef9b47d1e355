import { assertNotWritten } from '../array/core.js';
import { NdArray } from '../array/ndarray.js';
import { loadNative } from '../native/loader.js';
import { writeUnderPermit } from './write-permit.js';

/**
 * Reads an `.npy` file (format 1.0, 2.0 or 3.0; any numeric dtype, either
 * byte order, C or Fortran order) on the native pool. The header is checked
 * before anything is allocated; errors name the file and what is wrong.
 */
export async function readNpy(path: string): Promise<NdArray> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('readNpy: path must be a non-empty string');
  return NdArray.fromNative(await loadNative().readNpy(path));
}

/**
 * Writes `array` to `path` as `np.save` would (byte for byte), on the native
 * pool. The data goes to a temporary file in the same directory
 * (`.<name>.<pid>-<n>.bmp-tmp`) renamed into place, so no reader ever sees a
 * half-written file. Resolves with the path written. Inside a pipeline file
 * that has exceeded its `fileTimeout`, the write is refused (and an output
 * finished after the limit passed is removed again).
 */
export async function writeNpy(path: string, array: NdArray): Promise<string> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('writeNpy: path must be a non-empty string');
  if (!(array instanceof NdArray)) throw new TypeError(`writeNpy(${path}): array must be an NdArray`);
  assertNotWritten(array, `writeNpy(${path})`);
  return writeUnderPermit(path, () => loadNative().writeNpy(path, NdArray.toNative(array)));
}
