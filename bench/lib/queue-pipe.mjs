// The pipeline bench/queue.mjs runs, in-process and on queue workers: .npy in, input + 1 out.
import { NpyMultiPipe } from 'bigmultipipe';

export default class PlusOne extends NpyMultiPipe {
  dataProcess(data) {
    return data.add(1);
  }
}
