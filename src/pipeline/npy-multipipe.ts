/**
 * `NpyMultiPipe`: a `BigMultiPipe` whose files are `.npy` arrays, read and
 * written by the native steps.
 * @packageDocumentation
 */
import { NdArray } from '../array/ndarray.js';
import { readNpy, writeNpy } from '../formats/npy.js';
import { BigMultiPipe } from './bigmultipipe.js';
import { describeInName } from './errors.js';
import type { InName, Kwargs } from './types.js';

/**
 * A ready pipeline for `.npy` files: `fileRead` is `readNpy` (a group of
 * names reads into a nested array of `NdArray`s), `fileWrite` is `writeNpy`
 * (a temporary name, then a rename) returning the name written. Write only
 * `dataProcess` and the pre-/post-process lists. Grouped data must be
 * reduced to one `NdArray` before it is written.
 */
export class NpyMultiPipe extends BigMultiPipe<NdArray> {
  /** `readNpy(inName)`; a (nested) array of names reads into a (nested) array of arrays. */
  override async fileRead(inName: InName, kwargs: Kwargs = {}): Promise<NdArray | null | undefined> {
    if (typeof inName === 'string') return readNpy(inName);
    return super.fileRead(inName, kwargs);
  }

  /** Creates the directory when asked (see `BigMultiPipe.fileWrite`), then `writeNpy(outname, data)`. */
  override async fileWrite(data: NdArray, outname: string, kwargs: Kwargs = {}): Promise<string> {
    await super.fileWrite(data, outname, kwargs);
    if (!(data instanceof NdArray)) {
      const which = kwargs.inName === undefined ? '' : `${describeInName(kwargs.inName as InName)}: `;
      throw new TypeError(
        `${which}NpyMultiPipe writes one NdArray per item; got ${Array.isArray(data) ? 'an array (grouped data? combine it in dataProcess)' : typeof data}`,
      );
    }
    return writeNpy(outname, data);
  }
}
