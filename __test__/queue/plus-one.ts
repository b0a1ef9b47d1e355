/**
 * The pipeline queue workers load in the queue tests: .npy in, input + 1 out,
 * after an optional delay (`delayMs` in the control stream) so a test can
 * catch a worker mid-file.
 */
import { NpyMultiPipe } from '../../src/index.js';
import type { Kwargs, NdArray } from '../../src/index.js';

export class PlusOne extends NpyMultiPipe {
  override async dataProcess(data: NdArray, kwargs: Kwargs = {}): Promise<NdArray> {
    const delay = Number(kwargs.delayMs ?? 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    return data.add(1);
  }
}

export default PlusOne;
