// The pipelines of `npm run bench:workers`, in a module of their own so that
// WorkerExecutor threads can load them (by this module's URL and an export).

import { BigMultiPipe, NpyMultiPipe, readNpy, writeNpy } from 'bigmultipipe';

/**
 * Issue 10's workload: a dataProcess in plain JavaScript, 30 passes of
 * Math.sqrt / Math.sin over the array's data (written in place).
 */
export class JsHeavy extends NpyMultiPipe {
  dataProcess(data) {
    const a = data.data;
    for (let pass = 0; pass < 30; pass++) {
      for (let i = 0; i < a.length; i++) a[i] = Math.sqrt(Math.abs(a[i])) + Math.sin(a[i]);
    }
    return data;
  }
}

// --- the seed's example 2 (as bench/peers/bmp.mjs writes it) ------------------

function reject(data, { rejectValue }) {
  if (rejectValue == null) return data;
  return data.at(0, 0) === rejectValue ? null : data;
}

function boostLater(data, { boostTarget, boostAmount }) {
  if (boostTarget == null || boostAmount == null) return data;
  return data.at(0, 0) === boostTarget ? { bmpData: data, bmpKwargs: { needToBoostBy: boostAmount } } : data;
}

async function laterBooster(data, { needToBoostBy }) {
  return needToBoostBy != null ? data.add(needToBoostBy) : data;
}

async function median(data, { bmpMeta }) {
  if (bmpMeta) bmpMeta.median = await data.median();
  return data;
}

async function average(data, { bmpMeta }) {
  if (bmpMeta) bmpMeta.average = await data.average();
  return data;
}

class DemoMultiPipe2 extends BigMultiPipe {
  fileRead(inName) {
    return readNpy(inName);
  }
  fileWrite(data, outname) {
    return writeNpy(outname, data);
  }
  dataProcess(data) {
    return data.mul(10);
  }
}

/** Example 2's pipeline object, as the seed builds it (boostTarget 3). */
export const example2 = new DemoMultiPipe2({
  preProcessList: [reject, boostLater],
  postProcessList: [laterBooster, median, average],
  boostTarget: 3,
});
