/**
 * The state of the run whose hook is executing, visible to every hook of it.
 * @packageDocumentation
 */
import { scopeSlot } from '../async-scope.js';

/** The current run, visible to every hook of it (and to nested runs, which add their own inputs). */
export interface RunContext {
  /** Resolved and real paths of every input of this run and of enclosing runs. */
  readonly inputs: ReadonlySet<string>;
  /** Real paths of the output directories seen so far (one look-up per directory per run). */
  readonly realDirs?: Map<string, Promise<string | undefined>>;
  /**
   * Real paths the output guard just looked up, by resolved output path,
   * each taken once by the claim that follows the guard in the same item
   * (one look-up of the output per file instead of two).
   */
  readonly guardLooks?: Map<string, string | undefined>;
}

/** The run context of the pipeline whose hook is executing, if any (filled by `executeRun`). */
export const runContext = scopeSlot<RunContext>('runContext');
