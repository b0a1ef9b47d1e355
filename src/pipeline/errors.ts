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

/**
 * A second item of one run would write the output path another item holds
 * (two inputs with one stem and one `outdir`, an input listed twice, one
 * `outname` set for several files). The item fails; the first one's output
 * stays intact.
 */
export class OutputCollisionError extends Error {
  /** The output path both items map to (resolved). */
  readonly path: string;
  /** The item that failed. */
  readonly inName: InName;
  /** The item that holds the path. */
  readonly claimedBy: InName;

  /** @param path - the output path; @param inName - the second claimant; @param claimedBy - the holder. */
  constructor(path: string, inName: InName, claimedBy: InName) {
    const holder = describeInName(claimedBy) === describeInName(inName) ? 'the same input listed earlier' : describeInName(claimedBy);
    super(
      `${describeInName(inName)}: output ${path} is already the output of ${holder} in this run, ` +
        'and a run never writes two items to one path. Give the items distinct output names: another outnameAppend, ' +
        'an outname in the metadata (meta.outname) or in bmpKwargs, or a separate outdir per input directory.',
    );
    this.name = 'OutputCollisionError';
    this.path = path;
    this.inName = inName;
    this.claimedBy = claimedBy;
  }
}

/**
 * A file exceeded the run's `fileTimeout`: it failed, its slot went to the
 * next file, and whatever it does later is ignored — a write it attempts
 * through the library is refused with this error too.
 */
export class FileTimeoutError extends Error {
  /** The item that timed out. */
  readonly inName: InName;
  /** The limit, in milliseconds. */
  readonly fileTimeout: number;

  /** @param inName - the item; @param fileTimeout - the limit (ms); @param refusedWrite - a path it tried to write afterwards. */
  constructor(inName: InName, fileTimeout: number, refusedWrite?: string) {
    const label = describeInName(inName);
    super(
      refusedWrite === undefined
        ? `${label}: did not finish within fileTimeout ${fileTimeout} ms; it was abandoned (its later writes are refused) and its slot given to the next file. ` +
            'Raise fileTimeout, or have long hooks stop when kwargs.fileSignal fires.'
        : `${label}: refusing to write ${refusedWrite}: this file exceeded fileTimeout ${fileTimeout} ms and was abandoned, so its outputs are no longer accepted.`,
    );
    this.name = 'FileTimeoutError';
    this.inName = inName;
    this.fileTimeout = fileTimeout;
  }
}
