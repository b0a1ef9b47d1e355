/**
 * Error classes of the pipeline façade and helpers that put the failing
 * file's name into messages.
 * @packageDocumentation
 */
import type { InName, Pout } from './types.js';

/** One failed file of a run: its input item and the error it raised. */
export interface PipelineFailure {
  /** The input item that failed. */
  inName: InName;
  /** What it threw (an `Error` in practice). */
  error: unknown;
}

/** A short human-readable name for an input item (a file name or a JSON group). */
export function describeInName(inName: InName): string {
  return typeof inName === 'string' ? inName : JSON.stringify(inName);
}

/** The serialisable record of an error kept in a failed file's metadata. */
export function errorRecord(inName: InName, error: unknown): { message: string; name: string } {
  const name = error instanceof Error ? error.name : 'Error';
  const raw = error instanceof Error ? error.message : String(error);
  const label = describeInName(inName);
  const message = raw.includes(label) ? raw : `${label}: ${raw}`;
  return { message, name };
}

/**
 * Rejection of `pipeline()` with `onError: 'raise'` (the default) when at
 * least one file failed. Every file was attempted: `pout` holds every entry,
 * successes included (failed ones are `[null, { error: { message, name } }]`),
 * and `failures` lists each failed input with its original error.
 */
export class PipelineError extends Error {
  /** The full pout of the run, one entry per input, in input order. */
  readonly pout: Pout;
  /** The failed inputs with their errors, in input order. */
  readonly failures: PipelineFailure[];

  /** @param pout - every entry of the run; @param failures - the failed inputs, in input order. */
  constructor(pout: Pout, failures: PipelineFailure[]) {
    const shown = failures
      .slice(0, 3)
      .map((f) => errorRecord(f.inName, f.error).message)
      .join('; ');
    const more = failures.length > 3 ? `; and ${failures.length - 3} more` : '';
    super(
      `${failures.length} of ${pout.length} file(s) failed: ${shown}${more}. ` +
        `The other files' results are in error.pout; pass onError: 'collect' to get the pout without a rejection.`,
    );
    this.name = 'PipelineError';
    this.pout = pout;
    this.failures = failures;
  }
}

/**
 * Rejection of `pipeline()` when its `signal` fired. Files already in flight
 * were allowed to finish (and were journaled); `pout` holds their entries and
 * `undefined` for files never started. `cause` is the signal's reason.
 */
export class AbortError extends Error {
  /** Entries of the files that finished; `undefined` where a file never started. */
  readonly pout: Array<Pout[number] | undefined>;

  /** @param pout - the entries so far; @param reason - the signal's reason (kept as `cause`). */
  constructor(pout: Array<Pout[number] | undefined>, reason: unknown) {
    const finished = pout.filter((e) => e !== undefined).length;
    super(`pipeline aborted: ${finished} of ${pout.length} file(s) finished before the signal fired`, {
      cause: reason,
    });
    this.name = 'AbortError';
    this.pout = pout;
  }
}
