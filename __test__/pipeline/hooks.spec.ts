import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BigMultiPipe, bmpCleanup, multiLogging, noOutfile, prunePout } from './api.js';
import type { InName, Kwargs } from './api.js';
import { NumberPipe, tempDir, writeNumbers } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe('the seed example 2 logic, on numbers', () => {
  it('rejects, boosts through bmpKwargs and builds metadata as the seed prints', async () => {
    const inNames = await writeNumbers(dir, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'big_array_');
    const reject = (d: number, { rejectValue = null }: Kwargs) => (rejectValue !== null && d === rejectValue ? null : d);
    const boostLater = (d: number, { boostTarget = null, boostAmount = null }: Kwargs) =>
      boostTarget !== null && boostAmount !== null && d === boostTarget ? { bmpData: d, bmpKwargs: { needToBoostBy: boostAmount } } : d;
    const laterBooster = (d: number, { needToBoostBy = null }: Kwargs) => (needToBoostBy === null ? d : d + needToBoostBy);
    const median = async (d: number, { bmpMeta }: Kwargs) => ((bmpMeta.median = d), d);
    const pipe = new (class extends NumberPipe {
      override dataProcess(d: number) {
        return d * 10;
      }
    })({ preProcessList: [reject, boostLater], postProcessList: [laterBooster, median], boostTarget: 3, outdir: dir });
    const pout = await pipe.pipeline(inNames, { rejectValue: 2, boostAmount: 5 });
    expect(pout[2]).toEqual([null, {}]);
    const [pruned, names] = prunePout(pout, inNames);
    expect(names.map((n) => path.basename(n))).toEqual([0, 1, 3, 4, 5, 6, 7, 8, 9].map((i) => `big_array_${i}.txt`));
    expect(pruned.map(([o, m]) => [path.basename(o as string), m.median])).toEqual(
      [0, 1, 3, 4, 5, 6, 7, 8, 9].map((i) => [`big_array_${i}_bmp.txt`, i === 3 ? 35 : i * 10]),
    );
    expect(await readFile(path.join(dir, 'big_array_3_bmp.txt'), 'utf8')).toBe('35');
  });
});

describe('lists, keywords and the control stream', () => {
  it('pipeline() lists are appended to the instance lists, and run in order', async () => {
    const [f] = await writeNumbers(dir, [1]);
    const calls: string[] = [];
    const tag = (name: string) => (d: number) => (calls.push(name), d);
    const pipe = new NumberPipe({ preProcessList: [tag('pre1'), tag('pre2')], postProcessList: tag('post1'), outdir: dir });
    await pipe.pipeline([f as string], { preProcessList: [tag('pre3')], postProcessList: [tag('post2'), tag('post3')] });
    expect(calls).toEqual(['pre1', 'pre2', 'pre3', 'post1', 'post2', 'post3']);
    expect(pipe.preProcessList).toHaveLength(2); // the instance list is unchanged
    pipe.preProcessList = null;
    expect(pipe.preProcessList).toEqual([]);
  });

  it('pipeline() keywords override the instance kwargs, including an explicit false, 0 or empty string', async () => {
    const [f] = await writeNumbers(dir, [1]);
    const seen: Kwargs[] = [];
    const pipe = new NumberPipe({ flag: true, count: 3, label: 'x', keep: 'k', outdir: dir, postProcessList: (d: number, kw: Kwargs) => (seen.push(kw), d) });
    await pipe.pipeline([f as string], { flag: false, count: 0, label: '' });
    expect(seen[0]).toMatchObject({ flag: false, count: 0, label: '', keep: 'k' });
  });

  it('an explicit false/0/empty setting overrides the instance setting (createOutdir, numProcesses, outnameAppend)', async () => {
    const [f] = await writeNumbers(dir, [4]);
    const pipe = new NumberPipe({ outdir: path.join(dir, 'not', 'there'), createOutdir: true, outnameAppend: '_x' });
    const pout = await pipe.pipeline([f as string], { createOutdir: false, onError: 'collect' });
    expect(pout[0]?.[1].error.message).toMatch(/ENOENT/); // not created: false won
    const pout2 = await pipe.pipeline([f as string], { outdir: dir, outnameAppend: '', numProcesses: 0, onError: 'collect' });
    expect(pout2[0]?.[1].error.message).toMatch(/refusing to write output .* input of this run/); // '' won, and the guard held
    expect(await readFile(f as string, 'utf8')).toBe('4');
  });

  it("a pre-process function's bmpKwargs reach only its own file, and mutating kwargs leaks nowhere", async () => {
    const files = await writeNumbers(dir, [1, 2, 3, 4, 5, 6]);
    const seen = new Map<number, unknown>();
    const pre = (d: number, kw: Kwargs) => {
      kw.mutated = d; // a copy: must not reach other files
      return d % 2 === 0 ? { bmpData: d, bmpKwargs: { special: d } } : d;
    };
    const post = (d: number, kw: Kwargs) => (seen.set(d, [kw.special, kw.mutated]), d);
    const pipe = new NumberPipe({ preProcessList: pre, postProcessList: post, outdir: dir, numProcesses: 3 });
    await pipe.pipeline(files);
    expect([...seen.entries()].sort()).toEqual([
      [1, [undefined, undefined]], [2, [2, undefined]], [3, [undefined, undefined]],
      [4, [4, undefined]], [5, [undefined, undefined]], [6, [6, undefined]],
    ]);
    expect(pipe.kwargs).toEqual({});
  });

  it('hooks may be sync or async, and may override any method', async () => {
    const [f] = await writeNumbers(dir, [2]);
    class P extends NumberPipe {
      override async dataProcess(d: number) {
        await new Promise((r) => setTimeout(r, 5));
        return d + 1;
      }
      override outnameCreate(_in: InName, kw: Kwargs) {
        return path.join(dir, `custom-${kw.meta.v}.txt`);
      }
    }
    const pipe = new P({ postProcessList: [(d: number, { bmpMeta }: Kwargs) => ((bmpMeta.v = d), d), async (d: number) => d * 2] });
    const pout = await pipe.pipeline([f as string]);
    expect(pout).toEqual([[path.join(dir, 'custom-3.txt'), { v: 3 }]]);
    expect(await readFile(path.join(dir, 'custom-3.txt'), 'utf8')).toBe('6');
  });
});

describe('null and undefined at each step give the original pout entries', () => {
  it('read, pre-process, process and post-process', async () => {
    const files = await writeNumbers(dir, [1, 2, 3, 4, 5]);
    class P extends NumberPipe {
      override async fileRead(inName: InName, kw: Kwargs = {}) {
        const v = await super.fileRead(inName, kw);
        return v === 1 ? null : v;
      }
      override dataProcess(d: number) {
        return d === 3 ? undefined : d;
      }
    }
    const pipe = new P({
      outdir: dir,
      preProcessList: (d: number) => (d === 2 ? undefined : d),
      postProcessList: [(d: number, { bmpMeta }: Kwargs) => ((bmpMeta.seen = d), d), (d: number) => (d === 4 ? null : d)],
    });
    const pout = await pipe.pipeline(files);
    expect(pout).toEqual([
      [null, {}], // read gave null
      [null, {}], // pre-process gave undefined
      [null, {}], // process gave undefined
      [null, { seen: 4 }], // post-process gave null: metadata kept
      [path.join(dir, 'n4_bmp.txt'), { seen: 5 }],
    ]);
  });

  it('noOutfile keeps metadata without writing, and prunePout keeps those entries', async () => {
    const files = await writeNumbers(dir, [1, 2]);
    const pipe = new NumberPipe({
      outdir: dir,
      preProcessList: (d: number) => (d === 1 ? null : d),
      postProcessList: [(d: number, { bmpMeta }: Kwargs) => ((bmpMeta.value = d), d), noOutfile],
    });
    const pout = await pipe.pipeline(files);
    expect(pout).toEqual([[null, {}], [null, { value: 2 }]]);
    expect(prunePout(pout, files)).toEqual([[[null, { value: 2 }]], [files[1]]]);
    await expect(readFile(path.join(dir, 'n1_bmp.txt'))).rejects.toThrow(/ENOENT/);
  });
});

describe('metadata helpers inside a pipeline', () => {
  const producer = (d: number, { bmpMeta }: Kwargs) => {
    bmpMeta.large = 'x'.repeat(100);
    bmpMeta.small = 1;
    return bmpCleanup(d, { bmpMeta, add: 'large' });
  };
  const consumer = (d: number, { bmpMeta }: Kwargs) => ((bmpMeta.largeLength = bmpMeta.large.length), d);

  it('bmpCleanup removes registered keys after the post-process list', async () => {
    const [f] = await writeNumbers(dir, [1]);
    const pout = await new NumberPipe({ outdir: dir, postProcessList: [producer, consumer] }).pipeline([f as string]);
    expect(pout[0]?.[1]).toEqual({ small: 1, largeLength: 100 });
  });

  it('noBmpCleanup keeps them (for debugging)', async () => {
    const [f] = await writeNumbers(dir, [1]);
    const pout = await new NumberPipe({ outdir: dir, postProcessList: [producer, consumer] }).pipeline([f as string], { noBmpCleanup: true });
    expect(pout[0]?.[1]).toMatchObject({ small: 1, largeLength: 100, bmpCleanupList: ['large'] });
    expect(pout[0]?.[1].large).toHaveLength(100);
  });

  it('multiLogging collects per-file log messages in the metadata', async () => {
    const files = await writeNumbers(dir, [1, -1]);
    const check = (d: number, { bmpMeta }: Kwargs) => {
      if (d < 0) multiLogging('warning', bmpMeta, `negative value ${d}`);
      multiLogging('info', bmpMeta, 'checked');
      return d;
    };
    const pout = await new NumberPipe({ outdir: dir, postProcessList: check }).pipeline(files);
    expect(pout.map(([, m]) => m)).toEqual([{ info: ['checked'] }, { warning: ['negative value -1'], info: ['checked'] }]);
  });
});

describe('nested pipelines', () => {
  it('a hook may run another pipeline and await it', async () => {
    const outer = await writeNumbers(dir, [1, 2], 'outer');
    const inner = await writeNumbers(dir, [10, 20, 30], 'inner');
    const innerPipe = new NumberPipe({ outdir: path.join(dir, 'inner-out'), createOutdir: true, postProcessList: (d: number, { bmpMeta }: Kwargs) => ((bmpMeta.v = d), d) });
    const runInner = async (d: number, { bmpMeta }: Kwargs) => {
      const pout = await innerPipe.pipeline(inner, { numProcesses: 2, outnameAppend: `_for${d}` });
      bmpMeta.innerSum = pout.reduce((s, [, m]) => s + (m.v as number), 0);
      return d;
    };
    const pout = await new NumberPipe({ outdir: dir, numProcesses: 2, postProcessList: runInner }).pipeline(outer);
    expect(pout.map(([, m]) => m.innerSum)).toEqual([60, 60]);
    expect(await readFile(path.join(dir, 'inner-out', 'inner2_for2.txt'), 'utf8')).toBe('30');
  });
});

describe('the base class', () => {
  it('reads bytes, reads groups recursively, and its fileWrite creates the directory and returns the name', async () => {
    const files = await writeNumbers(dir, [7, 8]);
    const pipe = new BigMultiPipe<Buffer | Buffer[]>();
    const data = (await pipe.fileRead([files[0] as string, [files[1] as string]])) as unknown as Buffer[][];
    expect(String(data[0])).toBe('7');
    expect(String((data[1] as unknown as Buffer[])[0])).toBe('8');
    const target = path.join(dir, 'a', 'b', 'out.txt');
    expect(await pipe.fileWrite(Buffer.from('x'), target, { createOutdir: true })).toBe(target);
    await expect(readFile(path.dirname(target))).rejects.toThrow(/EISDIR/);
  });
});
