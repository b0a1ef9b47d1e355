import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assureList, availableMemory, bmpCleanup, MEM_FRAC, OUTNAME_APPEND, multiLogging, multiProc, noOutfile, numCanProcess, outnameCreator, physicalCoreCount, prunePout } from './api.js';
import type { Pout } from './api.js';

describe('outnameCreator', () => {
  it('appends _bmp before the extension, in the current directory by default', () => {
    expect(outnameCreator('/data/in/big_array_0.npy')).toBe(path.join(process.cwd(), 'big_array_0_bmp.npy'));
  });
  it('uses outdir and outnameAppend', () => {
    expect(outnameCreator('/a/b/x.tar.gz', { outdir: '/out', outnameAppend: '_r' })).toBe('/out/x.tar_r.gz');
    expect(outnameCreator('/a/.hidden', { outdir: '/out' })).toBe('/out/.hidden_bmp');
    expect(outnameCreator('/a/noext', { outdir: '/out/' })).toBe('/out/noext_bmp');
  });
  it('joins without normalising, as Python does', () => {
    expect(outnameCreator('x.npy', { outdir: './out' })).toBe('./out/x_bmp.npy');
  });
  it('with outname and outdir: outdir/outname; an absolute outname stays absolute', () => {
    expect(outnameCreator('/a/x.npy', { outdir: '/out', outname: 'fixed.npy' })).toBe('/out/fixed.npy');
    expect(outnameCreator('/a/x.npy', { outdir: '/out', outname: '/else/fixed.npy' })).toBe('/else/fixed.npy');
  });
  it('with outname and no outdir: the outname as given (outnameAppend ignored)', () => {
    expect(outnameCreator('/a/x.npy', { outname: 'rel/fixed.npy', outnameAppend: '_q' })).toBe('rel/fixed.npy');
  });
  it('meta.outdir, meta.outnameAppend and meta.outname override the options', () => {
    expect(outnameCreator('/a/x.npy', { outdir: '/o1', meta: { outdir: '/o2' } })).toBe('/o2/x_bmp.npy');
    expect(outnameCreator('/a/x.npy', { outdir: '/o1', meta: { outnameAppend: '_m' } })).toBe('/o1/x_m.npy');
    expect(outnameCreator('/a/x.npy', { outdir: '/o1', outname: 'a.npy', meta: { outname: 'b.npy' } })).toBe('/o1/b.npy');
    expect(outnameCreator('/a/x.npy', { outdir: '/o1', meta: { outdir: null } })).toBe('/o1/x_bmp.npy');
  });
  it('an explicit empty outnameAppend appends nothing', () => {
    expect(outnameCreator('/a/x.npy', { outdir: '/o', outnameAppend: '' })).toBe('/o/x.npy');
  });
  it('a grouped input needs an outname, and says how to give one', () => {
    expect(() => outnameCreator(['/a/x.npy', '/a/y.npy'], { outdir: '/o' })).toThrow(/meta\.outname/);
    expect(outnameCreator(['/a/x.npy', '/a/y.npy'], { outdir: '/o', meta: { outname: 'xy.npy' } })).toBe('/o/xy.npy');
  });
});

describe('numCanProcess', () => {
  const cores = physicalCoreCount();
  it('null or 0 processes: all physical cores; numToProcess caps it', () => {
    expect(numCanProcess(100, { numProcesses: null, memAvailable: 1e12 })).toBe(cores);
    expect(numCanProcess(100, { numProcesses: 0, memAvailable: 1e12 })).toBe(cores);
    expect(numCanProcess(1, { numProcesses: 8 })).toBe(1);
    expect(numCanProcess(null, { numProcesses: 5 })).toBe(5);
  });
  it('a fraction of the cores, at least 1, rounded half to even like Python', () => {
    expect(numCanProcess(100, { numProcesses: 0.01 })).toBe(1);
    const half = cores / 2;
    const halfEven = half % 1 === 0.5 ? (Math.floor(half) % 2 === 0 ? Math.floor(half) : Math.ceil(half)) : Math.round(half);
    expect(numCanProcess(100, { numProcesses: 0.5 })).toBe(Math.max(1, halfEven));
    expect(numCanProcess(100, { numProcesses: 0.999 })).toBe(cores);
  });
  it('bounded by memory: floor(memAvailable / processSize)', () => {
    expect(numCanProcess(100, { numProcesses: 64, memAvailable: 10_000, processSize: 3_000 })).toBe(3);
    expect(numCanProcess(2, { numProcesses: 64, memAvailable: 10_000, processSize: 3_000 })).toBe(2);
  });
  it('memFrac of the memory the OS reports as available when memAvailable is not given', () => {
    const avail = availableMemory();
    const n = numCanProcess(1000, { numProcesses: 1000, memFrac: 0.5, processSize: avail / 10 });
    expect(n).toBeGreaterThanOrEqual(4);
    expect(n).toBeLessThanOrEqual(5);
    expect(() => numCanProcess(1000, { numProcesses: 1000, memFrac: 0.05, processSize: avail / 10 })).toThrow(/memFrac 0\.05 × available memory/);
  });
  it('zero: a clear error naming both sizes, unless errorIfZero is false', () => {
    expect(() => numCanProcess(4, { memAvailable: 2 ** 20, processSize: 2 ** 30 })).toThrow(
      /processSize 1024\.0 MiB .*memAvailable 1\.0 MiB.*Lower processSize/,
    );
    expect(numCanProcess(4, { memAvailable: 2 ** 20, processSize: 2 ** 30, errorIfZero: false })).toBe(0);
  });
  it('negative or non-numeric options: errors naming the option', () => {
    expect(() => numCanProcess(4, { numProcesses: -1 })).toThrow(/numProcesses must be a finite number ≥ 0/);
    expect(() => numCanProcess(4, { numProcesses: 'x' as unknown as number })).toThrow(/numProcesses must be a number/);
    expect(() => numCanProcess(4, { processSize: -5 })).toThrow(/processSize/);
    expect(() => numCanProcess(4, { processSize: 0 })).toThrow(/processSize must be a finite number > 0/);
    expect(() => numCanProcess(4, { memFrac: -0.1 })).toThrow(/memFrac/);
    expect(() => numCanProcess(4, { memFrac: NaN })).toThrow(/memFrac must be a number/);
    expect(() => numCanProcess(4, { memAvailable: -1 })).toThrow(/memAvailable/);
  });
});

describe('prunePout', () => {
  it('drops entries whose outname is null and meta empty, with their input names', () => {
    const pout: Pout = [['o0', { a: 1 }], [null, {}], [null, { kept: true }], ['o3', {}]];
    const [pp, names] = prunePout(pout, ['i0', 'i1', 'i2', 'i3']);
    expect(pp).toEqual([['o0', { a: 1 }], [null, { kept: true }], ['o3', {}]]);
    expect(names).toEqual(['i0', 'i2', 'i3']);
  });
  it('refuses mismatched lengths', () => {
    expect(() => prunePout([[null, {}]], [])).toThrow(/inNames/);
  });
});

describe('bmpCleanup and multiLogging', () => {
  it('bmpCleanup registers keys, then removes them and its list; returns data', () => {
    const meta: Record<string, unknown> = { keep: 1, big: 'x', other: 2 };
    expect(bmpCleanup('d', { bmpMeta: meta, add: 'big' })).toBe('d');
    bmpCleanup('d', { bmpMeta: meta, add: ['other'] });
    expect(meta.bmpCleanupList).toEqual(['big', 'other']);
    bmpCleanup('d', { bmpMeta: meta });
    expect(meta).toEqual({ keep: 1 });
  });
  it('multiLogging appends to meta[level]', () => {
    const meta: Record<string, unknown> = {};
    multiLogging('warning', meta, 'one');
    multiLogging('warning', meta, 'two');
    multiLogging('info', meta, 'three');
    expect(meta).toEqual({ warning: ['one', 'two'], info: ['three'] });
  });
  it('noOutfile returns null', () => {
    expect(noOutfile(1, {})).toBeNull();
  });
});

describe('assureList and the exported defaults', () => {
  it("assureList is Python's assure_list: null/undefined → [], a list is copied, anything else is a list of one", () => {
    const list = [1, 2];
    expect(assureList(null)).toEqual([]);
    expect(assureList(undefined)).toEqual([]);
    expect(assureList(3)).toEqual([3]);
    expect(assureList(list)).toEqual([1, 2]);
    expect(assureList(list)).not.toBe(list);
  });

  it('OUTNAME_APPEND and MEM_FRAC are the defaults the helpers use', () => {
    expect([OUTNAME_APPEND, MEM_FRAC]).toEqual(['_bmp', 0.8]); // Python's OUTNAME_APPEND and MEM_FRAC
    expect(outnameCreator('data.npy', { outdir: 'o' })).toBe(path.join('o', `data${OUTNAME_APPEND}.npy`));
  });
});

describe('multiProc', () => {
  it('applies fn to each element of a nested array, awaiting each, keeping the nesting', async () => {
    const order: number[] = [];
    const plus = multiProc(async (x: number, kw) => {
      order.push(x);
      return x + (kw.by as number);
    });
    expect(await plus([1, [2, [3]], 4], { by: 10 })).toEqual([11, [12, [13]], 14]);
    expect(order).toEqual([1, 2, 3, 4]);
  });
  it('isElement tells elements that are arrays from nesting levels', async () => {
    const isPair = (v: unknown): boolean => Array.isArray(v) && typeof v[0] === 'number';
    const sum = multiProc((p: number[]) => (p[0] ?? 0) + (p[1] ?? 0), isPair);
    expect(await sum([[1, 2], [[3, 4], [5, 6]]])).toEqual([3, [7, 11]]);
  });
});
