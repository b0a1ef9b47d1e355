// A run with an explicit memory budget lets the native free list of large
// buffers hold what the budget leaves beyond its files in flight, and gives
// the default bound back when it ends.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadNative } from '../../src/native/loader.js';
import { holdRecycleBudget, spareBudget } from '../../src/pipeline/recycle-budget.js';
import { NumberPipe, tempDir, writeNumbers } from './helpers.js';

const MIB = 2 ** 20;
let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

/** The bound of the native free list now. */
const bound = (): number => loadNative().recycleMaxBytes();

describe('the free list follows the run budget', () => {
  it('is memAvailable minus the files in flight times processSize, only when both are given', () => {
    expect(spareBudget(3072 * MIB, 1024 * MIB, 2)).toBe(1024 * MIB);
    expect(spareBudget(1024 * MIB, 1024 * MIB, 2)).toBe(0);
    expect(spareBudget(null, 1024 * MIB, 2)).toBeUndefined();
    expect(spareBudget(3072 * MIB, undefined, 2)).toBeUndefined();
  });

  it('is raised during a run with a budget, never lowered below the default, and restored after', async () => {
    const before = bound();
    const seen: number[] = [];
    class Watch extends NumberPipe {
      override dataProcess(data: number): number {
        seen.push(bound());
        return data;
      }
    }
    const names = await writeNumbers(dir, [1, 2, 3, 4]);
    await new Watch({ outdir: dir, numProcesses: 2, memAvailable: 3072 * MIB, processSize: 1024 * MIB }).pipeline(names);
    expect(seen).toEqual([1024 * MIB, 1024 * MIB, 1024 * MIB, 1024 * MIB]);
    expect(bound()).toBe(before);
    // A budget leaving less than the default keeps the default.
    seen.length = 0;
    await new Watch({ outdir: dir, numProcesses: 2, memAvailable: 2048 * MIB + 1, processSize: 1024 * MIB }).pipeline(names);
    expect(seen.every((b) => b === before)).toBe(true);
    // No budget: untouched.
    seen.length = 0;
    await new Watch({ outdir: dir }).pipeline(names);
    expect(seen.every((b) => b === before)).toBe(true);
  });

  it('overlapping holders get the largest bound until the last ends', () => {
    const before = bound();
    const a = holdRecycleBudget(before + 10 * MIB);
    const b = holdRecycleBudget(before + 20 * MIB);
    expect(bound()).toBe(before + 20 * MIB);
    b();
    expect(bound()).toBe(before + 10 * MIB);
    b(); // twice: no effect
    expect(bound()).toBe(before + 10 * MIB);
    a();
    expect(bound()).toBe(before);
  });
});
