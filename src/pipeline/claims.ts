/**
 * The run's table of claimed outputs: each output path belongs to one item,
 * whatever executor runs it (an executor running files elsewhere relays its
 * claims here through `ExecutorRequest.claim`).
 * @packageDocumentation
 */
import path from 'node:path';
import { OutputCollisionError } from './errors.js';
import { realOutputPath } from './guard.js';
import type { InName } from './types.js';

/** Output paths claimed so far in one run, each by one item. */
export class OutputClaims {
  readonly #holders = new Map<string, number>();
  /** The resolved path each item last claimed: claiming it again needs no look-up. */
  readonly #claimed = new Map<number, string>();

  /**
   * @param inNames - the run's inputs (for messages); @param realDirs - the
   * run's cache of real directory paths (shared with the output guard);
   * @param guardLooks - the output guard's answers, each taken once here.
   */
  constructor(
    private readonly inNames: readonly InName[],
    private readonly realDirs: Map<string, Promise<string | undefined>>,
    private readonly guardLooks?: Map<string, string | undefined>,
  ) {}

  /**
   * Claims `outname` for item `index`: by its resolved path and, where its
   * directory exists, its real path (so a link to the same directory is the
   * same output). Claiming again for the same item is fine; a path held by
   * another item rejects with an {@link OutputCollisionError}.
   */
  async claim(index: number, outname: string): Promise<void> {
    const inName = this.inNames[index];
    if (inName === undefined) throw new RangeError(`claim: ${index} is not an item of this run`);
    if (typeof outname !== 'string' || outname === '') throw new TypeError(`claim: the output name of item ${index} must be a non-empty string`);
    const resolved = path.resolve(outname);
    if (this.#claimed.get(index) === resolved) return; // its keys are held already
    const real = this.guardLooks?.has(resolved) ? this.#takeGuardLook(resolved) : await realOutputPath(resolved, this.realDirs);
    const keys = real === undefined || real === resolved ? [resolved] : [resolved, real];
    // Checked and recorded with no await in between: two items claiming at once cannot both win.
    for (const key of keys) {
      const holder = this.#holders.get(key);
      if (holder !== undefined && holder !== index) throw new OutputCollisionError(resolved, inName, this.inNames[holder] as InName);
    }
    for (const key of keys) this.#holders.set(key, index);
    this.#claimed.set(index, resolved);
  }

  /** The guard's answer for `resolved`, looked up moments ago in the same item. */
  #takeGuardLook(resolved: string): string | undefined {
    const real = this.guardLooks?.get(resolved);
    this.guardLooks?.delete(resolved);
    return real;
  }
}
