// The seed's two examples, run through the public API over the seed's ten
// 1000×2000 float64 inputs, compared with the seed's printed result.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPruned, SEED_OUTPUT } from '../../examples/pyprint.js';
import { BigMultiPipe, NdArray, NpyMultiPipe, prunePout, readNpy, writeNpy } from './api.js';
import type { InName, Kwargs, Meta } from './api.js';
import { tempDir } from './helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
let cleanup: () => Promise<void>;
let inNames: string[];

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  inNames = [];
  for (let i = 0; i < 10; i++) inNames.push(await writeNpy(path.join(dir, `big_array_${i}.npy`), NdArray.full([1000, 2000], i)));
});
afterAll(() => cleanup());

describe("the seed's examples", () => {
  it('example 1 (everything in dataProcessMetaCreate) prints the seed result', async () => {
    class DemoMultiPipe1 extends BigMultiPipe<NdArray> {
      override fileRead(inName: InName) {
        return readNpy(inName as string);
      }
      override async fileWrite(data: NdArray, outname: string) {
        return writeNpy(outname, data);
      }
      override async dataProcessMetaCreate(data: NdArray, { rejectValue = null, boostTarget = null, boostAmount = 0 }: Kwargs): Promise<[NdArray | null, Meta]> {
        if (rejectValue !== null && data.at(0, 0) === rejectValue) return [null, {}];
        const boost = boostTarget !== null && data.at(0, 0) === boostTarget;
        let out = await data.mul(10);
        if (boost) out = await out.add(boostAmount);
        return [out, { median: await out.median(), average: await out.average() }];
      }
    }
    const out1 = path.join(dir, 'ex1');
    await mkdir(out1); // this fileWrite does not call super.fileWrite, so createOutdir would not apply (as in Python)
    const pout = await new DemoMultiPipe1({ boostTarget: 3, outdir: out1 }).pipeline(inNames, { rejectValue: 2, boostAmount: 5 });
    const [pp, pin] = prunePout(pout, inNames);
    expect(formatPruned(pp, pin)).toBe(SEED_OUTPUT);
    expect((await readNpy(path.join(out1, 'big_array_3_bmp.npy'))).at(999, 1999)).toBe(35);
  });

  it('example 2 (pre- and post-process lists), with NpyMultiPipe, prints the seed result', async () => {
    const reject = (data: NdArray, { rejectValue = null }: Kwargs) => (rejectValue !== null && data.at(0, 0) === rejectValue ? null : data);
    const boostLater = (data: NdArray, { boostTarget = null, boostAmount = null }: Kwargs) =>
      boostTarget !== null && boostAmount !== null && data.at(0, 0) === boostTarget ? { bmpData: data, bmpKwargs: { needToBoostBy: boostAmount } } : data;
    const laterBooster = async (data: NdArray, { needToBoostBy = null }: Kwargs) => (needToBoostBy === null ? data : data.add(needToBoostBy));
    const median = async (data: NdArray, { bmpMeta }: Kwargs) => ((bmpMeta.median = await data.median()), data);
    const average = async (data: NdArray, { bmpMeta }: Kwargs) => (Object.assign(bmpMeta, { average: await data.average() }), data);
    class DemoMultiPipe2 extends NpyMultiPipe {
      override dataProcess(data: NdArray) {
        return data.mul(10);
      }
    }
    const dmp = new DemoMultiPipe2({ preProcessList: [reject, boostLater], postProcessList: [laterBooster, median, average], boostTarget: 3, outdir: dir });
    const pout = await dmp.pipeline(inNames, { rejectValue: 2, boostAmount: 5, processSize: 64e6 });
    const [pp, pin] = prunePout(pout, inNames);
    expect(formatPruned(pp, pin)).toBe(SEED_OUTPUT);
  });

  const dist = existsSync(path.join(root, 'dist', 'index.js'));
  it.skipIf(!dist)('examples/example1.ts and example2.ts, run as a user runs them, print the seed result', async () => {
    const run = promisify(execFile);
    for (const f of ['examples/example1.ts', 'examples/example2.ts']) {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', f], { cwd: root });
      expect(stdout.trim()).toBe(SEED_OUTPUT);
    }
  });
});
